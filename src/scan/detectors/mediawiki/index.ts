import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const mediawiki: Detector = {
  id: 'mediawiki',
  system: 'MediaWiki',
  // LocalSettings.php (/etc/mediawiki/ on Debian) and the files some sites split it into; DefaultSettings.php and
  // includes/ are MediaWiki's own code, never matched.
  files: ['LocalSettings*.php'],
  hint: /\$wgSMTP\b/,
  extract,
};
