// Builders for plan tests: realistic senders, findings, log clients and tenants with only what a case changes.
import type { Finding, Inventory, ManualDevice } from '../inventory/types.js';
import type { LogSender } from '../logs/types.js';
import { classifyHost } from '../m365/endpoints.js';
import { emptyTenant, type Tenant } from '../m365/tenant.js';
import { stableId } from '../util/hash.js';
import { recipientsOf, tlsOf, volumeOf, type Sender } from './sender.js';

export function contoso(over: Partial<Tenant> = {}): Tenant {
  return {
    ...emptyTenant(), tenantId: '3f1c2b9a-0000-4000-8000-00000000c0de', initialDomain: 'contoso.onmicrosoft.com', acceptedDomains: ['contoso.com'],
    mxEndpoint: 'contoso-com.mail.protection.outlook.com', staticIps: ['203.0.113.10'],
    app: { clientId: '8a6e1f44-0000-4000-8000-00000000a991', certificatePath: null, secretEnv: 'AZURE_CLIENT_SECRET' },
    testRecipient: 'it-alerts@contoso.com', securityDefaults: false, rejectDirectSend: false, smtpAuthDisabledOrg: true, ...over,
  };
}

export function finding(over: Partial<Finding> & Pick<Finding, 'detector' | 'path'>): Finding {
  const host = over.host ?? 'smtp.office365.com';
  return {
    id: stableId(over.detector, over.path, over.line ?? 1), system: over.detector, line: 1, host, port: 587, security: 'starttls',
    auth: { method: 'password', username: null, secret: 'present' }, from: null, endpointKind: classifyHost(host), active: true, evidence: '', ...over,
  };
}

export function logClient(over: Partial<LogSender>): LogSender {
  return {
    id: stableId('log', over.relay, over.host, over.ip, over.saslUser), source: 'postfix', relay: 'relay01.corp.contoso.com', host: null, ip: null, saslUser: null,
    envelopeFrom: [], messages: 100, recipients: 100, internalRecipients: 100, externalRecipients: 0, recipientDomains: { 'contoso.com': 100 },
    tls: { 'TLSv1.2': 100 }, auth: { none: 100 }, firstSeen: '2026-11-01T00:00:00Z', lastSeen: '2026-11-28T00:00:00Z', peakPerMinute: 2, peakPerDay: 10,
    rejected: { relayDenied: 0, authFailed: 0, other: 0 }, files: ['/var/log/mail.log'], ...over,
  };
}

export function device(over: Partial<ManualDevice> & Pick<ManualDevice, 'id' | 'name'>): ManualDevice {
  return {
    kind: 'printer', ip: null, host: null, port: 25, security: 'none', auth: { method: 'none', username: null, secret: 'absent' }, from: null,
    maxTls: 'unknown', supportsOAuth: false, notes: '', ...over,
  };
}

export function inventory(over: Partial<Inventory> = {}): Inventory {
  return { schemaVersion: 1, generatedAt: '2026-11-28T00:00:00Z', tool: { name: 'relay365', version: 'test' }, roots: [], findings: [], senders: [], relays: [], warnings: [], stats: { filesSeen: 0, filesRead: 0, bytesRead: 0, ms: 0 }, ...over };
}

/** A sender as group.ts would build it; `logs` fill volume, recipients and TLS. */
export function sender(over: Partial<Sender> & Pick<Sender, 'name'>): Sender {
  const logs = over.logs ?? [];
  const volume = over.volume ?? volumeOf(logs);
  return {
    id: stableId('sender', over.name), kind: 'unknown', system: 'unknown', format: null, machine: null, findings: [], logs, probes: [], manual: null,
    host: null, port: null, security: 'unknown', auth: { method: 'unknown', username: null }, from: [], endpointKind: 'unknown', volume,
    tls: tlsOf(logs), recipients: recipientsOf(volume), supportsOAuth: null, clients: [], via: null, where: [], notes: [], ...over,
  };
}
