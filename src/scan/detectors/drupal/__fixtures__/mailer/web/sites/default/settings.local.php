<?php

$settings['skip_permissions_hardening'] = TRUE;
$config['system.logging']['error_level'] = 'hide';

// Symfony Mailer: the default transport is the SMTP one.
$config['symfony_mailer.settings']['default_transport'] = 'smtp';
$config['symfony_mailer.mailer_transport.smtp']['configuration'] = [
  'host' => 'smtp.office365.com',
  'port' => 587,
  'user' => 'portal@contoso.com',
  'pass' => 'R365CANARY-drupal-mailer',
  'query' => ['verify_peer' => TRUE, 'local_domain' => ''],
];

/* Local development relay:
$config['symfony_mailer.mailer_transport.smtp']['configuration']['host'] = 'mailhog';
$config['symfony_mailer.mailer_transport.smtp']['configuration']['port'] = '1025';
*/
