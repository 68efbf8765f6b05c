import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const cdo: Detector = {
  id: 'cdo',
  system: 'CDO (VBScript)',
  // .vbe is encoded (unreadable) and left out.
  files: ['*.vbs', '*.wsf', '*.asp', '*.bas', '*.hta', '*.cls'],
  hint: /CDO\.Message|CDONTS|cdo\/configuration|cdoSMTPServer|cdoSendUsing/i,
  extract,
};
