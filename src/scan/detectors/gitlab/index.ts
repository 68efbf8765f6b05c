import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const gitlab: Detector = {
  id: 'gitlab',
  system: 'GitLab',
  files: ['gitlab.rb', 'gitlab*/**/initializers/smtp_settings.rb'],
  hint: /smtp_/,
  extract,
};
