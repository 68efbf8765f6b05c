<?php

// phpcs:ignoreFile

$databases['default']['default'] = [
  'database' => 'drupal',
  'username' => 'drupal',
  'password' => 'db-pass-not-mail',
  'prefix' => '',
  'host' => 'db01.contoso.local',
  'port' => '3306',
  'driver' => 'mysql',
];

$settings['hash_salt'] = 'p8Kq1V0w3S-3XvZ8y6nR2mJ4tLq7b9cD0eFgHiJkLmN';
$settings['config_sync_directory'] = '../config/sync';
$settings['trusted_host_patterns'] = ['^www\.contoso\.com$'];

/**
 * SMTP module: mail goes out through Exchange Online (ticket CHG-2291).
 */
$config['smtp.settings']['smtp_on'] = TRUE;
$config['smtp.settings']['smtp_host'] = 'smtp.office365.com';
$config['smtp.settings']['smtp_port'] = '587';
$config['smtp.settings']['smtp_protocol'] = 'tls';
$config['smtp.settings']['smtp_username'] = 'web@contoso.com';
$config['smtp.settings']['smtp_password'] = 'R365CANARY-drupal';
$config['smtp.settings']['smtp_from'] = 'web@contoso.com';
$config['smtp.settings']['smtp_fromname'] = 'Contoso';

// Before the move:
// $config['smtp.settings']['smtp_host'] = 'exch01.contoso.local';
// $config['smtp.settings']['smtp_port'] = '25';
// $config['smtp.settings']['smtp_protocol'] = 'standard';

if (file_exists($app_root . '/' . $site_path . '/settings.local.php')) {
  include $app_root . '/' . $site_path . '/settings.local.php';
}
