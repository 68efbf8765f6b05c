import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const mailman3: Detector = {
  id: 'mailman3',
  system: 'Mailman 3',
  // Debian /etc/mailman3/mailman.cfg; upstream also /etc/mailman.cfg, ~/.mailman.cfg and var/etc/mailman.cfg.
  files: ['mailman.cfg', '.mailman.cfg'],
  hint: /^\s*[#;]*\s*\[mta\]/im,
  extract,
};
