// mutt / neomutt (muttrc(5)): `set smtp_url = "smtp[s]://[user[:pass]@]host[:port]/"` (also inside account-hook
// and folder-hook strings), smtp_pass, smtp_authenticators / smtp_oauth_refresh_command, ssl_starttls,
// ssl_force_tls, from; or `set sendmail = "…"` (a local program, used when smtp_url is unset).
import type { AuthMethod, Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext } from '../../detector.js';
import { emailIn, envReference, isSecretPlaceholder, localMtaNotes, parsePort, splitLines, unquote } from '../../values.js';

const detector = { id: 'mutt', system: 'Mutt / NeoMutt' };

export interface Assignment { name: string; raw: string; value: string; line: number; commented: boolean; text: string }

const ASSIGN = /\b(smtp_url|smtp_pass|smtp_user|smtp_authenticators|smtp_oauth_refresh_command|from|sendmail|imap_user|my_\w+)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|[^\s;'"`]+)/g;
const FLAG = /\b(set|unset|toggle)\s+(no|inv)?(ssl_force_tls|ssl_starttls)\b(?:\s*=\s*(\w+))?/g;

/** Every assignment of the variables we need, live and commented (one leading `#` removed), in file order. */
export function assignments(content: string): { values: Assignment[]; flags: Map<string, { on: boolean; line: number }> } {
  const values: Assignment[] = [];
  const flags = new Map<string, { on: boolean; line: number }>();
  splitLines(content).forEach((raw, i) => {
    const comment = /^\s*#/.exec(raw);
    const body = comment ? raw.slice(comment[0].length) : raw;
    for (const m of body.matchAll(ASSIGN)) {
      values.push({ name: m[1], raw: m[2], value: unescape(m[2]), line: i + 1, commented: Boolean(comment), text: raw.trim().slice(0, 300) });
    }
    if (comment) return;
    for (const m of body.matchAll(FLAG)) {
      const on = m[1] === 'set' && !m[2] && (m[4] === undefined || /^(yes|true|1)$/i.test(m[4]));
      flags.set(m[3], { on: m[1] === 'toggle' ? !flags.get(m[3])?.on : on, line: i + 1 });
    }
  });
  return { values, flags };
}

function unescape(raw: string): string {
  if (raw.startsWith('"')) return raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined).replace(/\\(.)/g, '$1');
  return unquote(raw);
}

/** `$var` / `${var}` from the file's own settings (mutt also falls back to the environment). */
function expand(value: string, vars: Map<string, string>): { text: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const text = value.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => {
    const v = vars.get(name);
    if (v !== undefined) return v;
    unresolved.push(name);
    return whole;
  });
  return { text, unresolved };
}

interface MuttUrl { scheme: string; user: string | null; password: string | null; host: string; port: number | null; portText: string | null }

/** smtp[s]://[user[:pass]@]host[:port][/]; an unescaped `@` in the user name is allowed (the last `@` ends it). */
export function parseMuttUrl(url: string): MuttUrl | null {
  const m = /^(smtps?):\/\/(?:(.*)@)?(\[[^\]]+\]|[^:/@[\]]+)(?::(\d+))?\/?$/i.exec(url.trim());
  if (!m) return null;
  const userinfo = m[2] ?? null;
  const colon = userinfo?.indexOf(':') ?? -1;
  const decode = (s: string) => { try { return decodeURIComponent(s); } catch { return s; } };
  return {
    scheme: m[1].toLowerCase(),
    user: userinfo === null ? null : decode(colon === -1 ? userinfo : userinfo.slice(0, colon)),
    password: userinfo !== null && colon !== -1 ? decode(userinfo.slice(colon + 1)) : null,
    host: m[3].replace(/^\[|\]$/g, ''),
    port: parsePort(m[4]),
    portText: m[4] ?? null,
  };
}

