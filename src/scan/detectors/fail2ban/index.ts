import type { Detector } from '../../detector.js';
import { extractAll } from './extract.js';

export const fail2ban: Detector = {
  id: 'fail2ban',
  system: 'Fail2Ban',
  files: ['jail.conf', 'jail.local', 'fail2ban/jail.d/*'],
  extractAll,
};
