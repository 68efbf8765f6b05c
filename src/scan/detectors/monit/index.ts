import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const monit: Detector = {
  id: 'monit',
  system: 'Monit',
  // one glob for the include folders: every glob is a regex test per path walked
  files: ['monitrc', '.monitrc', 'monit{/conf.d,/conf-enabled,/conf-available,.d,/monitrc.d}/*'],
  hint: /set\s+mailserver/i,
  extract,
};
