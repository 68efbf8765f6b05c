import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const dotnetAppsettings: Detector = {
  id: 'dotnet-appsettings',
  system: '.NET appsettings.json',
  // NLog and log4net sections also live inside web.config/app.config, so those are read here too (mail targets only).
  files: ['appsettings*.json', 'UserSecrets/*/secrets.json', 'nlog*.config', 'log4net*.config', 'web.config', 'app.config', '*.exe.config', '*.dll.config'],
  hint: /smtp|mail/i,
  extract,
};
