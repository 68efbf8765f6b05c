import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const dotenv: Detector = {
  id: 'dotenv',
  system: '.env file',
  files: ['.env', '.env.*', '*.env'],
  hint: /smtp|mail/i,
  extract,
};
