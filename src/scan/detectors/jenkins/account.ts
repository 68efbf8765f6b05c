// One Jenkins mail account, whichever file it came from (Mailer, Email Extension, JCasC), read the way the plugins
// build their JavaMail session: useSsl = implicit TLS (default port 465), useTls = STARTTLS, neither = plain text.
import type { SecretState, Security } from '../../../inventory/types.js';
import { at, type FindingDraft } from '../../detector.js';
import { emailIn, parseBool, parsePort, secretState, valueReference } from '../../values.js';

export interface Value { value: string; line: number; text: string }

export interface Account {
  system: string;
  host?: Value;
  port?: Value;
  useSsl?: Value;
  useTls?: Value;
  useOAuth2?: Value;
  username?: Value;
  password?: Value;
  credentialsId?: Value;
  /** The From address: adminAddress (Mailer, default account) or the account's own address (email-ext extras). */
  from?: Value;
  /** The file the From address sits in, when not the account's own (JenkinsLocationConfiguration.xml). */
  fromPath?: string;
  commented: boolean;
  key: string;
  /** Fallback line when the account names no host (JavaMail then sends to localhost). */
  line: number;
  evidence: string;
}

/** Where a Jenkins credentialsId resolves: the credentials.xml entry, when it was in the scan. */
export interface CredentialEntry { username: string | null; passwordLine: number | null; path: string }

/** `${SMTP_HOST}` (JCasC variable), `${readFile:/run/secrets/x}`, or a literal. */
function reference(raw: string): string | null {
  const file = /^\$\{readFile:([^}]+)\}$/.exec(raw.trim());
  if (file) return `file:${file[1]}`;
  // Deploy-time tokens written into the file by provisioning (`##SECRET:smtp.auth.password##`).
  const token = /^##SECRET:([^#]+)##$/.exec(raw.trim());
  if (token) return `deploy-variable:${token[1]}`;
  const vault = /^\$\{vault:([^}]+)\}$/.exec(raw.trim()) ?? /^\$\{(?:base64|json|decodeBase64):.*\}$/.exec(raw.trim());
  if (vault) return `jcasc:${vault[0]}`;
  return valueReference(raw);
}

function secretOf(a: Account, credential: CredentialEntry | undefined, register: (value: string) => void, notes: string[]): { secret: SecretState; ref?: string } {
  if (a.credentialsId?.value) {
    const id = a.credentialsId.value;
    if (credential?.passwordLine) {
      notes.push(`credentialsId ${id}: stored in Jenkins credentials (encrypted with the controller's master key)`);
      return { secret: 'external', ref: `file:${credential.path}:${credential.passwordLine}` };
    }
    notes.push(`credentialsId ${id}: the password lives in the Jenkins credentials store`);
    return { secret: 'external', ref: `jenkins-credentials:${id}` };
  }
  if (!a.password?.value) return { secret: 'absent' };
  const ref = reference(a.password.value);
  if (ref) return { secret: 'external', ref };
  if (/^\{[A-Za-z0-9+/=]{16,}\}$/.test(a.password.value)) notes.push("password stored encrypted with the controller's master key (secrets/master.key): decryptable on that controller");
  return secretState(a.password.value, register);
}

/** A finding draft for one account; the caller supplies detector and context. */
export function accountDraft(a: Account, credential: CredentialEntry | undefined, register: (value: string) => void): FindingDraft {
  const notes: string[] = [];
  const ssl = parseBool(a.useSsl?.value) === true;
  const tls = parseBool(a.useTls?.value) === true;
  const security: Security = ssl ? 'tls' : tls ? 'starttls' : 'none';
  const hostRaw = a.host?.value.trim() ?? '';
  const hostRef = hostRaw ? reference(hostRaw) : null;
  const host = hostRef ? null : hostRaw || 'localhost';
  if (!hostRaw) notes.push('smtpHost not set: JavaMail sends to localhost');
  const portRef = a.port ? reference(a.port.value) : null;
  const port = parsePort(portRef ? null : a.port?.value) ?? (ssl ? 465 : 25);
  if (!a.port || portRef) notes.push(`smtpPort not set${portRef ? ` (${portRef})` : ''}: ${ssl ? '465 with useSsl' : '25'}`);
  if (ssl && tls) notes.push('useSsl and useTls both set: implicit TLS wins');
  const userRaw = a.username?.value ?? credential?.username ?? null;
  const userRef = userRaw ? reference(userRaw) : null;
  const username = userRef ? null : userRaw || null;
  const secret = secretOf(a, credential, register, notes);
  const oauth = parseBool(a.useOAuth2?.value) === true;
  const fromRef = a.from ? reference(a.from.value) : null;
  const from = fromRef ? null : emailIn(a.from?.value);
  if (a.from && !from && !fromRef) notes.push(`From (${a.from.value.slice(0, 60)}) is not an address: set adminAddress`);
  if (from && a.fromPath) notes.push(`From is adminAddress in ${a.fromPath}:${a.from!.line}`);
  const valueSources: Record<string, string> = {};
  if (hostRef) valueSources.host = hostRef;
  // Only the host's env reference goes to valueSources: the env pass keeps a finding inactive while any env source is undefined.
  if (userRef) { if (userRef.startsWith('env:')) notes.push(`user name comes from ${userRef}`); else valueSources.username = userRef; }
  if (fromRef) { if (fromRef.startsWith('env:')) notes.push(`From comes from ${fromRef}`); else valueSources.from = fromRef; }
  const draft: FindingDraft = {
    line: a.host?.line ?? a.line,
    key: a.key,
    system: a.system,
    host,
    port,
    security,
    auth: { method: oauth ? 'oauth2' : username || userRef || a.credentialsId ? 'password' : 'none', username, secret: secret.secret },
    secretRef: secret.ref,
    from,
    valueSources,
    evidence: a.evidence,
    locations: Object.fromEntries(Object.entries({
      host: hostRaw && !hostRef ? at(a.host!.line, hostRaw) : undefined,
      port: a.port && !portRef ? at(a.port.line, a.port.value) : undefined,
      username: a.username && username ? at(a.username.line, username) : undefined,
      from: a.from && from && !a.fromPath ? at(a.from.line, from) : undefined,
    }).filter(([, v]) => v)),
    notes,
    role: 'app',
  };
  if (a.commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
  else if (hostRef) Object.assign(draft, { active: false, inactiveReason: 'unresolved' });
  return draft;
}
