import type { Detector } from '../../detector.js';
import { extract, LEDGERSMB_HINT } from './extract.js';

export const ledgersmb: Detector = {
  id: 'ledgersmb',
  system: 'LedgerSMB',
  // /etc/ledgersmb/ledgersmb.conf on Debian, beside the code elsewhere (LSMB_CONFIG_FILE may name another file)
  files: ['ledgersmb.conf'],
  hint: LEDGERSMB_HINT,
  extract,
};
