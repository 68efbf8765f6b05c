import type { Detector } from '../../detector.js';
import { extractAll } from './extract.js';

export const nullmailer: Detector = {
  id: 'nullmailer',
  system: 'nullmailer',
  // base names (a hash lookup, not a glob per path): extractAll keeps those under a nullmailer folder
  files: ['remotes', 'allmailfrom', 'me'],
  extractAll,
};
