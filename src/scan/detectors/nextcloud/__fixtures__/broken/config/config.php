<?php
$CONFIG = array (
  'mail_smtphost' => 'mail.contoso.com',
  'mail_smtpauth' => true,
  'mail_smtppassword' => 'R365CANARY-nc-broken
