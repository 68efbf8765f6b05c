import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const taskScheduler: Detector = {
  id: 'task-scheduler',
  system: 'Task Scheduler',
  // System32\Tasks\** holds one task per file without an extension; exports are *.xml.
  files: ['Tasks/**', '*.xml'],
  // Broad patterns: only tasks that send mail (or call a mailer) are parsed.
  hint: /<SendEmail>|Send-MailMessage|SmtpClient|-EncodedCommand|\b-enc\b|blat|sendemail|mailsend|swaks|smtps?:\/\//i,
  extract,
};
