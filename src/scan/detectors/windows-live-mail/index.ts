import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const windowsLiveMail: Detector = {
  id: 'windows-live-mail',
  system: 'Windows Live Mail',
  files: ['*.oeaccount'],
  hint: /SMTP_Server/i,
  extract,
};
