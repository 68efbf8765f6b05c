// Facts from relay logs: one LogSender per sending client (host, IP, SASL user).
import type { ScanWarning } from '../inventory/types.js';

/** Log formats relay365 reads (`--format` names). */
export type LogFormat =
  | 'postfix' | 'sendmail' | 'exim' | 'iis-smtp' | 'exchange-tracking' | 'exchange-receive' | 'eac-smtp-auth';

export const LOG_FORMATS: readonly LogFormat[] = [
  'postfix', 'sendmail', 'exim', 'iis-smtp', 'exchange-tracking', 'exchange-receive', 'eac-smtp-auth',
];

export interface LogTotals {
  received: number;
  delivered: number;
  forwarded: number;
  deferred: number;
  deferrals: number;
  bounced: number;
  rejected: number;
  bytesReceived: number;
  bytesDelivered: number;
  senders: number;
  sendingHosts: number;
  recipients: number;
  recipientHosts: number;
}

export interface LogSender {
  id: string;                         // stable: hash of source relay + client host/ip + sasl user
  source: string;                     // log format: 'postfix' | 'sendmail' | 'exim' | 'iis-smtp' | 'exchange-tracking' | 'exchange-receive' | 'eac-smtp-auth'
  relay: string | null;               // the relay host that logged it
  host: string | null;                // client host name as logged
  ip: string | null;
  saslUser: string | null;
  envelopeFrom: string[];             // distinct MAIL FROM addresses (bounded list)
  messages: number;
  recipients: number;
  internalRecipients: number;
  externalRecipients: number;
  recipientDomains: Record<string, number>;
  tls: Record<string, number>;        // protocol -> connections/messages ('none' when plain)
  auth: Record<string, number>;       // 'none' | 'PLAIN' | 'LOGIN' | 'basic' | 'oauth' ... -> count
  firstSeen: string | null;           // ISO 8601
  lastSeen: string | null;
  peakPerMinute: number;
  peakPerDay: number;
  rejected: { relayDenied: number; authFailed: number; other: number };
  files: string[];                    // log files it was seen in
  // relay365 additions (optional):
  /** Most recipients in one calendar day (the Exchange Online limit is 10,000 recipients per 24 h). */
  peakRecipientsPerDay?: number;
  /** Messages and recipients per day, for the report's charts (the most recent 92 days). */
  perDay?: Record<string, LogSenderDay>;
  /** Distinct envelope senders seen, when more than `envelopeFrom` could keep. */
  envelopeFromCount?: number;
  /** Bytes received from this client (message sizes as logged). */
  bytes?: number;
  /** Where the log says the client sent: 'smtp' (a network client) or 'local' (pickup, sendmail command line). */
  via?: 'smtp' | 'local';
  /** The HELO/EHLO name the client gave, when the log shows it instead of a resolved host name (client-chosen: a hint, not an identity). */
  helo?: string;
}

export interface LogSenderDay { messages: number; recipients: number }

/** One day of the whole log, for the report's charts. */
export interface LogDay { messages: number; recipients: number; deferred: number; bounced: number; rejected: number }

/** What was read from one file. */
export interface LogFileSummary {
  path: string;
  format: LogFormat | null;
  relays: string[];
  lines: number;
  bytes: number;
  /** Lines in no shape the format knows (other daemons' syslog lines are not counted here). */
  unknownLines: number;
}

/** `relay365 logs --json`. */
export interface LogReport {
  schemaVersion: 1;
  totals: LogTotals;
  senders: LogSender[];
  perDay?: Record<string, LogDay>;
  files: LogFileSummary[];
  /** Recipient domains counted as internal (from --internal-domain or the tenant's accepted domains). */
  internalDomains: string[];
  warnings: ScanWarning[];
  stats: { filesSeen: number; filesRead: number; bytesRead: number; lines: number; ms: number };
}
