// SOGo groupware: /etc/sogo/sogo.conf, a GNUstep property list. SOGoMailingMechanism (default sendmail) picks
// SMTP; SOGoSMTPServer is `host`, `host:port` or, since SOGo 5, `smtp://host:port/?tls=YES` (STARTTLS enforced)
// or `smtps://host` (implicit TLS); its default is smtp://localhost (SOGoDefaults.plist). SOGoSMTPAuthenticationType
// = PLAIN logs in with each user's own credentials; newer versions add an SMTP master user with a stored password.
// Each of these may also be set per domain (`domains = { acme.com = { … }; }`), over the top-level values.
import type { Finding, SecretState, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { commentedBlocks, liveSettings, locationsOf, parseBool, parseHostPort, parseSmtpUrl, secretState, type Assignment } from '../../values.js';
import { readPlist, type PlistEntry } from './plist.js';

const detector = { id: 'sogo', system: 'SOGo' };

const MECHANISM = 'SOGoMailingMechanism';
const SERVER = 'SOGoSMTPServer';
const PASSWORD = 'SOGoSMTPMasterUserPassword';
const KEYS = new Set([MECHANISM, SERVER, 'SOGoSMTPAuthenticationType', 'SOGoSMTPMasterUserEnabled', 'SOGoSMTPMasterUserUsername', PASSWORD,
  'SOGoForceExternalLoginWithEmail', 'WOSendMail']);

/** A hand-written file keeps a few old servers in comments: more is not a configuration. */
const MAX_COMMENTED = 100;

type Settings = Map<string, Assignment>;

interface Endpoint { host: string; port: number; portText: string | null; security: Security; placeholder: boolean; password: string | null }

/** SOGoSMTPServer in its three spellings; SOGo enforces STARTTLS only with `?tls=YES`. */
function endpointOf(raw: string, notes: string[]): Endpoint {
  const url = /^[a-z][\w+.-]*:\/\//i.test(raw) ? parseSmtpUrl(raw) : null;
  if (url) {
    const portText = /^[^:]+:\/\/(?:[^@/]*@)?(?:\[[^\]]*\]|[^:/?]*):([^/?]*)/.exec(raw)?.[1] ?? null;
    const implicit = url.scheme === 'smtps';
    const starttls = !implicit && parseBool(url.params.tls) === true;
    const port = url.port ?? (implicit ? 465 : 25);
    if (!implicit && !starttls) notes.push(port === 465 ? 'smtp:// to port 465: SOGo speaks plain SMTP there (smtps:// is implicit TLS)' : 'no ?tls=YES: SOGo does not enforce STARTTLS');
    return { host: url.host, port, portText, security: implicit ? 'tls' : starttls ? 'starttls' : 'none', placeholder: portText !== null && !/^\d+$/.test(portText), password: url.password };
  }
  const { host, port } = parseHostPort(raw);
  notes.push('plain host (no smtp:// URL): SOGo sends without TLS');
  return { host, port: port ?? 25, portText: port === null ? null : String(port), security: 'none', placeholder: false, password: null };
}

function authOf(settings: Settings, notes: string[]): Pick<FindingDraft, 'auth' | 'secretRef'> & { userEntry?: Assignment } {
  const master = settings.get('SOGoSMTPMasterUserEnabled');
  const type = settings.get('SOGoSMTPAuthenticationType')?.value ?? '';
  if (type && type.toUpperCase() !== 'PLAIN') notes.push(`SOGoSMTPAuthenticationType = ${type}: SOGo only supports PLAIN, other values make authentication fail`);
  if (master && parseBool(master.value) === true) {
    const user = settings.get('SOGoSMTPMasterUserUsername');
    const password = settings.get(PASSWORD);
    const secret: { secret: SecretState } = password ? secretState(password.value, () => undefined) : { secret: 'absent' };
    notes.push('SOGoSMTPMasterUserEnabled: SOGo logs in to the SMTP server as this master user');
    return { auth: { method: 'password', username: user?.value || null, secret: secret.secret }, userEntry: user };
  }
  if (type) {
    const email = parseBool(settings.get('SOGoForceExternalLoginWithEmail')?.value) === true;
    notes.push(`SOGoSMTPAuthenticationType = ${type}: each user logs in with their own ${email ? 'email address' : 'login'} and password`);
    return { auth: { method: 'password', username: null, secret: 'external' }, secretRef: 'per-user:sogo-login' };
  }
  return { auth: { method: 'none', username: null, secret: 'absent' } };
}

