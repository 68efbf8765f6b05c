// Sandbox settings: the tenant the look-alike pretends to be, from defaults, a YAML file and flags.
// Secrets here (mailbox passwords, app secrets) live in memory only: never written, logged or printed.
// YAML keys: tenant {id, name, acceptedDomains}, basicAuth on|off|retired, smtpAuthDisabled, securityDefaults,
// conditionalAccess, rejectDirectSend, connectors [{name, ips, certificateName}], limits {…}, graph {…},
// mailboxes [{address, password, aliases, sendAs, smtpAuthDisabled, restEnabled}],
// apps [{clientId, displayName, secret, certificate(s), roles, mailboxes, sendAs}] (apps[0] is the sandbox's own),
// hveAccounts [{address, displayName, password}], acs {resource, domains, senders, smtpUsernames [{username, app}]},
// testRecipient, testSender.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isIP } from 'node:net';
import { LineCounter, parseDocument, isMap, isSeq, type Document } from 'yaml';
import { InputError } from '../util/errors.js';

export type BasicAuthMode = 'on' | 'off' | 'retired';

export interface MailboxSettings {
  address: string;
  displayName: string;
  password: string | null;              // only for Basic-auth rehearsals
  aliases: string[];
  sendAs: string[];                     // addresses it may send as (Add-RecipientPermission -Trustee <mailbox>)
  smtpAuthDisabled: boolean | null;     // Set-CASMailbox -SmtpClientAuthenticationDisabled; null follows the organisation
  restEnabled: boolean;                 // false: unlicensed or on-premises, Graph answers MailboxNotEnabledForRESTAPI
}

export interface AppSettings {
  clientId: string | null;              // null: generated per state directory (the sandbox's own app)
  displayName: string;
  secret: string | null;                // null for the sandbox's own app: generated per state directory
  certificates: string[];               // PEM certificates registered on the app (client assertions)
  roles: string[];                      // SMTP.SendAsApp (Exchange), Mail.Send / Mail.Read (Graph)
  mailboxes: string[];                  // FullAccess (SMTP) and RBAC-for-Applications scope (Graph); '*' = every mailbox
  sendAs: string[];                     // addresses the app's service principal may send as
}

/** A High Volume Email account (New-MailUser -HVEAccount): a mail user that signs in to the HVE endpoint only. */
export interface HveAccountSettings {
  address: string;
  displayName: string;
  password: string | null;              // Basic auth (kept by HVE until September 2028); null: XOAUTH2 only
}

/** An Azure Communication Services resource with Email: who may sign in to its SMTP relay, and send as whom. */
export interface AcsSettings {
  resource: string;                     // the Communication Services resource name (the old `resource|app|tenant` usernames)
  domains: string[];                    // linked, verified email domains
  senders: string[];                    // MailFrom addresses configured on those domains
  smtpUsernames: { username: string; app: string }[]; // SMTP Username resources: the Entra app (display name or client id) whose secret is the password
}

export interface ConnectorSettings {
  name: string;
  ips: string[];                        // IPv4 addresses or CIDR ranges (OnPremises inbound connector)
  certificateName: string | null;       // TlsSenderCertificateName, e.g. *.contoso.com
}

export interface SandboxSettings {
  tenantId: string | null;              // null: generated per state directory
  tenantName: string;                   // contoso → contoso.onmicrosoft.com, contoso-com.mail.protection…
  acceptedDomains: string[];
  basicAuth: BasicAuthMode;             // off = the default for existing tenants from the end of December 2026
  smtpAuthDisabled: boolean;            // Set-TransportConfig -SmtpClientAuthenticationDisabled
  securityDefaults: boolean;
  conditionalAccess: boolean;           // a policy blocking legacy authentication
  rejectDirectSend: boolean;            // Set-OrganizationConfig -RejectDirectSend
  connectors: ConnectorSettings[];
  limits: { messagesPerMinute: number; concurrentConnections: number; recipientsPerDay: number; maxMessageBytes: number; maxRecipients: number; tokenLifetimeSeconds: number };
  graph: { requestsPerWindow: number; windowSeconds: number; concurrentRequests: number };
  mailboxes: MailboxSettings[];
  apps: AppSettings[];                  // apps[0] is the sandbox's own test app
  hveAccounts: HveAccountSettings[];
  acs: AcsSettings;
  testRecipient: string;
  testSender: string;
}

export interface SandboxFlags {
  basicAuth?: string;
  rejectDirectSend?: boolean;
  connectorIps?: string[];
  smtpAuthDisabled?: boolean;
  securityDefaults?: boolean;
}

export const ROLES = { smtp: 'SMTP.SendAsApp', send: 'Mail.Send', read: 'Mail.Read' } as const;

