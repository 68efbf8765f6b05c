import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const phpmailer: Detector = {
  id: 'phpmailer',
  system: 'PHPMailer',
  files: ['*.php', '*.inc'],
  // Most PHP files never mention PHPMailer: skip them unread.
  hint: /phpmailer|->\s*issmtp\b/i,
  extract,
};