function build(settings: Settings, scope: string, commented: boolean, ctx: ExtractContext): Finding {
  const notes: string[] = [];
  const mechanism = settings.get(MECHANISM);
  const server = settings.get(SERVER);
  // A commented-out block that names a server meant SMTP, even without its mechanism line.
  const mode = (mechanism?.value ?? (commented ? 'smtp' : 'sendmail')).toLowerCase();
  if (!mechanism && !commented) notes.push("SOGoMailingMechanism not set: SOGo's default is sendmail");
  if (!server) notes.push("SOGoSMTPServer not set: SOGo's default is smtp://localhost");
  if (scope) notes.push(`per-domain setting (${scope}) over the top-level values`);
  const endpoint = endpointOf(server?.value ?? 'smtp://localhost', notes);
  const secrets = endpoint.password ? [endpoint.password] : [];
  const { userEntry, ...auth } = authOf(settings, notes);
  const draft: FindingDraft = {
    line: server?.line ?? mechanism?.line ?? null,
    key: `${scope}:${commented ? 'c' : 'l'}`,
    host: endpoint.host,
    port: endpoint.port,
    security: endpoint.security,
    ...auth,
    from: null,
    evidence: server?.text ?? mechanism?.text ?? '',
    locations: locationsOf({
      host: server && endpoint.host ? { line: server.line, value: endpoint.host } : null,
      port: server && endpoint.portText && !endpoint.placeholder ? { line: server.line, value: endpoint.portText } : null,
      username: userEntry && auth.auth?.username ? { line: userEntry.line, value: userEntry.value } : null,
    }),
    notes,
    role: 'app',
  };
  if (commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  else if (mode !== 'smtp') {
    const program = settings.get('WOSendMail')?.value || '/usr/lib/sendmail';
    notes.push(`SOGoMailingMechanism = ${mode}: SOGo hands mail to ${program} (the local MTA, see its own finding); SOGoSMTPServer is not used`);
    Object.assign(draft, { active: false, inactiveReason: 'not-smtp' }, server ? {} : { host: null, port: null, endpointKind: 'local' });
  } else if (endpoint.placeholder) Object.assign(draft, { active: false, inactiveReason: 'placeholder' });
  return createFinding(detector, { ...ctx, secrets }, draft);
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const read = readPlist(content, (key) => KEYS.has(key));
  if (read.problem) ctx.warn('parse-error', read.problem.message, read.problem.line);
  if (read.tooDeep) ctx.warn('too-deep', 'dictionaries nested too deep: the deepest ones are not read');
  const entries = read.entries;
  // Every master password and URL password is a secret, live, commented out or unused.
  for (const e of entries) {
    if (e.key === PASSWORD) secretState(e.value, (v) => ctx.secret(v));
    if (e.key === SERVER) secretState(parseSmtpUrl(e.value)?.password, (v) => ctx.secret(v));
  }
  const findings: Finding[] = [];
  const live = entries.filter((e) => !e.commented);
  const top = liveSettings(live.filter((e) => e.scope === ''));
  for (const scope of new Set(live.map((e) => e.scope))) {
    const own = scope === '' ? top : liveSettings(live.filter((e) => e.scope === scope));
    if (!own.has(SERVER) && !own.has(MECHANISM)) continue;
    findings.push(build(scope === '' ? own : new Map([...top, ...own]), scope, false, ctx));
  }
  const blocks = commentedBlocks(entries, (k) => k === SERVER);
  if (blocks.length > MAX_COMMENTED) ctx.warn('too-large', `${blocks.length} commented-out SMTP servers; reporting the first ${MAX_COMMENTED}`);
  for (const block of blocks.slice(0, MAX_COMMENTED)) {
    const scope = (block.get(SERVER) as PlistEntry).scope;
    findings.push(build(block, scope, true, ctx));
  }
  return findings.length ? findings : null;
}
