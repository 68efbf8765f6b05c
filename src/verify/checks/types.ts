// A check is data (shared/STYLE.md "Checks"): an id, a title, which paths it applies to, what it needs first,
// how a transient failure is retried, and run(ctx) → an outcome. A thrown error becomes a failed result.
import type { ItemContext } from '../context.js';
import type { VerifyPath } from '../path.js';
import type { CheckStatus } from '../types.js';

export interface CheckOutcome {
  status: CheckStatus;
  reply?: string | null;
  code?: string | null;
  diagnosis?: string | null;
  hint?: string | null;
  /** Trying again later may help (4xx, 429, a dropped connection before anything was taken). */
  transient?: boolean;
  /** The server asked to wait this long (Retry-After). */
  retryAfterMs?: number;
}

export interface Check {
  id: string;
  title: string;
  appliesTo(path: VerifyPath): boolean;
  /** Checks that must have passed (or warned) first; otherwise this one is skipped with the reason. */
  needs: string[];
  /** 'step': try this check again; 'path': a new SMTP session from the start (the old one is spent). */
  retry: 'step' | 'path' | 'never';
  /** Timeout of the whole check in steps (it may send several commands); default 1. */
  steps?: number;
  run(ctx: ItemContext): Promise<CheckOutcome>;
}

export function pass(reply: string | null, extra: Partial<CheckOutcome> = {}): CheckOutcome {
  return { status: 'pass', reply, ...extra };
}

export function skipped(diagnosis: string, extra: Partial<CheckOutcome> = {}): CheckOutcome {
  return { status: 'skipped', diagnosis, ...extra };
}

export function failed(diagnosis: string, hint: string | null, extra: Partial<CheckOutcome> = {}): CheckOutcome {
  return { status: 'fail', diagnosis, hint, ...extra };
}

/** A failure the check itself detects (not a server reply): code names the check's own reason. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  constructor(readonly outcome: CheckOutcome) {
    super(outcome.diagnosis ?? 'check failed');
  }
}
