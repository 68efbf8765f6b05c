<?php
/*
 * Half-finished edit: the relay block was commented out during a test and the
 * file was cut off by a full disk.
 *
$config['smtp_host'] = 'relay.contoso.local:2525';
$config['smtp_user'] = 'relay-user';
$config['smtp_pass'] = 'R365CANARY-roundcube-old';
 */
# $config['smtp_host'] = 'tls://smtp.yourdomain.com';

$config['smtp_user'] = 'alerts@contoso.com'; $config['smtp_pass'] = 'R365CANARY-roundcube-inline';
$config['smtp_host'] = 'ssl://mail.contoso.com';
$config['smtp_port'] = 465;
$config['smtp_conn_options'] = [
    'ssl' => [
        'verify_peer' => false,
$config['product_name'] = 'Webmail
