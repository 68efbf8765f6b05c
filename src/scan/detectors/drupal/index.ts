import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const drupal: Detector = {
  id: 'drupal',
  system: 'Drupal',
  // sites/*/settings.php, settings.local.php and their kin; core's templates; config exports (config/sync/*.yml).
  files: ['settings*.php', 'default.settings.php', 'example.settings.local.php', 'smtp.settings.yml', 'symfony_mailer.mailer_transport.*.yml', 'system.mail.yml'],
  hint: /\$conf(?:ig)?\s*\[\s*['"](?:smtp[._]|symfony_mailer\.mailer_transport\.|system\.mail['"])|^[ \t#]*(?:smtp_host|plugin|mailer_dsn)[ \t]*:/m,
  extract,
};
