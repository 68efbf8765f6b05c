// validate: does a rewritten config point at Microsoft 365 the way a plan would (host for the tenant's cloud,
// 587 not 465, STARTTLS, OAuth where the software can, From in an accepted domain)? Then the path it describes
// becomes a transient plan item for verify. Found passwords are never used: password paths sign in with the
// password from the environment, as verify does.
import type { Finding } from '../inventory/types.js';
import { CLOUDS } from '../m365/endpoints.js';
import type { Tenant } from '../m365/tenant.js';
import { profileOf } from '../plan/formats.js';
import { mxEndpointOf } from '../plan/settings.js';
import type { NewSettings, PlanItem, Target } from '../plan/types.js';
import type { CheckResult, CheckStatus } from './types.js';

type Kind = 'submission' | 'mx' | 'hve' | 'acs';
const KINDS: Record<string, Kind> = { 'm365-submission': 'submission', 'm365-mx': 'mx', 'm365-hve': 'hve', acs: 'acs' };
const CLOUD_NAMES: Record<string, string> = { global: 'worldwide', 'gcc-high': 'GCC High', dod: 'DoD', china: '21Vianet' };

function result(name: string, status: CheckStatus, reply: string, diagnosis: string | null = null, hint: string | null = null): CheckResult {
  return { name, status, ms: 0, reply, code: status === 'fail' || status === 'warn' ? `settings-${name}` : null, diagnosis, hint };
}

function kindOf(finding: Finding): Kind | null {
  return KINDS[finding.endpointKind] ?? null;
}

function hostCheck(finding: Finding, tenant: Tenant): CheckResult {
  const cloud = CLOUDS[tenant.cloud] ?? CLOUDS.global;
  const host = finding.host;
  const kind = kindOf(finding);
  const use = `use ${cloud.submission}:587 (SMTP AUTH with OAuth), the tenant MX endpoint (${mxEndpointOf(tenant) ?? `<tenant>.${cloud.mxSuffix}`}:25) for Direct Send or a connector${cloud.hve ? `, or ${cloud.hve}:587 (HVE)` : ''}`;
  if (!host) return result('host', 'fail', 'no host in this setting', 'the setting names no SMTP server', use);
  if (finding.endpointKind === 'outlook-consumer' || finding.endpointKind === 'windows-live') {
    return result('host', 'fail', host, `${host} is a personal Outlook.com/Hotmail account used as a relay, not Microsoft 365`, use);
  }
  if (!kind) return result('host', 'fail', host, `${host} is not a Microsoft 365 endpoint (${finding.endpointKind})`, use);
  const otherCloud = Object.entries(CLOUDS).find(([id, c]) => id !== tenant.cloud && (c.submission === host || (c.mxSuffix !== cloud.mxSuffix && host.endsWith(`.${c.mxSuffix}`))));
  if (otherCloud) return result('host', 'fail', host, `${host} belongs to the ${CLOUD_NAMES[otherCloud[0]]} cloud; this tenant is ${CLOUD_NAMES[tenant.cloud] ?? tenant.cloud}`, use);
  if (kind === 'submission') {
    if (host === cloud.submission) return result('host', 'pass', `${host}: SMTP AUTH client submission`);
    if (host.startsWith('smtp-legacy.')) return result('host', 'warn', host, 'the opt-in endpoint for TLS 1.0/1.1 clients (needs Set-TransportConfig -AllowLegacyTLSClients $true)', `plan TLS 1.2 on the device and ${cloud.submission}, or a bridge`);
    if (/microsoftonline\.com$/.test(host) || host === 'outlook.office365.com') return result('host', 'fail', host, `${host} is not an SMTP submission endpoint (an IMAP/POP host, or a long-dead BPOS name)`, `use ${cloud.submission}`);
    return result('host', 'warn', host, `${host} is a non-canonical name for SMTP submission`, `use ${cloud.submission}`);
  }
  if (kind === 'mx') {
    const mx = mxEndpointOf(tenant);
    if (!host.endsWith(`.${cloud.mxSuffix}`)) return result('host', 'warn', host, `${host} is an Exchange Online Protection host, not a tenant MX endpoint`, mx ? `use ${mx}` : null);
    return mx && mx !== host ? result('host', 'warn', host, `${host} is not this tenant's MX endpoint (${mx})`, `use ${mx}`) : result('host', 'pass', `${host}: the tenant MX endpoint`);
  }
  if (kind === 'hve') return host === cloud.hve ? result('host', 'pass', `${host}: High Volume Email`) : result('host', 'warn', host, `${host} is HVE's old name, to be deprecated`, `use ${cloud.hve ?? 'smtp.hve.mx.microsoft'}`);
  return result('host', 'pass', `${host}: Azure Communication Services Email`);
}

