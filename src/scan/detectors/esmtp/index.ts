import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const esmtp: Detector = {
  id: 'esmtp',
  system: 'esmtp',
  // /etc/esmtprc, ~/.esmtprc and the sample Debian ships in /usr/share/doc/esmtp/examples
  files: ['esmtprc', '.esmtprc', 'sample.esmtprc'],
  hint: /\bhostname\b/i,
  extract,
};
