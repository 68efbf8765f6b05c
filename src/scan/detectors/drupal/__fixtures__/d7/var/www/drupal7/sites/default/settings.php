<?php

$databases = array (
  'default' => array (
    'default' => array (
      'database' => 'd7',
      'username' => 'd7',
      'password' => 'db-pass-not-mail',
      'host' => 'localhost',
      'driver' => 'mysql',
    ),
  ),
);

$update_free_access = FALSE;
$drupal_hash_salt = 'Gm0x2YbQ4c6ZpT1r';

/**
 * Variable overrides (smtp module 7.x-1.x).
 */
$conf['smtp_on'] = '1';
$conf['smtp_host'] = 'mail.contoso.com';
$conf['smtp_hostbackup'] = 'relay2.contoso.local';
$conf['smtp_port'] = '465';
$conf['smtp_protocol'] = 'ssl';
$conf['smtp_username'] = 'drupal@contoso.com';
$conf['smtp_password'] = 'R365CANARY-drupal7';
$conf['smtp_from'] = 'noreply@contoso.com';
$conf['smtp_fromname'] = 'Contoso Library';
$conf['smtp_allowhtml'] = '1';
