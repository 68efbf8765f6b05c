// Each risk from the issue, with a realistic sender that must raise it and one that must not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Tenant } from '../m365/tenant.js';
import { risksFor } from './risks.js';
import type { Sender } from './sender.js';
import { settingsFor } from './settings.js';
import { contoso, device, logClient, sender } from './testing.js';
import type { Target } from './types.js';

interface Case { name: string; sender: Sender; target: Target; tenant?: Tenant; code: string; severity?: 'high' | 'medium' | 'low'; text?: RegExp; raised: boolean }

function risks(c: Case) {
  const tenant = c.tenant ?? contoso();
  return risksFor({ sender: c.sender, target: c.target, settings: settingsFor(c.target, c.sender, tenant).settings, tenant });
}

const oldMsmtp = sender({ name: 'msmtp on nas', format: 'msmtp', logs: [logClient({ host: 'nas', tls: { TLSv1: 20 } })] });
const modern = sender({ name: 'msmtp on backup01', format: 'msmtp', logs: [logClient({ host: 'backup01', tls: { 'TLSv1.2': 20, 'TLSv1.3': 5 } })] });
const basicO365 = sender({ name: 'Postfix on relay01', kind: 'relay', format: 'postfix', host: 'smtp.office365.com', port: 587, auth: { method: 'password', username: 'relay@contoso.com' }, endpointKind: 'm365-submission' });
const busy = sender({ name: 'alerts', format: 'msmtp', auth: { method: 'password', username: 'alerts@contoso.com' }, logs: [logClient({ host: 'mon01', messages: 90_000, recipients: 330_000, peakPerDay: 12_000, peakPerMinute: 45 })] });

