import type { Detector } from '../../detector.js';
import { extractAll, LEMONLDAP_HINT } from './extract.js';

export const lemonldapNg: Detector = {
  id: 'lemonldap-ng',
  system: 'LemonLDAP::NG',
  // the machine's overrides, and the revisions of the global configuration (File backend, /var/lib/lemonldap-ng/conf)
  files: ['lemonldap-ng.ini', 'lmConf-*.json'],
  hint: LEMONLDAP_HINT,
  extractAll,
};
