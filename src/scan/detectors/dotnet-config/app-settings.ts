// Ad-hoc `<appSettings><add key="SmtpServer" value="…"/>` keys: free-form names, grouped into one finding per block.
import type { Finding } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext } from '../../detector.js';
import { commentedBlocks, emailIn, liveSettings, mailKeyKind, parseBool, parsePort, valueReference, type Assignment, type MailKey } from '../../values.js';
import { secureSocketOptions, systemNetMailSecurity } from './security.js';

/** The key's role when it plainly belongs to mail: prefixed names (SmtpPort), or mail-only words (EnableSsl, FromAddress). */
function roleOf(key: string): MailKey | null {
  const kind = mailKeyKind(key);
  if (!kind) return null;
  return kind.specific || kind.kind === 'from' || kind.kind === 'security' ? kind.kind : null;
}

function byRole(block: Map<string, Assignment>): Map<MailKey, Assignment> {
  const roles = new Map<MailKey, Assignment>();
  for (const a of block.values()) {
    const role = roleOf(a.key);
    if (role && !roles.has(role)) roles.set(role, a);
  }
  return roles;
}

export function appSettingsFindings(entries: Assignment[], base: { id: string; system: string }, path: string, ctx: ExtractContext, notes: string[]): Finding[] {
  for (const e of entries) if (roleOf(e.key) === 'password') ctx.secret(e.value);
  const blocks = [liveSettings(entries), ...commentedBlocks(entries, (key) => roleOf(key) === 'host')];
  const findings: Finding[] = [];
  for (const block of blocks) {
    const roles = byRole(block);
    const host = roles.get('host');
    if (!host) continue;
    const commented = host.commented;
    const own: string[] = [...notes];
    const port = parsePort(roles.get('port')?.value);
    const sslValue = roles.get('security')?.value ?? '';
    const ssl = parseBool(sslValue);
    const security = ssl === null && sslValue ? secureSocketOptions(sslValue, port, own) ?? 'unknown' : systemNetMailSecurity(ssl === true, port, own);
    if (!port) own.push('no port key: the code decides (System.Net.Mail defaults to 25)');
    const user = roles.get('username');
    const password = roles.get('password');
    const passwordRef = password?.value ? valueReference(password.value) : null;
    const ref = valueReference(host.value);
    const from = roles.get('from');
    findings.push(createFinding(base, { path, exampleFile: ctx.exampleFile }, {
      line: host.line,
      key: `appSettings:${host.key}`,
      host: ref ? null : host.value,
      port: port ?? 25,
      security,
      auth: { method: user?.value ? 'password' : 'none', username: user?.value || null, secret: !password?.value ? 'absent' : passwordRef ? 'external' : 'present' },
      secretRef: passwordRef ?? undefined,
      from: emailIn(from?.value),
      active: !commented && !ref,
      inactiveReason: commented ? 'commented' : ref ? 'unresolved' : undefined,
      valueSources: ref ? { host: ref } : undefined,
      evidence: `<add key="${host.key}" value="${host.value}" />`,
      locations: { host: ref ? undefined : at(host.line, host.value), port: at(roles.get('port')?.line ?? 0, roles.get('port')?.value), username: at(user?.line ?? 0, user?.value), from: at(from?.line ?? 0, emailIn(from?.value)) },
      notes: [...own, 'ad-hoc <appSettings> keys: the application code reads them, check how it sends'],
      role: 'app',
    }));
  }
  return findings;
}
