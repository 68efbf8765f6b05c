// Per sending client (relay, host/IP, SASL user): messages, recipients, TLS, auth, peaks, rejects.
// Every collection is bounded, so memory follows the number of clients, not the size of the log.
import { stableId } from '../util/hash.js';
import type { LogDay, LogFormat, LogSender, LogSenderDay } from './types.js';

const MAX_FROM = 50;
const MAX_DOMAINS = 2000;
const TOP_DOMAINS = 25;
const MAX_SENDER_DAYS = 92;
const MAX_LOG_DAYS = 400;
const MAX_FILES = 20;
const OTHER = '(other)';

export interface ClientRef {
  source: LogFormat;
  relay: string | null;
  host: string | null;
  ip: string | null;
  saslUser: string | null;
  via?: 'smtp' | 'local';
  /** The name the client gave in HELO/EHLO, when the log shows it in place of a resolved name (Exim's `H=(helo) [ip]`). */
  helo?: string | null;
}

export type RejectKind = 'relayDenied' | 'authFailed' | 'other';

/** The mutable record behind one LogSender. */
export interface SenderState {
  ref: ClientRef;
  from: Map<string, number>;
  fromOverflow: Set<string> | null;
  messages: number;
  recipients: number;
  internal: number;
  external: number;
  bytes: number;
  domains: Map<string, number>;
  tls: Record<string, number>;
  auth: Record<string, number>;
  first: string | null;
  last: string | null;
  minute: string;
  minuteCount: number;
  peakMinute: number;
  days: Map<string, LogSenderDay>;
  /** The day last counted in, for the next message or recipient (nearly always the same day). */
  lastDay: string;
  lastDayRecord: LogSenderDay | null;
  evictedPeakDay: number;
  evictedPeakRecipients: number;
  rejected: { relayDenied: number; authFailed: number; other: number };
  files: Set<string>;
  /** The file last added to `files` (a sender touched per message need not look it up again). */
  lastFile: string;
}

/** Recipient domains that count as internal: exact, case-insensitive match of an accepted domain. */
export function internalMatcher(domains: string[]): (domain: string) => boolean {
  const set = new Set(domains.map((d) => d.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '')).filter(Boolean));
  return (domain) => set.has(domain);
}

/** ASCII-only lower case: log bytes are read as latin1, and other bytes must stay as they are. */
export function asciiLower(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  }
  return text;
}

/**
 * A copy of a string that does not keep alive the log line it was cut from: V8 slices share their parent,
 * so a kept address would otherwise hold its whole line in memory (and make every garbage collection slower).
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (` ${text}`).slice(1);
}

/** Add a key to a long-lived set, detached from its log line when it is new. */
export function remember(set: Set<string>, key: string): void {
  if (!set.has(key)) set.add(detach(key));
}

/** How `envelopeFrom` files an address: lower case (NoReply@Contoso.COM is the same mailbox), '<>' for the null sender. */
export function envelopeKey(address: string): string {
  return address === '' ? '<>' : asciiLower(address);
}

export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  if (at === -1) return '';
  const domain = asciiLower(address.slice(at + 1));
  return domain.endsWith('.') ? domain.slice(0, -1) : domain;
}

export class SenderBook {
  private readonly senders = new Map<string, SenderState>();
  private readonly isInternal: (domain: string) => boolean;
  readonly days = new Map<string, LogDay>();
  private lastDay = '';
  private lastDayRecord: LogDay | null = null;
  private file = '';
  /** The minute (first 16 characters) of the stamp `minuteOf`. */
  private minuteOf = '';
  private minute = '';

  constructor(internalDomains: string[]) {
    this.isInternal = internalMatcher(internalDomains);
  }

  /** The file whose lines are being read (recorded on every sender touched). */
  setFile(path: string): void { this.file = path; }

  /** The sender record for a client, created on first sight. Keyed by relay, IP (or host) and SASL user. */
  sender(ref: ClientRef): SenderState {
    const key = `${ref.source}\u0000${ref.relay ?? ''}\u0000${ref.ip ?? asciiLower(ref.host ?? '')}\u0000${ref.saslUser ?? ''}`;
    let s = this.senders.get(key);
    if (!s) {
      s = {
        ref: { ...ref }, from: new Map(), fromOverflow: null, messages: 0, recipients: 0, internal: 0, external: 0, bytes: 0,
        domains: new Map(), tls: {}, auth: {}, first: null, last: null, minute: '', minuteCount: 0, peakMinute: 0,
        days: new Map(), lastDay: '', lastDayRecord: null, evictedPeakDay: 0, evictedPeakRecipients: 0, rejected: { relayDenied: 0, authFailed: 0, other: 0 },
        files: new Set(), lastFile: '',
      };
      this.senders.set(key, s);
    } else if (ref.host && ref.host !== 'unknown' && s.ref.host !== ref.host) {
      s.ref.host = ref.host; // the latest resolved name wins over 'unknown'
    }
    if (ref.helo && s.ref.helo !== ref.helo) s.ref.helo = ref.helo;
    this.touch(s);
    return s;
  }

