import type { Detector } from '../../detector.js';
import { extractAll } from './extract.js';

export const homeAssistant: Detector = {
  id: 'home-assistant',
  system: 'Home Assistant',
  // Needs secrets.yaml beside configuration.yaml: `!secret` values live there.
  files: ['configuration.yaml', 'secrets.yaml', 'notify.yaml', 'notify/*.yaml'],
  hint: /smtp/i,
  extractAll,
};
