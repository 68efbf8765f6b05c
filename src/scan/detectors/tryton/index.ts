import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const tryton: Detector = {
  id: 'tryton',
  system: 'Tryton',
  // Debian /etc/tryton/trytond.conf; the Docker image and source installs use /etc/trytond.conf or a named copy.
  files: ['trytond.conf', 'trytond-*.conf', 'tryton/*.conf'],
  hint: /^\s*[#;]*\s*\[email\]/im,
  extract,
};
