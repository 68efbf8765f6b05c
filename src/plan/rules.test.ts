// Every planner rule, table-tested like ESLint's RuleTester: `valid` cases the rule decides (target and a reason
// that names the deciding fact), `invalid` cases it must leave to another rule. Each case is a realistic sender.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Tenant } from '../m365/tenant.js';
import { decide } from './decide.js';
import { RULES } from './rules/index.js';
import type { Rule } from './rules/types.js';
import type { Sender } from './sender.js';
import { contoso, device, finding, logClient, sender } from './testing.js';
import type { Target } from './types.js';

interface Valid { name: string; sender: Sender; tenant?: Tenant; target: Target; reason: RegExp }
interface Invalid { name: string; sender: Sender; tenant?: Tenant; why: 'not-applicable' | 'no-decision' }

function ruleTester(rule: Rule, cases: { valid: Valid[]; invalid: Invalid[] }) {
  describe(`rule ${rule.id}`, () => {
    for (const c of cases.valid) {
      it(`decides: ${c.name}`, () => {
        assert.ok(rule.appliesTo(c.sender), `${rule.id} should apply to ${c.name}`);
        const decision = rule.decide(c.sender, c.tenant ?? contoso());
        assert.ok(decision, `${rule.id} made no decision for ${c.name}`);
        assert.equal(decision.target, c.target);
        assert.match(decision.reason, c.reason);
        assert.doesNotMatch(decision.reason, /\{\w+\}/, 'a reason hole was left unfilled');
      });
    }
    for (const c of cases.invalid) {
      it(`leaves alone: ${c.name}`, () => {
        if (c.why === 'not-applicable') { assert.equal(rule.appliesTo(c.sender), false); return; }
        assert.ok(rule.appliesTo(c.sender), `${rule.id} should apply (and then decline) for ${c.name}`);
        assert.equal(rule.decide(c.sender, c.tenant ?? contoso()), null);
      });
    }
  });
}

const rule = (id: string) => RULES.find((r) => r.id === id)!;

const relay01 = sender({ name: 'Postfix on relay01', kind: 'relay', system: 'Postfix', format: 'postfix', machine: 'relay01', clients: ['a', 'b', 'c'], from: ['scans@contoso.com', 'noreply@contoso.com'], findings: [finding({ detector: 'postfix', path: '/etc/postfix/main.cf', role: 'relay' })] });
const printerLogs = [logClient({ host: 'mfp-3rd.corp.contoso.com', ip: '10.20.3.30', envelopeFrom: ['scans@contoso.com'], tls: { none: 40 } })];
const hrBulk = [logClient({ host: 'hr01', ip: '10.20.5.5', saslUser: 'hr-notify@contoso.com', messages: 60_000, recipients: 600_000, internalRecipients: 600_000, externalRecipients: 0, peakPerDay: 30_000, peakPerMinute: 400 })];
const shopBulk = [logClient({ host: 'shop01', ip: '10.20.6.6', envelopeFrom: ['orders@contoso.com'], messages: 420_000, recipients: 420_000, internalRecipients: 0, externalRecipients: 420_000, peakPerDay: 18_000, peakPerMinute: 90 })];
const upsLogs = [logClient({ host: 'ups-dc1.corp.contoso.com', ip: '10.20.9.9', envelopeFrom: ['ups@contoso.com'], messages: 12, recipients: 12, internalRecipients: 12, tls: { none: 12 } })];
const nasLogs = [logClient({ host: 'nas-old.corp.contoso.com', ip: '10.20.7.7', envelopeFrom: ['nas@contoso.com'], internalRecipients: 10, externalRecipients: 90, tls: { 'TLSv1': 100 } })];
const gcc = contoso({ cloud: 'gcc-high', acceptedDomains: ['contoso.us'] });

ruleTester(rule('behind-relay'), {
  valid: [{ name: 'a scanner seen only in relay01 logs, relay01 moving to a connector', sender: sender({ name: 'mfp-3rd', logs: printerLogs, via: { id: relay01.id, name: relay01.name, target: 'connector-relay' } }), target: 'connector-relay', reason: /keeps sending to Postfix on relay01/ }],
  invalid: [
    { name: 'the same scanner, but its config was scanned too', sender: sender({ name: 'mfp', logs: printerLogs, findings: [finding({ detector: 'msmtp', path: '/etc/msmtprc' })], via: { id: 'r', name: 'relay01' } }), why: 'not-applicable' },
    { name: 'a client of a relay that becomes Direct Send (the client must move itself)', sender: sender({ name: 'mfp', logs: printerLogs, via: { id: 'r', name: 'relay01', target: 'direct-send' } }), why: 'no-decision' },
  ],
});