const CASES: Case[] = [
  { name: 'msmtp that only ever did TLS 1.0, moving to smtp-oauth', sender: oldMsmtp, target: 'smtp-oauth', code: 'tls-below-1.2', severity: 'high', text: /421 4\.7\.66/, raised: true },
  { name: 'the same on a port-25 connector (TLS optional)', sender: oldMsmtp, target: 'connector-relay', code: 'tls-below-1.2', severity: 'low', raised: true },
  { name: 'msmtp on TLS 1.2/1.3', sender: modern, target: 'smtp-oauth', code: 'tls-below-1.2', raised: false },
  { name: 'a device on port 465', sender: sender({ name: 'NAS', port: 465, security: 'tls' }), target: 'smtp-oauth', code: 'port-465', severity: 'high', text: /587 with STARTTLS/, raised: true },
  { name: 'a device on 587', sender: modern, target: 'smtp-oauth', code: 'port-465', raised: false },
  { name: 'a relay on Basic SMTP AUTH to smtp.office365.com today', sender: basicO365, target: 'connector-relay', code: 'basic-auth-retirement', severity: 'high', text: /end of December 2026/, raised: true },
  { name: 'an override that keeps Basic auth', sender: basicO365, target: 'smtp-basic', code: 'basic-auth-retirement', severity: 'high', text: /second half of 2027/, raised: true },
  { name: 'a relay without authentication today', sender: sender({ name: 'old relay', auth: { method: 'none', username: null } }), target: 'connector-relay', code: 'basic-auth-retirement', raised: false },
  { name: 'Direct Send for a NAS that mails outside', sender: sender({ name: 'nas', logs: [logClient({ host: 'nas', internalRecipients: 5, externalRecipients: 95 })] }), target: 'direct-send', code: 'direct-send-external', severity: 'high', raised: true },
  { name: 'Direct Send for a UPS that mails IT only', sender: sender({ name: 'ups', logs: [logClient({ host: 'ups' })] }), target: 'direct-send', code: 'direct-send-external', raised: false },
  { name: 'Direct Send while Reject Direct Send is on', sender: sender({ name: 'ups', logs: [logClient({ host: 'ups' })] }), target: 'direct-send', tenant: contoso({ rejectDirectSend: true }), code: 'reject-direct-send', severity: 'high', text: /5\.7\.68/, raised: true },
  { name: 'Direct Send, Reject Direct Send off', sender: sender({ name: 'ups', logs: [logClient({ host: 'ups' })] }), target: 'direct-send', code: 'reject-direct-send', raised: false },
  { name: 'a monitoring host over 10,000 recipients a day through one mailbox', sender: busy, target: 'smtp-oauth', code: 'volume-recipients', severity: 'high', raised: true },
  { name: 'the same peaking at 45 messages a minute', sender: busy, target: 'smtp-oauth', code: 'volume-rate', severity: 'high', text: /45 messages a minute/, raised: true },
  { name: 'the same on a connector (no mailbox limits)', sender: busy, target: 'connector-relay', code: 'volume-recipients', raised: false },
  { name: 'From in a domain the tenant does not have', sender: sender({ name: 'app', from: ['noreply@contoso-old.net'] }), target: 'connector-relay', code: 'from-outside-accepted', severity: 'high', text: /5\.7\.750/, raised: true },
  { name: 'From in the accepted domain', sender: sender({ name: 'app', from: ['noreply@contoso.com'] }), target: 'connector-relay', code: 'from-outside-accepted', raised: false },
  { name: 'three From addresses through one mailbox', sender: sender({ name: 'relay', auth: { method: 'password', username: 'relay@contoso.com' }, from: ['relay@contoso.com', 'scans@contoso.com', 'hr@contoso.com'] }), target: 'smtp-oauth', code: 'several-from', severity: 'medium', text: /Add-RecipientPermission/, raised: true },
  { name: 'one From, the mailbox itself', sender: sender({ name: 'app', auth: { method: 'password', username: 'app@contoso.com' }, from: ['app@contoso.com'] }), target: 'smtp-oauth', code: 'several-from', raised: false },
  { name: 'a backup job on a personal Hotmail account', sender: sender({ name: 'msmtp', auth: { method: 'password', username: 'backup@hotmail.com' }, endpointKind: 'windows-live' }), target: 'smtp-oauth', code: 'consumer-account', severity: 'high', raised: true },
  { name: 'smtp-oauth with Entra security defaults on', sender: modern, target: 'smtp-oauth', tenant: contoso({ securityDefaults: true }), code: 'security-defaults', severity: 'medium', text: /5\.7\.139/, raised: true },
  { name: 'Basic auth override with security defaults on', sender: basicO365, target: 'smtp-basic', tenant: contoso({ securityDefaults: true }), code: 'security-defaults', severity: 'high', raised: true },
  { name: 'Graph with security defaults on (not SMTP AUTH)', sender: modern, target: 'graph', tenant: contoso({ securityDefaults: true }), code: 'security-defaults', raised: false },
  { name: 'a connector relay override with no static IP', sender: modern, target: 'connector-relay', tenant: contoso({ staticIps: [] }), code: 'no-static-ip', severity: 'high', raised: true },
  { name: 'ACS From a MailFrom address of its domain', sender: sender({ name: 'shop', from: ['DoNotReply@contoso.com'] }), target: 'acs', tenant: contoso({ acsSenders: ['donotreply@contoso.com'] }), code: 'acs-mail-from', raised: false },
  { name: 'ACS From an address the resource does not send as', sender: sender({ name: 'portal', from: ['noreply@contoso.com'] }), target: 'acs', tenant: contoso({ acsSenders: ['donotreply@contoso.com'] }), code: 'acs-mail-from', severity: 'high', text: /noreply@contoso\.com is not a MailFrom address/, raised: true },
  { name: 'ACS with its MailFrom addresses unknown', sender: sender({ name: 'portal', from: ['noreply@contoso.com'] }), target: 'acs', code: 'acs-mail-from', severity: 'medium', text: /acsSenders/, raised: true },
  { name: 'HVE: Basic auth only until September 2028', sender: sender({ name: 'hr', manual: device({ id: 'h', name: 'hr' }) }), target: 'hve', code: 'basic-auth-retirement', severity: 'low', text: /September 2028/, raised: true },
];

describe('risks', () => {
  for (const c of CASES) {
    it(`${c.raised ? 'raises' : 'does not raise'} ${c.code}: ${c.name}`, () => {
      const hit = risks(c).find((r) => r.code === c.code);
      if (!c.raised) { assert.equal(hit, undefined, hit?.text); return; }
      assert.ok(hit, `${c.code} not raised; got ${risks(c).map((r) => r.code).join(', ')}`);
      if (c.severity) assert.equal(hit.severity, c.severity);
      if (c.text) assert.match(hit.text, c.text);
    });
  }

  it('sorts high before medium before low', () => {
    const list = risks({ name: 'x', sender: { ...busy, from: ['a@contoso.com', 'b@contoso.com'] }, target: 'smtp-oauth', tenant: contoso({ securityDefaults: null }), code: '', raised: true });
    const order = list.map((r) => r.severity);
    assert.deepEqual(order, [...order].sort((a, b) => ['high', 'medium', 'low'].indexOf(a) - ['high', 'medium', 'low'].indexOf(b)));
    assert.ok(order.includes('high') && order.includes('low'));
  });
});
