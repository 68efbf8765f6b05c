// `relay365 probe`: probe live relays, print a table or JSON, optionally write them into an inventory.
import { resolve } from 'node:path';
import { SCHEMA_VERSION, type Inventory } from '../inventory/types.js';
import { writeInventory } from '../inventory/io.js';
import { DEFAULT_MAIL_FROM, DEFAULT_RCPT_TO } from '../probe/probe.js';
import { renderProbeResults } from '../probe/render.js';
import { probeFailed, probeTargets, DEFAULT_CONCURRENCY } from '../probe/run.js';
import { parseTargets } from '../probe/target.js';
import type { ProbeResult } from '../probe/types.js';
import { UsageError } from '../util/errors.js';
import { createOutput } from '../util/term.js';
import { toolVersion } from '../util/version.js';

export interface ProbeCommandOptions {
  targets: string[];
  json?: boolean;
  /** Seconds per SMTP step. */
  timeout?: number;
  out?: string;
  concurrency?: number;
  mailFrom?: string;
  rcptTo?: string;
  /** commander's --no-other-ports sets this false. */
  otherPorts?: boolean;
  transcript?: boolean;
}

const ADDRESS = /^[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+$/;

/** Check the options that do not depend on the network, so a usage error never waits for a probe. */
export function probeSettings(options: Omit<ProbeCommandOptions, 'targets' | 'json' | 'out' | 'transcript'>): { timeoutMs: number; concurrency: number; mailFrom: string; rcptTo: string } {
  const timeout = options.timeout ?? 10;
  if (!(timeout > 0 && timeout <= 600)) throw new UsageError('--timeout must be a number of seconds from 0 to 600');
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new UsageError('--concurrency must be a whole number from 1 to 256');
  const mailFrom = options.mailFrom ?? DEFAULT_MAIL_FROM;
  const rcptTo = options.rcptTo ?? DEFAULT_RCPT_TO;
  for (const [flag, value] of [['--mail-from', mailFrom], ['--rcpt-to', rcptTo]]) {
    if (!ADDRESS.test(value)) throw new UsageError(`${flag} '${value}' is not an email address`);
  }
  return { timeoutMs: Math.round(timeout * 1000), concurrency, mailFrom, rcptTo };
}

export function probeInventory(relays: ProbeResult[]): Inventory {
  return {
    schemaVersion: SCHEMA_VERSION, generatedAt: new Date().toISOString(), tool: { name: 'relay365', version: toolVersion() },
    roots: [], findings: [], senders: [], relays, warnings: [], stats: { filesSeen: 0, filesRead: 0, bytesRead: 0, ms: 0 },
  };
}

export async function probeCommand(options: ProbeCommandOptions): Promise<number> {
  const out = createOutput(Boolean(options.json));
  const settings = probeSettings(options);
  const targets = parseTargets(options.targets);
  if (!targets.length) throw new UsageError('probe needs at least one HOST[:PORT]');
  const results = await probeTargets(targets, {
    ...settings,
    otherPorts: options.otherPorts === false ? [] : undefined,
    onResult: (r, done, total) => out.progress(`probing… ${done}/${total} done (last: ${r.target})`),
  });
  out.endProgress();
  if (options.transcript) {
    for (const r of results) process.stderr.write(`\n# ${r.target}\n${(r.transcript ?? []).join('\n')}\n`);
  }
  if (options.json) process.stdout.write(`${JSON.stringify({ schemaVersion: SCHEMA_VERSION, generatedAt: new Date().toISOString(), relays: results }, null, 2)}\n`);
  else out.info(renderProbeResults(results, out));
  if (options.out) {
    await writeInventory(resolve(options.out), probeInventory(results));
    out.info(`inventory written to ${options.out}`);
  }
  return results.some(probeFailed) ? 1 : 0;
}
