// Sentry (self-hosted): `mail.*` options in sentry/config.yml (`mail.backend: 'smtp'`, `mail.host`, `mail.port`,
// `mail.username`, `mail.password`, `mail.use-tls` = STARTTLS, `mail.use-ssl` = implicit TLS, `mail.from`) and the
// same options set in sentry.conf.py (`SENTRY_OPTIONS['mail.host'] = …`) (config-formats.md §3.6). Defaults from
// sentry/options/defaults.py: backend smtp, host 127.0.0.1, port 25, neither TLS option; options the files do not set
// may still be set in the web UI.
import type { Finding, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { canonicalName } from '../../match.js';
import { commentedBlocks, commentedYamlLines, emailIn, flattenYamlBounded, hostReference, liveSettings, locationsOf, parseBool, parsePort, secretState, splitLines, valueReference, type Assignment } from '../../values.js';
import { pyAssignments, resolvePy, stripComment } from '../python-smtplib/python.js';

const detector = { id: 'sentry', system: 'Sentry' };
const MAX_COMMENTED = 100;
/** Options that say how mail goes out: a file setting only mail.from or mail.list-namespace reports nothing. */
const SERVER_KEYS = ['mail.backend', 'mail.host', 'mail.port', 'mail.username', 'mail.password', 'mail.use-tls', 'mail.use-ssl'];

interface Option extends Assignment {
  /** An expression the text cannot evaluate (a call, a formatted string). */
  computed: boolean;
  /** The value as written (an unclosed quote is still a password). */
  raw: string;
  /** The line the literal sits on when the option names a variable (`SENTRY_OPTIONS['mail.host'] = RELAY`). */
  origin?: number;
}
type Options = Map<string, Option>;

/** `SENTRY_OPTIONS['mail.host'] = …` statements and `'mail.host': …` entries of an options dict, commented or not. */
const PY_OPTION = /^(\s*#\s*)?\s*(?:SENTRY_OPTIONS\s*\[\s*)?(['"])(mail\.[\w-]+)\2\s*(?:\]\s*=(?!=)|:)\s*(.+)$/;

function pythonOptions(content: string): Option[] {
  const names = liveSettings(pyAssignments(content));
  const out: Option[] = [];
  splitLines(content).forEach((raw, i) => {
    if (raw.length > 10_000 || !raw.includes('mail.')) return;
    const m = PY_OPTION.exec(raw);
    if (!m) return;
    const expr = stripComment(m[4]).trim().replace(/,$/, '');
    const r = resolvePy(expr, m[1] ? new Map() : names);
    const value = r.kind === 'literal' ? String(r.value) : r.kind === 'env' ? `\${${r.env}}` : '';
    const text = m[3] === 'mail.password' ? `SENTRY_OPTIONS['mail.password'] = '***'` : raw.trim().slice(0, 300);
    out.push({ key: m[3], value, line: i + 1, commented: Boolean(m[1]), text, computed: r.kind === 'unknown', raw: expr, origin: r.origin?.line });
  });
  return out;
}

function yamlOptions(content: string, ctx: ExtractContext): Option[] {
  const flat = flattenYamlBounded(content);
  for (const e of flat.errors.slice(0, 3)) ctx.warn('parse-error', `YAML: ${e.message}`, e.line ?? undefined);
  if (flat.tooDeep) ctx.warn('too-deep', 'YAML nested too deeply; deeper settings were not read');
  const out: Option[] = [];
  for (const e of flat.entries) {
    // `mail.host: x` as Sentry writes it, or `mail: {host: x}` as a YAML tree: the same option.
    const key = e.path.join('.');
    if (!key.startsWith('mail.')) continue;
    const text = key === 'mail.password' ? "mail.password: '***'" : `${key}: ${e.text}`;
    const value = e.value === null ? '' : String(e.value);
    out.push({ key, value, line: e.line, commented: false, text, computed: false, raw: e.text });
  }
  for (const a of commentedYamlLines(content)) {
    if (a.key.startsWith('mail.')) out.push({ ...a, text: a.key === 'mail.password' ? "# mail.password: '***'" : a.text, computed: false, raw: a.value });
  }
  return out;
}

/** Django's SMTP backend: use-ssl = implicit TLS, use-tls = STARTTLS, neither = plain SMTP (no opportunistic STARTTLS). */
function securityOf(s: Options, port: number | null, notes: string[]): Security {
  const ssl = s.get('mail.use-ssl');
  const tls = s.get('mail.use-tls');
  if (parseBool(ssl?.value) === true) return 'tls';
  if (parseBool(tls?.value) === true) return 'starttls';
  if (hostReference(ssl?.value) || hostReference(tls?.value)) {
    notes.push('mail.use-tls / mail.use-ssl come from the environment: TLS is decided at run time');
    return 'unknown';
  }
  if (port === 465) notes.push('port 465 without mail.use-ssl: Sentry speaks plain SMTP to a port that expects implicit TLS');
  return 'none';
}

/** The backend in force; a conf.py may set it in both branches of an `if` (smtp when configured, dummy otherwise). */
function backendOf(s: Options, all: Option[], notes: string[]): string {
  const set = [...new Set(all.filter((o) => !o.commented && o.key === 'mail.backend').map((o) => o.value.toLowerCase()))];
  if (set.length > 1) {
    notes.push(`mail.backend is set more than once (${set.join(', ')}): which one applies depends on the environment`);
    if (set.some(isSmtp)) return 'smtp';
  }
  return (s.get('mail.backend')?.value || 'smtp').toLowerCase();
}

function isSmtp(backend: string): boolean {
  return backend === 'smtp' || /smtp\.emailbackend$/i.test(backend);
}

/** Where a literal value sits, for patching; references and expressions have no place to rewrite. */
function located(o: Option | undefined): { line: number; value: string } | null {
  return o && !o.computed && !valueReference(o.value) ? { line: o.origin ?? o.line, value: o.value } : null;
}

/** A value written as a reference (`${SENTRY_EMAIL_USER}`): kept out of the finding, named in valueSources. */
function literalOrSource(o: Option | undefined, field: string, sources: Record<string, string>): string | null {
  const ref = o ? valueReference(o.value) : null;
  if (ref) sources[field] = ref;
  return ref ? null : o?.value || null;
}

function build(s: Options, all: Option[], commented: boolean, path: string, ctx: ExtractContext): Finding {
  const notes: string[] = [];
  const hostEntry = s.get('mail.host');
  const host = hostEntry ? hostEntry.value : '127.0.0.1';
  if (!hostEntry && !commented) notes.push("mail.host not set here: Sentry's default 127.0.0.1 applies unless the web UI sets another");
  if (host === 'smtp') notes.push("host 'smtp': self-hosted Sentry's bundled SMTP container (Exim), which delivers directly or through its own relay");
  const sources: Record<string, string> = {};
  const portEntry = s.get('mail.port');
  const portText = literalOrSource(portEntry, 'port', sources);
  const port = parsePort(portText) ?? (sources.port ? null : 25);
  const security = securityOf(s, port, notes);
  const username = literalOrSource(s.get('mail.username'), 'username', sources);
  const password = secretState(s.get('mail.password')?.value, () => undefined);
  const backend = commented ? 'smtp' : backendOf(s, all, notes);
  const first = hostEntry ?? s.get('mail.backend') ?? [...s.values()][0];
  const draft: FindingDraft = {
    line: first?.line ?? null,
    key: `${first?.line}:${commented ? 'c' : 'l'}`,
    host: host || null,
    port,
    security,
    auth: { method: username || sources.username || password.secret !== 'absent' ? 'password' : 'none', username, secret: password.secret },
    secretRef: password.ref,
    from: emailIn(s.get('mail.from')?.value),
    evidence: first?.text ?? '',
    valueSources: sources,
    locations: locationsOf({ host: located(hostEntry), port: located(portEntry), username: located(s.get('mail.username')), from: located(s.get('mail.from')) }),
    notes,
    role: 'app',
  };
  const ref = hostReference(hostEntry?.value);
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  else if (!isSmtp(backend)) {
    notes.push(`mail.backend = ${backend}: Sentry sends no mail over SMTP${backend === 'dummy' ? ' (mail is dropped)' : ''}`);
    Object.assign(draft, { active: false, inactiveReason: 'not-smtp' });
  } else if (ref) Object.assign(draft, { ...ref, valueSources: { ...sources, ...ref.valueSources } });
  else if (hostEntry?.computed) Object.assign(draft, { active: false, inactiveReason: 'unresolved', host: null, valueSources: { host: `code:${hostEntry.text.slice(0, 80)}` } });
  else if (hostEntry && !hostEntry.value) Object.assign(draft, { active: false, inactiveReason: 'placeholder', host: null });
  return createFinding(detector, { path, exampleFile: ctx.exampleFile }, draft);
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const options = /\.py$/i.test(canonicalName(path)) ? pythonOptions(content) : yamlOptions(content, ctx);
  // Every password in the file is a secret, live or commented out.
  for (const o of options) {
    if (o.key !== 'mail.password') continue;
    // A broken file's unclosed quote runs over the next lines: the text on its own line is the password as written.
    const written = o.raw.split('\n')[0].replace(/^\s*['"]|['"]?\s*$/g, '');
    for (const piece of new Set(o.computed ? [written] : [o.value, written])) secretState(piece, (v) => ctx.secret(v));
  }
  const findings: Finding[] = [];
  const live = liveSettings(options) as Options;
  if (SERVER_KEYS.some((k) => live.has(k))) findings.push(build(live, options, false, path, ctx));
  const blocks = commentedBlocks(options, (k) => k === 'mail.host') as Options[];
  if (blocks.length > MAX_COMMENTED) ctx.warn('too-large', `${blocks.length} commented-out mail.host settings; reporting the first ${MAX_COMMENTED}`);
  for (const block of blocks.slice(0, MAX_COMMENTED)) findings.push(build(block, options, true, path, ctx));
  return findings.length ? findings : null;
}
