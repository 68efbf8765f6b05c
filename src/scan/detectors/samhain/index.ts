import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const samhain: Detector = {
  id: 'samhain',
  system: 'Samhain',
  // /etc/samhainrc or /etc/samhain/samhainrc; yule, the log server built from the same source, reads yulerc
  files: ['samhainrc', 'yulerc'],
  hint: /SetMail(Relay|Address)/i,
  extract,
};
