import type { Detector } from '../../detector.js';
import { extractAll } from './extract.js';

export const opensmtpd: Detector = {
  id: 'opensmtpd',
  system: 'OpenSMTPD',
  // smtpd.conf also names Cyrus SASL's file (postfix/sasl/smtpd.conf): it has no action/accept lines and yields nothing.
  // `secrets` by base name: only a table file that smtpd.conf names is read
  files: ['smtpd.conf', 'secrets'],
  extractAll,
};
