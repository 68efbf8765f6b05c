// Security findings about a probed relay, as data: one rule per finding, with its severity and message.
import { isIP } from 'node:net';
import type { ProbeResult } from './types.js';

export type ProbeSeverity = 'high' | 'medium' | 'low';
export type ProbeFindingCode =
  | 'open-relay' | 'auth-plaintext' | 'no-tls' | 'tls-failed' | 'tls-legacy'
  | 'cert-expired' | 'cert-self-signed' | 'cert-hostname-mismatch';

export interface ProbeFinding {
  severity: ProbeSeverity;
  code: ProbeFindingCode;
  message: string;
}

interface ProbeRule {
  code: ProbeFindingCode;
  severity: ProbeSeverity;
  applies(result: ProbeResult, now: Date): boolean;
  message(result: ProbeResult): string;
}

const LEGACY_TLS = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);

/** Whether the dialogue got as far as reading the server's extensions (EHLO answered). */
export function answeredEhlo(result: ProbeResult): boolean {
  return result.reachable && result.banner !== null && (result.error?.step === undefined || !['banner', 'ehlo'].includes(result.error.step));
}

export const PROBE_RULES: ProbeRule[] = [
  {
    code: 'open-relay', severity: 'high',
    applies: (r) => r.openRelay === true,
    message: (r) => `relays for this client to an outside domain (RCPT TO:<${r.relayTest?.to ?? '?'}> → ${r.relayReply ?? '?'}); anyone who can reach it can send as anyone`,
  },
  {
    code: 'auth-plaintext', severity: 'high',
    applies: (r) => r.authBeforeTls.length > 0,
    message: (r) => `offers AUTH ${r.authBeforeTls.join(' ')} before TLS: passwords can cross the network in clear text`,
  },
  {
    code: 'no-tls', severity: 'medium',
    applies: (r) => answeredEhlo(r) && r.tlsMode !== 'implicit' && !r.starttls.offered,
    message: () => 'does not offer STARTTLS: mail (and any credentials) travel in clear text',
  },
  {
    code: 'tls-failed', severity: 'medium',
    applies: (r) => r.starttls.offered && !r.starttls.negotiated,
    message: (r) => `offers STARTTLS but it fails: ${r.starttls.error ?? 'no detail'}`,
  },
  {
    code: 'tls-legacy', severity: 'medium',
    applies: (r) => r.starttls.negotiated && LEGACY_TLS.has(r.starttls.protocol ?? ''),
    message: (r) => `negotiates ${r.starttls.protocol} at best: below TLS 1.2, which Microsoft 365 requires`,
  },
  {
    code: 'cert-expired', severity: 'medium',
    applies: (r, now) => r.starttls.validTo !== null && new Date(r.starttls.validTo) < now,
    message: (r) => `certificate ${r.starttls.certSubject ?? ''} expired on ${r.starttls.validTo}`.replace('  ', ' '),
  },
  {
    code: 'cert-self-signed', severity: 'low',
    applies: (r) => r.starttls.selfSigned === true,
    message: (r) => `certificate ${r.starttls.certSubject ?? ''} is self-signed: clients cannot verify the server`.replace('  ', ' '),
  },
  {
    code: 'cert-hostname-mismatch', severity: 'low',
    applies: (r) => r.starttls.hostnameMatch === false,
    message: (r) => `certificate ${r.starttls.certSubject ?? ''} does not match ${r.host}${isIP(r.host) ? ' (probed by address: clients that use the name may match)' : ''}`.replace('  ', ' '),
  },
];

const ORDER: Record<ProbeSeverity, number> = { high: 0, medium: 1, low: 2 };

/** Every finding that applies, most severe first. */
export function findingsFor(result: ProbeResult, now = new Date()): ProbeFinding[] {
  return PROBE_RULES.filter((rule) => rule.applies(result, now))
    .map((rule) => ({ severity: rule.severity, code: rule.code, message: rule.message(result) }))
    .sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
