<?php

/*
 +-----------------------------------------------------------------------+
 | Main configuration file                                               |
 | Roundcube 0.9 — still running on the old intranet box                 |
 +-----------------------------------------------------------------------+
*/

$rcmail_config = array();

$rcmail_config['default_host'] = 'mail.contoso.com';

// SMTP server host (for sending mails).
// To use SSL/TLS connection, enter hostname with prefix ssl:// or tls://
$rcmail_config['smtp_server'] = 'ssl://mail.contoso.com';

// SMTP port (default is 25; use 587 for STARTTLS or 465 for the
// deprecated SSL over SMTP (aka SMTPS))
$rcmail_config['smtp_port'] = 465;

// SMTP username (if required) if you use %u as the username Roundcube
// will use the current username for login
$rcmail_config['smtp_user'] = 'intranet-mailer@contoso.com';

// SMTP password (if required) if you use %p as the password Roundcube
// will use the current user's password for login
$rcmail_config['smtp_pass'] = "R365CANARY-roundcube-legacy";

$rcmail_config['smtp_auth_type'] = '';
