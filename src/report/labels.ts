// Words a reader sees for the closed unions, kept as data so every format says the same thing.
import type { EndpointKind } from '../inventory/types.js';
import type { Target } from '../plan/types.js';
import type { SenderKind } from './types.js';

export const TARGET_LABELS: Record<Target | 'unplanned', string> = {
  graph: 'Microsoft Graph sendMail',
  'smtp-oauth': 'SMTP AUTH with OAuth',
  'direct-send': 'Direct Send',
  'connector-relay': 'Connector relay',
  hve: 'High Volume Email',
  acs: 'Azure Communication Services',
  bridge: 'Local bridge relay',
  'smtp-basic': 'SMTP AUTH Basic (retiring)',
  unplanned: 'Not planned yet',
};

export const KIND_LABELS: Record<SenderKind, string> = {
  relay: 'Relay server',
  app: 'Application',
  script: 'Script',
  device: 'Device',
  client: 'Mail client',
  unknown: 'Unclassified',
};

export const ENDPOINT_LABELS: Record<EndpointKind, string> = {
  'm365-submission': 'Microsoft 365 SMTP AUTH',
  'm365-mx': 'Microsoft 365 MX',
  'm365-hve': 'High Volume Email',
  acs: 'Azure Communication Services',
  'windows-live': 'Windows Live / Hotmail',
  'outlook-consumer': 'Outlook.com (consumer)',
  'other-public': 'Other mail provider',
  internal: 'Internal relay',
  local: 'Local mail system',
  unknown: 'Unknown endpoint',
};

export const BLOCKER_LABELS: Record<string, string> = {
  'not-planned': 'No target yet',
  'basic-auth': 'Stays on Basic auth',
  'verify-failed': 'Verification failed',
  'not-verified': 'Not verified',
  'device-not-ready': 'Device not ready',
};

export function blockerLabel(code: string): string {
  return BLOCKER_LABELS[code] ?? code;
}

export function targetLabel(target: string): string {
  return (TARGET_LABELS as Record<string, string>)[target] ?? target;
}

export function kindLabel(kind: string): string {
  return (KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

export function endpointLabel(kind: string): string {
  return (ENDPOINT_LABELS as Record<string, string>)[kind] ?? kind;
}
