// Bacula / Bareos director (config-formats.md §4.9): a `Messages { }` resource names the program that mails job
// reports (`mailcommand`) and mount requests (`operatorcommand`). Debian and Bareos ship bsmtp, which names its
// server with `-h host[:port]` (default localhost:25) and speaks plain SMTP: no STARTTLS, no AUTH.
// One finding per command statement, not per distinct host: each statement sits on its own line, is rewritten on
// its own and serves its own purpose (reports vs operator requests), so merging two would hide one from the patch.
import type { Finding } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, isSecretPlaceholder, localMtaNotes, secretState, shellWords, splitLines } from '../../values.js';
import { analyseCommand, type MailCommand } from '../nagios/commandline.js';
import { directives, type Directive } from './resources.js';

const detector = { id: 'bacula', system: 'Bacula' };

const COMMANDS = new Set(['mailcommand', 'operatorcommand']);
/** Who %r stands for: the destinations of the mail (or operator) directives of the same resource. */
const RECIPIENTS: Record<string, string[]> = { mailcommand: ['mail', 'mailonerror', 'mailonsuccess'], operatorcommand: ['operator'] };
/** Director, catalog and daemon passwords sit in the same file: registered so no output can carry one. */
const SECRET_KEYS = new Set(['password', 'dbpassword']);
/** More command statements than this is not a hand-written file (hostile input): the rest is not read. */
const MAX_COMMANDS = 256;

/** The From bsmtp sends: a literal `-f` address, or for `%r` the single recipient address of the resource. */
function fromOf(command: MailCommand, statement: Directive, all: Directive[]): { from: string | null; notes: string[] } {
  const written = command.from ?? '';
  if (!written.includes('%r')) return { from: emailIn(written), notes: [] };
  const recipients = all.filter((d) => !d.commented && d.resource === statement.resource && RECIPIENTS[statement.key].includes(d.key))
    .flatMap((d) => d.value.split('=')[0].split(',').map((a) => a.trim()).filter(Boolean));
  if (recipients.length === 1) {
    const from = emailIn(recipients[0]);
    return { from, notes: [`-f uses %r: the From is the recipient ${from ?? `"${recipients[0].slice(0, 60)}" (a local user, not an address)`}`] };
  }
  if (recipients.length > 1) return { from: null, notes: ['-f uses %r with several recipients: the From is the whole list (Bacula advises one fixed address)'] };
  return { from: null, notes: ['-f uses %r: the From is whoever receives the message'] };
}

function draftOf(statement: Directive, all: Directive[], system: string, ctx: ExtractContext): FindingDraft {
  // bsmtp reads its options with getopt: `-hmail.contoso.com` is `-h mail.contoso.com`
  const value = statement.value.replace(/(^|\s)-h(?=\S)/g, '$1-h ');
  const command = analyseCommand(value);
  const base: FindingDraft = {
    line: statement.line, key: String(statement.line), active: !statement.commented, system,
    evidence: statement.text, role: 'app', auth: { method: 'none', username: null, secret: 'absent' },
  };
  if (!command || command.kind === 'local') {
    const notes = command?.notes.length ? command.notes : localMtaNotes(value);
    return { ...base, host: null, endpointKind: command ? 'local' : 'unknown', from: emailIn(command?.from), notes };
  }
  const { from, notes } = fromOf(command, statement, all);
  if (command.program === 'bsmtp') notes.push('bsmtp speaks plain SMTP: no STARTTLS and no AUTH, so it cannot submit to Microsoft 365 itself');
  const hostWritten = command.program !== 'bsmtp' || shellWords(value).includes('-h');
  if (!hostWritten) notes.push('no -h: bsmtp uses $SMTPSERVER or else localhost:25');
  if (command.host === 'localhost') notes.push('bsmtp hands mail to the SMTP server on this host: the local MTA, see its own finding');
  const secret = secretState(command.password, (v) => ctx.secret(v));
  return {
    ...base,
    host: command.host, port: command.port, security: command.security, from,
    auth: command.username || command.password ? { method: 'password', username: command.username, secret: secret.secret } : base.auth,
    secretRef: secret.ref,
    evidence: command.password ? `${statement.key} = ${command.redacted}` : statement.text,
    locations: Object.fromEntries(Object.entries({
      host: hostWritten ? at(statement.line, command.host) : undefined,
      port: hostWritten && command.hostText?.includes(`:${command.port}`) ? at(statement.line, command.port) : undefined,
      from: from && statement.text.includes(from) ? at(statement.line, from) : undefined,
    }).filter(([, v]) => v)),
    notes: [...command.notes, ...notes],
  };
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  // Debian's postinst writes /etc/bacula/bacula-dir.conf from the copy in …/defconfig/: that copy is a template
  const exampleFile = ctx.exampleFile || /(^|[\\/])defconfig[\\/]/.test(path);
  const system = /bareos/i.test(path) ? 'Bareos' : 'Bacula';
  const all = directives(splitLines(content));
  for (const d of all) if (SECRET_KEYS.has(d.key) && !isSecretPlaceholder(d.value) && !/^XXX_\w+_XXX\w*$/.test(d.value)) ctx.secret(d.value);
  const statements = all.filter((d) => COMMANDS.has(d.key) && d.value.trim());
  if (statements.length > MAX_COMMANDS) {
    ctx.warn('too-large', `${statements.length} mail commands; reading the first ${MAX_COMMANDS}`, statements[MAX_COMMANDS].line);
    statements.length = MAX_COMMANDS;
  }
  const findings = statements.map((s) => createFinding(detector, { path, exampleFile }, draftOf(s, all, system, ctx)));
  return findings.length ? findings : null;
}