export function defaultSettings(): SandboxSettings {
  const mailbox = (address: string, displayName: string): MailboxSettings => ({ address, displayName, password: null, aliases: [], sendAs: [], smtpAuthDisabled: null, restEnabled: true });
  return {
    tenantId: null, tenantName: 'contoso', acceptedDomains: ['contoso.com', 'contoso.onmicrosoft.com'],
    basicAuth: 'off', smtpAuthDisabled: false, securityDefaults: false, conditionalAccess: false, rejectDirectSend: false, connectors: [],
    limits: { messagesPerMinute: 30, concurrentConnections: 3, recipientsPerDay: 10_000, maxMessageBytes: 35 * 1024 * 1024, maxRecipients: 500, tokenLifetimeSeconds: 3599 },
    graph: { requestsPerWindow: 10_000, windowSeconds: 600, concurrentRequests: 4 },
    mailboxes: [mailbox('scanner@contoso.com', 'Scanner'), mailbox('alerts@contoso.com', 'Alerts'), mailbox('it@contoso.com', 'IT'), mailbox('noreply@contoso.com', 'No Reply')],
    apps: [{ clientId: null, displayName: 'relay365 sandbox app', secret: null, certificates: [], roles: [ROLES.smtp, ROLES.send, ROLES.read], mailboxes: ['*'], sendAs: [] }],
    hveAccounts: [],
    // empty lists are filled from the tenant in finishSettings: its domains, DoNotReply@ each, one SMTP Username for apps[0]
    acs: { resource: '', domains: [], senders: [], smtpUsernames: [] },
    testRecipient: 'it@contoso.com', testSender: 'scanner@contoso.com',
  };
}

/** Settings from defaults, then the YAML file, then flags. Bad input: InputError with file and line. */
export async function loadSettings(configFile: string | undefined, flags: SandboxFlags = {}): Promise<SandboxSettings> {
  const settings = defaultSettings();
  if (configFile) await applyYaml(settings, resolve(configFile));
  applyFlags(settings, flags);
  return finishSettings(settings);
}

export function applyFlags(settings: SandboxSettings, flags: SandboxFlags): void {
  if (flags.basicAuth !== undefined) settings.basicAuth = basicAuthMode(flags.basicAuth, () => new InputError(`--basic-auth must be on, off or retired, not "${flags.basicAuth}"`));
  if (flags.rejectDirectSend) settings.rejectDirectSend = true;
  if (flags.smtpAuthDisabled) settings.smtpAuthDisabled = true;
  if (flags.securityDefaults) settings.securityDefaults = true;
  for (const ip of flags.connectorIps ?? []) {
    if (!validCidr(ip)) throw new InputError(`--connector-ip: "${ip}" is not an IPv4 address or CIDR range`);
    settings.connectors.push({ name: `cli ${ip}`, ips: [ip], certificateName: null });
  }
}

/** Normalise and cross-check: lower-case addresses, the onmicrosoft domain, test mailboxes that exist. */
export function finishSettings(settings: SandboxSettings): SandboxSettings {
  const lower = (list: string[]) => list.map((a) => a.toLowerCase());
  settings.acceptedDomains = [...new Set([...lower(settings.acceptedDomains), `${settings.tenantName.toLowerCase()}.onmicrosoft.com`])];
  for (const mailbox of settings.mailboxes) {
    mailbox.address = mailbox.address.toLowerCase();
    mailbox.aliases = lower(mailbox.aliases);
    mailbox.sendAs = lower(mailbox.sendAs);
  }
  for (const app of settings.apps) {
    app.mailboxes = lower(app.mailboxes);
    app.sendAs = lower(app.sendAs);
  }
  for (const account of settings.hveAccounts) account.address = account.address.toLowerCase();
  const acs = settings.acs;
  acs.resource ||= `${settings.tenantName.toLowerCase()}-acs`;
  acs.domains = acs.domains.length ? lower(acs.domains) : settings.acceptedDomains.filter((d) => !d.endsWith('.onmicrosoft.com'));
  acs.senders = acs.senders.length ? lower(acs.senders) : acs.domains.map((d) => `donotreply@${d}`);
  if (!acs.smtpUsernames.length && settings.apps[0]) acs.smtpUsernames = [{ username: `${acs.resource}-smtp`, app: settings.apps[0].displayName }];
  const addresses = new Set(settings.mailboxes.map((m) => m.address));
  if (!addresses.has(settings.testRecipient.toLowerCase())) settings.testRecipient = settings.mailboxes[0]?.address ?? settings.testRecipient;
  if (!addresses.has(settings.testSender.toLowerCase())) settings.testSender = settings.mailboxes[0]?.address ?? settings.testSender;
  return settings;
}

