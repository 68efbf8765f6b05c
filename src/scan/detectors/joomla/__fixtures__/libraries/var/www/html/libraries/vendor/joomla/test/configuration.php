<?php
// A stand-in configuration used by library tests: not the site's.
class JConfig
{
	public $mailer = 'smtp';
	public $smtphost = 'smtp.test.example';
	public $smtpport = 25;
}
