<?php

/* Local configuration for Roundcube Webmail (contoso webmail, moved to Microsoft 365 in 2023) */

$config = [];

$config['db_dsnw'] = 'mysql://roundcube:db-pass-not-mail@localhost/roundcubemail';

$config['imap_host'] = 'ssl://outlook.office365.com:993';

// Old on-premises Exchange relay, kept for the rollback plan:
// $config['smtp_host'] = 'exch01.contoso.local:25';
// $config['smtp_user'] = '';
// $config['smtp_pass'] = '';

// Microsoft 365 SMTP AUTH with one shared mailbox for every user
$config['smtp_host'] = 'tls://smtp.office365.com:587';
$config['smtp_user'] = 'webmail@contoso.com';
$config['smtp_pass'] = 'R365CANARY-roundcube-o365';
$config['smtp_auth_type'] = 'LOGIN';
$config['smtp_helo_host'] = 'webmail.contoso.com';

$config['support_url'] = 'https://intranet.contoso.com/help';
$config['product_name'] = 'Contoso Webmail';
$config['des_key'] = 'Zr4uXoP2mW9qLt7yBv3nCk1e';
$config['plugins'] = ['archive', 'zipdownload', 'managesieve'];
$config['skin'] = 'elastic';
