import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const django: Detector = {
  id: 'django',
  system: 'Django',
  files: ['*.py'],
  hint: /\bEMAIL_HOST\b|\bMAIL_SERVER\b|\.smtp\.EmailBackend\b/,
  extract,
};
