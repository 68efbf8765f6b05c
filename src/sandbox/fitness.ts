// Device fitness: one FitnessRecord per SMTP session in <state>/fitness.jsonl, with a verdict saying whether
// the client can move to smtp.office365.com as it is, and if not, which target fits what it did.
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FitnessRecord } from './types.js';

export type Verdict = FitnessRecord['verdict'];
export type Observed = Omit<FitnessRecord, 'verdict'>;

const MODERN_TLS = new Set(['TLSv1.2', 'TLSv1.3']);

function byRecipients(r: Observed, isInternal: (address: string) => boolean): { internal: boolean; note: string } {
  const external = r.rcptTo.filter((a) => !isInternal(a));
  if (!r.rcptTo.length) return { internal: true, note: 'no recipients seen, assumed internal' };
  return external.length ? { internal: false, note: `external recipients (${external.slice(0, 3).join(', ')})` } : { internal: true, note: 'internal recipients only' };
}

/** Without TLS 1.2 or authentication a device cannot use smtp.office365.com: the MX endpoint or a bridge. */
function anonymousTarget(r: Observed, isInternal: (address: string) => boolean, why: string): Verdict {
  const { internal, note } = byRecipients(r, isInternal);
  return internal
    ? { ready: false, target: 'direct-send', reason: `${why}; ${note}: Direct Send to the MX endpoint on port 25 (TLS optional, no auth), or a bridge` }
    : { ready: false, target: 'connector-relay', reason: `${why}; ${note}: connector relay on port 25 from a static IP (or a bridge)` };
}

function judgeSubmission(r: Observed, isInternal: (address: string) => boolean): Verdict {
  const modern = r.tls.used && MODERN_TLS.has(r.tls.protocol ?? '');
  if (r.implicitTls) return { ready: false, target: 'smtp-oauth', reason: 'spoke TLS first (implicit TLS, port 465 style): set the device to STARTTLS on 587; if it cannot, it needs a bridge' };
  if (r.tls.refused) return anonymousTarget(r, isInternal, `TLS refused (${r.tls.protocol ?? 'handshake failed'}): smtp.office365.com needs TLS 1.2 or later`);
  if (!r.tls.used && (r.authTried.length || r.mailFrom !== null)) return anonymousTarget(r, isInternal, 'did not use STARTTLS');
  if (r.authTried.includes('XOAUTH2')) {
    if (r.authOutcome === 'ok') return { ready: true, target: 'smtp-oauth', reason: `STARTTLS with ${r.tls.protocol} and XOAUTH2 worked` };
    return { ready: false, target: 'smtp-oauth', reason: `speaks ${r.tls.protocol} and XOAUTH2, but the token or its permissions were refused (${r.reply ?? 'no reply'})` };
  }
  if (r.authTried.length) {
    const { internal, note } = byRecipients(r, isInternal);
    const how = `${r.tls.protocol} is fine, but it only does Basic auth (${r.authTried.join(', ')}), off by default from the end of December 2026`;
    return internal
      ? { ready: false, target: 'direct-send', reason: `${how}; ${note}: Direct Send (or HVE, which keeps Basic auth until September 2028)` }
      : { ready: false, target: 'acs', reason: `${how}; ${note}: Azure Communication Services SMTP (TLS 1.2 + AUTH LOGIN) or a connector relay` };
  }
  if (r.mailFrom !== null) return anonymousTarget(r, isInternal, 'sent without authenticating');
  return modern
    ? { ready: false, target: 'smtp-oauth', reason: `STARTTLS with ${r.tls.protocol} works; the session ended before AUTH, so OAuth support is unknown` }
    : { ready: false, target: 'direct-send', reason: 'the session ended before STARTTLS or AUTH: not enough to judge' };
}

function judgeMx(r: Observed, isInternal: (address: string) => boolean): Verdict {
  const { internal, note } = byRecipients(r, isInternal);
  const code = /\b5\.7\.(68|64|750)\b/.exec(r.reply ?? '')?.[0];
  if (code === '5.7.68') return { ready: false, target: 'connector-relay', reason: 'Direct Send is rejected here (RejectDirectSend): the device needs an inbound connector for its IP or certificate' };
  if (code === '5.7.64') return { ready: false, target: 'connector-relay', reason: `relay refused: no OnPremises connector matches ${r.clientIp}` };
  if (code === '5.7.750') return { ready: false, target: 'connector-relay', reason: 'relay refused: MAIL FROM must be in an accepted domain' };
  if (r.outcome === 'delivered') {
    return r.connector ? { ready: true, target: 'connector-relay', reason: `relayed through connector "${r.connector}"; ${note}` } : { ready: true, target: 'direct-send', reason: `Direct Send worked; ${note}` };
  }
  return internal ? { ready: false, target: 'direct-send', reason: `not delivered (${r.reply ?? 'no reply'}); ${note}` } : { ready: false, target: 'connector-relay', reason: `not delivered (${r.reply ?? 'no reply'}); ${note}` };
}

