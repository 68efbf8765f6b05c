import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const reportbug: Detector = {
  id: 'reportbug',
  system: 'reportbug',
  files: ['reportbug.conf', '.reportbugrc'],
  hint: /smtphost/i,
  extract,
};
