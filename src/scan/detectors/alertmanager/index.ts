import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const alertmanager: Detector = {
  id: 'alertmanager',
  system: 'Prometheus Alertmanager',
  files: ['alertmanager*.{yml,yaml}', 'alertmanager/*.{yml,yaml}'],
  hint: /smtp_|smarthost/,
  extract,
};
