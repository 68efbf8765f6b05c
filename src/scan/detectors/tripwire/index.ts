import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const tripwire: Detector = {
  id: 'tripwire',
  system: 'Tripwire',
  // the plain-text source of the signed /etc/tripwire/tw.cfg (that one is binary)
  files: ['twcfg.txt'],
  hint: /SMTPHOST|MAILMETHOD/,
  extract,
};
