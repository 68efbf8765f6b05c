import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const msmtp: Detector = {
  id: 'msmtp',
  system: 'msmtp',
  files: ['msmtprc', '.msmtprc', 'msmtp/config', 'msmtprc-*'],
  hint: /\bhost\b|\baccount\b/i,
  extract,
};
