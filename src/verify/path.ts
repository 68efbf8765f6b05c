// What verify tests for one plan item: where to connect, how to authenticate, From and the test recipient.
// Rehearsals: when the tenant file has `endpoints`, they stand in for Microsoft's hosts of the same kind.
import { isIP } from 'node:net';
import type { Security } from '../inventory/types.js';
import { classifyHost, CLOUDS } from '../m365/endpoints.js';
import type { Endpoint, Tenant } from '../m365/tenant.js';
import { effectiveTarget, type NewSettings, type PlanItem, type Target } from '../plan/types.js';

/** An address in an RFC 2606 domain: RCPT to it proves a relay is allowed, and nothing is ever delivered there. */
export const RELAY_TEST_RECIPIENT = 'relay365-relay-test@example.net';
export const DEFAULT_PASSWORD_ENV = 'RELAY365_SMTP_PASSWORD';

export type PathAuth = 'xoauth2' | 'password' | 'none';
export type LegacyTls = '1.0' | '1.1';

export interface VerifyPath {
  kind: 'smtp' | 'graph';
  target: Target;
  /** The host and port the plan names. */
  host: string | null;
  port: number | null;
  /** Where verify connects: the planned endpoint, or the rehearsal endpoint standing in for it. */
  connect: Endpoint | null;
  rehearsal: string | null;                 // 'endpoints.submission stands in for smtp.office365.com'
  servername: string | null;                // the name the certificate must carry
  mode: 'plain' | 'implicit-tls';
  security: Security;
  auth: PathAuth;
  username: string | null;
  passwordEnv: string | null;
  scope: string;                            // token scope (SMTP or Graph)
  from: string | null;
  recipient: string | null;
  /** A relay test to an outside domain (connector relay): proves the connector, not delivery. */
  recipientExternal: boolean;
  /** --send may deliver here (not the RFC 2606 relay-test address). */
  sendable: boolean;
  /** The recipient is a tenant mailbox whose inbox --confirm can search through Graph. */
  confirmable: boolean;
  mailbox: string | null;                   // Graph: /users/{mailbox}
  graphBaseUrl: string;
  /** The device speaks TLS only up to this version (override.maxTls, else current.maxTls): rehearsed as such. */
  maxTls: LegacyTls | null;
  /** Per-mailbox limits apply under this key (authenticated SMTP and Graph). */
  limitKey: string | null;
  /** Path identity: at most one test message per key per run. */
  key: string;
  /** Why the path cannot be verified as planned (missing host, mailbox, recipient…). */
  problems: string[];
}

