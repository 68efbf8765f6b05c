// Thunderbird / SeaMonkey prefs: one outgoing server per `mail.smtpserver.smtpN.*` key (hostname, port,
// try_ssl 0 none / 1 STARTTLS if available / 2 STARTTLS / 3 SSL/TLS, authMethod 1 none / 3-4 password /
// 6 NTLM / 10 OAuth2, username). Passwords live in the profile's logins.json; From comes from the identity
// whose smtpServer names the server (or the identities on the default server).
import type { AuthMethod, Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext } from '../../detector.js';
import { dirName, emailIn, isSecretPlaceholder, locationsOf } from '../../values.js';
import { parsePrefs, type Pref } from './prefs.js';

const detector = { id: 'thunderbird', system: 'Mozilla Thunderbird' };

const SECURITY: Record<number, Security> = { 0: 'none', 1: 'starttls', 2: 'starttls', 3: 'tls' };
const AUTH: Record<number, AuthMethod> = { 1: 'none', 2: 'password', 3: 'password', 4: 'password', 5: 'unknown', 6: 'ntlm', 7: 'unknown', 8: 'password', 9: 'password', 10: 'oauth2' };

type Server = Map<string, Pref>;

function group(prefs: Pref[], pattern: RegExp): Map<string, Server> {
  const groups = new Map<string, Server>();
  for (const p of prefs) {
    const m = pattern.exec(p.name);
    if (!m) continue;
    const server = groups.get(m[1]) ?? new Map<string, Pref>();
    server.set(m[2], p);
    groups.set(m[1], server);
  }
  return groups;
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const all = parsePrefs(content);
  for (const p of all) if (/^mail\.smtpserver\.[^.]+\.password$/.test(p.name) && typeof p.value === 'string' && p.value && !isSecretPlaceholder(p.value)) ctx.secret(p.value);
  const live = all.filter((p) => !p.commented);
  const servers = group(live, /^mail\.smtpserver\.([^.]+)\.(\w+)$/);
  const defaults = servers.get('default');
  servers.delete('default');
  const identities = group(live, /^mail\.identity\.([^.]+)\.(\w+)$/);
  const listed = live.find((p) => p.name === 'mail.smtpservers');
  const defaultServer = live.find((p) => p.name === 'mail.smtp.defaultserver')?.value;
  const findings: Finding[] = [];
  for (const [key, server] of servers) {
    const host = server.get('hostname');
    if (!host || typeof host.value !== 'string' || !host.value) continue;
    const get = (name: string) => server.get(name) ?? defaults?.get(name);
    const trySsl = Number(get('try_ssl')?.value ?? 0);
    const security = SECURITY[trySsl] ?? 'unknown';
    const portPref = server.get('port');
    const port = Number(portPref?.value ?? 0) || (security === 'tls' ? 465 : null);
    const username = get('username');
    const user = typeof username?.value === 'string' && username.value ? username.value : null;
    const authPref = get('authMethod');
    const method: AuthMethod = authPref ? AUTH[Number(authPref.value)] ?? 'unknown' : user ? 'password' : 'none';
    const inline = server.get('password');
    const identity = [...identities.values()].find((id) => id.get('smtpServer')?.value === key)
      ?? (key === defaultServer ? [...identities.values()].find((id) => !id.get('smtpServer')?.value && id.get('useremail')) : undefined);
    const from = identity?.get('useremail');
    const unlisted = listed && typeof listed.value === 'string' && !listed.value.split(',').map((s) => s.trim()).includes(key);
    const notes: string[] = [];
    if (trySsl === 1) notes.push('try_ssl 1: STARTTLS only when the server offers it (opportunistic)');
    if (!port) notes.push('port 0 / not set: Thunderbird uses its default for the connection security');
    if (typeof server.get('description')?.value === 'string') notes.push(`description: ${server.get('description')!.value}`);
    if (unlisted) notes.push('not in mail.smtpservers: Thunderbird no longer offers this server');
    findings.push(createFinding(detector, ctx, {
      line: host.line,
      key,
      host: host.value,
      port,
      security,
      auth: {
        method,
        username: method === 'none' ? null : user,
        secret: method === 'none' ? 'absent' : inline ? 'present' : 'external',
      },
      secretRef: method !== 'none' && !inline ? `file:${dirName(path)}logins.json (Thunderbird password manager, smtp://${host.value})` : undefined,
      from: emailIn(String(from?.value ?? '')) ?? null,
      active: !unlisted,
      inactiveReason: unlisted ? 'unused' : undefined,
      evidence: host.text,
      locations: locationsOf({ host, port: portPref, security: server.get('try_ssl'), username: user ? username : null, from }),
      notes,
      role: 'client',
    }));
  }
  for (const p of all.filter((x) => x.commented && /^mail\.smtpserver\.[^.]+\.hostname$/.test(x.name) && typeof x.value === 'string' && x.value)) {
    findings.push(createFinding(detector, ctx, { line: p.line, key: `commented:${p.line}`, host: String(p.value), port: null, security: 'unknown', active: false, evidence: p.text, locations: { host: at(p.line, String(p.value)) }, role: 'client' }));
  }
  return findings.length ? findings : null;
}
