import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const windowsRegistry: Detector = {
  id: 'windows-registry',
  system: 'Windows registry',
  files: ['*.reg'],
  // Value names are never hex-encoded, so an account export always spells out "SMTP".
  hint: /SMTP/i,
  extract,
};
