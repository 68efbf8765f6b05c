import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const fetchmail: Detector = {
  id: 'fetchmail',
  system: 'fetchmail',
  // ~/.fetchmailrc, the daemon's /etc/fetchmailrc, and the example Debian ships in /usr/share/doc/fetchmail/examples
  files: ['.fetchmailrc', 'fetchmailrc'],
  hint: /\bsmtp(host)?\b/i,
  extract,
};
