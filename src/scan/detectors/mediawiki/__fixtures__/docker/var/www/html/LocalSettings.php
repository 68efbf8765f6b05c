<?php
if ( !defined( 'MEDIAWIKI' ) ) {
	exit;
}
$wgSitename = "Fabrikam Docs";
$wgServer = "https://docs.fabrikam.com";
$wgEnableEmail = true;
$wgEmergencyContact = "ops@fabrikam.com";
// $wgPasswordSender left to the default (apache@docs.fabrikam.com)

$wgSMTP = array(
	'host' => 'ssl://mail.fabrikam.com',
	'IDHost' => 'fabrikam.com',
	'port' => 465,
	'auth' => 'LOGIN',
	'username' => getenv( 'WIKI_SMTP_USER' ),
	'password' => getenv( 'WIKI_SMTP_PASSWORD' ),
);
$wgSMTP['localhost'] = 'docs.fabrikam.com';
