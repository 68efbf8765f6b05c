import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const sNail: Detector = {
  id: 's-nail',
  system: 's-nail / mailx',
  files: ['.mailrc', 'mail.rc', 'nail.rc', '.nailrc', 's-nail.rc'],
  hint: /\b(smtp|mta)\b/i,
  extract,
};
