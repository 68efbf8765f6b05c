import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const nodemailer: Detector = {
  id: 'nodemailer',
  system: 'Node.js nodemailer',
  files: ['*.js', '*.mjs', '*.cjs', '*.ts', '*.mts', '*.cts'],
  hint: /createTransport/,
  extract,
};
