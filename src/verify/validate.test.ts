import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../inventory/types.js';
import { classifyHost } from '../m365/endpoints.js';
import { emptyTenant, type Tenant } from '../m365/tenant.js';
import { itemForFinding, judgeFinding } from './validate.js';

const tenant: Tenant = { ...emptyTenant(), acceptedDomains: ['contoso.com'], mxEndpoint: 'contoso-com.mail.protection.outlook.com' };

function finding(over: Partial<Finding>): Finding {
  const host = over.host === undefined ? 'smtp.office365.com' : over.host;
  return {
    id: 'f1', detector: 'msmtp', system: 'msmtp', path: '/etc/msmtprc', line: 3, host, port: 587, security: 'starttls',
    auth: { method: 'oauth2', username: 'scanner@contoso.com', secret: 'external' }, from: 'scanner@contoso.com',
    endpointKind: classifyHost(host), active: true, evidence: '', ...over,
  };
}

function verdicts(f: Finding): Record<string, string> {
  return Object.fromEntries(judgeFinding(f, tenant).map((c) => [c.name, c.status]));
}

describe('validate: settings as a plan would write them', () => {
  it('passes smtp.office365.com:587, STARTTLS, OAuth, From in an accepted domain', () => {
    assert.deepEqual(verdicts(finding({})), { host: 'pass', port: 'pass', tls: 'pass', 'auth-method': 'pass', from: 'pass' });
  });

  it('flags what the planner would never write', () => {
    const cases: [string, Partial<Finding>, string, string][] = [
      ['port 465', { port: 465, security: 'tls' }, 'port', 'fail'],
      ['implicit TLS', { security: 'tls' }, 'tls', 'fail'],
      ['no TLS on submission', { security: 'none' }, 'tls', 'fail'],
      ['Basic auth in software that can do OAuth', { auth: { method: 'password', username: 'scanner@contoso.com', secret: 'present' } }, 'auth-method', 'fail'],
      ['Basic auth in software without OAuth', { detector: 'grafana', system: 'Grafana', auth: { method: 'password', username: 'scanner@contoso.com', secret: 'present' } }, 'auth-method', 'warn'],
      ['no auth on submission (5.7.57)', { auth: { method: 'none', username: null, secret: 'absent' } }, 'auth-method', 'fail'],
      ['a consumer Outlook.com host', { host: 'smtp-mail.outlook.com' }, 'host', 'fail'],
      ['an internal relay', { host: 'relay01.corp.local' }, 'host', 'fail'],
      ['another cloud', { host: 'smtp.office365.us' }, 'host', 'fail'],
      ['the legacy TLS endpoint', { host: 'smtp-legacy.office365.com' }, 'host', 'warn'],
      ['From outside accepted domains', { from: 'scanner@fabrikam.com' }, 'from', 'warn'],
      ['MX on 587', { host: 'contoso-com.mail.protection.outlook.com', port: 587, auth: { method: 'none', username: null, secret: 'absent' } }, 'port', 'fail'],
      ['MX with a foreign MAIL FROM', { host: 'contoso-com.mail.protection.outlook.com', port: 25, auth: { method: 'none', username: null, secret: 'absent' }, from: 'x@fabrikam.com' }, 'from', 'fail'],
      ['another tenant MX', { host: 'fabrikam-com.mail.protection.outlook.com', port: 25, auth: { method: 'none', username: null, secret: 'absent' } }, 'host', 'warn'],
      ['HVE old name', { host: 'smtp-hve.office365.com' }, 'host', 'warn'],
    ];
    for (const [what, over, check, status] of cases) assert.equal(verdicts(finding(over))[check], status, what);
  });

  it('turns a Microsoft 365 setting into a transient plan item, and nothing else', () => {
    assert.equal(itemForFinding(finding({}))?.target, 'smtp-oauth');
    assert.equal(itemForFinding(finding({ auth: { method: 'password', username: 'a@contoso.com', secret: 'present' } }))?.target, 'smtp-basic');
    const mx = itemForFinding(finding({ host: 'contoso-com.mail.protection.outlook.com', port: 25, auth: { method: 'none', username: null, secret: 'absent' } }));
    assert.deepEqual([mx?.target, mx?.settings.auth, mx?.settings.port], ['direct-send', 'none', 25]);
    assert.equal(itemForFinding(finding({ port: 465, security: 'unknown' }))?.settings.security, 'tls', '465 is tried as implicit TLS, as the software would');
    assert.equal(itemForFinding(finding({ host: 'smtp.gmail.com' })), null);
  });
});