async function applyYaml(settings: SandboxSettings, file: string): Promise<void> {
  let text: string;
  try { text = await readFile(file, 'utf8'); } catch (error) { throw new InputError(`cannot read: ${(error as Error).message}`, file); }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    const error = doc.errors[0];
    throw new InputError(`not valid YAML: ${error.message.split('\n')[0]}`, file, lineCounter.linePos(error.pos[0]).line);
  }
  const reader = new YamlReader(doc, lineCounter, file);
  reader.read(settings);
}

/** Reads the known keys of the YAML document; every error names the file, the line and the key. */
class YamlReader {
  constructor(private doc: Document, private lines: LineCounter, private file: string) {}

  fail(path: (string | number)[], message: string): never {
    // a missing key: the line of the nearest enclosing node that is there
    let node: { range?: [number, number, number] } | undefined;
    for (let depth = path.length; depth > 0 && !node?.range; depth--) node = this.doc.getIn(path.slice(0, depth), true) as typeof node;
    const line = node?.range ? this.lines.linePos(node.range[0]).line : undefined;
    throw new InputError(`${path.join('.')}: ${message}`, this.file, line);
  }

  value(path: (string | number)[]): unknown {
    return this.doc.getIn(path);
  }

  string(path: (string | number)[], fallback: string): string {
    const v = this.value(path);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string' && typeof v !== 'number') this.fail(path, 'expected text');
    return String(v);
  }

  bool(path: (string | number)[], fallback: boolean): boolean;
  bool(path: (string | number)[], fallback: boolean | null): boolean | null;
  bool(path: (string | number)[], fallback: boolean | null): boolean | null {
    const v = this.value(path);
    if (v === undefined) return fallback;
    if (v === null) return null;
    if (typeof v !== 'boolean') this.fail(path, 'expected true or false');
    return v;
  }

