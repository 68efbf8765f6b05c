import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const mutt: Detector = {
  id: 'mutt',
  system: 'Mutt / NeoMutt',
  // one glob for the sourced folders: every glob is a regex test per path walked
  files: ['muttrc', '.muttrc', 'Muttrc.local', 'neomuttrc', '.neomuttrc', '{Muttrc.d,neomuttrc.d,mutt/accounts,neomutt/accounts}/*'],
  hint: /smtp_url|sendmail/i,
  extract,
};
