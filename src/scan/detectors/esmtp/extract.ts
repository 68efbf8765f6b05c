// esmtp (esmtprc(5)): `keyword [=] value` lines, values bare or quoted with C escapes, `#` comments. The options
// before the first `identity` make the default identity; each `identity address` starts a block of its own that
// shares nothing with the default. `hostname` is `host[:service]`, and libESMTP's default service is 587.
import type { Finding, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext } from '../../detector.js';
import { emailIn, hostReference, locationsOf, parseHostPort, secretState, splitLines } from '../../values.js';

const detector = { id: 'esmtp', system: 'esmtp' };

/** More identities or servers than this is not a hand-written file: the rest is not read (hostile input). */
const MAX_IDENTITIES = 256;

const KEYS = new Set(['hostname', 'username', 'password', 'starttls', 'certificate_passphrase', 'preconnect', 'identity', 'default',
  'helo', 'qualifydomain', 'force sender', 'force reverse_path', 'mda', 'force_mda', 'message_id']);
const SECRET_KEYS = new Set(['password', 'certificate_passphrase']);
/** Service names esmtp resolves through /etc/services. */
const SERVICES: Record<string, number> = { smtp: 25, submission: 587, smtps: 465, ssmtp: 465, urd: 465 };
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

interface Setting {
  value: string;
  /** The value as written between its quotes, for locations. */
  written: string;
  line: number;
  /** The source line, for evidence; '<key> = ***' for a secret. */
  text: string;
  secret?: ReturnType<typeof secretState>;
}

interface Identity {
  address: Setting | null;
  commented: boolean;
  /** Used for senders without an identity of their own: the global options, an identity marked `default`, or else the first identity. */
  isDefault: boolean;
  settings: Map<string, Setting>;
  /** `#hostname = …` lines inside a live block: alternatives someone switched off. */
  commentedHosts: Setting[];
}

interface Entry { key: string; value: string; written: string; commented: boolean }

