// LedgerSMB (LedgerSMB::Sysconfig, LedgerSMB::Mailer; 1.6 in Debian 12, 1.8 and later upstream): ledgersmb.conf is
// read with Config::IniFiles (`#`/`;` comment lines, case-sensitive names, no inline comments). Its [mail] section:
// with smtphost, mail goes over SMTP to it on smtpport (25; a `host:port` wins), with AUTH when smtpuser is set;
// without, it is piped to `sendmail` (default /usr/sbin/sendmail -t). 1.6 sends with MIME::Lite and never starts TLS;
// 1.8 and later (Email::Sender) read smtptls: `yes` is STARTTLS, `tls` implicit TLS, anything else plain, and the
// SASL mechanism smtpauthmech (smtpauthmethod in 1.5). backup_email_from is the From of database backups mailed
// by setup.pl; invoices and orders go From the address typed with each.
import type { Finding, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { commentedBlocks, emailIn, iniEntries, isSecretPlaceholder, liveSettings, localMtaNotes, locationsOf, parseHostPort, parsePort, secretState, type Assignment } from '../../values.js';

const detector = { id: 'ledgersmb', system: 'LedgerSMB' };

export const LEDGERSMB_HINT = /smtphost|sendmail/;

/** Keys of [mail] that shape the SMTP connection. */
const MAIL_KEYS = new Set(['smtphost', 'smtpport', 'smtptls', 'smtpuser', 'smtppass', 'smtpauthmech', 'smtpauthmethod', 'sendmail', 'backup_email_from']);
/** A hand-kept file holds a few old relays in comments: more is not a configuration. */
const MAX_COMMENTED = 64;
const TLS: Record<string, Security> = { yes: 'starttls', tls: 'tls' };

function fromNotes(settings: Map<string, Assignment>): { from: string | null; notes: string[] } {
  const from = emailIn(settings.get('backup_email_from')?.value);
  if (!from) return { from: null, notes: ['no backup_email_from: backups are not mailed; invoices and orders go From the address typed with each'] };
  return { from, notes: ['backup_email_from is the From of database backups only; invoices and orders go From the address typed with each'] };
}

function smtpDraft(host: Assignment, settings: Map<string, Assignment>, secretRefPath: string): FindingDraft {
  const notes: string[] = [];
  const { host: name, port: portInHost } = parseHostPort(host.value);
  const portEntry = settings.get('smtpport');
  const port = portInHost ?? (portEntry ? parsePort(portEntry.value) : 25);
  if (portEntry && !portInHost && port === null) notes.push(`smtpport = ${portEntry.value.slice(0, 40)} is not a port`);
  const tlsEntry = settings.get('smtptls');
  const security: Security = TLS[tlsEntry?.value ?? ''] ?? 'none';
  if (tlsEntry) {
    notes.push('smtptls is read by LedgerSMB 1.8 and later; 1.6 (Debian 12) ignores it and speaks plain SMTP');
    if (!TLS[tlsEntry.value] && tlsEntry.value !== 'no') notes.push(`smtptls = ${tlsEntry.value.slice(0, 40)} is neither yes nor tls (nor no): no TLS`);
  } else notes.push('no smtptls: plain SMTP, no STARTTLS');
  if (security !== 'none' && !portEntry && !portInHost) notes.push('no smtpport: port 25 up to LedgerSMB 1.9; 1.10 and later use 587 for smtptls = yes and 465 for tls');
  const user = settings.get('smtpuser');
  const pass = settings.get('smtppass');
  const draft: FindingDraft = {
    line: host.line,
    key: String(host.line),
    host: name,
    port,
    security,
    auth: { method: 'none', username: null, secret: 'absent' },
    evidence: host.text,
    locations: locationsOf({ host, port: portInHost ? null : portEntry, security: tlsEntry, from: settings.get('backup_email_from') }),
    notes,
    role: 'app',
  };
  if (user?.value) {
    const secret = secretState(pass?.value, () => {}); // registered while reading the file
    const username = isSecretPlaceholder(user.value) ? null : user.value;
    draft.auth = { method: 'password', username, secret: secret.secret };
    draft.secretRef = secret.ref ?? (secret.secret === 'present' ? `inline:${secretRefPath}:${pass!.line}` : undefined);
    if (username) draft.locations!.username = { line: user.line, text: user.value };
    if (!pass?.value) notes.push('smtpuser without smtppass: LedgerSMB 1.6 sends without AUTH');
    const mech = settings.get('smtpauthmech') ?? settings.get('smtpauthmethod');
    if (mech?.value) notes.push(`SASL mechanism ${mech.value.slice(0, 40)} (${mech.key})`);
    if (security === 'none') notes.push('smtpuser/smtppass over plain SMTP: Microsoft 365 refuses AUTH before STARTTLS (smtptls = yes, LedgerSMB 1.8 and later)');
  }
  const sender = fromNotes(settings);
  draft.from = sender.from;
  notes.push(...sender.notes);
  if (draft.locations!.from && draft.locations!.from.text !== sender.from) delete draft.locations!.from;
  return draft;
}

function sendmailDraft(program: Assignment, settings: Map<string, Assignment>): FindingDraft {
  const sender = fromNotes(settings);
  const emptyHost = settings.get('smtphost');
  return {
    line: program.line,
    key: String(program.line),
    host: null,
    port: null,
    security: 'unknown',
    endpointKind: 'local',
    auth: { method: 'none', username: null, secret: 'absent' },
    from: sender.from,
    evidence: program.text,
    locations: locationsOf({ from: sender.from === settings.get('backup_email_from')?.value ? settings.get('backup_email_from') : null }),
    notes: [
      `no smtphost: LedgerSMB pipes mail to ${program.value.slice(0, 120)}`,
      ...localMtaNotes(program.value),
      ...(emptyHost ? ['smtphost is empty: LedgerSMB 1.8 and later use sendmail, 1.6 connects to port 25 of this machine'] : []),
      ...sender.notes,
    ],
    role: 'app',
  };
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const entries = iniEntries(content, { continuation: 'backslash', inlineComments: false }).filter((e) => e.section === 'mail' && MAIL_KEYS.has(e.key));
  for (const e of entries) if (e.key === 'smtppass') secretState(e.value, (v) => ctx.secret(v));
  const live = liveSettings(entries);
  const drafts: FindingDraft[] = [];
  const host = live.get('smtphost');
  const program = live.get('sendmail');
  if (host?.value) drafts.push(smtpDraft(host, live, path));
  else if (program?.value) drafts.push(sendmailDraft(program, live));
  const blocks = commentedBlocks(entries.filter((e) => e.commented), (k) => k === 'smtphost').filter((b) => b.get('smtphost')!.value);
  if (blocks.length > MAX_COMMENTED) ctx.warn('too-large', `${blocks.length} commented smtphost lines; reading the first ${MAX_COMMENTED}`);
  for (const block of blocks.slice(0, MAX_COMMENTED)) {
    drafts.push({ ...smtpDraft(block.get('smtphost')!, new Map([...live, ...block]), path), active: false, inactiveReason: 'commented' });
  }
  const findings = drafts.map((d) => createFinding(detector, { path, exampleFile: ctx.exampleFile }, d));
  return findings.length ? findings : null;
}
