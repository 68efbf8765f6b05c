import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const roundcube: Detector = {
  id: 'roundcube',
  system: 'Roundcube',
  // config/config.inc.php and defaults.inc.php (/etc/roundcube/ on Debian), files they include such as the Docker
  // image's config.docker.inc.php; main.inc.php before Roundcube 1.0.
  files: ['config.inc.php', 'config.*.inc.php', 'defaults.inc.php', 'main.inc.php'],
  // config.inc.php is a common name (PostfixAdmin's `$CONF[…]`, phpMyAdmin): only Roundcube's `$config['smtp_*']` is parsed.
  hint: /\$(?:rcmail_)?config\s*\[\s*['"]smtp_(?:host|server|port|user|pass|auth_cid)['"]/,
  extract,
};
