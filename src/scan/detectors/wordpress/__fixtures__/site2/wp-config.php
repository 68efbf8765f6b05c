<?php
define( 'DB_NAME', 'shop' );
define( 'DB_USER', 'shop' );
define( 'DB_PASSWORD', getenv( 'WORDPRESS_DB_PASSWORD' ) );
define( 'DB_HOST', 'db' );

/**
 * SMTP settings for the phpmailer_init hook in the child theme.
 */
define( 'SMTP_USER',   'website@contoso.com' );
define( 'SMTP_PASS',   'R365CANARY-wp-tutorial' );
define( 'SMTP_HOST',   'smtp.office365.com' );
define( 'SMTP_FROM',   'website@contoso.com' );
define( 'SMTP_NAME',   'Contoso Website' );
define( 'SMTP_PORT',   '587' );
define( 'SMTP_SECURE', 'tls' );
define( 'SMTP_AUTH',    true );
define( 'SMTP_DEBUG',   0 );

$table_prefix = 'wp_';
require_once ABSPATH . 'wp-settings.php';
