import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const gitea: Detector = {
  id: 'gitea',
  system: 'Gitea',
  files: ['app.ini'],
  // Other programs name their settings app.ini too: only files with a [mailer] section are parsed.
  hint: /^[ \t]*[;#]?[ \t]*\[mailer\]/m,
  extract,
};
