<?php
class JConfig {
	var $offline = '0';
	var $sitename = 'Contoso Shop';
	var $dbtype = 'mysql';
	var $host = 'localhost';
	var $user = 'shop';
	var $db = 'shop';
	var $mailer = 'sendmail';
	var $mailfrom = 'shop@contoso.com';
	var $fromname = 'Contoso Shop';
	var $sendmail = '/usr/sbin/sendmail';
	var $smtpauth = '0';
	var $smtpuser = '';
	var $smtppass = '';
	var $smtphost = 'localhost';
}
