<?php
$CONFIG = array (
  'instanceid' => 'oc5u9y2k1l3m',
  'datadirectory' => '/srv/owncloud/data',
  'dbtype' => 'pgsql',
  'version' => '10.13.4.1',
  'mail_domain' => 'contoso.com',
  'mail_from_address' => 'owncloud',
  'mail_smtpmode' => 'smtp',
  'mail_smtphost' => 'smtp.gmail.com',
  'mail_smtpport' => 465,
  'mail_smtpsecure' => 'ssl',
  'mail_smtpauth' => true,
  'mail_smtpname' => 'contoso.files@gmail.com',
  'mail_smtppassword' => "R365CANARY-owncloud", # app password
  /*
  'mail_smtphost' => 'smtp.live.com',
  'mail_smtpport' => 587,
  'mail_smtpname' => 'contoso.files@hotmail.com',
  'mail_smtppassword' => 'R365CANARY-owncloud-old',
  */
  'installed' => true,
);
