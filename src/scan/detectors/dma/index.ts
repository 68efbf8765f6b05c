import type { Detector } from '../../detector.js';
import { extractAll } from './extract.js';

export const dma: Detector = {
  id: 'dma',
  system: 'DragonFly Mail Agent (dma)',
  // auth.conf by base name: only the one a dma.conf AUTHPATH names is read (apt has an auth.conf too)
  files: ['dma.conf', 'auth.conf'],
  extractAll,
};
