import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const rails: Detector = {
  id: 'rails',
  system: 'Ruby on Rails',
  // Few globs, with braces: every glob is tried against every path of the scan.
  files: ['config/{environments,initializers}/*.rb', 'config/{application,environment}.rb', 'config/{configuration,email}.yml', 'containers/*.{yml,yaml}', 'config/discourse.conf'],
  // Most initializers and environment files never mention mail delivery: skip them unread.
  hint: /smtp_settings|server_settings|delivery_method|DISCOURSE_SMTP_|^[ \t]*smtp_address[ \t]*=/m,
  extract,
};