/** One option line, or null for prose, blank lines and unknown keywords. A commented line counts only with `=` or a quote. */
function parseLine(raw: string): Entry | null {
  const comment = /^\s*#+/.exec(raw);
  const body = (comment ? raw.slice(comment[0].length) : raw).trimStart();
  const m = /^(force[ \t]+sender|force[ \t]+reverse_path|[a-z_]+)(?=[\s="']|$)/i.exec(body);
  if (!m) return null;
  const key = m[1].toLowerCase().replace(/[ \t]+/, ' ');
  if (!KEYS.has(key)) return null;
  let rest = body.slice(m[0].length).trimStart();
  const equals = rest.startsWith('=');
  if (equals) rest = rest.slice(1).trimStart();
  if (comment && !equals && !/^["']/.test(rest)) return null;
  return { key, ...readValue(rest), commented: Boolean(comment) };
}

/** "quoted" or 'quoted' with C escapes (an unclosed quote runs to the end of the line), else one bare word. */
function readValue(rest: string): { value: string; written: string } {
  const quote = rest[0];
  if (quote !== '"' && quote !== "'") {
    const word = /^[^\s#]*/.exec(rest)![0];
    return { value: word, written: word };
  }
  const pieces: string[] = [];
  let from = 1;
  let i = 1;
  for (; i < rest.length && rest[i] !== quote; i++) {
    if (rest[i] !== '\\' || i + 1 === rest.length) continue;
    pieces.push(rest.slice(from, i), ESCAPES[rest[i + 1]] ?? rest[i + 1]);
    from = ++i + 1;
  }
  pieces.push(rest.slice(from, i));
  return { value: pieces.join(''), written: rest.slice(1, i) };
}

function identity(address: Setting | null, commented: boolean): Identity {
  return { address, commented, isDefault: false, settings: new Map(), commentedHosts: [] };
}

/** The default identity first, then every `identity` block, live or commented out. */
function identities(content: string, ctx: ExtractContext): Identity[] {
  const global = identity(null, false);
  const all = [global];
  let live = global;
  let commented: Identity | null = null;
  const lines = splitLines(content);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (!raw.trim()) { commented = null; continue; }
    const entry = parseLine(raw);
    if (!entry) continue;
    const { key } = entry;
    const setting: Setting = { value: entry.value, written: entry.written, line: i + 1, text: SECRET_KEYS.has(key) ? `${key} = ***` : raw.trim().slice(0, 300) };
    // commented passwords are registered too: an old one is still a secret; `password = "PASSWORD"` is documentation
    if (SECRET_KEYS.has(key) && entry.value.toLowerCase() === key) setting.secret = { secret: 'absent' };
    else if (SECRET_KEYS.has(key)) {
      setting.secret = secretState(entry.value, (v) => ctx.secret(v));
      if (entry.written !== entry.value) secretState(entry.written, (v) => ctx.secret(v));
    }
    if (key === 'identity') {
      if (all.length > MAX_IDENTITIES) {
        ctx.warn('too-large', `more than ${MAX_IDENTITIES} identities; the rest is not read`, i + 1);
        break;
      }
      const block = identity(setting, entry.commented);
      all.push(block);
      if (entry.commented) commented = block; else { live = block; commented = null; }
      continue;
    }
    if (!entry.commented) commented = null;
    const target = entry.commented ? commented : live;
    if (key === 'default') { if (target) target.isDefault = true; continue; }
    if (target) target.settings.set(key, setting);
    else if (key === 'hostname' && entry.value) live.commentedHosts.push(setting);
  }
  const marked = all.some((x) => x.isDefault && !x.commented);
  if (global.settings.has('hostname')) global.isDefault = !marked;
  else if (!marked) {
    const first = all.find((x) => x !== global && !x.commented);
    if (first) first.isDefault = true;
  }
  return all;
}

/** `host`, `host:port`, `host:service`; libESMTP's default is 587. */
function server(value: string): { host: string; port: number | null } {
  const service = /^([^:\s]+):([a-z][\w-]*)$/i.exec(value);
  if (service) return { host: service[1], port: SERVICES[service[2].toLowerCase()] ?? null };
  return parseHostPort(value);
}

function securityOf(starttls: Setting | undefined, port: number): { security: Security; notes: string[] } {
  const notes = port === 465 ? ['port 465 expects implicit TLS, which esmtp does not speak (STARTTLS only)'] : [];
  const mode = starttls?.value.toLowerCase() ?? '';
  if (mode === 'required') return { security: 'starttls', notes };
  if (mode === 'enabled') return { security: 'starttls', notes: [...notes, 'starttls = enabled: STARTTLS only when the server offers it (opportunistic)'] };
  if (mode === 'disabled') return { security: 'none', notes };
  if (!starttls) return { security: 'none', notes: [...notes, 'starttls not set: esmtp defaults to disabled (no TLS)'] };
  return { security: 'unknown', notes: [...notes, `starttls = ${starttls.value.slice(0, 40)}: not one of enabled, disabled, required`] };
}

/** An envelope or Sender address forced for every message (`force reverse_path`), unless it is per user (`%u`). */
function forcedFrom(settings: Map<string, Setting>): string | null {
  for (const key of ['force reverse_path', 'force sender']) {
    const value = settings.get(key)?.value;
    if (value && !value.includes('%')) return emailIn(value);
  }
  return null;
}

function toFinding(path: string, exampleFile: boolean, block: Identity, host: Setting, active: boolean): Finding {
  const { host: name, port: written } = server(host.value);
  const port = written ?? 587;
  const s = block.settings;
  const { security, notes } = securityOf(s.get('starttls'), port);
  if (written === null) notes.push(/:/.test(host.value) && !host.value.startsWith('[') ? `service ${host.value.split(':').pop()!.slice(0, 40)} not known: assuming 587` : 'no port: libESMTP uses 587');
  if (block.isDefault) notes.push(`${block.address ? 'also ' : ''}the default identity: used for senders without an identity of their own`);
  const preconnect = s.get('preconnect')?.value;
  if (preconnect) notes.push(`preconnect runs "${preconnect.slice(0, 80)}" first (a tunnel?): the real relay may sit behind it`);
  const user = s.get('username');
  const pass = s.get('password');
  const secret = pass?.secret ?? { secret: 'absent' as const };
  return createFinding(detector, { path, exampleFile }, {
    line: host.line,
    key: `${host.line}`,
    host: name,
    port,
    security,
    auth: user?.value ? { method: 'password', username: user.value, secret: secret.secret } : { method: 'none', username: null, secret: secret.secret },
    secretRef: secret.ref ?? (secret.secret === 'present' ? `inline:${path}:${pass!.line}` : undefined),
    from: block.address ? emailIn(block.address.value) ?? block.address.value : forcedFrom(s),
    active,
    ...(active ? hostReference(name) : {}),
    evidence: block.address ? `${block.address.text}: ${host.text}` : host.text,
    // no `from` location: the identity address is what selects the block, rewriting it would change the routing
    locations: locationsOf({ host: { line: host.line, value: host.written }, username: user ? { line: user.line, value: user.written } : null }),
    notes,
    role: 'script',
  });
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  // Debian ships `sample.esmtprc` among the docs: it shows how, it configures nothing
  const exampleFile = ctx.exampleFile || /(^|[\\/])sample\.esmtprc$/i.test(path);
  const findings: Finding[] = [];
  for (const block of identities(content, ctx)) {
    const host = block.settings.get('hostname');
    const servers = [...(host?.value ? [host] : []), ...block.commentedHosts];
    for (const server of servers) {
      if (findings.length === MAX_IDENTITIES) {
        ctx.warn('too-large', `more than ${MAX_IDENTITIES} servers; the rest is not read`, server.line);
        return findings;
      }
      findings.push(toFinding(path, exampleFile, block, server, server === host && !block.commented));
    }
  }
  return findings.length ? findings : null;
}
