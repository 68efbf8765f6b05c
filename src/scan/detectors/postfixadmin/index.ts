import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const postfixadmin: Detector = {
  id: 'postfixadmin',
  system: 'PostfixAdmin',
  // /etc/postfixadmin/, /usr/share/postfixadmin/ and web roots (/var/www/*/postfixadmin/) alike.
  files: ['config.inc.php', 'config.local.php'],
  // config.inc.php is a common name (phpMyAdmin, Roundcube's `$config[…]`): only PostfixAdmin's `$CONF['smtp_*']` is parsed.
  hint: /\$CONF\s*\[\s*['"](?:smtp_server|smtp_port|smtp_sendmail_tls|admin_smtp_password)['"]/,
  extract,
};
