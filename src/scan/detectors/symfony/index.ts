import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const symfony: Detector = {
  id: 'symfony',
  system: 'Symfony Mailer',
  files: [
    'packages/mailer.yaml', 'packages/mailer.yml', 'packages/*/mailer.yaml', 'packages/*/mailer.yml',
    'packages/swiftmailer.yaml', 'packages/swiftmailer.yml', 'packages/*/swiftmailer.yaml', 'packages/*/swiftmailer.yml',
    'parameters.yml', 'parameters.yaml', 'app/config/config.yml', 'app/config/config_*.yml',
  ],
  hint: /mailer/i,
  extract,
};
