import type { Detector } from '../../detector.js';
import { extractAll } from './extract.js';

export const exim4: Detector = {
  id: 'exim4',
  system: 'Exim',
  files: [
    'exim4/update-exim4.conf.conf', 'exim4/passwd.client', 'exim4/exim4.conf.localmacros', 'exim4/exim4.conf', 'exim4/exim4.conf.template',
    'exim4/conf.d/**', 'exim.conf', 'exim*/configure',
  ],
  extractAll,
};
