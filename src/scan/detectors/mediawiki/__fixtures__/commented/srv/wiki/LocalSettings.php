<?php
$wgSitename = "Team Wiki";
$wgEnableEmail = true;
$wgPasswordSender = 'teamwiki@contoso.com';

# Old relay, switched off when the Exchange box was retired; PHP mail() since then.
# $wgSMTP = [
#     'host' => 'exch01.contoso.local',
#     'port' => 25,
#     'auth' => true,
#     'username' => 'CONTOSO\\svc-wiki',
#     'password' => 'R365CANARY-mediawiki-old',
# ];
/* $wgSMTP = array( 'host' => 'tls://smtp.yourdomain.com', 'port' => 587 ); */
$wgSMTP = false;
$wgSMTP = [
	'host' => 'relay.contoso.local',
	'port' => 25,
	'auth' => false,
	'password' => 'R365CANARY-mediawiki-inline', 'username' => 'x',
	'IDHost' => 'contoso.com
