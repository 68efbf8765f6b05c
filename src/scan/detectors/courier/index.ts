import type { Detector } from '../../detector.js';
import { extractAll } from './extract.js';

export const courier: Detector = {
  id: 'courier',
  system: 'Courier MTA',
  files: ['esmtproutes', 'esmtpauthclient'],
  extractAll,
};
