// Jenkins Configuration as Code (jenkins.yaml): `unclassified: mailer:` (Mailer), `unclassified: email-ext:`
// (`mailAccount`, `addAccounts`) and `unclassified: location: adminAddress`; commented-out mailer blocks kept as hints.
import { commentedBlocks, commentedYamlLines, flattenYamlBounded, type YamlEntry } from '../../values.js';
import type { Account, Value } from './account.js';

function value(e: YamlEntry): Value {
  return { value: e.value === null ? '' : String(e.value), line: e.line, text: `${e.path.at(-1)}: ${e.text}` };
}

function account(system: string, key: string, m: Map<string, Value>, from: Value | undefined, commented: boolean): Account | null {
  const host = m.get('smtpHost');
  const credentialsId = m.get('credentialsId');
  const username = m.get('authentication.username') ?? m.get('smtpUsername') ?? m.get('username');
  if (!host?.value && !credentialsId?.value && !username?.value) return null;
  const own = m.get('address') ?? m.get('adminAddress');
  return {
    system, host, port: m.get('smtpPort'), useSsl: m.get('useSsl'), useTls: m.get('useTls'), useOAuth2: m.get('useOAuth2'),
    username, password: m.get('authentication.password') ?? m.get('smtpPassword') ?? m.get('password'), credentialsId,
    from: own ?? from, commented, key, line: (host ?? credentialsId ?? username)!.line,
    evidence: host?.text ?? (credentialsId ?? username)!.text,
  };
}

export function cascAccounts(content: string, warn: (message: string, line?: number) => void): Account[] {
  const flat = flattenYamlBounded(content);
  for (const e of flat.errors.slice(0, 3)) warn(`YAML: ${e.message}`, e.line ?? undefined);
  if (flat.tooDeep) warn('YAML nested too deeply; deeper settings were not read');
  const groups = new Map<string, { system: string; values: Map<string, Value> }>();
  let adminAddress: Value | undefined;
  for (const e of flat.entries) {
    const at = e.path.indexOf('unclassified');
    if (at < 0) continue;
    const rest = e.path.slice(at + 1);
    if (rest[0] === 'location' && rest[1] === 'adminAddress') adminAddress = value(e);
    let id: string | null = null;
    let key: string[] = [];
    let system = 'Jenkins Mailer';
    if (rest[0] === 'mailer') { id = `${e.doc}:mailer`; key = rest.slice(1); }
    else if (rest[0] === 'email-ext' && rest[1] === 'mailAccount') { id = `${e.doc}:email-ext`; key = rest.slice(2); system = 'Jenkins Email Extension'; }
    else if (rest[0] === 'email-ext' && rest[1] === 'addAccounts' && rest[2] !== undefined) { id = `${e.doc}:email-ext:${rest[2]}`; key = rest.slice(3); system = 'Jenkins Email Extension'; }
    if (!id || !key.length) continue;
    const group = groups.get(id) ?? { system, values: new Map() };
    group.values.set(key.join('.'), value(e));
    groups.set(id, group);
  }
  const accounts: Account[] = [];
  for (const [id, g] of groups) {
    const a = account(g.system, id, g.values, id.endsWith(':mailer') || id.endsWith(':email-ext') ? adminAddress : undefined, false);
    if (a) accounts.push(a);
  }
  // `#    smtpHost: "old.relay"` runs: kept as inactive hints.
  for (const block of commentedBlocks(commentedYamlLines(content), (k) => k === 'smtpHost')) {
    const m = new Map([...block].map(([k, a]) => [k, { value: a.value, line: a.line, text: a.text }]));
    const a = account('Jenkins Mailer', `commented:${block.get('smtpHost')!.line}`, m, undefined, true);
    if (a) accounts.push(a);
  }
  return accounts;
}
