// A realistic, hostile sample estate for report tests: several targets, passes and failures, per-day log data,
// an open relay, and canary secrets (R365CANARY) and markup planted where a leak or an injection would show.
import type { Finding, Inventory } from '../inventory/types.js';
import type { LogSender } from '../logs/types.js';
import { emptyTenant } from '../m365/tenant.js';
import type { Plan, PlanItem } from '../plan/types.js';
import type { FitnessRecord } from '../sandbox/types.js';
import type { CheckResult, Results } from '../verify/types.js';
import type { InventoryWithDays } from './charts.js';
import type { ReportInputs } from './inputs.js';

export const XSS_SCRIPT = '<script>alert(1)</script>';
export const XSS_IMG = '"><img src=x onerror=alert(2)>';
export const NOW = new Date('2026-11-28T12:00:00Z');

function finding(id: string, over: Partial<Finding>): Finding {
  return {
    id, detector: 'postfix', system: 'Postfix', path: '/etc/postfix/main.cf', line: 1, host: null, port: null, security: 'unknown',
    auth: { method: 'none', username: null, secret: 'absent' }, from: null, endpointKind: 'unknown', active: true, evidence: '', ...over,
  };
}

function logSender(id: string, over: Partial<LogSender>, daily: number[]): LogSender {
  const perDay = Object.fromEntries(daily.map((n, i) => [`2026-11-${String(i + 10).padStart(2, '0')}`, { messages: n, recipients: n * 2 }]));
  const messages = daily.reduce((a, b) => a + b, 0);
  return {
    id, source: 'postfix', relay: 'relay01', host: null, ip: null, saslUser: null, envelopeFrom: [], messages, recipients: messages * 2,
    internalRecipients: messages * 2, externalRecipients: 0, recipientDomains: { 'contoso.com': messages * 2 }, tls: {}, auth: { none: messages },
    firstSeen: '2026-11-10T06:00:00Z', lastSeen: '2026-11-23T22:00:00Z', peakPerMinute: 3, peakPerDay: Math.max(...daily),
    rejected: { relayDenied: 0, authFailed: 0, other: 0 }, files: ['/var/log/mail.log'], perDay, ...over,
  };
}

const DAYS = [30, 28, 31, 29, 33, 12, 10, 30, 32, 95, 31, 30, 11, 9];