  /** Note that this sender appears in the current file (for callers that cache SenderState). */
  touch(s: SenderState): void {
    if (s.lastFile === this.file) return;
    s.lastFile = this.file;
    if (s.files.size < MAX_FILES) s.files.add(this.file);
  }

  /** One message accepted from the client at `iso` (ISO 8601, local time as logged). */
  message(s: SenderState, iso: string, tls: string | null, auth: string | null, bytes = 0, day = iso.slice(0, 10)): void {
    s.messages++;
    s.bytes += bytes;
    if (tls) s.tls[tls] = (s.tls[tls] ?? 0) + 1;
    if (auth) s.auth[auth] = (s.auth[auth] ?? 0) + 1;
    this.seen(s, iso);
    if (iso !== this.minuteOf) { this.minuteOf = iso; this.minute = iso.slice(0, 16); } // lines of one second share their stamp
    const minute = this.minute;
    if (minute === s.minute) s.minuteCount++;
    else { s.minute = minute; s.minuteCount = 1; }
    if (s.minuteCount > s.peakMinute) s.peakMinute = s.minuteCount;
    this.senderDay(s, day).messages++;
    this.dayOf(day).messages++;
  }

  /** Several messages at once (reports that only give counts, such as the EAC export). */
  messages(s: SenderState, count: number, iso: string | null): void {
    s.messages += count;
    if (iso) {
      this.seen(s, iso);
      this.senderDay(s, iso.slice(0, 10)).messages += count;
      this.day(iso).messages += count;
    }
  }

  envelopeFrom(s: SenderState, address: string): void {
    this.envelopeFromKey(s, envelopeKey(address), false);
  }

  /**
   * `envelopeFrom` with the address already in its `envelopeKey` form, for callers that cache it; `owned`:
   * the string is the caller's own (not cut from a log line), so it can be kept as is — and a lookup with
   * the same string then compares no characters.
   */
  envelopeFromKey(s: SenderState, from: string, owned: boolean): void {
    const count = s.from.get(from);
    if (count !== undefined) { s.from.set(from, count + 1); return; }
    if (s.from.size < MAX_FROM) { s.from.set(owned ? from : detach(from), 1); return; }
    s.fromOverflow ??= new Set();
    if (s.fromOverflow.size < 100_000) remember(s.fromOverflow, from);
  }

  /** One recipient of a message from this client, counted once per message by the caller. */
  recipient(s: SenderState, address: string, day: string | null): void {
    const domain = domainOf(address);
    this.recipientIn(s, detach(domain), this.isInternalDomain(domain), day);
  }

  /**
   * `recipient` given the address's `domainOf` as a string of the caller's own (not cut from a log line,
   * see `envelopeFromKey`) and whether it is internal: for callers that cache both per domain.
   */
  recipientIn(s: SenderState, domain: string, internal: boolean, day: string | null): void {
    s.recipients++;
    if (internal) s.internal++;
    else s.external++;
    const key = domain || '(none)';
    const count = s.domains.get(key);
    if (count !== undefined) s.domains.set(key, count + 1);
    else if (s.domains.size < MAX_DOMAINS) s.domains.set(key, 1);
    else s.domains.set(OTHER, (s.domains.get(OTHER) ?? 0) + 1);
    if (day) {
      this.senderDay(s, day).recipients++;
      this.dayOf(day).recipients++;
    }
  }

  /** A refused attempt booked to its sender. The per-day count is the parser's, kept with totals.rejected (which an auth failure is not). */
  reject(s: SenderState, kind: RejectKind, iso: string | null): void {
    s.rejected[kind]++;
    if (iso) this.seen(s, iso);
  }

  tls(s: SenderState, protocol: string, count = 1): void { s.tls[protocol] = (s.tls[protocol] ?? 0) + count; }
  auth(s: SenderState, method: string, count = 1): void { s.auth[method] = (s.auth[method] ?? 0) + count; }

