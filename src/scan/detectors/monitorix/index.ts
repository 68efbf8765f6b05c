import type { Detector } from '../../detector.js';
import { extractAll, MONITORIX_HINT } from './extract.js';

export const monitorix: Detector = {
  id: 'monitorix',
  system: 'Monitorix',
  // monitorix.conf (/etc/monitorix/, /usr/local/etc/ on the BSDs) and the include_dir files loaded after it
  files: ['monitorix.conf', 'monitorix/conf.d/*.conf'],
  hint: MONITORIX_HINT,
  extractAll,
};
