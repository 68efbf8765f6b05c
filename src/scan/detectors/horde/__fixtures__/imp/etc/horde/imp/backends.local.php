<?php
// Local overrides of backends.php (contoso): the local Dovecot sends through the internal relay,
// the Microsoft 365 mailboxes through smtp.office365.com with each user's IMAP login.

$servers['imap']['hostspec'] = 'imap.contoso.local';
$servers['imap']['smtp']['host'] = 'relay.contoso.local';
$servers['imap']['smtp']['port'] = 25;
$servers['imap']['smtp']['secure'] = 'none';
$servers['imap']['smtp']['auth'] = false;

$servers['o365'] = array(
    'disabled' => false,
    'name' => 'Microsoft 365',
    'hostspec' => 'outlook.office365.com',
    'protocol' => 'imap',
    'port' => 993,
    'secure' => 'ssl',
    'smtp' => array(
        'host' => 'smtp.office365.com',
        'port' => 587,
        'secure' => 'tls',
        'auth' => true,
        // 'username' => 'shared@contoso.com',
        // 'password' => 'R365CANARY-imp-old-shared',
    ),
);
