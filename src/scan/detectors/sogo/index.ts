import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const sogo: Detector = {
  id: 'sogo',
  system: 'SOGo',
  files: ['sogo.conf'],
  hint: /SOGo(?:MailingMechanism|SMTP\w+)/,
  extract,
};
