// msmtp: `keyword value` lines in `defaults` and `account NAME [: PARENT,…]` sections; one finding per account with a host.
import type { AuthMethod, Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext } from '../../detector.js';
import { parsePort, splitLines, unquote } from '../../values.js';

const detector = { id: 'msmtp', system: 'msmtp' };

interface Setting { value: string; line: number; text: string }
interface Account { name: string; line: number; commented: boolean; parents: string[]; settings: Map<string, Setting> }

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const accounts: Account[] = [];
  const defaults: Account = { name: 'defaults', line: 0, commented: false, parents: [], settings: new Map() };
  let current: Account = defaults;
  splitLines(content).forEach((raw, i) => {
    const commented = /^\s*#/.test(raw);
    const line = raw.replace(/^\s*#+\s?/, '').trim();
    const m = /^([a-z_]+)(?:\s+(.*))?$/.exec(line);
    if (!m) return;
    const [, key, rest = ''] = m;
    if (key === 'defaults' && !commented) { current = defaults; return; }
    if (key === 'account') {
      const am = /^(\S+)(?:\s*:\s*(.*))?$/.exec(rest.trim());
      if (!am) return;
      if (am[1] === 'default' && am[2] && !commented) return; // `account default : name` only picks the default
      current = { name: am[1], line: i + 1, commented, parents: (am[2] ?? '').split(',').map((s) => s.trim()).filter(Boolean), settings: new Map() };
      accounts.push(current);
      return;
    }
    if (commented && !current.commented) {
      // a commented setting inside a live account: keep only a commented host as a hint
      // (not one continued shell-style with a backslash: that is a command in prose, as in msmtp's own examples)
      if (key === 'host' && !/\\$/.test(rest.trim())) accounts.push({ name: `${current.name}#${i + 1}`, line: i + 1, commented: true, parents: [current.name], settings: new Map([['host', { value: unquote(rest), line: i + 1, text: raw.trim() }]]) });
      return;
    }
    if (key === 'password') ctx.secret(unquote(rest));
    current.settings.set(key, { value: unquote(rest), line: i + 1, text: key === 'password' ? 'password ***' : raw.trim() });
  });

  const byName = new Map(accounts.map((a) => [a.name, a]));
  const resolve = (account: Account, key: string, seen = new Set<string>()): Setting | undefined => {
    const own = account.settings.get(key);
    if (own) return own;
    for (const parent of account.parents) {
      const p = byName.get(parent);
      if (!p || seen.has(parent)) continue;
      seen.add(parent);
      const found = resolve(p, key, seen);
      if (found) return found;
    }
    return defaults.settings.get(key);
  };

  const findings: Finding[] = [];
  for (const account of accounts) {
    const host = resolve(account, 'host');
    if (!host) continue;
    const port = parsePort(resolve(account, 'port')?.value) ?? null;
    const tls = resolve(account, 'tls')?.value;
    const starttls = resolve(account, 'tls_starttls')?.value;
    let security: Security = 'none';
    if (tls === 'on') security = starttls === 'off' ? 'tls' : 'starttls';
    else if (port === 465) security = 'tls';
    const authValue = resolve(account, 'auth')?.value ?? '';
    const user = resolve(account, 'user');
    const password = resolve(account, 'password');
    const passwordeval = resolve(account, 'passwordeval');
    let method: AuthMethod = user ? 'password' : 'none';
    if (/^(xoauth2|oauthbearer)$/.test(authValue)) method = 'oauth2';
    else if (authValue === 'off') method = 'none';
    else if (authValue === 'ntlm') method = 'ntlm';
    else if (authValue) method = 'password';
    const from = resolve(account, 'from');
    findings.push(createFinding(detector, { path, exampleFile: ctx.exampleFile }, {
      line: host.line,
      key: account.name,
      host: host.value,
      port: port ?? (security === 'tls' ? 465 : 25),
      security,
      auth: {
        method,
        username: user?.value ?? null,
        secret: password ? 'present' : passwordeval ? 'external' : 'absent',
      },
      secretRef: password ? `inline:${path}:${password.line}` : passwordeval ? `passwordeval:${path}:${passwordeval.line}` : undefined,
      from: from?.value ?? null,
      active: !account.commented,
      evidence: `account ${account.name}: ${host.text}`,
      locations: { host: at(host.line, host.value), port: at(resolve(account, 'port')?.line ?? 0, resolve(account, 'port')?.value), username: at(user?.line ?? 0, user?.value), from: at(from?.line ?? 0, from?.value) },
      notes: port === null ? ['port not set: msmtp uses 25 (465 with tls_starttls off)'] : undefined,
      role: 'script',
    }));
  }
  return findings.length ? findings : null;
}
