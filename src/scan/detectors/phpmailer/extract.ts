// PHPMailer in hand-written PHP (contact forms, cron scripts, app mailers). PHPMailer's own class files and
// WordPress core are library code, not a site's configuration; phpmailer_init hooks belong to the wordpress detector.
import type { Finding } from '../../../inventory/types.js';
import type { ExtractContext } from '../../detector.js';
import { accountFindings } from './finding.js';
import { mailerAccounts, mailerSettings, registerPasswords } from './mailer.js';

const detector = { id: 'phpmailer', system: 'PHPMailer' };

/** PHPMailer's own source (`class PHPMailer`, its SMTP/POP3/OAuth classes) or a bundled copy of it. */
export function isLibrarySource(content: string, path: string): boolean {
  if (/[\\/](wp-includes|wp-admin)[\\/]/i.test(path)) return true;
  return /^\s*(?:abstract\s+|final\s+)?class\s+(?:PHPMailer|SMTP|POP3|OAuth|Exception)\b/m.test(content) && /namespace\s+PHPMailer\b|@package\s+PHPMailer|PHPMailer - PHP email/i.test(content);
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  if (isLibrarySource(content, path) || content.includes('phpmailer_init')) return null;
  const { settings } = mailerSettings(content);
  registerPasswords(settings, ctx);
  const accounts = mailerAccounts(settings);
  if (!accounts.length) return null;
  return accounts.flatMap((account) => accountFindings(account, ctx, { detector, role: 'app' }));
}
