<?php
// Site overrides for PostfixAdmin (loaded at the end of config.inc.php).
// Mail for new mailboxes and broadcasts goes through Microsoft 365 since the 2023 migration.

$CONF['configured'] = true;
$CONF['setup_password'] = '$2y$10$Xq0rZqP8cS1p3KqJm0m9NuvQ5JmK0q8GJm2y6ZbGv9c2m3V6QW7rW';

$CONF['database_type'] = 'mysqli';
$CONF['database_host'] = 'db01.contoso.local';
$CONF['database_user'] = 'postfixadmin';
$CONF['database_password'] = 'db-pass-not-mail';
$CONF['database_name'] = 'postfixadmin';

// Site Admin: sender of welcome mails, and the SMTP AUTH login (AUTH LOGIN user = admin_email).
$CONF['admin_email'] = 'postmaster@contoso.com';
$CONF['admin_smtp_password'] = 'R365CANARY-postfixadmin';
$CONF['admin_name'] = 'Contoso Postmaster';

// Old on-premises relay, kept for the way back:
// $CONF['smtp_server'] = 'exch01.contoso.local';
// $CONF['smtp_port'] = '25';

$CONF['smtp_server'] = 'smtp.office365.com';
$CONF['smtp_port'] = '587';
$CONF['smtp_client'] = 'pfa.contoso.com';
$CONF['smtp_sendmail_tls'] = 'YES';

$CONF['domain_path'] = 'YES';
$CONF['domain_in_mailbox'] = 'NO';
