// A Sender: one device, app or service that sends mail, put together from config findings, log clients,
// probes and hand-entered devices. The planner's rules decide on Senders, never on raw inventory rows.
import type { Finding, ManualDevice } from '../inventory/types.js';
import type { LogSender } from '../logs/types.js';
import type { ProbeResult } from '../probe/types.js';
import type { CurrentSettings, Target } from './types.js';
import type { SenderKind } from './formats.js';

export type TlsVersion = '1.0' | '1.1' | '1.2' | '1.3';

export interface Volume {
  days: number;
  messages: number;
  recipients: number;
  messagesPerDay: number;
  recipientsPerDay: number;
  peakPerMinute: number;
  peakPerDay: number;
  internalRecipients: number;
  externalRecipients: number;
}

/** Where and how it sends today: host, port, TLS, auth, From addresses and what kind of endpoint that is. */
export interface Sender extends Pick<CurrentSettings, 'host' | 'port' | 'security' | 'auth' | 'from' | 'endpointKind'> {
  id: string;
  name: string;
  kind: SenderKind;
  system: string;
  /** Detector id of the config this sender was found in (null: seen only in logs or probes). */
  format: string | null;
  /** The machine it runs on, when known. */
  machine: string | null;
  findings: Finding[];
  logs: LogSender[];
  probes: ProbeResult[];
  manual: ManualDevice | null;
  volume: Volume | null;
  /** Best and worst TLS seen in logs (or declared for a manual device); 'none' when only plaintext was seen. */
  tls: { best: TlsVersion | 'none' | null; worst: TlsVersion | 'none' | null };
  /** Recipients: known from logs, or unknown. */
  recipients: 'internal' | 'external' | 'mixed' | 'unknown';
  supportsOAuth: boolean | null;
  /** Relays: the ids of the senders whose mail they forward. */
  clients: string[];
  /** Log clients: the relay they were seen at, and (filled by the planner) where that relay goes. */
  via: { id: string; name: string; target?: Target } | null;
  /** Where it was seen: 'path:line', 'log:…', 'probe:host:port', 'manual:…'. */
  where: string[];
  notes: string[];
}

const TLS_ORDER: (TlsVersion | 'none')[] = ['none', '1.0', '1.1', '1.2', '1.3'];

/** 'TLSv1.2' / 'TLS1.0' / 'tls 1.1' / 'SSLv3' / 'none' → a version (SSLv3 counts as below 1.0). */
export function tlsVersionOf(label: string): TlsVersion | 'none' | null {
  const v = label.trim().toLowerCase();
  if (v === 'none' || v === 'plain' || v === 'plaintext' || v === '') return 'none';
  if (/ssl/.test(v)) return '1.0';
  const m = /(\d)(?:\.(\d))?/.exec(v);
  if (!m) return null;
  const version = `${m[1]}.${m[2] ?? '0'}`;
  return (['1.0', '1.1', '1.2', '1.3'] as string[]).includes(version) ? (version as TlsVersion) : null;
}

export function compareTls(a: TlsVersion | 'none', b: TlsVersion | 'none'): number {
  return TLS_ORDER.indexOf(a) - TLS_ORDER.indexOf(b);
}

/** True when the best TLS this sender showed is below 1.2 (plaintext-only counts: it never proved TLS 1.2). */
export function tlsBelow12(sender: Pick<Sender, 'tls'>): boolean {
  const best = sender.tls.best;
  return best !== null && compareTls(best, '1.2') < 0;
}

export function emptyVolume(): Volume {
  return { days: 0, messages: 0, recipients: 0, messagesPerDay: 0, recipientsPerDay: 0, peakPerMinute: 0, peakPerDay: 0, internalRecipients: 0, externalRecipients: 0 };
}

/** Sum log clients into one volume: daily rates from the first/last seen span (at least one day). */
export function volumeOf(logs: LogSender[]): Volume | null {
  if (!logs.length) return null;
  const v = emptyVolume();
  let peakRecipients = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const log of logs) {
    v.messages += log.messages;
    v.recipients += log.recipients;
    v.internalRecipients += log.internalRecipients;
    v.externalRecipients += log.externalRecipients;
    v.peakPerMinute = Math.max(v.peakPerMinute, log.peakPerMinute);
    v.peakPerDay += log.peakPerDay;
    peakRecipients += log.peakRecipientsPerDay ?? 0;
    const f = log.firstSeen ? Date.parse(log.firstSeen) : NaN;
    const l = log.lastSeen ? Date.parse(log.lastSeen) : NaN;
    if (Number.isFinite(f)) first = Math.min(first, f);
    if (Number.isFinite(l)) last = Math.max(last, l);
  }
  v.days = Number.isFinite(first) && Number.isFinite(last) ? Math.max(1, Math.ceil((last - first) / 86_400_000)) : 1;
  v.messagesPerDay = Math.round(v.messages / v.days);
  v.recipientsPerDay = Math.round(v.recipients / v.days);
  // The peak day's recipients: counted by the log reader when it did, else estimated from the peak day's
  // messages and the mean recipients per message.
  const perMessage = v.messages ? v.recipients / v.messages : 1;
  v.recipientsPerDay = Math.max(v.recipientsPerDay, peakRecipients || Math.round(v.peakPerDay * perMessage));
  return v;
}

export function recipientsOf(volume: Volume | null): Sender['recipients'] {
  if (!volume || volume.internalRecipients + volume.externalRecipients === 0) return 'unknown';
  if (volume.externalRecipients === 0) return 'internal';
  if (volume.internalRecipients === 0) return 'external';
  return 'mixed';
}

/** Highest and lowest TLS version over log clients' TLS counters. */
export function tlsOf(logs: LogSender[]): Sender['tls'] {
  const seen: (TlsVersion | 'none')[] = [];
  for (const log of logs) {
    for (const [label, count] of Object.entries(log.tls ?? {})) {
      const v = tlsVersionOf(label);
      if (v && count > 0) seen.push(v);
    }
  }
  if (!seen.length) return { best: null, worst: null };
  seen.sort(compareTls);
  return { best: seen.at(-1)!, worst: seen[0] };
}

/** The domain part of an address, lower-case. */
export function domainOf(address: string | null | undefined): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  return at > 0 ? address.slice(at + 1).toLowerCase().replace(/[>\s]+$/, '') : null;
}

/** First DNS label, lower-case: 'backup01.corp.contoso.com' → 'backup01'. IPs stay whole. */
export function shortName(host: string | null | undefined): string | null {
  if (!host) return null;
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (!h) return null;
  if (/^[\d.]+$/.test(h) || h.includes(':')) return h;
  return h.split('.')[0] || null;
}

const CONSUMER_DOMAINS = ['hotmail.com', 'outlook.com', 'live.com', 'msn.com', 'hotmail.co.uk', 'live.co.uk', 'outlook.fr', 'hotmail.fr', 'hotmail.de', 'live.de', 'windowslive.com', 'passport.com'];

/** A Microsoft consumer (Outlook.com / Hotmail / Live) account, not a work mailbox. */
export function isConsumerAddress(address: string | null | undefined): boolean {
  const d = domainOf(address);
  return d !== null && CONSUMER_DOMAINS.includes(d);
}
