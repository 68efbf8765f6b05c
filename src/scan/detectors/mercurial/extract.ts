// Mercurial (hg help config): `[email] method` is `smtp` (default, then `[smtp] host/port/tls/username/password`)
// or a sendmail-like program. `[smtp] tls`: starttls | smtps (implicit TLS, default port 465) | none (default).
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext } from '../../detector.js';
import { emailIn, iniEntries, isSecretPlaceholder, localMtaNotes, locationsOf, parsePort, type IniEntry } from '../../values.js';

const detector = { id: 'mercurial', system: 'Mercurial (hg email)' };

const TLS: Record<string, Security> = { starttls: 'starttls', smtps: 'tls', none: 'none' };

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const entries = iniEntries(content, { continuation: 'indent', inlineComments: false }).filter((e) => e.section === 'smtp' || e.section === 'email');
  const live = new Map<string, IniEntry>();
  for (const e of entries) if (!e.commented) live.set(`${e.section}.${e.key}`, e);
  const password = live.get('smtp.password');
  if (password?.value && !isSecretPlaceholder(password.value)) ctx.secret(password.value);
  const from = live.get('email.from');
  const method = live.get('email.method');
  const common = { from: emailIn(from?.value) ?? null, role: 'client' as const };
  const findings: Finding[] = [];
  if (method && method.value !== 'smtp') {
    findings.push(createFinding(detector, ctx, {
      ...common, line: method.line, key: 'method', host: null, endpointKind: 'local', security: 'unknown',
      auth: { method: 'none', username: null, secret: 'absent' }, evidence: method.text,
      locations: locationsOf({ from }), notes: localMtaNotes(method.value),
    }));
  }
  const host = live.get('smtp.host');
  if (host?.value) {
    const tls = live.get('smtp.tls');
    const security = tls ? TLS[tls.value.toLowerCase()] ?? 'unknown' : 'none';
    const port = live.get('smtp.port');
    const username = live.get('smtp.username');
    findings.push(createFinding(detector, ctx, {
      ...common,
      line: host.line,
      key: 'smtp',
      host: host.value,
      port: parsePort(port?.value) ?? (security === 'tls' ? 465 : 25),
      security,
      auth: username ? { method: 'password', username: username.value, secret: password ? 'present' : 'absent' } : { method: 'none', username: null, secret: 'absent' },
      active: !method || method.value === 'smtp',
      inactiveReason: method && method.value !== 'smtp' ? 'overridden' : undefined,
      evidence: host.text,
      locations: locationsOf({ host, port, security: tls, username, from }),
      notes: [
        ...(tls ? [] : ['no [smtp] tls: Mercurial sends without TLS']),
        ...(tls && security === 'unknown' ? [`tls = ${tls.value}: not starttls, smtps or none`] : []),
        ...(username && !password ? ['no password in the file: hg asks for it at the terminal (or a keyring extension holds it)'] : []),
      ],
    }));
  }
  for (const e of entries.filter((x) => x.commented && x.section === 'smtp' && x.key === 'host' && x.value)) {
    findings.push(createFinding(detector, ctx, {
      line: e.line, key: `commented:${e.line}`, host: e.value, port: null, security: 'unknown', active: false,
      evidence: e.text, locations: { host: at(e.line, e.value) }, role: 'client',
    }));
  }
  return findings.length ? findings : null;
}