ruleTester(rule('bulk-internal'), {
  valid: [{ name: 'HR notifications: 30,000 internal recipients on peak days', sender: sender({ name: 'hr01', logs: hrBulk }), target: 'hve', reason: /High Volume Email \(smtp\.hve\.mx\.microsoft:587\)/ }],
  invalid: [
    { name: 'order confirmations to customers (external)', sender: sender({ name: 'shop01', logs: shopBulk }), why: 'no-decision' },
    { name: 'HR notifications in GCC High (no HVE there)', sender: sender({ name: 'hr01', logs: hrBulk }), tenant: gcc, why: 'no-decision' },
    { name: 'a UPS sending a dozen alerts a month', sender: sender({ name: 'ups', logs: upsLogs }), why: 'not-applicable' },
    { name: 'a relay whose clients add up past the limits (each client is judged alone)', sender: { ...relay01, volume: sender({ name: 'x', logs: hrBulk }).volume, recipients: 'internal' }, why: 'not-applicable' },
  ],
});

ruleTester(rule('bulk-external'), {
  valid: [{ name: 'web shop order confirmations, 18,000 a day to customers', sender: sender({ name: 'shop01', logs: shopBulk }), target: 'acs', reason: /420,000 external recipients.*smtp\.azurecomm\.net:587/ }],
  invalid: [
    { name: 'HR notifications (internal only): HVE instead', sender: sender({ name: 'hr01', logs: hrBulk }), why: 'no-decision' },
    { name: 'order confirmations in GCC High (no ACS endpoint known)', sender: sender({ name: 'shop01', logs: shopBulk }), tenant: gcc, why: 'no-decision' },
  ],
});

ruleTester(rule('code-graph'), {
  valid: [
    { name: 'a PowerShell report script with Send-MailMessage', sender: sender({ name: 'report.ps1', kind: 'script', system: 'PowerShell', format: 'powershell', auth: { method: 'password', username: 'reports@contoso.com' } }), target: 'graph', reason: /code you can change.*reports@contoso\.com/ },
    { name: 'GitLab Omnibus (built-in Graph mailer)', sender: sender({ name: 'GitLab on git01', kind: 'app', system: 'GitLab', format: 'gitlab', from: ['gitlab@contoso.com'] }), target: 'graph', reason: /built-in Microsoft Graph mailer/ },
    { name: 'a Django intranet', sender: sender({ name: 'intranet', kind: 'app', system: 'Django', format: 'django', from: ['intranet@contoso.com'] }), target: 'graph', reason: /sendMail/ },
  ],
  invalid: [
    { name: 'Grafana alerting (configuration, not code)', sender: sender({ name: 'grafana', kind: 'app', system: 'Grafana', format: 'grafana' }), why: 'not-applicable' },
    { name: 'a client known only from logs', sender: sender({ name: 'app02', logs: printerLogs }), why: 'not-applicable' },
  ],
});

ruleTester(rule('relay-connector'), {
  valid: [{ name: 'relay01 forwarding for three clients, static IP 203.0.113.10', sender: relay01, target: 'connector-relay', reason: /relays for 3 clients with 2 From addresses.*203\.0\.113\.10/ }],
  invalid: [
    { name: 'relay01 without a static IP in tenant.yaml', sender: relay01, tenant: contoso({ staticIps: [] }), why: 'no-decision' },
    { name: 'msmtp on a backup server (not a relay)', sender: sender({ name: 'msmtp', kind: 'script', format: 'msmtp' }), why: 'not-applicable' },
  ],
});

ruleTester(rule('smtp-oauth'), {
  valid: [
    { name: 'msmtp on a backup server', sender: sender({ name: 'msmtp on backup01', kind: 'script', system: 'msmtp', format: 'msmtp', auth: { method: 'password', username: 'backup@contoso.com' } }), target: 'smtp-oauth', reason: /smtp\.office365\.com:587.*backup@contoso\.com/ },
    { name: 'ssmtp on a cron host (switch to msmtp)', sender: sender({ name: 'ssmtp on cron01', kind: 'script', system: 'sSMTP', format: 'ssmtp' }), target: 'smtp-oauth', reason: /msmtp is a drop-in/ },
    { name: 'relay01 without a static IP: Postfix with sasl-xoauth2', sender: relay01, tenant: contoso({ staticIps: [] }), target: 'smtp-oauth', reason: /sasl-xoauth2/ },
    { name: 'a Canon MFP with modern authentication', sender: sender({ name: 'Canon iR-ADV', kind: 'device', manual: device({ id: 'c1', name: 'Canon iR-ADV', supportsOAuth: true, maxTls: '1.2' }), auth: { method: 'password', username: 'scan@contoso.com' } }), target: 'smtp-oauth', reason: /modern authentication.*scan@contoso\.com/ },
    { name: 'msmtp already on XOAUTH2 to Microsoft 365', sender: sender({ name: 'msmtp', kind: 'script', format: 'msmtp', auth: { method: 'oauth2', username: 'ops@contoso.com' }, endpointKind: 'm365-submission' }), target: 'smtp-oauth', reason: /Already sends with OAuth/ },
  ],
  invalid: [
    { name: 'Grafana (no OAuth for SMTP)', sender: sender({ name: 'grafana', kind: 'app', format: 'grafana' }), why: 'not-applicable' },
    { name: 'an old msmtp that only ever did TLS 1.0', sender: sender({ name: 'msmtp', kind: 'script', format: 'msmtp', logs: nasLogs }), why: 'no-decision' },
    { name: 'a Ricoh MFP without OAuth', sender: sender({ name: 'Ricoh', kind: 'device', manual: device({ id: 'r1', name: 'Ricoh' }) }), why: 'not-applicable' },
  ],
});

