import type { Detector } from '../../detector.js';
import { extractAll } from './extract.js';

export const postfix: Detector = {
  id: 'postfix',
  system: 'Postfix',
  files: ['postfix*/main.cf', 'postfix*/master.cf', 'postfix*/sasl_passwd', 'postfix*/sasl/sasl_passwd', 'postfix*/*sasl*passwd*', 'postfix*/*transport*', 'postfix*/*relay*', 'postfix*/tls_policy', 'main.cf'],
  extractAll,
};