function portCheck(finding: Finding, kind: Kind): CheckResult {
  const port = finding.port;
  if (port === null) return result('port', 'warn', 'no port set', 'the software falls back to its own default (often 25 or 465)', `set port ${kind === 'mx' ? 25 : 587}`);
  if (kind === 'mx') return port === 25 ? result('port', 'pass', '25') : result('port', 'fail', String(port), `the MX endpoint listens on port 25 only, not ${port}`, 'use port 25');
  if (port === 587) return result('port', 'pass', '587');
  if (port === 465) return result('port', 'fail', '465', 'port 465 (implicit TLS) is not supported by Microsoft 365 submission', 'use port 587 with STARTTLS');
  if (port === 25 && kind !== 'hve') return result('port', kind === 'acs' ? 'pass' : 'warn', '25', kind === 'acs' ? null : 'port 25 works, but networks often block it; 587 is the recommended port', kind === 'acs' ? null : 'use port 587');
  return result('port', 'fail', String(port), `${kind === 'hve' ? 'HVE' : 'Microsoft 365'} does not listen on port ${port}`, 'use port 587 with STARTTLS');
}

function tlsCheck(finding: Finding, kind: Kind): CheckResult {
  const s = finding.security;
  if (s === 'starttls') return result('tls', 'pass', 'STARTTLS');
  if (s === 'tls') return result('tls', 'fail', 'implicit TLS ("SSL")', 'implicit TLS is not supported here: Microsoft 365 expects STARTTLS (451 5.7.3 STARTTLS is required)', 'turn STARTTLS on and "SSL"/implicit TLS off');
  if (s === 'none') return kind === 'mx' ? result('tls', 'warn', 'no TLS', 'TLS is optional on the MX endpoint, but mail then crosses the internet in clear text', 'turn STARTTLS on')
    : result('tls', 'fail', 'no TLS', 'TLS 1.2 or later is required for SMTP AUTH', 'turn STARTTLS on');
  return result('tls', 'warn', 'not set', 'the TLS setting was not found: the software decides', 'set STARTTLS explicitly');
}

function authCheck(finding: Finding, kind: Kind): CheckResult {
  const method = finding.auth.method;
  const profile = profileOf(finding.detector);
  if (kind === 'mx') return method === 'none' ? result('auth-method', 'pass', 'none (the MX endpoint takes anonymous mail)')
    : result('auth-method', 'warn', method, 'the MX endpoint offers no AUTH: credentials here are useless and may make the client give up', 'remove the credentials');
  if (method === 'oauth2') return result('auth-method', 'pass', 'OAuth (XOAUTH2)');
  if (method === 'password') {
    if (kind === 'acs') return result('auth-method', 'pass', 'password (the Entra app secret for the SMTP Username)');
    if (kind === 'hve') return result('auth-method', 'pass', 'password (Basic auth for HVE accounts is supported until September 2028)');
    return profile.oauth === 'native' || profile.oauth === 'plugin'
      ? result('auth-method', 'fail', 'password', `Basic auth, off by default from the end of December 2026, although ${finding.system} can use OAuth (${profile.note})`, 'switch to XOAUTH2 with an app token (relay365 plan writes the patch)')
      : result('auth-method', 'warn', 'password', `Basic auth, off by default from the end of December 2026; ${finding.system} has no OAuth (${profile.note})`, 'move it to Direct Send, a connector relay or a bridge before then');
  }
  if (method === 'none') return result('auth-method', 'fail', 'none', 'submission needs authentication (530 5.7.57 Client not authenticated)', 'configure OAuth, or point the sender at the MX endpoint (Direct Send)');
  return result('auth-method', 'warn', method, `authentication '${method}' is not one Microsoft 365 submission accepts`, 'use OAuth (XOAUTH2)');
}

