<?php
$servers['gmail'] = [
    'disabled' => true,
    'name' => 'Gmail (retired)',
    'hostspec' => 'imap.gmail.com',
    'protocol' => 'imap',
    'port' => 993,
    'secure' => 'ssl',
    'smtp' => [
        'host' => 'smtp.gmail.com',
        'port' => 465,
        'secure' => 'ssl',
        'auth' => true,
        'username' => 'contoso.archive@gmail.com',
        'password' => 'R365CANARY-imp-gmail',
    ],
];
