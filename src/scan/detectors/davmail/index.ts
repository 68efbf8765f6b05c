import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const davmail: Detector = {
  id: 'davmail',
  system: 'DavMail',
  // /etc/davmail/davmail.properties (Debian davmail-server), ~/.davmail.properties (workstation mode)
  files: ['davmail.properties', '.davmail.properties'],
  hint: /davmail\.(smtpPort|url|mode)\b/,
  extract,
};
