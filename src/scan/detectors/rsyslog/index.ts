import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const rsyslog: Detector = {
  id: 'rsyslog',
  system: 'rsyslog (ommail)',
  files: ['rsyslog.conf', 'rsyslog.d/*'],
  hint: /ommail|\$ActionMail/i,
  extract,
};
