import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const bacula: Detector = {
  id: 'bacula',
  system: 'Bacula',
  // Bacula's one file per daemon, Bareos's one folder per resource type (bareos-dir.d/messages/Standard.conf)
  files: ['{bacula,bareos}-{dir,fd,sd}.conf', 'bareos-{dir,fd,sd}.d/messages/*.conf'],
  hint: /(mail|operator)\s*command/i,
  extract,
};
