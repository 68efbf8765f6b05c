import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const gitSendemail: Detector = {
  id: 'git-sendemail',
  system: 'git send-email',
  // `.git/config` too, though the walker skips .git folders unless told otherwise
  files: ['.gitconfig', 'gitconfig', '{.git,git}/config'],
  hint: /sendemail/i,
  extract,
};
