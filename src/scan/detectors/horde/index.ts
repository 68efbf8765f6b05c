import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const horde: Detector = {
  id: 'horde',
  system: 'Horde',
  // horde/config/conf.php (/etc/horde/horde/conf.php on Debian) and IMP's imp/config/backends*.php.
  files: ['conf.php', 'backends.php', 'backends.local.php', 'backends-*.php', 'backends.d/*.php'],
  // conf.php is a common name: only Horde's `$conf['mailer']` and IMP's per-backend `'smtp'` arrays are parsed.
  hint: /\$conf\s*\[\s*['"]mailer['"]|['"]smtp['"]\s*(?:\]|=>)/,
  extract,
};
