<?php

/**
 * Copy to sites/default/settings.local.php on a developer machine.
 */
$settings['container_yamls'][] = DRUPAL_ROOT . '/sites/development.services.yml';
$config['system.logging']['error_level'] = 'verbose';

$config['smtp.settings']['smtp_on'] = TRUE;
$config['smtp.settings']['smtp_host'] = 'smtp.office365.com';
$config['smtp.settings']['smtp_port'] = '587';
$config['smtp.settings']['smtp_protocol'] = 'tls';
$config['smtp.settings']['smtp_username'] = 'dev@contoso.com';
$config['smtp.settings']['smtp_password'] = 'R365CANARY-drupal-example';
