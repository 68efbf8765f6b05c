// Chart data: volume per sender and per day, deferrals/bounces/rejects per day, TLS versions seen, targets chosen.
import type { Inventory } from '../inventory/types.js';
import type { LogDay } from '../logs/types.js';
import type { FitnessRecord } from '../sandbox/types.js';
import type { CountRow, DailyPoint, ReportCharts, SenderSection } from './types.js';
import { logClient, normaliseTls, tally } from './views.js';

const MAX_SENDER_BARS = 15;
const MAX_DAYS = 92;

/** The inventory with the whole-log per-day series (`logs --json` perDay) when a producer passed it along. */
export interface InventoryWithDays extends Inventory { logPerDay?: Record<string, LogDay> }

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** Per-day points: the whole-log series when present, else the senders' own per-day counts added up. */
export function perDaySeries(inventory: InventoryWithDays | null): DailyPoint[] {
  const days = new Map<string, DailyPoint>();
  const day = (date: string) => {
    const existing = days.get(date);
    if (existing) return existing;
    const created: DailyPoint = { date, messages: 0, recipients: 0, deferred: 0, bounced: 0, rejected: 0 };
    days.set(date, created);
    return created;
  };
  const valid = (date: string) => /^\d{4}-\d{2}-\d{2}$/.test(date);
  const whole = inventory?.logPerDay && typeof inventory.logPerDay === 'object' ? inventory.logPerDay : null;
  if (whole) {
    for (const [date, d] of Object.entries(whole)) {
      if (!valid(date) || !d) continue;
      Object.assign(day(date), { messages: count(d.messages), recipients: count(d.recipients), deferred: count(d.deferred), bounced: count(d.bounced), rejected: count(d.rejected) });
    }
  } else {
    for (const s of inventory?.senders ?? []) {
      for (const [date, d] of Object.entries(s.perDay ?? {})) {
        if (!valid(date) || !d) continue;
        const point = day(date);
        point.messages += count(d.messages);
        point.recipients += count(d.recipients);
      }
    }
  }
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date)).slice(-MAX_DAYS);
}

function tlsSeen(inventory: Inventory | null, fitness: FitnessRecord[]): CountRow[] {
  const keys: string[] = [];
  for (const s of inventory?.senders ?? []) {
    for (const [v, n] of Object.entries(s.tls ?? {})) if (n > 0) keys.push(normaliseTls(v));
  }
  for (const p of inventory?.relays ?? []) keys.push(p.starttls?.negotiated && p.starttls.protocol ? normaliseTls(p.starttls.protocol) : 'none');
  const byClient = new Map<string, string>();
  for (const r of fitness) byClient.set(r.clientIp, r.tls.used && r.tls.protocol ? normaliseTls(r.tls.protocol) : 'none');
  keys.push(...byClient.values());
  for (const d of inventory?.manual ?? []) if (d.maxTls !== 'unknown') keys.push(normaliseTls(d.maxTls));
  return tally(keys).sort((a, b) => a.key.localeCompare(b.key));
}

export function buildCharts(inventory: InventoryWithDays | null, senders: SenderSection[], fitness: FitnessRecord[], targets: CountRow[]): ReportCharts {
  const owner = new Map<string, string>();
  for (const s of senders) {
    for (const ref of s.sources) if (ref.kind === 'log' && ref.id) owner.set(ref.id, s.id);
  }
  const volumePerSender = [...(inventory?.senders ?? [])]
    .filter((s) => count(s.messages) > 0)
    .sort((a, b) => count(b.messages) - count(a.messages))
    .slice(0, MAX_SENDER_BARS)
    .map((s) => ({ senderId: owner.get(s.id) ?? null, label: logClient(s), messages: count(s.messages), recipients: count(s.recipients) }));
  return { volumePerSender, perDay: perDaySeries(inventory), tlsVersions: tlsSeen(inventory, fitness), targets };
}