function domainOf(address: string | null): string | null {
  const at = address?.lastIndexOf('@') ?? -1;
  return address && at > 0 ? address.slice(at + 1).toLowerCase() : null;
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function legacyTls(value: unknown): LegacyTls | null {
  const text = String(value ?? '').replace(/^TLSv?/i, '');
  return text === '1' || text === '1.0' ? '1.0' : text === '1.1' ? '1.1' : null;
}

/** The endpoint of the tenant's `endpoints` block that stands in for a Microsoft host of this kind. */
function standIn(host: string | null, target: Target, tenant: Tenant): { endpoint: Endpoint; key: string } | null {
  const endpoints = tenant.endpoints;
  if (!endpoints) return null;
  const kind = host ? classifyHost(host) : target === 'direct-send' || target === 'connector-relay' ? 'm365-mx' : 'unknown';
  const pick = (key: 'submission' | 'mx' | 'hve' | 'acs') => (endpoints[key] ? { endpoint: endpoints[key]!, key } : null);
  // the sandbox plays one submission service; HVE and ACS rehearse against it unless the tenant names their own
  if (kind === 'm365-submission') return pick('submission');
  if (kind === 'm365-mx') return pick('mx');
  if (kind === 'm365-hve') return pick('hve') ?? pick('submission');
  if (kind === 'acs') return pick('acs') ?? pick('submission');
  return null;
}

function authOf(target: Target, settings: NewSettings): PathAuth {
  if (target === 'smtp-oauth') return 'xoauth2';
  if (target === 'graph' || target === 'direct-send' || target === 'connector-relay') return 'none';
  if (settings.auth === 'oauth2') return 'xoauth2';
  return settings.auth === 'password' ? 'password' : 'none';
}

export function resolvePath(item: PlanItem, tenant: Tenant): VerifyPath {
  const target = effectiveTarget(item);
  const override = item.override ?? {};
  const settings: NewSettings = { ...item.settings, ...(override.settings ?? {}) };
  const cloud = CLOUDS[tenant.cloud] ?? CLOUDS.global;
  const accepted = new Set(tenant.acceptedDomains.map((d) => d.toLowerCase()));
  const problems: string[] = [];
  const kind = target === 'graph' ? 'graph' : 'smtp';
  const host = settings.host ? settings.host.toLowerCase() : null;
  const stand = kind === 'smtp' ? standIn(host, target, tenant) : null;
  const port = settings.port ?? (target === 'direct-send' || target === 'connector-relay' ? 25 : 587);
  const connect = stand?.endpoint ?? (host ? { host, port } : null);
  const auth = authOf(target, settings);
  const username = stringOf(settings.username);
  const from = stringOf(settings.from) ?? username ?? stringOf(settings.mailbox) ?? tenant.testSender;
  const mailbox = stringOf(settings.mailbox) ?? username ?? from;
  const chosen = stringOf(override.testRecipient);
  let recipient = chosen ?? tenant.testRecipient;
  let external = false;
  if (target === 'connector-relay') {
    // a connector is proven by relaying to an outside domain; an internal recipient would pass as Direct Send
    if (!chosen || accepted.has(domainOf(chosen) ?? '')) recipient = RELAY_TEST_RECIPIENT;
    external = true;
  }
  const sendable = recipient !== RELAY_TEST_RECIPIENT;
  const confirmable = sendable && !external && (accepted.size === 0 || accepted.has(domainOf(recipient) ?? ''));
  if (kind === 'smtp' && !connect) problems.push(target === 'bridge' ? 'no bridge host: name it in override.settings.host' : `no host for ${target} in the plan settings${target === 'direct-send' || target === 'connector-relay' ? ' (mxEndpoint in tenant.yaml)' : ''}`);
  if (auth !== 'none' && !username) problems.push(`no ${target === 'acs' ? 'SMTP Username' : 'mailbox'} to sign in as (settings.username)`);
  if (kind === 'graph' && !mailbox) problems.push('no mailbox for Graph sendMail (settings.mailbox)');
  if (!from) problems.push('no From address (settings.from, or testSender in tenant.yaml)');
  if (!recipient) problems.push('no test recipient: set testRecipient in tenant.yaml');
  const security: Security = settings.security ?? 'starttls';
  const graphBaseUrl = tenant.endpoints?.graphBaseUrl ?? `${cloud.graph}/`;
  const limitKey = kind === 'graph' ? `graph:${mailbox ?? ''}` : auth !== 'none' ? `smtp:${(username ?? '').toLowerCase()}` : null;
  const where = connect ? `${connect.host}:${connect.port}` : '';
  return {
    kind, target, host, port, connect,
    rehearsal: stand ? `tenant endpoints.${stand.key} (${where}) stands in for ${host ?? 'the tenant MX endpoint'}` : null,
    servername: connect ? (stand || isIP(connect.host) ? connect.host : host) : null,
    mode: port === 465 || security === 'tls' ? 'implicit-tls' : 'plain',
    security, auth, username,
    passwordEnv: auth === 'password' ? stringOf(override.passwordEnv) ?? (target === 'acs' ? tenant.app.secretEnv ?? 'AZURE_CLIENT_SECRET' : DEFAULT_PASSWORD_ENV) : null,
    scope: kind === 'graph' ? stringOf(settings.scope) ?? cloud.graphScope : (target === 'smtp-oauth' ? stringOf(settings.scope) : null) ?? cloud.smtpScope,
    from, recipient, recipientExternal: external, sendable, confirmable, mailbox, graphBaseUrl,
    maxTls: kind === 'smtp' ? legacyTls(override.maxTls ?? item.current?.maxTls) : null,
    limitKey,
    key: JSON.stringify(kind === 'graph' ? [target, graphBaseUrl, mailbox, from, recipient] : [target, where, auth, username, from, recipient]),
    problems,
  };
}

/** 'smtp-oauth smtp.office365.com:587 as scanner@contoso.com' — for the audit log and the screen. */
export function describePath(path: VerifyPath): string {
  if (path.kind === 'graph') return `graph ${path.graphBaseUrl.replace(/\/$/, '')}/v1.0/users/${path.mailbox ?? '?'}/sendMail`;
  const where = path.host ? `${path.host}:${path.port ?? '?'}` : path.connect ? `${path.connect.host}:${path.connect.port}` : '?';
  return `${path.target} ${where}${path.username ? ` as ${path.username}` : ''}`;
}
