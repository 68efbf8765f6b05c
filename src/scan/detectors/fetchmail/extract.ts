// fetchmail (config-formats.md §5): `smtphost host[/port]` (or `smtp`, a list tried in turn) is where fetchmail
// DELIVERS the mail it retrieved by POP3/IMAP, usually the local MTA: an inbound delivery target, not a relay that
// sends mail out. The Finding shape has no direction field, so each finding says so in its first note. fetchmail
// speaks plain SMTP/LMTP there (no STARTTLS); `esmtpname`/`esmtppassword` log in to it. `mda` or `bsmtp` replace
// SMTP delivery altogether. `password` belongs to the POP/IMAP account, not to SMTP: it is registered as a
// secret all the same, and never written out.
import type { Finding } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { parsePort, secretState, splitLines } from '../../values.js';
import { entries, type Block, type Entry, type Token } from './statements.js';

const detector = { id: 'fetchmail', system: 'fetchmail' };

/** A hand-written file has a few mailboxes: more delivery targets than this is not a configuration. */
const MAX_FINDINGS = 256;
const SECRET_OPTIONS = ['pass', 'password', 'esmtppassword'];
const SECRET_IN_TEXT = /(\b(?:esmtppassword|password|pass)\s+)("[^"]*"?|'[^']*'?|[^\s,;:#]+)/gi;

interface Context { entry: Entry; block: Block; defaults: Block | null; lines: string[] }

/** An option of the user block, else of the entry's server part, else of the last `defaults` before it. */
function option(c: Context, key: string): Token[] | undefined {
  return c.block.options.get(key) ?? c.entry.blocks[0].options.get(key) ?? c.defaults?.options.get(key);
}

function evidenceAt(c: Context, line: number, secrets: Token[]): string {
  let text = (c.lines[line - 1] ?? '').trim().slice(0, 300);
  for (const s of secrets) if (s.line === line && s.text) text = text.split(s.text).join('***');
  return text.replace(SECRET_IN_TEXT, '$1***');
}

function draftOf(c: Context, target: Token, index: number, secrets: Token[], ctx: ExtractContext): FindingDraft {
  const socket = target.value.startsWith('/');
  const [address, portText] = socket ? [null, undefined] : target.value.split('/');
  const host = address?.replace(/^\[(.*)\]$/, '$1') ?? null;
  const lmtp = option(c, 'lmtp') !== undefined;
  const port = portText && /^\d+$/.test(portText) ? parsePort(portText) : null;
  const server = c.entry.server?.value;
  const protocol = option(c, 'proto')?.[0]?.value ?? option(c, 'protocol')?.[0]?.value;
  const notes = [`delivery target (inbound): fetchmail hands the mail it retrieves${server ? ` from ${server.slice(0, 80)}` : ''}${protocol ? ` (${protocol.slice(0, 10)})` : ''}${c.block.user ? ` for ${c.block.user.value.slice(0, 60)}` : ''} to this ${lmtp ? 'LMTP' : 'SMTP'} listener; it is not a relay that sends mail out`];
  if (socket) notes.push(`LMTP socket ${target.value.slice(0, 80)}: a local delivery agent`);
  if (portText !== undefined && port === null) notes.push(`port ${portText.slice(0, 20)} is not a number: fetchmail uses 25`);
  if (lmtp && port === null && !socket) notes.push('lmtp without a port: fetchmail refuses it');
  notes.push(`fetchmail speaks plain ${lmtp ? 'LMTP' : 'SMTP'} to it (no STARTTLS)`);
  if (index > 0) notes.push('tried when the ones before it fail');
  const name = option(c, 'smtpname')?.[0]?.value;
  if (name) notes.push(`RCPT TO ${name.slice(0, 80)} (smtpname)`);
  const mda = option(c, 'mda') ?? option(c, 'bsmtp');
  if (mda?.[0]) notes.push(`${option(c, 'mda') ? 'mda' : 'bsmtp'} ${mda[0].value.slice(0, 60)} delivers instead: smtphost is not used`);
  const user = option(c, 'esmtpname')?.[0];
  const password = option(c, 'esmtppassword')?.[0];
  const secret = secretState(password?.value, (v) => ctx.secret(v));
  const inactive = c.entry.commented ? 'commented' : c.entry.kind === 'skip' ? 'disabled' : mda?.[0] ? 'overridden' : undefined;
  if (c.entry.kind === 'skip') notes.push('skip: polled only when named on the command line');
  if (c.entry.kind === 'defaults') notes.push('defaults: every later entry without an smtphost of its own delivers here');
  return {
    line: target.line, key: `${target.line}:${index}`,
    host, port: socket ? null : port ?? 25, security: 'none', ...(socket ? { endpointKind: 'local' as const } : {}),
    auth: user || password ? { method: 'password', username: user?.value ?? null, secret: secret.secret } : { method: 'none', username: null, secret: 'absent' },
    secretRef: secret.ref, from: null, active: !inactive, inactiveReason: inactive,
    evidence: evidenceAt(c, target.line, secrets), role: 'client', notes,
    locations: Object.fromEntries(Object.entries({
      host: host ? at(target.line, host) : undefined, port: port ? at(target.line, port) : undefined, username: user ? at(user.line, user.value) : undefined,
    }).filter(([, v]) => v)),
  };
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const lines = splitLines(content);
  const { entries: all, truncatedAt } = entries(lines);
  if (truncatedAt) ctx.warn('too-large', 'an entry with too many words: the rest of it is not read', truncatedAt);
  // passwords of the POP/IMAP accounts too: not SMTP credentials, still secrets
  const secrets = all.flatMap((e) => e.blocks.flatMap((b) => SECRET_OPTIONS.flatMap((k) => b.options.get(k) ?? [])));
  for (const s of secrets) secretState(s.value, (v) => ctx.secret(v));
  const exampleFile = ctx.exampleFile;
  const findings: Finding[] = [];
  let defaults: Block | null = null;
  for (const entry of all) {
    if (entry.kind === 'defaults' && !entry.commented) defaults = entry.blocks.at(-1)!;
    if (entry.kind === 'set') continue;
    for (const block of entry.blocks) {
      const targets = block.options.get('smtphost') ?? [];
      for (const [index, target] of targets.entries()) {
        if (findings.length === MAX_FINDINGS) {
          ctx.warn('too-large', `more than ${MAX_FINDINGS} delivery targets; the rest is not read`, target.line);
          return findings;
        }
        const c = { entry, block, defaults: entry.kind === 'defaults' ? null : defaults, lines };
        findings.push(createFinding(detector, { path, exampleFile }, draftOf(c, target, index, secrets, ctx)));
      }
    }
  }
  return findings.length ? findings : null;
}
