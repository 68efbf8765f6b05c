// Retries of transient replies (4xx, Graph 429/503): exponential backoff with jitter, Retry-After honoured,
// never past the item's deadline.

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 15_000 };

/** The wait before retry number `retry` (1 = first retry): base·2^(retry-1), capped, with "equal jitter". */
export function backoffMs(retry: number, options: BackoffOptions = DEFAULT_BACKOFF, retryAfterMs = 0): number {
  const random = options.random ?? Math.random;
  const exp = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  // half fixed, half random: spreads retries of many paths without ever retrying at once
  const jittered = Math.round(exp / 2 + (random() * exp) / 2);
  return Math.max(jittered, retryAfterMs);
}

/** Wait `ms` unless that would end past `deadline`; false (and no wait) when it would. */
export async function waitWithin(ms: number, deadline: number, now: () => number = Date.now): Promise<boolean> {
  if (now() + ms > deadline) return false;
  await new Promise((resolve) => setTimeout(resolve, ms));
  return true;
}

/** Race a promise against a timeout; the timer never keeps the process alive. */
export async function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined); // a loser that settles later must not become an unhandled rejection
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(onTimeout()), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

/** Retry-After as milliseconds: seconds or an HTTP date; 0 when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: () => number = Date.now): number {
  if (!value) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now());
}
