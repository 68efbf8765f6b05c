import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const joomla: Detector = {
  id: 'joomla',
  system: 'Joomla',
  // The site's configuration.php and the installer's template installation/configuration.php-dist.
  files: ['configuration.php', 'configuration.php-dist'],
  // configuration.php is a common name (WHMCS, osCommerce): only Joomla's JConfig class is parsed.
  hint: /\bclass\s+JConfig\b/i,
  extract,
};
