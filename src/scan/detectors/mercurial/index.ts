import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const mercurial: Detector = {
  id: 'mercurial',
  system: 'Mercurial (hg email)',
  files: ['.hgrc', 'hgrc', 'mercurial.ini', 'mercurial/hgrc.d/*.rc'],
  hint: /\[(smtp|email)\]/i,
  extract,
};