function fromCheck(finding: Finding, tenant: Tenant, kind: Kind): CheckResult {
  const from = finding.from ?? (finding.auth.username?.includes('@') ? finding.auth.username : null);
  if (!from) return result('from', kind === 'mx' ? 'warn' : 'skipped', 'no From address in this setting', kind === 'mx' ? 'Direct Send and connector relay need a MAIL FROM in an accepted domain' : null, null);
  if (!tenant.acceptedDomains.length) return result('from', 'skipped', from, 'tenant.yaml lists no accepted domains to compare with');
  const domain = from.slice(from.lastIndexOf('@') + 1).toLowerCase();
  if (tenant.acceptedDomains.includes(domain)) return result('from', 'pass', from);
  return kind === 'mx'
    ? result('from', 'fail', from, `${domain} is not an accepted domain: the MX endpoint refuses it (relay needs an accepted P1 MAIL FROM since November 2023)`, `send From an address in ${tenant.acceptedDomains.join(', ')}`)
    : result('from', 'warn', from, `${domain} is not an accepted domain of the tenant`, 'send From the mailbox, or an address it has Send As on');
}

/** The settings checks of one finding (as a plan would write them). */
export function judgeFinding(finding: Finding, tenant: Tenant): CheckResult[] {
  const host = hostCheck(finding, tenant);
  const kind = kindOf(finding);
  if (!kind) return [host];
  return [host, portCheck(finding, kind), tlsCheck(finding, kind), authCheck(finding, kind), fromCheck(finding, tenant, kind)];
}

/** The path a finding describes, as a plan item verify can run; null when it is not a Microsoft 365 endpoint. */
export function itemForFinding(finding: Finding): PlanItem | null {
  const kind = kindOf(finding);
  if (!kind || !finding.host) return null;
  const method = finding.auth.method;
  const target: Target = kind === 'mx' ? 'direct-send' : kind === 'hve' ? 'hve' : kind === 'acs' ? 'acs' : method === 'oauth2' ? 'smtp-oauth' : 'smtp-basic';
  const port = finding.port ?? (kind === 'mx' ? 25 : 587);
  const security = finding.security === 'unknown' ? (port === 465 ? 'tls' : 'starttls') : finding.security;
  const auth: NewSettings['auth'] = kind === 'mx' ? 'none' : method === 'oauth2' ? 'oauth2' : method === 'password' ? 'password' : 'none';
  const username = finding.auth.username ?? (auth !== 'none' ? finding.from : null);
  return {
    id: finding.id, sources: [finding.id], name: `${finding.path}${finding.line ? `:${finding.line}` : ''}`,
    current: { kind: 'unknown', system: finding.system, where: [`${finding.path}:${finding.line ?? ''}`], host: finding.host, port: finding.port, security: finding.security, auth: { method, username: finding.auth.username }, from: finding.from ? [finding.from] : [], endpointKind: finding.endpointKind },
    target, reason: 'the rewritten configuration', alternatives: [],
    settings: { host: finding.host, port, security, auth, username, from: finding.from ?? username },
    steps: [], patch: null, risks: [], override: null,
  };
}