ruleTester(rule('direct-send'), {
  valid: [{ name: 'a UPS alerting the IT team (internal only)', sender: sender({ name: 'ups-dc1', kind: 'device', logs: upsLogs }), target: 'direct-send', reason: /only to internal recipients.*contoso-com\.mail\.protection\.outlook\.com:25/s }],
  invalid: [
    { name: 'the same UPS with Reject Direct Send on', sender: sender({ name: 'ups-dc1', logs: upsLogs }), tenant: contoso({ rejectDirectSend: true }), why: 'no-decision' },
    { name: 'a relay with a static IP (better on a connector)', sender: { ...relay01, logs: upsLogs, recipients: 'internal' }, why: 'no-decision' },
    { name: 'a scanner whose recipients are unknown', sender: sender({ name: 'scanner', kind: 'device' }), why: 'not-applicable' },
  ],
});

ruleTester(rule('connector-relay'), {
  valid: [
    { name: 'a NAS mailing external support contacts', sender: sender({ name: 'nas', kind: 'device', logs: nasLogs.map((l) => ({ ...l, tls: { 'TLSv1.2': 100 } })) }), target: 'connector-relay', reason: /sends to 90 external recipients.*203\.0\.113\.10/ },
    { name: 'a scanner with unknown recipients', sender: sender({ name: 'scanner', kind: 'device' }), target: 'connector-relay', reason: /not known from logs/ },
    { name: 'internal mail while Reject Direct Send is on', sender: sender({ name: 'ups', logs: upsLogs }), tenant: contoso({ rejectDirectSend: true }), target: 'connector-relay', reason: /Reject Direct Send is on/ },
  ],
  invalid: [
    { name: 'no static IP in tenant.yaml', sender: sender({ name: 'scanner' }), tenant: contoso({ staticIps: [] }), why: 'no-decision' },
    { name: 'internal only, Direct Send allowed', sender: sender({ name: 'ups', logs: upsLogs }), why: 'no-decision' },
  ],
});

ruleTester(rule('bridge'), {
  valid: [
    { name: 'an old NAS stuck on TLS 1.0 mailing outside, no static IP', sender: sender({ name: 'nas-old', kind: 'device', logs: nasLogs }), tenant: contoso({ staticIps: [] }), target: 'bridge', reason: /TLS 1\.0/ },
    { name: 'a scanner with unknown recipients and no static IP', sender: sender({ name: 'scanner', kind: 'device' }), tenant: contoso({ staticIps: [] }), target: 'bridge', reason: /recipients are unknown/ },
  ],
  invalid: [],
});

describe('decide', () => {
  it('takes the first rule that decides and lists the others as alternatives (one per target)', () => {
    const d = decide(relay01, contoso());
    assert.equal(d.target, 'connector-relay');
    assert.equal(d.rule, 'relay-connector');
    assert.deepEqual(d.alternatives.map((a) => a.target), ['smtp-oauth', 'bridge']);
  });

  it('never chooses smtp-basic, even for a sender that can only do Basic auth', () => {
    const printer = sender({ name: 'old printer', kind: 'device', auth: { method: 'password', username: 'scan@contoso.com' }, endpointKind: 'm365-submission', manual: device({ id: 'p', name: 'old printer' }) });
    for (const tenant of [contoso(), contoso({ staticIps: [] }), contoso({ rejectDirectSend: true, staticIps: [] })]) {
      const d = decide(printer, tenant);
      assert.notEqual(d.target, 'smtp-basic');
      assert.ok(!d.alternatives.some((a) => a.target === 'smtp-basic'));
    }
  });

  it('a bulk client behind a relay moves to HVE instead of following the relay', () => {
    const d = decide(sender({ name: 'hr01', logs: hrBulk, via: { id: relay01.id, name: relay01.name, target: 'connector-relay' } }), contoso());
    assert.equal(d.target, 'hve');
    assert.ok(d.alternatives.some((a) => a.target === 'connector-relay'));
  });

  it('bulk beats code: a PowerShell mass mailer to customers goes to ACS, Graph is an alternative', () => {
    const d = decide(sender({ name: 'newsletter.ps1', kind: 'script', format: 'powershell', logs: shopBulk }), contoso());
    assert.equal(d.target, 'acs');
    assert.ok(d.alternatives.some((a) => a.target === 'graph'));
  });
});
