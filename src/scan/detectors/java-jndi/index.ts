import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const javaJndi: Detector = {
  id: 'java-jndi',
  system: 'JNDI mail session',
  files: ['context.xml', 'server.xml', 'standalone*.xml', 'domain.xml', 'Catalina/*/*.xml'],
  hint: /mail\.smtps?\.|mail\.host|mail\.Session|mail-session|mail-resource/i,
  extract,
};
