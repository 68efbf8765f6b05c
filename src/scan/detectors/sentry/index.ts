import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const sentry: Detector = {
  id: 'sentry',
  system: 'Sentry',
  // self-hosted's sentry/config.yml and sentry.conf.py (and their shipped .example copies); `sentry init`'s ~/.sentry/.
  files: ['sentry/config.yml', 'sentry/config.example.yml', '.sentry/config.yml', 'sentry.conf.py', 'sentry.conf.example.py'],
  hint: /['"]?mail\.(?:backend|host|port|username|password|use-tls|use-ssl)\b/,
  extract,
};
