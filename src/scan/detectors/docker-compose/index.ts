import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const dockerCompose: Detector = {
  id: 'docker-compose',
  system: 'docker-compose',
  // One glob per detector where braces allow: every glob is tried on every path of the walk.
  files: ['{docker-compose,compose}*.{yml,yaml}'],
  hint: /smtp|mail|relay|smarthost/i,
  extract,
};
