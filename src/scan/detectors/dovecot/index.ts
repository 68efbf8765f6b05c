import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const dovecot: Detector = {
  id: 'dovecot',
  system: 'Dovecot',
  // dovecot.conf includes conf.d/*.conf (20-submission.conf, 15-lda.conf) and local.conf
  files: ['dovecot.conf', 'dovecot/local.conf', 'dovecot/conf.d/*.conf'],
  hint: /submission_(relay_)?host/i,
  extract,
};
