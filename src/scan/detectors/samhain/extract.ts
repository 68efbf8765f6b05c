// Samhain (samhainrc(5), sh_readconf.c, sh_mail.c): `[Section]` headers, `key = value` lines (keys in any case, the
// value all after `=`), `#`, `;` and `//` comment lines, `@host … @end` / `$system … $end` blocks that apply to some
// machines only, nothing read after `[EOF]`. Mail options sit in [Mail] or [Misc]: SetMailRelay (`NULL`: none),
// SetMailPort (25), SetMailAddress (up to 8 recipients), SetMailSender. Samhain is its own SMTP client (HELO, no TLS,
// no AUTH); without a relay it looks up the MX of the recipient's domain and delivers there itself.
import type { Finding } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { commentedBlocks, emailIn, iniEntries, liveSettings, locationsOf, parsePort, secretState, splitLines, type Assignment, type IniEntry } from '../../values.js';

const detector = { id: 'samhain', system: 'Samhain' };

const MAIL_SECTIONS = new Set(['mail', 'misc']);
const MAIL_KEYS = new Set(['setmailrelay', 'setmailport', 'setmailaddress', 'setmailsender']);
/** Database and yule socket passwords share the file: never part of a finding, always scrubbed. */
const SECRET_KEYS = new Set(['setdbpassword', 'setsocketpassword']);
/** A hand-written samhainrc keeps a few old relays in comments: more is not a configuration. */
const MAX_RELAYS = 64;
const MAX_RECIPIENTS = 8;
/** The shipped file documents defaults as `(no default)` or `(default: none)`: not values. */
const TEMPLATE_VALUE = /^\((no )?default\b[^)]*\)$/i;

/** The text samhain reads: everything before the first `[EOF]` line. */
function readPart(content: string): string {
  const eof = /^[ \t]*\[EOF\]/im.exec(content);
  return eof ? content.slice(0, eof.index) : content;
}

/** For each line inside `@host … @end` or `$system … $end`, the condition that opened the innermost block. */
function conditions(lines: string[]): (string | undefined)[] {
  const open: string[] = [];
  return lines.map((raw) => {
    const line = raw.trim();
    if (!/^!?[@$]/.test(line)) return open.at(-1);
    if (/^[@$]\s*(end|fi)\b/i.test(line)) open.pop();
    else if (!/^@\s*else\b/i.test(line)) open.push(line.slice(0, 80));
    return open.at(-1);
  });
}

/** A relay of `NULL…` is samhain's way of saying none (sh_mail_set_relay compares four characters). */
function names(relay: Assignment | undefined): relay is Assignment {
  return Boolean(relay?.value) && !relay!.value.startsWith('NULL');
}

interface Scope { path: string; exampleFile: boolean; condition: (line: number) => string | undefined; mailOff: Assignment | undefined }