export function sampleInventory(): InventoryWithDays {
  const findings: Finding[] = [
    finding('f-relay01', { path: '/srv/relay01/etc/postfix/main.cf', line: 21, host: 'smtp.office365.com', port: 587, security: 'starttls', role: 'relay',
      auth: { method: 'password', username: 'relay@contoso.com', secret: 'external' }, endpointKind: 'm365-submission',
      secretRef: 'file:/srv/relay01/etc/postfix/sasl_passwd:2', evidence: 'relayhost = [smtp.office365.com]:587\nsmtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd' }),
    finding('f-backup01', { detector: 'msmtp', system: 'msmtp', path: '/srv/backup01/etc/msmtprc', line: 7, host: 'smtp.live.com', port: 587, security: 'starttls', role: 'script',
      auth: { method: 'password', username: 'backup-reports@hotmail.com', secret: 'present' }, from: 'backup-reports@hotmail.com', endpointKind: 'windows-live',
      evidence: 'account hotmail\nhost smtp.live.com\npassword R365CANARY-evidence-msmtp' }),
    finding('f-ps', { detector: 'powershell', system: 'PowerShell', path: `/srv/jobs/${XSS_SCRIPT}/report.ps1`, line: 12, host: 'mail.contoso.local', port: 25, security: 'none', role: 'script',
      auth: { method: 'password', username: 'svc-report', secret: 'present' }, from: `reports${XSS_IMG}@contoso.com`, endpointKind: 'internal',
      evidence: '$pw = ConvertTo-SecureString "R365CANARY-evidence-ps" -AsPlainText -Force\nSend-MailMessage -SmtpServer mail.contoso.local' }),
    finding('f-web', { detector: 'dotnet-config', system: '.NET web.config', path: '/srv/web/web.config', line: 40, host: 'mail.contoso.local', port: 25, security: 'none', role: 'app',
      from: 'noreply@contoso.com', endpointKind: 'internal', evidence: '<network host="mail.contoso.local" port="25" password="R365CANARY-evidence-xml" />' }),
    finding('f-old', { path: '/srv/relay01/etc/postfix/main.cf', line: 19, host: 'mail.contoso.local', active: false, inactiveReason: 'commented', endpointKind: 'internal', evidence: '#relayhost = mail.contoso.local' }),
  ];
  const senders: LogSender[] = [
    logSender('l-printer', { host: 'mfp-3rd-floor.contoso.local', ip: '10.0.0.21', envelopeFrom: ['scanner@contoso.com'], tls: { TLSv1: 360, none: 20 } }, DAYS),
    logSender('l-scanner', { host: 'scan02.contoso.local', ip: '10.0.0.22', envelopeFrom: ['scan02@contoso.com'], tls: { none: 110 }, externalRecipients: 30,
      recipientDomains: { 'contoso.com': 190, 'fabrikam.com': 30 } }, DAYS.map((n) => Math.round(n / 4))),
    logSender('l-erp', { host: 'erp01.contoso.local', ip: '10.0.0.40', saslUser: 'erp@contoso.com', tls: { 'TLSv1.2': 800 }, auth: { LOGIN: 800 } }, DAYS.map((n) => n * 2)),
    logSender('l-hostile', { host: XSS_IMG, ip: '10.0.0.66', envelopeFrom: [XSS_SCRIPT] }, [1, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]),
  ];
  const logPerDay = Object.fromEntries(DAYS.map((n, i) => [`2026-11-${String(i + 10).padStart(2, '0')}`, {
    messages: n * 4, recipients: n * 8, deferred: i === 9 ? 40 : i % 3, bounced: i === 9 ? 12 : i % 2, rejected: i === 4 ? 25 : 1,
  }]));
  return {
    schemaVersion: 1, generatedAt: '2026-11-24T08:00:00Z', tool: { name: 'relay365', version: '0.1.0' }, roots: ['/srv'],
    findings, senders,
    relays: [{
      target: 'relay01:25', host: 'relay01', port: 25, reachable: true, banner: `220 relay01.contoso.local ESMTP Postfix ${XSS_SCRIPT}`,
      extensions: ['PIPELINING', 'STARTTLS', 'AUTH PLAIN LOGIN'],
      starttls: { offered: true, negotiated: true, protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-GCM-SHA384', certSubject: 'CN=relay01.contoso.local',
        certIssuer: 'CN=relay01.contoso.local', validTo: '2025-03-01T00:00:00Z', selfSigned: true, hostnameMatch: true },
      authBeforeTls: ['PLAIN', 'LOGIN'], authAfterTls: ['PLAIN', 'LOGIN'], maxSize: 10240000, openRelay: true,
      relayReply: '250 2.1.5 Ok (AUTH PLAIN dXNlcgBSMzY1Q0FOQVJZLXByb2Jl)', ms: 180,
    }],
    warnings: [{ path: '/srv/app/broken.config', line: 3, code: 'parse-error', message: 'unclosed element' }],
    stats: { filesSeen: 1200, filesRead: 40, bytesRead: 500000, ms: 900 },
    manual: [{ id: 'm-ups', name: 'Server room UPS (APC Smart-UPS)', kind: 'ups', ip: '10.0.0.90', host: 'mail.contoso.local', port: 25, security: 'none',
      auth: { method: 'none', username: null, secret: 'absent' }, from: 'ups@contoso.com', maxTls: '1.0', supportsOAuth: false, notes: 'web UI only' }],
    logPerDay,
  };
}

