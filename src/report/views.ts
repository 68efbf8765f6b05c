// Turn each input record into the report's view of it: only what a reader needs, free text scrubbed again.
import type { Finding, ManualDevice } from '../inventory/types.js';
import type { LogSender } from '../logs/types.js';
import type { CurrentSettings } from '../plan/types.js';
import type { ProbeResult } from '../probe/types.js';
import type { FitnessRecord } from '../sandbox/types.js';
import { redactNullable, redactText } from './redact.js';
import type { CountRow, CurrentView, FitnessView, LogEvidence, ProbeView, SenderKind } from './types.js';

export function where(path: string, line: number | null | undefined): string {
  return line ? `${path}:${line}` : path;
}

/** Record<string, number> → rows, largest first (ties by key, so output is stable). */
export function countRows(record: Record<string, number> | null | undefined, limit = Infinity): CountRow[] {
  return Object.entries(record ?? {})
    .filter(([, n]) => typeof n === 'number' && n > 0)
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, limit);
}

export function tally(keys: string[]): CountRow[] {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return countRows(counts);
}

export function logClient(s: Pick<LogSender, 'host' | 'ip' | 'saslUser'>): string {
  const host = s.host && s.host !== 'unknown' ? s.host : null;
  const base = host && s.ip ? `${host} [${s.ip}]` : host ?? s.ip ?? 'unknown client';
  return s.saslUser ? `${base} as ${s.saslUser}` : base;
}

export function logEvidence(s: LogSender): LogEvidence {
  return {
    source: s.source,
    relay: s.relay,
    client: logClient(s),
    saslUser: s.saslUser,
    envelopeFrom: (s.envelopeFrom ?? []).slice(0, 20),
    messages: s.messages ?? 0,
    recipients: s.recipients ?? 0,
    internalRecipients: s.internalRecipients ?? 0,
    externalRecipients: s.externalRecipients ?? 0,
    topDomains: countRows(s.recipientDomains, 8),
    tls: countRows(s.tls),
    auth: countRows(s.auth),
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
    peakPerMinute: s.peakPerMinute ?? 0,
    peakPerDay: s.peakPerDay ?? 0,
    rejected: s.rejected ?? { relayDenied: 0, authFailed: 0, other: 0 },
    files: s.files ?? [],
  };
}

export function probeView(p: ProbeResult): ProbeView {
  return {
    target: p.target,
    host: p.host,
    port: p.port,
    reachable: p.reachable,
    banner: redactNullable(p.banner),
    starttls: Boolean(p.starttls?.offered),
    tlsProtocol: p.starttls?.protocol ?? null,
    cipher: p.starttls?.cipher ?? null,
    certSubject: p.starttls?.certSubject ?? null,
    certIssuer: p.starttls?.certIssuer ?? null,
    certValidTo: p.starttls?.validTo ?? null,
    selfSigned: p.starttls?.selfSigned ?? null,
    hostnameMatch: p.starttls?.hostnameMatch ?? null,
    authBeforeTls: p.authBeforeTls ?? [],
    authAfterTls: p.authAfterTls ?? [],
    openRelay: p.openRelay,
    relayReply: redactNullable(p.relayReply),
    error: p.error ? redactText(`${p.error.kind}: ${p.error.diagnosis}`) : null,
  };
}

export function fitnessView(r: FitnessRecord): FitnessView {
  const tls = r.tls.refused ? `refused: ${r.tls.refused}` : r.tls.used ? r.tls.protocol ?? 'TLS' : 'none';
  return {
    at: r.at,
    service: r.service,
    client: r.clientName ? `${r.clientName} [${r.clientIp}]` : r.clientIp,
    tls: redactText(tls),
    authTried: r.authTried,
    authOutcome: r.authOutcome,
    outcome: r.outcome,
    reply: redactNullable(r.reply),
    ready: Boolean(r.verdict.ready),
    target: String(r.verdict.target ?? ''),
    reason: redactText(String(r.verdict.reason ?? '')),
  };
}

