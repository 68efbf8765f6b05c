import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const nextcloud: Detector = {
  id: 'nextcloud',
  system: 'Nextcloud',
  files: ['config/*config.php'],
  // config.php is a common name: only files that set Nextcloud's mail_* keys are parsed.
  hint: /['"]mail_(smtp\w*|from_address|domain)['"]/,
  extract,
};
