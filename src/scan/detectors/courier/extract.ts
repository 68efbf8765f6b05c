// Courier MTA (courier(8)): esmtproutes `domain: relay[,port] [/SECURITY=STARTTLS|REQUIRED|SMTPS]` (an empty
// domain is the smarthost for all mail, an empty relay means "use DNS") and esmtpauthclient `relay userid password`.
// Without /SECURITY Courier still uses STARTTLS when the relay offers it (opportunistic).
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type SourceFile } from '../../detector.js';
import { canonicalName } from '../../match.js';
import { hostReference, isSecretPlaceholder, nearestFile, parsePort, splitLines } from '../../values.js';

const detector = { id: 'courier', system: 'Courier MTA' };

export interface Route { domain: string; relay: string; port: string | null; flag: string | null; line: number; commented: boolean; text: string }
interface Credential { relay: string; user: string; line: number; path: string }

const SECURITY: Record<string, { security: Security; note?: string }> = {
  '': { security: 'starttls', note: 'no /SECURITY flag: STARTTLS only when the relay offers it (opportunistic)' },
  REQUIRED: { security: 'starttls' },
  SMTPS: { security: 'tls' },
  STARTTLS: { security: 'starttls', note: '/SECURITY=STARTTLS is Courier\'s own SECURITY extension (private CA), not plain STARTTLS' },
};

/** esmtproutes lines; commented ones only when they still read as a route. Parsed by hand: no backtracking on long lines. */
export function parseRoutes(content: string): Route[] {
  const routes: Route[] = [];
  splitLines(content).forEach((raw, i) => {
    const comment = /^\s*#+/.exec(raw);
    const body = (comment ? raw.slice(comment[0].length) : raw).trim();
    const colon = body.indexOf(':');
    const domain = body.slice(0, colon).trim();
    if (colon === -1 || /\s/.test(domain)) return;
    let rest = body.slice(colon + 1).trim();
    let flag: string | null = null;
    const slash = rest.indexOf('/');
    if (slash !== -1) {
      const m = /^\/SECURITY=([A-Za-z]+)$/.exec(rest.slice(slash).trim());
      if (!m) return;
      flag = m[1].toUpperCase();
      rest = rest.slice(0, slash).trim();
    }
    const m = /^(\[[^\]\s]*\]|[^\s,[\]]+)(?:\s*,\s*(\d+))?$/.exec(rest);
    if (!m || (comment && !/[.[]/.test(m[1]))) return;
    routes.push({ domain, relay: m[1], port: m[2] ?? null, flag, line: i + 1, commented: Boolean(comment), text: raw.trim().slice(0, 300) });
  });
  return routes;
}

/** esmtpauthclient `relay userid password`; the password is registered and dropped. */
function parseAuthClient(file: SourceFile, ctx: ExtractContext): Credential[] {
  const credentials: Credential[] = [];
  splitLines(file.content).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(\S+)\s+(\S+)\s+(.+)$/.exec(line);
    if (!m) { ctx.warn('parse-error', 'esmtpauthclient line is not "relay userid password"', i + 1); return; }
    if (!isSecretPlaceholder(m[3])) ctx.secret(m[3]);
    credentials.push({ relay: m[1].toLowerCase(), user: m[2], line: i + 1, path: file.path });
  });
  return credentials;
}

function relayHost(relay: string): string {
  return relay.replace(/^\[|\]$/g, '');
}

export function extractAll(files: SourceFile[], contextOf: (path: string) => ExtractContext): Finding[] {
  const findings: Finding[] = [];
  const routeFiles = files.filter((f) => canonicalName(f.path) === 'esmtproutes');
  const authFiles = files.filter((f) => canonicalName(f.path) === 'esmtpauthclient');
  const credentialsOf = new Map(authFiles.map((f) => [f, parseAuthClient(f, contextOf(f.path))]));
  const matched = new Set<Credential>();
  for (const file of routeFiles) {
    const ctx = contextOf(file.path);
    const authFile = nearestFile(authFiles, 'esmtpauthclient', file.path);
    const credentials = authFile ? credentialsOf.get(authFile) ?? [] : [];
    for (const route of parseRoutes(file.content)) {
      const host = relayHost(route.relay);
      const credential = credentials.find((c) => c.relay === route.relay.toLowerCase() || relayHost(c.relay) === host.toLowerCase());
      if (credential) matched.add(credential);
      const mode = SECURITY[route.flag ?? ''] ?? { security: 'unknown' as Security, note: `unknown /SECURITY=${route.flag}` };
      findings.push(createFinding(detector, ctx, {
        line: route.line,
        host,
        port: parsePort(route.port) ?? 25,
        security: mode.security,
        auth: credential ? { method: 'password', username: credential.user, secret: 'external' } : { method: 'none', username: null, secret: 'absent' },
        secretRef: credential ? `file:${credential.path}:${credential.line}` : undefined,
        active: !route.commented,
        evidence: route.text,
        ...(route.commented ? {} : hostReference(host)),
        locations: { host: at(route.line, route.relay), port: at(route.line, route.port) },
        notes: [
          ...(mode.note ? [mode.note] : []),
          route.domain ? `routes mail for ${route.domain} only` : 'smarthost for all mail',
          ...(route.flag === 'SMTPS' && !route.port ? ['/SECURITY=SMTPS without ",465": Courier still connects to port 25'] : []),
        ],
        role: 'relay',
      }));
    }
  }
  // Credentials no route uses: Courier only sends them if DNS happens to lead to that relay.
  for (const [file, credentials] of credentialsOf) {
    for (const credential of credentials.filter((c) => !matched.has(c))) {
      findings.push(createFinding(detector, contextOf(file.path), {
        line: credential.line,
        host: relayHost(credential.relay),
        port: 25,
        security: 'starttls',
        auth: { method: 'password', username: credential.user, secret: 'present' },
        active: false,
        inactiveReason: 'unused',
        evidence: `${credential.relay} ${credential.user} ***`,
        locations: { host: at(credential.line, credential.relay), username: at(credential.line, credential.user) },
        notes: ['credentials for a relay that no esmtproutes entry names'],
        role: 'relay',
      }));
    }
  }
  return findings;
}
