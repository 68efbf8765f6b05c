import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const zabbix: Detector = {
  id: 'zabbix',
  system: 'Zabbix',
  files: ['zbx_export_*.{xml,yaml,yml,json}', '*.sql'],
  // *.sql is broad: only dumps that write the media_type table (or exports naming an SMTP server) are parsed.
  hint: /smtp_server|into\s+\S{0,40}media_type\b/i,
  extract,
};
