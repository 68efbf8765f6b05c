<?php
define( 'DB_NAME', 'intranet' );
define( 'DB_USER', 'intranet' );
define( 'DB_PASSWORD', 'R365CANARY-wp-db3' );
define( 'DB_HOST', 'localhost' );

define( 'WPMS_ON', true );
define( 'WPMS_MAILER', 'outlook' );
define( 'WPMS_MAIL_FROM', 'intranet@contoso.com' );

$table_prefix = 'wp_';
require_once ABSPATH . 'wp-settings.php';
