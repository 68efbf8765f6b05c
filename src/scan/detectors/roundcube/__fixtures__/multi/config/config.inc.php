<?php
// Hosting: each customer domain has its own IMAP server; Roundcube picks the SMTP server by IMAP host.
$config['imap_host'] = ['ssl://imap.contoso.com:993', 'ssl://imap.fabrikam.com:993'];
$config['smtp_host'] = [
    'imap.contoso.com' => 'tls://smtp.office365.com:587',
    // 'imap.fabrikam.com' => 'tls://mail.fabrikam.com',
    'imap.fabrikam.com' => 'ssl://%h',
];
$config['smtp_user'] = '%u';
$config['smtp_pass'] = '%p';
