// Probe many relays at once, a bounded number at a time, results in the order the targets were given.
import { probeTarget, type ProbeOptions } from './probe.js';
import type { ProbeTarget } from './target.js';
import type { ProbeResult } from './types.js';

export const DEFAULT_CONCURRENCY = 8;

export interface ProbeAllOptions extends ProbeOptions {
  concurrency?: number;
  onResult?(result: ProbeResult, done: number, total: number): void;
}

export async function probeTargets(targets: ProbeTarget[], options: ProbeAllOptions = {}): Promise<ProbeResult[]> {
  const results: ProbeResult[] = new Array(targets.length);
  const limit = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, targets.length || 1));
  let next = 0;
  let done = 0;
  // a pool of `limit` workers pulling the next index: ten lines, not a dependency
  async function worker(): Promise<void> {
    while (next < targets.length) {
      const index = next++;
      results[index] = await probeTarget(targets[index], options);
      options.onResult?.(results[index], ++done, targets.length);
    }
  }
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/** What counts as failed for the exit code: a target that could not be probed, or a high-severity finding. */
export function probeFailed(result: ProbeResult): boolean {
  return !result.reachable || Boolean(result.error) || (result.findings ?? []).some((f) => f.severity === 'high');
}
