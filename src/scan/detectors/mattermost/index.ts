import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const mattermost: Detector = {
  id: 'mattermost',
  system: 'Mattermost',
  files: ['config.json', 'mattermost*.json'],
  // config.json is a common name: only Mattermost's EmailSettings are parsed.
  hint: /"SMTPServer"/,
  extract,
};
