import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const alpine: Detector = {
  id: 'alpine',
  system: 'Alpine',
  // Debian builds with --with-system-pinerc=/etc/pine.conf --with-system-fixed-pinerc=/etc/pinerc.fixed
  files: ['.pinerc', 'pinerc', 'pine.conf', 'pine.conf.fixed', 'pinerc.fixed'],
  hint: /smtp-server=/i,
  extract,
};
