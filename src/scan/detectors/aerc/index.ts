import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const aerc: Detector = {
  id: 'aerc',
  system: 'aerc',
  // ~/.config/aerc/accounts.conf ($XDG_CONFIG_HOME/aerc/), and the packaged sample /usr/share/aerc/accounts.conf.
  files: ['aerc/accounts.conf'],
  hint: /^[ \t#;]*outgoing[ \t]*=/m,
  extract,
};
