import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const thunderbird: Detector = {
  id: 'thunderbird',
  system: 'Mozilla Thunderbird',
  // user.js and prefs.js are common names in web projects too: the hint keeps those out
  files: ['prefs.js', 'user.js', 'mozilla.cfg'],
  hint: /mail\.smtpserver\./,
  extract,
};
