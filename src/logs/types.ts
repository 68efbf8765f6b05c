// Facts from relay logs: one LogSender per sending client (host, IP, SASL user).

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
}
