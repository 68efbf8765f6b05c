// Keycloak realm exports (`kc.sh export`, admin-console partial export, keycloak-config-cli input): each realm's
// `"smtpServer": { host, port, ssl, starttls, auth, user, password, from, … }` (string-typed booleans). Exports
// can be tens of megabytes of users and clients: only the smtpServer objects are sliced out and read.
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { closingBracket, emailIn, jsonScalars, lineIndex, parseBool, parsePort, secretState, valueReference, type JsonScalar } from '../../values.js';

const detector = { id: 'keycloak', system: 'Keycloak' };
const MAX_SERVERS = 200;

/** `${SMTP_HOST}`, `${env.SMTP_HOST}` (Keycloak import), `$(env:SMTP_HOST)` (keycloak-config-cli). */
function reference(raw: string): string | null {
  const v = raw.trim();
  const kc = /^\$\{env\.(\w+)(?::[^}]*)?\}$/.exec(v) ?? /^\$\((?:env:)?(\w+)(?::-?[^)]*)?\)$/.exec(v);
  return kc ? `env:${kc[1]}` : valueReference(v);
}

/** The realm name in force at increasing offsets (`"realm" : "contoso"` sits near the top of each realm object). */
function realmTracker(content: string): (offset: number) => string | null {
  const re = /"realm"\s*:\s*"([^"\\]{1,200})"/g;
  let name: string | null = null;
  let next = re.exec(content);
  return (offset) => {
    while (next && next.index < offset) { name = next[1]; next = re.exec(content); }
    return name;
  };
}

function securityOf(get: (key: string) => string, port: number | null, notes: string[]): Security {
  if (parseBool(get('ssl'))) return 'tls';
  if (parseBool(get('starttls'))) return 'starttls';
  if (port === 465) notes.push('port 465 without "ssl": "true": the server expects implicit TLS');
  return 'none';
}

function build(server: Map<string, JsonScalar>, realm: string | null, key: string, path: string, ctx: ExtractContext): Finding | null {
  const get = (k: string) => { const v = server.get(k)?.value; return v === null || v === undefined ? '' : String(v); };
  const hostScalar = server.get('host');
  if (!hostScalar || !get('host').trim()) return null;
  const notes: string[] = realm ? [`realm ${realm}`] : [];
  const hostRef = reference(get('host'));
  const ssl = parseBool(get('ssl')) === true;
  const port = parsePort(get('port')) ?? (ssl ? 465 : 25);
  if (!server.get('port')) notes.push(`port not set: ${ssl ? '465 with ssl' : '25'}`);
  const security = securityOf(get, parsePort(get('port')), notes);
  const auth = parseBool(get('auth')) === true;
  const oauth = auth && get('authType').toLowerCase() === 'token';
  const user = auth ? get('user') || null : null;
  const userRef = user ? reference(user) : null;
  const register = (v: string) => ctx.secret(v);
  let secret = oauth ? secretState(get('authTokenClientSecret'), register) : auth ? secretState(get('password'), register) : { secret: 'absent' as const };
  if (auth && !oauth && /^\*{6,}$/.test(get('password'))) {
    secret = { secret: 'external', ref: `masked-export:keycloak${realm ? `/${realm}` : ''}/smtpServer.password` };
    notes.push("password masked in this export: the real one is in Keycloak's database");
  }
  if (oauth) notes.push(`XOAUTH2 with client ${get('authTokenClientId') || '(not set)'} at ${get('authTokenUrl') || '(no token URL)'}`);
  const fromRaw = get('from');
  const fromRef = fromRaw ? reference(fromRaw) : null;
  const from = fromRef ? null : emailIn(fromRaw);
  if (userRef) notes.push(`user comes from ${userRef}`);
  if (fromRef) notes.push(`from comes from ${fromRef}`);
  const draft: FindingDraft = {
    line: hostScalar.line, key,
    host: hostRef ? null : get('host').trim(), port, security,
    auth: { method: oauth ? 'oauth2' : auth ? 'password' : 'none', username: userRef ? null : user, secret: secret.secret },
    secretRef: 'ref' in secret ? secret.ref : undefined,
    from,
    // Only the host goes to valueSources: the env pass keeps a finding inactive while any env source is undefined.
    valueSources: hostRef ? { host: hostRef } : undefined,
    evidence: `"smtpServer": { "host": "${hostScalar.text}" }${realm ? ` (realm ${realm})` : ''}`,
    locations: Object.fromEntries(Object.entries({
      host: hostRef ? undefined : at(hostScalar.line, hostScalar.text),
      port: server.get('port') ? at(server.get('port')!.line, server.get('port')!.text) : undefined,
      username: user && !userRef ? at(server.get('user')!.line, user) : undefined,
      from: from ? at(server.get('from')!.line, server.get('from')!.text) : undefined,
    }).filter(([, v]) => v)),
    notes, role: 'app',
  };
  if (hostRef) Object.assign(draft, { active: false, inactiveReason: 'unresolved' });
  return createFinding(detector, { path, exampleFile: ctx.exampleFile }, draft);
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const findings: Finding[] = [];
  const lineOf = lineIndex(content);
  const realmAt = realmTracker(content);
  const re = /"smtpServer"\s*:\s*\{/g;
  for (let m = re.exec(content), n = 0; m && n < MAX_SERVERS; m = re.exec(content), n++) {
    const open = m.index + m[0].length - 1;
    const close = closingBracket(content, open, { limit: 20_000 });
    const slice = content.slice(open, close > open ? close : Math.min(content.length, open + 20_000));
    if (close < 0) ctx.warn('truncated', 'smtpServer object not closed', lineOf(m.index));
    const base = lineOf(open) - 1;
    const server = new Map<string, JsonScalar>();
    for (const s of jsonScalars(slice, 4).scalars) if (s.path.length === 1) server.set(s.path[0], { ...s, line: s.line + base });
    // Secrets of a server with auth off are registered too: nothing may echo them.
    for (const k of ['password', 'authTokenClientSecret']) secretState(String(server.get(k)?.value ?? ''), (v) => ctx.secret(v));
    const realm = realmAt(m.index);
    const finding = build(server, realm, realm ?? String(n), path, ctx);
    if (finding) findings.push(finding);
    if (close > open) re.lastIndex = close;
  }
  return findings.length ? findings : null;
}
