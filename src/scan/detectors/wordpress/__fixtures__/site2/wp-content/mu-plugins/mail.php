<?php
/**
 * Plugin Name: Contoso transactional mail
 * Description: Order mail through SendGrid (marketing asked for it in 2019).
 */
add_action( 'phpmailer_init', function ( $phpmailer ) {
	$phpmailer->isSMTP();
	$phpmailer->Host       = 'smtp.sendgrid.net';
	$phpmailer->Port       = 465;
	$phpmailer->SMTPSecure = 'ssl';
	$phpmailer->SMTPAuth   = true;
	$phpmailer->Username   = 'apikey';
	$phpmailer->Password   = 'SG.R365CANARY-wp-sendgrid';
	$phpmailer->setFrom( 'shop@contoso.com', 'Contoso Shop' );
} );