  number(path: (string | number)[], fallback: number): number {
    const v = this.value(path);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) this.fail(path, 'expected a number of zero or more');
    return v;
  }

  list(path: (string | number)[], fallback: string[], check?: (item: string) => boolean, what = 'value'): string[] {
    const node = this.doc.getIn(path, true);
    if (node === undefined || node === null) return fallback;
    const raw = isSeq(node) ? (node.toJSON() as unknown[]) : [this.value(path)];
    return raw.map((item, i) => {
      if (typeof item !== 'string' || (check && !check(item))) this.fail(isSeq(node) ? [...path, i] : path, `not a valid ${what}: ${JSON.stringify(item)}`);
      return item;
    });
  }

  count(path: string[]): number {
    const node = this.doc.getIn(path, true);
    if (node === undefined || node === null) return -1;
    if (!isSeq(node)) this.fail(path, 'expected a list');
    return node.items.length;
  }

  read(settings: SandboxSettings): void {
    if (!isMap(this.doc.contents)) this.fail([], 'expected a mapping of settings');
    settings.tenantId = this.value(['tenant', 'id']) === undefined ? settings.tenantId : this.string(['tenant', 'id'], '');
    settings.tenantName = this.string(['tenant', 'name'], settings.tenantName);
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/i.test(settings.tenantName)) this.fail(['tenant', 'name'], 'expected a short name like contoso');
    settings.acceptedDomains = this.list(['tenant', 'acceptedDomains'], settings.acceptedDomains, isDomain, 'domain');
    const basic = this.string(['basicAuth'], settings.basicAuth);
    settings.basicAuth = basicAuthMode(basic, () => this.fail(['basicAuth'], 'expected on, off or retired'));
    settings.smtpAuthDisabled = this.bool(['smtpAuthDisabled'], settings.smtpAuthDisabled);
    settings.securityDefaults = this.bool(['securityDefaults'], settings.securityDefaults);
    settings.conditionalAccess = this.bool(['conditionalAccess'], settings.conditionalAccess);
    settings.rejectDirectSend = this.bool(['rejectDirectSend'], settings.rejectDirectSend);
    for (const key of Object.keys(settings.limits) as (keyof SandboxSettings['limits'])[]) settings.limits[key] = this.number(['limits', key], settings.limits[key]);
    for (const key of Object.keys(settings.graph) as (keyof SandboxSettings['graph'])[]) settings.graph[key] = this.number(['graph', key], settings.graph[key]);
    const connectors = this.count(['connectors']);
    if (connectors >= 0) settings.connectors = Array.from({ length: connectors }, (_, i) => ({
      name: this.string(['connectors', i, 'name'], `connector ${i + 1}`),
      ips: this.list(['connectors', i, 'ips'], [], validCidr, 'IPv4 address or CIDR range'),
      certificateName: this.value(['connectors', i, 'certificateName']) ? this.string(['connectors', i, 'certificateName'], '') : null,
    }));
    const mailboxes = this.count(['mailboxes']);
    if (mailboxes >= 0) settings.mailboxes = Array.from({ length: mailboxes }, (_, i) => this.mailbox(i));
    const apps = this.count(['apps']);
    if (apps >= 0) settings.apps = Array.from({ length: apps }, (_, i) => this.app(i, i === 0 ? settings.apps[0] : undefined));
    const hve = this.count(['hveAccounts']);
    if (hve >= 0) settings.hveAccounts = Array.from({ length: hve }, (_, i) => this.hveAccount(i));
    if (this.value(['acs']) !== undefined) settings.acs = this.acs();
    settings.testRecipient = this.string(['testRecipient'], settings.testRecipient);
    settings.testSender = this.string(['testSender'], settings.testSender);
  }

  hveAccount(i: number): HveAccountSettings {
    const address = this.string(['hveAccounts', i, 'address'], '');
    if (!isAddress(address)) this.fail(['hveAccounts', i, 'address'], 'expected an e-mail address');
    const password = this.value(['hveAccounts', i, 'password']);
    return { address, displayName: this.string(['hveAccounts', i, 'displayName'], address.split('@')[0]), password: password === undefined || password === null ? null : String(password) };
  }

  acs(): AcsSettings {
    if (!isMap(this.doc.getIn(['acs'], true))) this.fail(['acs'], 'expected a mapping (resource, domains, senders, smtpUsernames)');
    const resource = this.string(['acs', 'resource'], '');
    if (resource && !/^[a-z0-9][a-z0-9-]{0,62}$/i.test(resource)) this.fail(['acs', 'resource'], 'expected a resource name like contoso-acs');
    const usernames = this.count(['acs', 'smtpUsernames']);
    return {
      resource,
      domains: this.list(['acs', 'domains'], [], isDomain, 'domain'),
      senders: this.list(['acs', 'senders'], [], isAddress, 'e-mail address'),
      smtpUsernames: Array.from({ length: Math.max(usernames, 0) }, (_, i) => {
        const username = this.string(['acs', 'smtpUsernames', i, 'username'], '');
        if (!username.trim()) this.fail(['acs', 'smtpUsernames', i, 'username'], 'expected the SMTP Username');
        const app = this.string(['acs', 'smtpUsernames', i, 'app'], '');
        if (!app.trim()) this.fail(['acs', 'smtpUsernames', i, 'app'], 'expected the app (display name or client id) whose secret is the password');
        return { username: username.trim(), app: app.trim() };
      }),
    };
  }

  mailbox(i: number): MailboxSettings {
    const address = this.string(['mailboxes', i, 'address'], '');
    if (!isAddress(address)) this.fail(['mailboxes', i, 'address'], 'expected an e-mail address');
    const password = this.value(['mailboxes', i, 'password']);
    return {
      address, displayName: this.string(['mailboxes', i, 'displayName'], address.split('@')[0]),
      password: password === undefined || password === null ? null : String(password),
      aliases: this.list(['mailboxes', i, 'aliases'], [], isAddress, 'e-mail address'),
      sendAs: this.list(['mailboxes', i, 'sendAs'], [], isAddress, 'e-mail address'),
      smtpAuthDisabled: this.bool(['mailboxes', i, 'smtpAuthDisabled'], null),
      restEnabled: this.bool(['mailboxes', i, 'restEnabled'], true),
    };
  }

  app(i: number, base: AppSettings | undefined): AppSettings {
    const path = ['apps', i];
    const certificates = this.list([...path, 'certificates'], [], undefined, 'certificate path').concat(this.list([...path, 'certificate'], []));
    const baseDir = dirname(this.file);
    return {
      clientId: this.value([...path, 'clientId']) ? this.string([...path, 'clientId'], '') : base?.clientId ?? null,
      displayName: this.string([...path, 'displayName'], base?.displayName ?? `app ${i + 1}`),
      secret: this.value([...path, 'secret']) ? this.string([...path, 'secret'], '') : null,
      certificates: certificates.map((c) => (c.includes('-----BEGIN') ? c : resolve(baseDir, c))),
      roles: this.list([...path, 'roles'], base?.roles ?? []),
      mailboxes: this.list([...path, 'mailboxes'], base?.mailboxes ?? ['*'], (m) => m === '*' || isAddress(m), 'mailbox address or *'),
      sendAs: this.list([...path, 'sendAs'], [], isAddress, 'e-mail address'),
    };
  }
}

function basicAuthMode(value: string, fail: () => Error): BasicAuthMode {
  const v = value.toLowerCase();
  if (v === 'on' || v === 'off' || v === 'retired') return v;
  throw fail();
}

export function isAddress(value: string): boolean {
  return /^[^\s@<>]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value);
}

function isDomain(value: string): boolean {
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value);
}

export function validCidr(value: string): boolean {
  const [ip, bits, extra] = value.split('/');
  if (extra !== undefined || isIP(ip) === 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return Number.isInteger(n) && n >= 0 && n <= (isIP(ip) === 4 ? 32 : 128);
}
