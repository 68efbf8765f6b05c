import type { Detector } from '../../detector.js';
import { extractAll } from './extract.js';

export const sendmail: Detector = {
  id: 'sendmail',
  system: 'Sendmail',
  files: ['sendmail.mc', 'submit.mc', 'sendmail.cf', 'submit.cf', 'mail/*.mc', 'mail/authinfo', 'mail/access', 'mail/mailertable', 'mail/peers/*'],
  extractAll,
};