const TLS_ORDER = ['none', 'SSLv3', 'TLSv1', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** 'TLSv1.2', '1.2', 'TLS1_2' → 'TLSv1.2'; 'none'/'plain' → 'none'; others as written. */
export function normaliseTls(raw: string): string {
  const v = raw.trim();
  if (/^(none|plain|plaintext|no|-)$/i.test(v)) return 'none';
  const m = /^(?:tls\s*v?|tls)?\s*1[._](\d)$/i.exec(v.replace(/^TLSv?/i, 'TLS'));
  if (m) return m[1] === '0' ? 'TLSv1' : `TLSv1.${m[1]}`;
  if (/^tlsv?1$/i.test(v)) return 'TLSv1';
  return v;
}

export function belowTls12(version: string): boolean {
  const v = normaliseTls(version);
  return v === 'SSLv3' || v === 'TLSv1' || v === 'TLSv1.1';
}

/** The highest TLS version among those seen (null when none was seen). */
export function highestTls(versions: string[]): string | null {
  const known = versions.map(normaliseTls).filter((v) => TLS_ORDER.includes(v));
  if (!known.length) return null;
  return known.sort((a, b) => TLS_ORDER.indexOf(b) - TLS_ORDER.indexOf(a))[0];
}

function secretWhere(f: Finding): string | null {
  if (f.auth.secret === 'present') return `in ${where(f.path, f.line)} (plain text)`;
  if (f.auth.secret !== 'external') return null;
  // a reference by contract, never the value
  const ref = f.secretRef ?? '';
  if (ref.startsWith('file:')) return `in ${ref.slice(5)} (plain text)`;
  if (ref.startsWith('map:')) return `in the lookup table ${ref.slice(4)}`;
  if (ref.startsWith('env:')) return `in the environment variable ${ref.slice(4)}`;
  return ref || 'outside the file';
}

export function currentFromFinding(f: Finding): CurrentView {
  return {
    host: f.host, port: f.port, security: f.security, auth: f.auth.method, username: f.auth.username,
    secret: f.auth.secret, secretWhere: secretWhere(f), from: f.from ? [f.from] : [], endpointKind: f.endpointKind,
    maxTls: null, messagesPerDay: null,
  };
}

export function currentFromLog(s: LogSender): CurrentView {
  const tls = Object.keys(s.tls ?? {});
  const authed = Object.entries(s.auth ?? {}).filter(([k, n]) => k !== 'none' && n > 0).map(([k]) => k);
  return {
    host: s.relay, port: null,
    security: tls.length && tls.every((t) => normaliseTls(t) === 'none') ? 'none' : tls.some((t) => normaliseTls(t) !== 'none') ? 'starttls' : 'unknown',
    auth: authed.length ? authed.join(', ') : Object.keys(s.auth ?? {}).length ? 'none' : 'unknown',
    username: s.saslUser, secret: null, secretWhere: null, from: (s.envelopeFrom ?? []).slice(0, 5), endpointKind: 'internal',
    maxTls: highestTls(tls), messagesPerDay: s.peakPerDay || null,
  };
}

export function currentFromManual(d: ManualDevice): CurrentView {
  return {
    host: d.host, port: d.port, security: d.security, auth: d.auth.method, username: d.auth.username, secret: d.auth.secret,
    secretWhere: d.auth.secret === 'present' ? 'typed into the device' : null, from: d.from ? [d.from] : [], endpointKind: 'unknown',
    maxTls: d.maxTls === 'unknown' ? null : `TLSv${d.maxTls === '1.0' ? '1' : d.maxTls}`, messagesPerDay: null,
  };
}

export function currentFromPlan(c: CurrentSettings, secret: CurrentView['secret'], secretAt: string | null): CurrentView {
  return {
    host: c.host, port: c.port, security: c.security, auth: c.auth.method, username: c.auth.username, secret, secretWhere: secretAt,
    from: c.from, endpointKind: c.endpointKind, maxTls: c.maxTls ?? null, messagesPerDay: c.volume?.messagesPerDay ?? null,
  };
}

export function kindOfFinding(f: Finding): SenderKind {
  return f.role ?? 'unknown';
}
