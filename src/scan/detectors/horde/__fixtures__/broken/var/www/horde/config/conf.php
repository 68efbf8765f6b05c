<?php
/* CONFIG START. DO NOT CHANGE ANYTHING IN OR AFTER THIS LINE. */
/* Before the move (kept by hand):
$conf['mailer']['params']['host'] = 'exch01.contoso.local';
$conf['mailer']['params']['port'] = 25;
$conf['mailer']['params']['auth'] = true;
$conf['mailer']['params']['username'] = 'horde-relay';
$conf['mailer']['params']['password'] = 'R365CANARY-horde-old';
*/
// $conf['mailer']['params']['host'] = 'smtp.yourdomain.com';
$conf['mailer']['params']['host'] = 'mail.contoso.com';
$conf['mailer']['params']['secure'] = 'ssl'; $conf['mailer']['params']['password'] = 'R365CANARY-horde-inline';
$conf['mailer']['params']['port'] = 465;
$conf['mailer']['params']['auth'] = true;
$conf['mailer']['type'] = 'smtp';
$conf['auth']['params'] = array('app' => 'imp', 'login' => array(
$conf['problems']['email'] = 'webmaster@contoso
