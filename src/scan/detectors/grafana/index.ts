import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const grafana: Detector = {
  id: 'grafana',
  system: 'Grafana',
  files: ['grafana.ini', 'custom.ini', 'grafana/conf/*.ini', 'grafana/*.ini'],
  hint: /^[ \t]*\[smtp\]/im,
  extract,
};
