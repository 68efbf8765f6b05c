import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const pythonSmtplib: Detector = {
  id: 'python-smtplib',
  system: 'Python smtplib',
  files: ['*.py'],
  hint: /smtplib|SMTPHandler/,
  extract,
};
