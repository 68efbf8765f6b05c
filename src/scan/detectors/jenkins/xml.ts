// JENKINS_HOME descriptor files: hudson.tasks.Mailer.xml (Mailer plugin), hudson.plugins.emailext.ExtendedEmailPublisher.xml
// (Email Extension: `<mailAccount>` and `<addAccounts>`; flat smtp* elements before 2.7x), the From address in
// jenkins.model.JenkinsLocationConfiguration.xml and, for credentialsId, the username in credentials.xml.
import { xmlLeaves, type XmlLeaf } from '../../values.js';
import type { Account, CredentialEntry, Value } from './account.js';

export type JenkinsFile = 'mailer' | 'emailext' | 'location' | 'credentials';

export function fileKind(path: string): JenkinsFile | null {
  const name = path.replace(/\\/g, '/').split('/').pop()!.replace(/\.(bak|orig|old)$/i, '');
  if (/^hudson\.tasks\.Mailer\.xml$/i.test(name)) return 'mailer';
  if (/^hudson\.plugins\.emailext\.ExtendedEmailPublisher\.xml$/i.test(name)) return 'emailext';
  if (/^jenkins\.model\.JenkinsLocationConfiguration\.xml$/i.test(name)) return 'location';
  if (/^credentials\.xml$/i.test(name)) return 'credentials';
  return null;
}

/** Live leaves keyed by their path below the root (`smtpHost`, `authentication/username`). */
function byKey(leaves: XmlLeaf[], from = 1): Map<string, Value> {
  const map = new Map<string, Value>();
  for (const l of leaves) if (!l.commented && l.path.length > from) map.set(l.path.slice(from).join('/'), { value: l.value, line: l.line, text: `<${l.path.at(-1)}>` });
  return map;
}

function first(map: Map<string, Value>, ...keys: string[]): Value | undefined {
  for (const k of keys) if (map.get(k)?.value) return map.get(k);
  return undefined;
}

export function adminAddress(content: string): Value | undefined {
  return byKey(xmlLeaves(content).leaves).get('adminAddress');
}

/** Mailer plugin: one account (smtpAuth/authentication blocks of newer versions, smtpAuth* elements of older). */
export function mailerAccount(content: string, from: Value | undefined, fromPath: string | undefined): Account | null {
  const { leaves } = xmlLeaves(content);
  const m = byKey(leaves);
  const host = first(m, 'smtpHost');
  const username = first(m, 'authentication/username', 'smtpAuth/username', 'smtpAuthUsername');
  if (!host && !username && !m.get('smtpPort')) return null;
  const own = first(m, 'adminAddress');
  return {
    system: 'Jenkins Mailer',
    host, port: first(m, 'smtpPort'), useSsl: m.get('useSsl'), useTls: m.get('useTls'), username,
    password: first(m, 'authentication/password', 'smtpAuth/password', 'smtpAuthPasswordSecret', 'smtpAuthPassword'),
    from: own ?? from, fromPath: own ? undefined : fromPath,
    commented: false, key: 'mailer', line: username?.line ?? 1,
    evidence: host ? `<smtpHost>${host.value}</smtpHost>` : '<hudson.tasks.Mailer_-DescriptorImpl> without smtpHost',
  };
}

/** Email Extension: the default `<mailAccount>`, each `<addAccounts>` entry, or the flat layout of old versions. */
export function emailExtAccounts(content: string, from: Value | undefined, fromPath: string | undefined): Account[] {
  const { leaves } = xmlLeaves(content);
  const accounts: Account[] = [];
  const groups = new Map<number, XmlLeaf[]>();
  for (const l of leaves) {
    if (l.commented || l.path.length < 3) continue;
    const inAccount = (l.path[1] === 'mailAccount' && l.path.length === 3) || (l.path[1] === 'addAccounts' && l.path.length === 4);
    if (!inAccount) continue;
    const list = groups.get(l.group) ?? [];
    list.push(l);
    groups.set(l.group, list);
  }
  const flat = byKey(leaves.filter((l) => l.path.length === 2));
  if (first(flat, 'smtpHost', 'smtpAuthUsername')) groups.set(-2, leaves.filter((l) => l.path.length === 2 && !l.commented));
  for (const [group, list] of groups) {
    const m = byKey(list, list[0].path.length - 1);
    const isDefault = list[0].path[1] !== 'addAccounts';
    const host = first(m, 'smtpHost');
    const credentialsId = first(m, 'credentialsId');
    const username = first(m, 'smtpUsername', 'smtpAuthUsername');
    if (!host && !credentialsId && !username && !m.get('smtpPort')) continue;
    const address = first(m, 'address');
    accounts.push({
      system: 'Jenkins Email Extension',
      host, port: first(m, 'smtpPort'), useSsl: m.get('useSsl'), useTls: m.get('useTls'), useOAuth2: m.get('useOAuth2'),
      username, password: first(m, 'smtpPassword', 'smtpAuthPassword'), credentialsId,
      from: isDefault ? address ?? from : address, fromPath: isDefault && !address ? fromPath : undefined,
      commented: false, key: `emailext:${group}`, line: (credentialsId ?? username ?? list[0]).line,
      evidence: host ? `<smtpHost>${host.value}</smtpHost>` : `<${list[0].path[list[0].path.length - 2]}> without smtpHost`,
    });
  }
  return accounts;
}

/** credentials.xml: id → username and the line of its password; every password-like value is registered. */
export function credentialEntries(content: string, path: string, register: (value: string) => void): Map<string, CredentialEntry> {
  const groups = new Map<number, XmlLeaf[]>();
  for (const l of xmlLeaves(content).leaves) {
    if (/^(password|secret|passphrase|privateKey|token|secretBytes)$/i.test(l.path.at(-1) ?? '')) register(l.value);
    const list = groups.get(l.group) ?? [];
    list.push(l);
    groups.set(l.group, list);
  }
  const entries = new Map<string, CredentialEntry>();
  for (const list of groups.values()) {
    const get = (name: string) => list.find((l) => l.path.at(-1) === name);
    const id = get('id');
    if (id) entries.set(id.value, { username: get('username')?.value ?? null, passwordLine: get('password')?.line ?? null, path });
  }
  return entries;
}
