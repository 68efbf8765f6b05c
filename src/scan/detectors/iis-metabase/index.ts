import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const iisMetabase: Detector = {
  id: 'iis-metabase',
  system: 'IIS SMTP',
  files: ['MetaBase.xml', 'inetsrv/History/MetaBase_*.xml'],
  // Web-only metabases (no SMTP service installed) are skipped unread.
  hint: /<IIsSmtp/i,
  extract,
};
