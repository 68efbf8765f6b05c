<?php
/*
 * Half-finished edit: the relay block was commented out during a test and the
 * file was cut off by a full disk.
 *
$CONF['smtp_server'] = 'relay.contoso.local';
$CONF['smtp_port'] = '2525';
$CONF['admin_smtp_password'] = 'R365CANARY-pfa-old';
 */
# $CONF['smtp_server'] = 'your.smtp.server';

$CONF['admin_email'] = "alerts@contoso.com"; $CONF['admin_smtp_password'] = 'R365CANARY-pfa-inline';
$CONF['smtp_server'] = 'ssl://mail.contoso.com';
$CONF['smtp_port'] = 465;
$CONF['smtp_sendmail_tls'] = 'NO';
$CONF['footer_text'] = 'Return to
