// Sendmail: SMART_HOST / nullclient / msp in .mc, DS in .cf, mailertable routes; the port from the mailer's
// *_MAILER_ARGS, usernames from AuthInfo lines of authinfo/access (their passwords only registered as secrets).
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type SourceFile } from '../../detector.js';
import { canonicalName } from '../../match.js';
import { groupFiles } from '../../values.js';
import { authFor, parseAuthMaps, type AuthEntry, type AuthMaps } from './authinfo.js';
import { parseCf, parseMailertable, parseMc, type McFacts, type Route } from './mc.js';

const detector = { id: 'sendmail', system: 'Sendmail' };

function factsOf(file: SourceFile): McFacts | null {
  const name = canonicalName(file.path);
  if (name.endsWith('.mc') || /\/peers\/[^/]+$/.test(file.path.replace(/\\/g, '/'))) return parseMc(file.content);
  if (name.endsWith('.cf')) return parseCf(file.content);
  return null;
}

export function extractAll(files: SourceFile[], contextOf: (path: string) => ExtractContext): Finding[] {
  // Each folder (/etc/mail of one machine) is one installation: credentials never cross folders.
  return groupFiles(files).flatMap((group) => extractFolder(group, contextOf));
}

function extractFolder(files: SourceFile[], contextOf: (path: string) => ExtractContext): Finding[] {
  const maps = parseAuthMaps(files.filter((f) => ['authinfo', 'access'].includes(canonicalName(f.path))), contextOf);
  const parsed = files.map((file) => ({ file, facts: factsOf(file) }));
  const findings: Finding[] = [];
  const used = new Set<AuthEntry>();
  for (const { file, facts } of parsed) {
    if (!facts) continue;
    markOverridden(facts.routes);
    for (const route of facts.routes) findings.push(routeFinding(route, facts, file, contextOf(file.path), maps, used));
  }
  for (const file of files.filter((f) => canonicalName(f.path) === 'mailertable')) {
    // mailertable routes use the mailers (and authinfo) of the .mc/.cf beside them.
    const near = parsed.find((p) => p.facts)?.facts ?? parseMc('');
    for (const route of parseMailertable(file.content)) findings.push(routeFinding(route, near, file, contextOf(file.path), maps, used));
  }
  for (const entry of maps.entries) {
    if (used.has(entry) || entry.commented || !entry.host) continue;
    findings.push(orphanAuthFinding(entry, contextOf(entry.path)));
  }
  return findings;
}

/** m4 keeps the last `define(SMART_HOST)`: earlier live ones are overridden. */
function markOverridden(routes: Route[]): void {
  const live = routes.filter((r) => !r.commented && (r.via === 'SMART_HOST' || r.via === 'DS'));
  for (const r of live.slice(0, -1)) r.overridden = true;
}

function securityOf(route: Route, port: number, facts: McFacts, maps: AuthMaps): { security: Security; notes: string[] } {
  if (port === 465) return { security: 'unknown', notes: ['port 465: sendmail has no implicit-TLS client mailer option (stunnel or a custom mailer?)'] };
  const required = maps.tlsRequired.get(route.host.toLowerCase());
  if (required) return { security: 'starttls', notes: [`STARTTLS required by TLS_Srv (${required})`] };
  const notes = ['opportunistic STARTTLS: sendmail uses it when the server offers it and falls back to plaintext'];
  if (facts.tlsConfigured) notes.push('client TLS certificates configured (confCACERT/confCLIENT_CERT)');
  return { security: 'starttls', notes };
}

function routeFinding(route: Route, facts: McFacts, file: SourceFile, ctx: ExtractContext, maps: AuthMaps, used: Set<AuthEntry>): Finding {
  const mailerPort = facts.mailerPorts.get(route.mailer);
  const port = route.port ?? mailerPort?.port ?? 25;
  const { security, notes } = securityOf(route, port, facts, maps);
  const entry = authFor(maps, route.host);
  if (entry && !route.commented) used.add(entry);
  if (route.via === 'mailertable') notes.push(`mailertable route for ${route.domain}`);
  else if (route.via !== 'SMART_HOST' && route.via !== 'DS') notes.push(`set through ${route.via}`);
  if (route.port === null && !mailerPort) notes.push(`port not set: the ${route.mailer} mailer uses 25`);
  if (facts.masquerade) notes.push(`MASQUERADE_AS ${facts.masquerade}: sender domain rewritten`);
  if (facts.authMechanisms) notes.push(`AUTH mechanisms: ${facts.authMechanisms}`);
  notes.push(...facts.notes);
  let auth: Finding['auth'] = { method: 'none', username: null, secret: 'absent' };
  let secretRef: string | undefined;
  if (entry) {
    auth = { method: entry.mechanisms && /XOAUTH2/i.test(entry.mechanisms) ? 'oauth2' : 'password', username: entry.username, secret: entry.hasPassword ? 'external' : 'absent' };
    secretRef = entry.hasPassword ? `file:${entry.path}:${entry.line}` : undefined;
  } else if (facts.authinfoFeature) {
    auth = { method: 'unknown', username: null, secret: 'absent' };
    notes.push('FEATURE(authinfo) is on but no AuthInfo entry for this host was among the scanned files');
  }
  const macro = route.host.includes('$');
  const overridden = route.overridden === true;
  const active = !route.commented && !macro && !overridden;
  return createFinding(detector, ctx, {
    line: route.line,
    key: `${route.via}:${route.line}`,
    host: route.host,
    port,
    security,
    auth,
    secretRef,
    active,
    inactiveReason: route.commented ? 'commented' : macro ? 'unresolved' : overridden ? 'overridden' : undefined,
    valueSources: macro ? { host: `sendmail-macro:${route.host}` } : undefined,
    evidence: route.text,
    locations: { host: at(route.line, route.valueText), port: mailerPort && route.port === null ? at(mailerPort.line, mailerPort.port) : undefined, username: entry ? at(entry.line, entry.username) : undefined },
    notes,
    role: 'relay',
  });
}

/** An AuthInfo entry no scanned smart host uses: still a credential for a relay, reported on its own. */
function orphanAuthFinding(entry: AuthEntry, ctx: ExtractContext): Finding {
  return createFinding(detector, ctx, {
    line: entry.line,
    key: `authinfo:${entry.line}`,
    host: entry.host,
    security: 'unknown',
    auth: { method: 'password', username: entry.username, secret: entry.hasPassword ? 'present' : 'absent' },
    evidence: `AuthInfo:${entry.key} (user ${entry.username ?? '-'}${entry.mechanisms ? `, mechanisms ${entry.mechanisms}` : ''})`,
    locations: { host: at(entry.line, entry.key), username: at(entry.line, entry.username) },
    notes: ['AuthInfo entry with no matching SMART_HOST among the scanned files'],
    role: 'relay',
  });
}
