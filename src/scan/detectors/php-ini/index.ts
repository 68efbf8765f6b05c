import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const phpIni: Detector = {
  id: 'php-ini',
  system: 'PHP mail()',
  files: ['php.ini', 'php.ini-*', '.user.ini', 'php*/**/conf.d/*.ini', 'php.d/*.ini', 'php-fpm.d/*.conf', 'fpm/pool.d/*.conf'],
  hint: /\b(SMTP|smtp_port|sendmail_from|sendmail_path)\b/i,
  extract,
};
