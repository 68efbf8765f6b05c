import type { Detector } from '../../detector.js';
import { extractAll } from './extract.js';

export const ssmtp: Detector = {
  id: 'ssmtp',
  system: 'sSMTP',
  files: ['ssmtp.conf', 'ssmtp/revaliases'],
  extractAll,
};