function item(id: string, target: PlanItem['target'], over: Partial<PlanItem>): PlanItem {
  return {
    id, sources: [], name: id, current: { kind: 'unknown', system: '', where: [], host: null, port: null, security: 'unknown', auth: { method: 'none', username: null }, from: [], endpointKind: 'unknown' },
    target, reason: `planner chose ${target}`, alternatives: [], settings: { host: null, port: null, security: 'starttls', auth: 'oauth2', username: null, from: null },
    steps: [], patch: null, risks: [], override: null, ...over,
  };
}

export function samplePlan(): Plan {
  const oauthSteps = [
    { who: 'entra' as const, text: 'Register the app relay365-mail and grant SMTP.SendAsApp', command: 'New-MgApplication -DisplayName relay365-mail -ClientSecret R365CANARY-step-secret' },
    { who: 'exchange' as const, text: 'Register the service principal in Exchange Online', command: 'New-ServicePrincipal -AppId 00000000-0000-0000-0000-000000000001 -ObjectId 00000000-0000-0000-0000-000000000002' },
  ];
  return {
    schemaVersion: 1, generatedAt: '2026-11-25T09:00:00Z', todo: ['Confirm the static public IP of relay01 for the connector'],
    tenant: { ...emptyTenant(), tenantId: '11111111-2222-3333-4444-555555555555', initialDomain: 'contoso.onmicrosoft.com', acceptedDomains: ['contoso.com'],
      mxEndpoint: 'contoso-com.mail.protection.outlook.com', staticIps: ['203.0.113.10'], securityDefaults: false, rejectDirectSend: false },
    items: [
      item('p-relay01', 'connector-relay', { sources: ['f-relay01', 'relay01:25'], name: 'relay01 (Postfix relay)',
        current: { kind: 'relay', system: 'Postfix', where: ['/srv/relay01/etc/postfix/main.cf:21'], host: 'smtp.office365.com', port: 587, security: 'starttls', auth: { method: 'password', username: 'relay@contoso.com' }, from: [], endpointKind: 'm365-submission' },
        reason: 'Relays for devices that cannot sign in; static public IP 203.0.113.10', settings: { host: 'contoso-com.mail.protection.outlook.com', port: 25, security: 'starttls', auth: 'ip', username: null, from: null },
        alternatives: [{ target: 'bridge', reason: 'keep Postfix with sasl-xoauth2' }],
        steps: [{ who: 'exchange', text: 'Create an inbound connector from your organisation\'s email server', command: "New-InboundConnector -Name relay01 -ConnectorType OnPremises -SenderIPAddresses 203.0.113.10" },
          { who: 'dns', text: 'Add relay01\'s IP to SPF', command: 'contoso.com TXT "v=spf1 ip4:203.0.113.10 include:spf.protection.outlook.com -all"' }],
        patch: { file: '/srv/relay01/etc/postfix/main.cf', format: 'postfix', diff: '--- a/main.cf\n+++ b/main.cf\n@@ -21,2 +21,2 @@\n-relayhost = [smtp.office365.com]:587\n+relayhost = [contoso-com.mail.protection.outlook.com]:25\n-[smtp.office365.com]:587 relay@contoso.com:R365CANARY-diff-sasl\n' },
        risks: [{ code: 'basic-auth-retirement', severity: 'high', text: 'Uses Basic auth against smtp.office365.com today' }] }),
      item('p-backup01', 'smtp-oauth', { sources: ['f-backup01'], name: 'backup01 nightly reports',
        current: { kind: 'script', system: 'msmtp', where: ['/srv/backup01/etc/msmtprc:7'], host: 'smtp.live.com', port: 587, security: 'starttls', auth: { method: 'password', username: 'backup-reports@hotmail.com' }, from: ['backup-reports@hotmail.com'], endpointKind: 'windows-live' },
        settings: { host: 'smtp.office365.com', port: 587, security: 'starttls', auth: 'oauth2', username: 'backup@contoso.com', from: 'backup@contoso.com' }, steps: oauthSteps,
        patch: { file: '/srv/backup01/etc/msmtprc', format: 'msmtp', diff: '-host smtp.live.com\n+host smtp.office365.com\n-password R365CANARY-diff-msmtp\n+auth xoauth2\n+passwordeval relay365 token' } }),
      item('p-printer', 'bridge', { sources: ['l-printer'], name: '3rd floor MFP',
        current: { kind: 'device', system: 'Ricoh MFP', where: ['log:/var/log/mail.log (10.0.0.21)'], host: 'relay01', port: 25, security: 'none', auth: { method: 'none', username: null }, from: ['scanner@contoso.com'], endpointKind: 'internal', maxTls: 'TLSv1' },
        reason: 'Speaks TLS 1.0 only', settings: { host: 'bridge01.contoso.local', port: 25, security: 'none', auth: 'none', username: null, from: 'scanner@contoso.com' },
        risks: [{ code: 'tls-below-1.2', severity: 'high', text: 'Only TLS 1.0' }], steps: [{ who: 'device', text: 'Set the SMTP server to bridge01.contoso.local:25 in the web UI' }],
        patch: { file: 'web UI', format: 'manual', diff: '', instructions: 'SMTP server bridge01.contoso.local, port 25, no TLS, no sign-in',
          files: [{ path: '/etc/postfix/sasl_passwd', why: 'the bridge signs in with OAuth', content: '[smtp.office365.com]:587 bridge@contoso.com:R365CANARY-bridge-file\n' }] } }),
      item('p-scanner', 'connector-relay', { sources: ['l-scanner'], name: 'scan02', override: { target: 'direct-send', notes: 'Only internal recipients after the fabrikam contract ends' },
        current: { kind: 'device', system: 'Scanner', where: ['log:/var/log/mail.log (10.0.0.22)'], host: 'relay01', port: 25, security: 'none', auth: { method: 'none', username: null }, from: ['scan02@contoso.com'], endpointKind: 'internal' },
        settings: { host: 'contoso-com.mail.protection.outlook.com', port: 25, security: 'starttls', auth: 'none', username: null, from: 'scan02@contoso.com' } }),
      item('p-erp', 'graph', { sources: ['l-erp'], name: 'ERP (erp01)', current: { kind: 'app', system: 'ERP', where: [], host: 'relay01', port: 25, security: 'starttls', auth: { method: 'password', username: 'erp@contoso.com' }, from: ['erp@contoso.com'], endpointKind: 'internal' },
        settings: { host: null, port: null, security: 'tls', auth: 'oauth2', username: null, from: 'erp@contoso.com', mailbox: 'erp@contoso.com' }, steps: oauthSteps }),
      item('p-ps', 'graph', { sources: ['f-ps'], name: `Report job ${XSS_SCRIPT}`, current: { kind: 'script', system: 'PowerShell', where: [], host: 'mail.contoso.local', port: 25, security: 'none', auth: { method: 'password', username: 'svc-report' }, from: [`reports${XSS_IMG}@contoso.com`], endpointKind: 'internal' },
        settings: { host: null, port: null, security: 'tls', auth: 'oauth2', username: null, from: 'reports@contoso.com' } }),
      item('p-web', 'acs', { sources: ['f-web'], name: 'Customer portal', current: { kind: 'app', system: '.NET web.config', where: [], host: 'mail.contoso.local', port: 25, security: 'none', auth: { method: 'none', username: null }, from: ['noreply@contoso.com'], endpointKind: 'internal' },
        settings: { host: 'smtp.azurecomm.net', port: 587, security: 'starttls', auth: 'password', username: 'portal-smtp', from: 'noreply@contoso.com' } }),
      item('p-ups', 'direct-send', { sources: ['m-ups'], name: 'Server room UPS', current: { kind: 'device', system: 'APC UPS', where: [], host: 'mail.contoso.local', port: 25, security: 'none', auth: { method: 'none', username: null }, from: ['ups@contoso.com'], endpointKind: 'internal', maxTls: '1.0' },
        settings: { host: 'contoso-com.mail.protection.outlook.com', port: 25, security: 'none', auth: 'none', username: null, from: 'ups@contoso.com' } }),
    ],
  };
}