/** HVE and ACS sessions: the client already uses the target it talked to; did it work there? */
function judgeService(r: Observed, target: 'hve' | 'acs'): Verdict {
  const name = target === 'hve' ? 'High Volume Email' : 'Azure Communication Services SMTP';
  if (r.tls.refused || (!r.tls.used && (r.authTried.length || r.mailFrom !== null))) return { ready: false, target: 'bridge', reason: `${name} needs STARTTLS with TLS 1.2 or later (${r.tls.refused ?? 'no STARTTLS'}): a bridge` };
  if (r.outcome === 'delivered') return { ready: true, target, reason: `sent through ${name} with ${r.tls.protocol}${r.authTried.length ? ` and AUTH ${r.authTried.join(', ')}` : ''}` };
  return { ready: false, target, reason: `${name} refused it: ${r.reply ?? 'the session ended before a message was sent'}` };
}

export function judge(r: Observed, isInternal: (address: string) => boolean): Verdict {
  if (r.service === 'hve' || r.service === 'acs') return judgeService(r, r.service);
  return r.service === 'mx' ? judgeMx(r, isInternal) : judgeSubmission(r, isInternal);
}

/** Appends records in order, one line each; the state directory must exist (a removed one is not re-created). */
export class FitnessLog {
  private queue: Promise<void> = Promise.resolve();
  constructor(readonly file: string) {}

  append(record: FitnessRecord): Promise<void> {
    this.queue = this.queue.then(() => appendFile(this.file, `${JSON.stringify(record)}\n`)).catch(() => undefined);
    return this.queue;
  }

  flush(): Promise<void> {
    return this.queue;
  }
}

export function fitnessFile(stateDir: string): string {
  return join(stateDir, 'fitness.jsonl');
}

/** Every record of a state directory; lines that are not records are skipped and counted. */
export async function readFitness(stateDir: string): Promise<{ records: FitnessRecord[]; skipped: number }> {
  let text = '';
  try { text = await readFile(fitnessFile(stateDir), 'utf8'); } catch { return { records: [], skipped: 0 }; }
  const records: FitnessRecord[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = JSON.parse(line) as FitnessRecord;
      if (parsed && typeof parsed === 'object' && parsed.verdict && parsed.service) records.push(parsed);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { records, skipped };
}

export interface DeviceFitness {
  device: string;                 // EHLO name and IP
  clientIp: string;
  sessions: number;
  lastSeen: string;
  tls: string;                    // best protocol seen, or 'none'
  auth: string[];
  ready: boolean;
  target: Verdict['target'];
  reason: string;
}

/** One row per device (EHLO name + IP): the best session decides (ready first, then the latest). */
export function deviceFitness(records: FitnessRecord[]): DeviceFitness[] {
  const groups = new Map<string, FitnessRecord[]>();
  for (const r of records) {
    const key = `${r.clientName ?? '?'}|${r.clientIp}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((sessions) => {
    const sorted = [...sessions].sort((a, b) => a.at.localeCompare(b.at));
    const best = [...sorted].reverse().find((s) => s.verdict.ready) ?? sorted[sorted.length - 1];
    const protocols = sorted.map((s) => s.tls.protocol).filter((p): p is string => Boolean(p)).sort();
    return {
      device: `${best.clientName ?? 'unknown'} (${best.clientIp})`, clientIp: best.clientIp, sessions: sessions.length, lastSeen: sorted[sorted.length - 1].at,
      tls: protocols[protocols.length - 1] ?? 'none', auth: [...new Set(sorted.flatMap((s) => s.authTried))],
      ready: best.verdict.ready, target: best.verdict.target, reason: best.verdict.reason,
    };
  }).sort((a, b) => Number(a.ready) - Number(b.ready) || a.device.localeCompare(b.device));
}
