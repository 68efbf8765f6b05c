import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const keycloak: Detector = {
  id: 'keycloak',
  system: 'Keycloak',
  files: ['*realm*.json'],
  hint: /"smtpServer"/,
  extract,
};