function check(name: string, status: CheckResult['status'], ms: number, reply: string | null, extra: Partial<CheckResult> = {}): CheckResult {
  return { name, status, ms, reply, code: null, diagnosis: null, hint: null, ...extra };
}

export function sampleResults(): Results {
  const smtpOk = [check('dns', 'pass', 3, null), check('tcp', 'pass', 12, null), check('ehlo', 'pass', 20, '250-contoso-com.mail.protection.outlook.com Hello'), check('rcpt-to', 'pass', 31, '250 2.1.5 Recipient OK')];
  return {
    schemaVersion: 1, generatedAt: '2026-11-27T10:00:00Z', plan: 'plan.yaml', send: true, summary: { total: 6, pass: 3, fail: 2, warn: 1, skipped: 0 },
    items: [
      { id: 'p-relay01', target: 'connector-relay', status: 'pass', checks: smtpOk, testId: 'r365-7f3a' },
      { id: 'p-backup01', target: 'smtp-oauth', status: 'fail', checks: [check('token', 'pass', 140, null), check('auth', 'fail', 88,
        '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox.', { code: '535 5.7.139', diagnosis: 'SMTP AUTH is off for backup@contoso.com', hint: "Set-CASMailbox -Identity backup@contoso.com -SmtpClientAuthenticationDisabled $false" })] },
      { id: 'p-printer', target: 'bridge', status: 'warn', checks: [check('tcp', 'pass', 2, null), check('starttls', 'warn', 15, '454 4.7.0 TLS not available', { diagnosis: 'the bridge offers no TLS on port 25' })] },
      { id: 'p-scanner', target: 'direct-send', status: 'pass', checks: smtpOk },
      { id: 'p-erp', target: 'graph', status: 'pass', checks: [check('token', 'pass', 150, null), check('sendmail', 'pass', 420, '202 Accepted')], testId: 'r365-11aa', latencyMs: 5400 },
      { id: 'p-ps', target: 'graph', status: 'fail', checks: [check('token', 'pass', 130, null), check('sendmail', 'fail', 210,
        `graph 403 ErrorSendAsDenied ${XSS_SCRIPT} client_secret=R365CANARY-reply-secret`, { code: 'graph 403', diagnosis: `The app may not send as reports${XSS_IMG}@contoso.com` })] },
    ],
  };
}

