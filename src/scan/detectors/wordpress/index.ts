import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const wordpress: Detector = {
  id: 'wordpress',
  system: 'WordPress',
  files: ['*.php'],
  // wp-config.php with WP Mail SMTP or SMTP_* constants, and phpmailer_init hooks; other PHP files are skipped unread.
  hint: /phpmailer_init|\bWPMS_|define\s*\(\s*['"]SMTP_HOST/,
  extract,
};
