// The Grand Totals of a run: counts, and the distinct senders, hosts and recipients pflogsumm counts.
import type { LogTotals } from './types.js';

/** Distinct values a parser keeps in its own structure (the Postfix parser counts recipients on bytes). */
export interface DistinctValues { size(): number; keys(): Iterable<string> }

type DistinctKind = 'senders' | 'sendingHosts' | 'recipients' | 'recipientHosts';

/** Grand totals, counted the way pflogsumm counts them for Postfix (see parsers/postfix.ts). */
export class TotalsCounter {
  received = 0;
  delivered = 0;
  forwarded = 0;
  deferred = 0;
  deferrals = 0;
  bounced = 0;
  rejected = 0;
  bytesReceived = 0;
  bytesDelivered = 0;
  readonly senders = new Set<string>();
  readonly sendingHosts = new Set<string>();
  readonly recipients = new Set<string>();
  readonly recipientHosts = new Set<string>();
  private readonly included: { kind: DistinctKind; values: DistinctValues }[] = [];

  /** Count these values too, as members of the set of that name (a value in both counts once). */
  include(kind: DistinctKind, values: DistinctValues): void {
    this.included.push({ kind, values });
  }

  toTotals(): LogTotals {
    return {
      received: this.received, delivered: this.delivered, forwarded: this.forwarded, deferred: this.deferred,
      deferrals: this.deferrals, bounced: this.bounced, rejected: this.rejected, bytesReceived: this.bytesReceived,
      bytesDelivered: this.bytesDelivered, senders: this.distinct('senders'), sendingHosts: this.distinct('sendingHosts'),
      recipients: this.distinct('recipients'), recipientHosts: this.distinct('recipientHosts'),
    };
  }

  private distinct(kind: DistinctKind): number {
    const set = this[kind];
    const included = this.included.filter((i) => i.kind === kind);
    if (!included.length) return set.size;
    if (included.length === 1 && set.size === 0) return included[0].values.size();
    const union = new Set(set);
    for (const { values } of included) for (const key of values.keys()) union.add(key);
    return union.size;
  }
}
