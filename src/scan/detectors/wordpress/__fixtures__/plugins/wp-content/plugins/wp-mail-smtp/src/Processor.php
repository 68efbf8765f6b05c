<?php

namespace WPMailSMTP;

/**
 * Class Processor modifies the behaviour of wp_mail() function.
 */
class Processor {

	public function hooks() {
		add_action( 'phpmailer_init', [ $this, 'phpmailer_init' ] );
	}

	public function phpmailer_init( $phpmailer ) {
		$options = Options::init();
		$mailer  = $options->get( 'mail', 'mailer' );

		if ( $mailer === 'smtp' ) {
			$phpmailer->isSMTP();
			$phpmailer->Host       = $options->get( $mailer, 'host' );
			$phpmailer->Port       = $options->get( $mailer, 'port' );
			$phpmailer->SMTPSecure = $options->get( $mailer, 'encryption' );
			$phpmailer->SMTPAuth   = (bool) $options->get( $mailer, 'auth' );
		}
	}
}
