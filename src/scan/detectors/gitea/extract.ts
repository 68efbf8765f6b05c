// Gitea / Forgejo / Gogs: the [mailer] section of app.ini (config-formats.md §4.5). Gitea 1.18+ says PROTOCOL
// (smtp = plain, smtps = implicit TLS, smtp+starttls = STARTTLS required) with SMTP_ADDR/SMTP_PORT; older Gitea and
// Gogs say HOST = host:port and use STARTTLS when offered (implicit TLS on 465 or with IS_TLS_ENABLED).
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, parseBool, parseHostPort, parsePort, secretState, splitLines, valueReference } from '../../values.js';

const detector = { id: 'gitea', system: 'Gitea' };

interface Value { value: string; line: number; text: string }
type Section = Map<string, Value>;
interface Entry { key: string; line: number; commented: boolean; text: string }

/**
 * The `[mailer]` lines of app.ini, `;KEY = value` ones included (the shipped example comments the whole section).
 * Hand-written rather than iniEntries(): go-ini has no indentation continuation, and a backslash one is not used here.
 */
function mailerEntries(content: string): Entry[] {
  const entries: Entry[] = [];
  let live = false;
  let commentedHeader = false;
  splitLines(content).forEach((raw, i) => {
    const header = /^\s*(?:([;#]+)\s*)?\[([^\]]*)\]/.exec(raw);
    if (header) {
      const mailer = header[2].trim().toLowerCase() === 'mailer';
      if (header[1]) commentedHeader = mailer;
      else { live = mailer; commentedHeader = false; }
      return;
    }
    if (!live && !commentedHeader) return;
    const m = /^\s*([;#]+\s*)?([A-Za-z_][\w.]*)\s*=/.exec(raw);
    if (!m || (!live && !m[1])) return;
    entries.push({ key: m[2], line: i + 1, commented: Boolean(m[1]), text: raw.trim().slice(0, 300) });
  });
  return entries;
}

/** go-ini values: `` `…` `` and `"""…"""` keep `#`/`;`; otherwise the first `#` or `;` starts a comment, then surrounding quotes go. */
function iniValue(text: string): string {
  const v = text.replace(/^\s*[;#]+\s*/, '').replace(/^[^=]*=\s*/, '');
  const raw = /^(?:"""([\s\S]*?)"""|`([^`]*)`)/.exec(v);
  if (raw) return raw[1] ?? raw[2];
  const bare = v.replace(/[#;].*$/, '').trim();
  return /^(["']).*\1$/.test(bare) ? bare.slice(1, -1) : bare;
}

function section(entries: Entry[], commented: boolean): Section {
  const s: Section = new Map();
  for (const e of entries) if (e.commented === commented) s.set(e.key.toUpperCase(), { value: iniValue(e.text), line: e.line, text: e.text });
  return s;
}

interface Reading { protocol: string; security: Security; port: number; notes: string[] }

/** Gitea 1.18+: the protocol, or the one it infers from the port. */
function modern(s: Section, port: number | null): Reading {
  const notes: string[] = [];
  let protocol = (s.get('PROTOCOL')?.value ?? '').toLowerCase();
  if (!protocol) {
    protocol = port === 25 ? 'smtp' : port === 587 ? 'smtp+starttls' : 'smtps';
    notes.push(`PROTOCOL not set: Gitea infers ${protocol} from SMTP_PORT${port === null ? ' (none set)' : ` ${port}`}`);
  }
  const fallback = protocol === 'smtps' ? 465 : protocol === 'smtp+starttls' ? 587 : 25;
  const security: Security = protocol === 'smtps' ? 'tls' : protocol === 'smtp+starttls' ? 'starttls' : protocol === 'smtp' ? 'none' : 'unknown';
  if (protocol === 'smtp') notes.push('PROTOCOL = smtp: plain text, Gitea does not try STARTTLS');
  return { protocol, security, port: port ?? fallback, notes };
}

/** Gitea < 1.18 and Gogs: HOST = host:port, MAILER_TYPE, IS_TLS_ENABLED. */
function legacy(s: Section, port: number | null): Reading {
  const protocol = (s.get('MAILER_TYPE')?.value || 'smtp').toLowerCase();
  const p = port ?? 25;
  if (p === 465 || parseBool(s.get('IS_TLS_ENABLED')?.value)) return { protocol, security: 'tls', port: p, notes: [] };
  return { protocol, security: 'starttls', port: p, notes: ['legacy HOST setting: STARTTLS when the server offers it, plaintext otherwise'] };
}

function build(s: Section, commented: boolean, path: string, ctx: ExtractContext): Finding | null {
  const addr = s.get('SMTP_ADDR');
  const legacyHost = s.get('HOST');
  const hostValue = addr ?? legacyHost;
  const protocolWord = (s.get('PROTOCOL')?.value ?? s.get('MAILER_TYPE')?.value ?? '').toLowerCase();
  if (commented && !hostValue?.value) return null;
  if (!hostValue?.value && !/^(sendmail|dummy)$/.test(protocolWord)) return null;
  const split = addr ? { host: addr.value, port: parsePort(s.get('SMTP_PORT')?.value) } : parseHostPort(legacyHost?.value ?? '');
  const reading = addr || s.has('PROTOCOL') || !legacyHost ? modern(s, split.port) : legacy(s, split.port);
  const notes = [...reading.notes];
  const enabled = parseBool(s.get('ENABLED')?.value) === true;
  const hostRef = split.host ? valueReference(split.host) : null;
  const local = reading.protocol === 'sendmail' || reading.protocol === 'smtp+unix';
  const user = s.get('USER')?.value || null;
  const userRef = user ? valueReference(user) : null;
  const secret = secretState(s.get('PASSWD')?.value, (v) => ctx.secret(v));
  const from = s.get('FROM');
  if (userRef) notes.push(`USER comes from ${userRef}`);
  const draft: FindingDraft = {
    line: hostValue?.line ?? s.get('PROTOCOL')?.line ?? s.get('MAILER_TYPE')?.line ?? s.get('ENABLED')?.line ?? null,
    key: commented ? `commented:${hostValue?.line}` : 'mailer',
    host: local || hostRef ? null : split.host || null,
    port: local ? null : reading.port,
    security: local ? 'unknown' : reading.security,
    auth: { method: user ? 'password' : 'none', username: userRef ? null : user, secret: secret.secret },
    secretRef: secret.ref,
    from: emailIn(from?.value),
    // Only the host goes to valueSources: the env pass keeps a finding inactive while any env source is undefined.
    valueSources: hostRef ? { host: hostRef } : undefined,
    evidence: `[mailer] ${hostValue?.text ?? s.get('PROTOCOL')?.text ?? s.get('MAILER_TYPE')?.text ?? 'ENABLED'}`,
    locations: Object.fromEntries(Object.entries({
      host: hostValue && split.host && !hostRef && !local ? at(hostValue.line, split.host) : undefined,
      port: addr ? (s.get('SMTP_PORT') ? at(s.get('SMTP_PORT')!.line, s.get('SMTP_PORT')!.value) : undefined) : split.port ? at(legacyHost!.line, split.port) : undefined,
      security: s.get('PROTOCOL') ? at(s.get('PROTOCOL')!.line, s.get('PROTOCOL')!.value) : undefined,
      username: user && !userRef ? at(s.get('USER')!.line, user) : undefined,
      from: from && emailIn(from.value) ? at(from.line, emailIn(from.value)) : undefined,
    }).filter(([, v]) => v)),
    notes,
    role: 'app',
  };
  if (local) { draft.endpointKind = 'local'; notes.push(`PROTOCOL = ${reading.protocol}: the local MTA sends (${s.get('SENDMAIL_PATH')?.value || 'sendmail'}): see its own finding`); }
  if (reading.protocol === 'dummy') { Object.assign(draft, { active: false, inactiveReason: 'disabled' }); notes.push('PROTOCOL = dummy: mail is only logged'); }
  else if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  else if (!enabled) { Object.assign(draft, { active: false, inactiveReason: 'disabled' }); notes.push('[mailer] ENABLED is not true: Gitea sends no mail'); }
  else if (hostRef) Object.assign(draft, { active: false, inactiveReason: 'unresolved' });
  return createFinding(detector, { path, exampleFile: ctx.exampleFile }, draft);
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const entries = mailerEntries(content);
  if (!entries.length) return null;
  for (const e of entries) if (e.key.toUpperCase() === 'PASSWD') secretState(iniValue(e.text), (v) => ctx.secret(v));
  const findings: Finding[] = [];
  const live = build(section(entries, false), false, path, ctx);
  if (live) findings.push(live);
  // Commented-out settings (the shipped `;SMTP_ADDR =` lines, or an old relay kept for rollback): one per host.
  const commented = entries.filter((e) => e.commented);
  let run: Entry[] = [];
  const flush = () => { const f = run.length ? build(section(run, true), true, path, ctx) : null; if (f) findings.push(f); run = []; };
  for (const e of commented) {
    if (/^(SMTP_ADDR|HOST)$/i.test(e.key) && run.some((r) => /^(SMTP_ADDR|HOST)$/i.test(r.key))) flush();
    run.push(e);
  }
  flush();
  return findings.length ? findings : null;
}
