<?php
class JConfig {
	public $sitename = 'HR portal';
	public $mailonline = '1';
	public $mailer = 'smtp';
	public $mailfrom = 'hr-portal@contoso.com';
	/* old relay, switched off in March:
	public $smtphost = 'relay.contoso.local';
	public $smtpport = '2525';
	public $smtppass = 'R365CANARY-joomla-old';
	*/
	public $smtpauth = '1';
	public $smtpuser = 'hr-portal@contoso.com';
	public $smtpsecure = 'ssl';
	public $smtpport = '465';
	public $smtphost = 'mail.contoso.com'; public $smtppass = 'R365CANARY-joomla-inline';
	public $smtpuser2 = 'unrelated
	public $caching = '0