  /** The whole log's per-day series (messages, recipients, deferrals, bounces, rejects). */
  day(iso: string): LogDay { return this.dayOf(iso.slice(0, 10)); }

  /** Does a recipient domain count as internal (for callers that cache the answer per domain)? */
  isInternalDomain(domain: string): boolean {
    return domain !== '' && this.isInternal(domain);
  }

  private dayOf(day: string): LogDay {
    if (this.lastDayRecord !== null && this.lastDay === day) return this.lastDayRecord;
    let d = this.days.get(day);
    if (!d) {
      d = { messages: 0, recipients: 0, deferred: 0, bounced: 0, rejected: 0 };
      this.days.set(day, d);
      if (this.days.size > MAX_LOG_DAYS) this.days.delete(oldestKey(this.days));
      if (!this.days.has(day)) return d; // older than every day kept: counted nowhere, and not cached
    }
    this.lastDay = day;
    this.lastDayRecord = d;
    return d;
  }

  private seen(s: SenderState, iso: string): void {
    if (s.first === null || iso < s.first) s.first = iso;
    if (s.last === null || iso > s.last) s.last = iso;
  }

  private senderDay(s: SenderState, day: string): LogSenderDay {
    if (s.lastDayRecord !== null && s.lastDay === day) return s.lastDayRecord;
    let d = s.days.get(day);
    if (!d) {
      d = { messages: 0, recipients: 0 };
      s.days.set(day, d);
      if (s.days.size > MAX_SENDER_DAYS) {
        const oldest = oldestKey(s.days);
        const gone = s.days.get(oldest)!;
        s.evictedPeakDay = Math.max(s.evictedPeakDay, gone.messages);
        s.evictedPeakRecipients = Math.max(s.evictedPeakRecipients, gone.recipients);
        s.days.delete(oldest);
        if (oldest === day) return d; // older than every day kept: not cached, as the map would not find it
      }
    }
    s.lastDay = day;
    s.lastDayRecord = d;
    return d;
  }

  /** The senders, busiest first. */
  list(): LogSender[] {
    return [...this.senders.values()].map(toLogSender)
      .sort((a, b) => b.messages - a.messages || rejects(b) - rejects(a) || a.id.localeCompare(b.id));
  }

  perDay(): Record<string, LogDay> {
    return Object.fromEntries([...this.days.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

function rejects(s: LogSender): number {
  return s.rejected.relayDenied + s.rejected.authFailed + s.rejected.other;
}

function oldestKey(map: Map<string, unknown>): string {
  let oldest: string | null = null;
  for (const key of map.keys()) if (oldest === null || key < oldest) oldest = key;
  return oldest!;
}

function toLogSender(s: SenderState): LogSender {
  const { ref } = s;
  const days = [...s.days.entries()].sort(([a], [b]) => a.localeCompare(b));
  const domains = [...s.domains.entries()].filter(([d]) => d !== OTHER).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const top = domains.slice(0, TOP_DOMAINS);
  const rest = domains.slice(TOP_DOMAINS).reduce((sum, [, n]) => sum + n, s.domains.get(OTHER) ?? 0);
  const recipientDomains = Object.fromEntries(top);
  if (rest) recipientDomains[OTHER] = rest;
  const fromCount = s.from.size + (s.fromOverflow?.size ?? 0);
  const sender: LogSender = {
    id: stableId('logs', ref.source, ref.relay, ref.ip ?? asciiLower(ref.host ?? ''), ref.saslUser),
    source: ref.source,
    relay: ref.relay,
    host: ref.host,
    ip: ref.ip,
    saslUser: ref.saslUser,
    envelopeFrom: [...s.from.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([f]) => f),
    messages: s.messages,
    recipients: s.recipients,
    internalRecipients: s.internal,
    externalRecipients: s.external,
    recipientDomains,
    tls: s.tls,
    auth: s.auth,
    firstSeen: s.first,
    lastSeen: s.last,
    peakPerMinute: s.peakMinute,
    peakPerDay: Math.max(s.evictedPeakDay, ...days.map(([, d]) => d.messages), 0),
    rejected: s.rejected,
    files: [...s.files],
    peakRecipientsPerDay: Math.max(s.evictedPeakRecipients, ...days.map(([, d]) => d.recipients), 0),
    perDay: Object.fromEntries(days),
  };
  if (fromCount > s.from.size) sender.envelopeFromCount = fromCount;
  if (s.bytes) sender.bytes = s.bytes;
  if (ref.via) sender.via = ref.via;
  if (ref.helo) sender.helo = ref.helo;
  return sender;
}