function starttlsSecurity(flags: Map<string, { on: boolean; line: number }>): { security: Security; note: string | null } {
  const force = flags.get('ssl_force_tls');
  const starttls = flags.get('ssl_starttls');
  if (force?.on) return { security: 'starttls', note: null };
  if (starttls && !starttls.on) return { security: force ? 'none' : 'unknown', note: force ? null : 'ssl_starttls off: no TLS unless ssl_force_tls (default yes since mutt 2.0)' };
  if (force) return { security: 'starttls', note: 'ssl_force_tls off: STARTTLS only when offered (opportunistic)' };
  return { security: 'starttls', note: 'smtp://: STARTTLS required by default since mutt 2.0 (ssl_force_tls); opportunistic in mutt 1.x' };
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const { values, flags } = assignments(content);
  const vars = new Map<string, string>();
  for (const a of values) if (!a.commented && !a.raw.startsWith('`')) vars.set(a.name, a.value);
  const lastLive = (name: string) => values.filter((a) => a.name === name && !a.commented).at(-1);
  // every password, hooks and comments included: one line can hold several accounts
  const secrets = values.filter((a) => a.name === 'smtp_pass' && a.value && !a.raw.startsWith('`')).map((a) => a.value);
  for (const a of values.filter((x) => x.name === 'smtp_url')) { const p = parseMuttUrl(a.value)?.password; if (p) secrets.push(p); }
  for (const secret of secrets) if (!isSecretPlaceholder(secret)) ctx.secret(secret);
  const scrub = (text: string) => secrets.filter((x) => x.length >= 3).reduce((t, x) => t.split(x).join('***'), text);
  const from = lastLive('from');
  const fromAddress = from ? emailIn(expand(from.value, vars).text) : null;
  const mechanisms = lastLive('smtp_authenticators')?.value.toLowerCase() ?? '';
  const oauth = /oauthbearer|xoauth2/.test(mechanisms) || Boolean(lastLive('smtp_oauth_refresh_command'));
  const findings: Finding[] = [];
  for (const a of values.filter((x) => x.name === 'smtp_url' && x.value)) {
    // an account-hook sets smtp_url and smtp_pass together on one line
    const pass = values.find((x) => x.name === 'smtp_pass' && x.line === a.line) ?? (a.commented ? undefined : lastLive('smtp_pass'));
    const command = pass?.raw.startsWith('`') ? pass.raw.slice(1, -1) : null;
    const { text, unresolved } = expand(a.value, vars);
    const url = parseMuttUrl(text);
    const env = url ? envReference(url.host) : envReference(a.value);
    const tls = url?.scheme === 'smtps' ? { security: 'tls' as Security, note: null } : starttlsSecurity(flags);
    const user = url?.user ?? lastLive('smtp_user')?.value ?? null;
    const hasPassword = Boolean(url?.password) || (Boolean(pass) && !command);
    const method: AuthMethod = !user ? 'none' : oauth ? 'oauth2' : 'password';
    const notes = [
      ...(tls.note && url?.scheme !== 'smtps' ? [tls.note] : []),
      ...(unresolved.length ? [`unresolved variables: ${unresolved.join(', ')}`] : []),
      ...(!url && !env ? [`smtp_url not understood: ${a.value.slice(0, 80)}`] : []),
      ...(user && !hasPassword && !command && !oauth ? ['no password in the file: mutt asks for it'] : []),
    ];
    findings.push(createFinding(detector, ctx, {
      line: a.line,
      key: `smtp_url:${a.line}`,
      host: url && !env ? url.host : null,
      port: url ? url.port ?? (url.scheme === 'smtps' ? 465 : 25) : null,
      security: url ? tls.security : 'unknown',
      auth: {
        method,
        username: user,
        secret: !user ? 'absent' : oauth || command ? 'external' : hasPassword ? 'present' : 'absent',
      },
      secretRef: user && oauth ? 'smtp_oauth_refresh_command (OAuth token store)' : user && command ? `command:${command.slice(0, 120)}` : undefined,
      from: fromAddress,
      active: !a.commented && !env,
      inactiveReason: a.commented ? 'commented' : env ? 'unresolved' : undefined,
      valueSources: env ? { host: `env:${env.name}` } : undefined,
      evidence: scrub(a.text),
      locations: {
        host: url && a.text.includes(url.host) ? at(a.line, url.host) : undefined,
        port: url?.portText ? at(a.line, url.portText) : undefined,
        username: url?.user && a.text.includes(url.user) ? at(a.line, url.user) : undefined,
        from: from ? at(from.line, from.value) : undefined,
      },
      notes,
      role: 'client',
    }));
  }
  const sendmail = lastLive('sendmail');
  if (sendmail && !lastLive('smtp_url')) {
    findings.push(createFinding(detector, ctx, {
      line: sendmail.line, key: 'sendmail', host: null, endpointKind: 'local', security: 'unknown',
      auth: { method: 'none', username: null, secret: 'absent' }, from: fromAddress, evidence: scrub(sendmail.text),
      notes: localMtaNotes(sendmail.value), role: 'client',
    }));
  }
  return findings.length ? findings : null;
}