function draftOf(target: { line: number; host: string; text: string; hostLine: Assignment | null }, settings: Map<string, Assignment>, recipients: Assignment[], commented: boolean, scope: Scope): FindingDraft {
  const notes = ['samhain speaks plain SMTP (HELO): no STARTTLS, no AUTH, so the relay must take its mail unauthenticated'];
  const portEntry = settings.get('setmailport');
  const port = portEntry ? parsePort(portEntry.value) : 25;
  if (portEntry && port === null) notes.push(`SetMailPort = ${portEntry.value.slice(0, 40)} is not a port`);
  const draft: FindingDraft = { line: target.line, key: String(target.line), host: target.host, port, evidence: target.text };
  if (!target.hostLine) notes.push(`no SetMailRelay: samhain looks up the MX of ${target.host.slice(0, 80)} (else takes that host itself) and delivers to it directly`);
  else if (target.host.startsWith('$(')) {
    Object.assign(draft, { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: `command:${target.host.slice(2, -1).trim().slice(0, 80)}` } });
    notes.push('the relay is the output of a shell command, run when samhain reads its configuration');
  }
  if (recipients.length) notes.push(`mails ${recipients.slice(0, MAX_RECIPIENTS).map((r) => r.value.slice(0, 80)).join(', ')}`);
  const sender = settings.get('setmailsender');
  const from = emailIn(sender?.value);
  if (!sender?.value) notes.push('no SetMailSender: mail is From samhain\'s built-in sender at this host\'s name');
  else if (!from) notes.push(`SetMailSender = ${sender.value.slice(0, 60)} has no domain: samhain adds @<this host's name>`);
  const condition = scope.condition(target.line);
  if (condition) notes.push(`inside "${condition}": only machines that match it use this`);
  if (scope.mailOff) notes.push('[Log] MailSeverity = none: samhain sends no mail');
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  else if (scope.mailOff) Object.assign(draft, { active: false, inactiveReason: 'disabled' });
  return {
    ...draft,
    security: 'none',
    auth: { method: 'none', username: null, secret: 'absent' },
    from,
    locations: locationsOf({ host: draft.host ? target.hostLine : null, port: port ? portEntry : null, from: from === sender?.value ? sender : null }),
    notes,
    role: 'app',
  };
}

/** Without a relay, the machine of the first recipient: its MX, or localhost for a bare user name. */
function directTarget(address: Assignment): { line: number; host: string; text: string; hostLine: null } {
  const at = address.value.lastIndexOf('@');
  return { line: address.line, host: at < 0 ? 'localhost' : address.value.slice(at + 1), text: address.text, hostLine: null };
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const part = readPart(content);
  const entries: IniEntry[] = iniEntries(part, { continuation: 'backslash', inlineComments: false }).map((e) => ({ ...e, key: e.key.toLowerCase() }));
  for (const e of entries) if (SECRET_KEYS.has(e.key) && !TEMPLATE_VALUE.test(e.value)) secretState(e.value, (v) => ctx.secret(v));
  const mail = entries.filter((e) => MAIL_SECTIONS.has(e.section) && MAIL_KEYS.has(e.key));
  const live = liveSettings(mail);
  const severity = liveSettings(entries.filter((e) => e.section === 'log' && e.key === 'mailseverity')).get('mailseverity');
  const lineConditions = conditions(splitLines(part));
  const scope: Scope = {
    path, exampleFile: ctx.exampleFile,
    condition: (line) => lineConditions[line - 1],
    mailOff: severity?.value.toLowerCase() === 'none' ? severity : undefined,
  };
  const recipients = mail.filter((e) => e.key === 'setmailaddress' && e.value && !e.commented);
  const drafts: FindingDraft[] = [];
  const relay = live.get('setmailrelay');
  if (names(relay)) drafts.push(draftOf({ line: relay.line, host: relay.value, text: relay.text, hostLine: relay }, live, recipients, false, scope));
  else if (recipients.length) drafts.push(draftOf(directTarget(recipients[0]), live, recipients, false, scope));
  const blocks = commentedBlocks(mail, (k) => k === 'setmailrelay').filter((b) => names(b.get('setmailrelay')));
  if (blocks.length > MAX_RELAYS) {
    ctx.warn('too-large', `${blocks.length} commented SetMailRelay lines; reading the first ${MAX_RELAYS}`);
    blocks.length = MAX_RELAYS;
  }
  for (const block of blocks) {
    const old = block.get('setmailrelay')!;
    drafts.push(draftOf({ line: old.line, host: old.value, text: old.text, hostLine: old }, new Map([...live, ...block]), recipients, true, scope));
  }
  // everything commented out (as Debian ships it): the recipient says where samhain would deliver
  const shipped = mail.find((e) => e.key === 'setmailaddress' && e.value && e.commented);
  if (!drafts.length && shipped) drafts.push(draftOf(directTarget(shipped), live, [shipped], true, scope));
  const findings = drafts.map((d) => createFinding(detector, scope, d));
  return findings.length ? findings : null;
}
