<?php
class JConfig {
	public $offline = false;
	public $offline_message = 'This site is down for maintenance.<br>Please check back again soon.';
	public $sitename = 'Contoso Intranet';
	public $editor = 'tinymce';
	public $list_limit = 20;
	public $dbtype = 'mysqli';
	public $host = 'db01.contoso.local';
	public $user = 'joomla';
	public $password = 'db-pass-not-mail';
	public $db = 'joomla4';
	public $dbprefix = 'k3v8a_';
	public $secret = 'Qm4TzP0a9LxW2bYc';
	public $gzip = false;
	public $error_reporting = 'default';
	public $live_site = '';
	public $force_ssl = 2;
	public $offset = 'Europe/Berlin';
	public $mailonline = true;
	public $mailer = 'smtp';
	public $mailfrom = 'intranet@contoso.com';
	public $fromname = 'Contoso Intranet';
	public $massmailoff = false;
	public $replyto = '';
	public $replytoname = '';
	public $sendmail = '/usr/sbin/sendmail';
	public $smtpauth = true;
	public $smtpuser = 'intranet@contoso.com';
	public $smtppass = 'R365CANARY-joomla';
	public $smtphost = 'smtp.office365.com';
	public $smtpsecure = 'tls';
	public $smtpport = 587;
	// Until the 2024 move to Exchange Online:
	// public $smtphost = 'exch01.contoso.local';
	// public $smtpport = 25;
	// public $smtpsecure = 'none';
	public $caching = 0;
	public $cachetime = 15;
	public $cache_handler = 'file';
	public $session_handler = 'database';
	public $lifetime = 15;
	public $sef = true;
	public $sef_rewrite = true;
	public $cookie_domain = '';
	public $cookie_path = '';
}