export function sampleFitness(): FitnessRecord[] {
  const base = { service: 'submission' as const, authTried: [], authOutcome: 'none' as const, user: null, rcptTo: ['it@contoso.com'], reply: null };
  return [
    { ...base, at: '2026-11-26T09:00:00Z', clientIp: '10.0.0.21', clientName: 'MFP-3F', mailFrom: 'scanner@contoso.com', tls: { used: false, protocol: 'TLSv1', cipher: null, refused: 'TLSv1 below the minimum' },
      outcome: 'disconnected', verdict: { ready: false, target: 'bridge', reason: 'offers TLS 1.0 only' } },
    { ...base, at: '2026-11-26T09:30:00Z', clientIp: '10.0.0.90', clientName: 'UPS', mailFrom: 'ups@contoso.com', tls: { used: false, protocol: null, cipher: null, refused: null },
      outcome: 'delivered', reply: '250 2.6.0 Queued', verdict: { ready: true, target: 'direct-send', reason: 'no auth, internal recipients' } },
    { ...base, at: '2026-11-26T10:00:00Z', clientIp: '10.9.9.9', clientName: XSS_SCRIPT, mailFrom: null, tls: { used: true, protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', refused: null },
      outcome: 'rejected', reply: '530 5.7.57 Client not authenticated', verdict: { ready: false, target: 'smtp-oauth', reason: 'tried LOGIN' } },
  ];
}

export function sampleInputs(): ReportInputs {
  return {
    inventory: sampleInventory() as Inventory, plan: samplePlan(), results: sampleResults(), fitness: sampleFitness(),
    read: [{ stage: 'inventory', file: 'inventory.json', generatedAt: '2026-11-24T08:00:00Z', records: 10 }], problems: [],
  };
}
