import type { Detector } from '../../detector.js';
import { extractAll, SMOKEPING_HINT } from './extract.js';

export const smokeping: Detector = {
  id: 'smokeping',
  system: 'SmokePing',
  // Debian splits the config into config.d/General and config.d/Alerts; others keep one `config` (or smokeping.conf)
  files: ['smokeping{,/etc,/config.d}/{config,General,Alerts}', 'smokeping.conf'],
  hint: SMOKEPING_HINT,
  extractAll,
};
