import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const powershell: Detector = {
  id: 'powershell',
  system: 'PowerShell',
  files: ['*.ps1', '*.psm1'],
  // Broad extensions: only scripts that name a mail command, class or setting are parsed.
  hint: /Send-Mail|Send-EmailMessage|SmtpClient|PSEmailServer|SmtpServer|MailServer|SmtpHost/i,
  extract,
};
