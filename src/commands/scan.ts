// `relay365 scan`: walk, detect, write inventory.json, show a table.
import { resolve } from 'node:path';
import type { Finding, Inventory } from '../inventory/types.js';
import { serializeInventory, writeInventory } from '../inventory/io.js';
import { defaultRoots, scanPaths } from '../scan/scan.js';
import { createOutput, keepEnd, paint, table, type Output } from '../util/term.js';
import { UsageError } from '../util/errors.js';

export interface ScanCommandOptions {
  paths: string[];
  out?: string;
  json?: boolean;
  exclude?: string[];
  includeVendored?: boolean;
  maxFileBytes?: number;
  all?: boolean;
  /** Live relays to probe into inventory.relays (HOST[:PORT]). */
  probe?: string[];
  /** Relay logs whose senders join the inventory (see `relay365 logs`). */
  logs?: string[];
  internalDomain?: string[];
  /** devices.yaml of hand-entered devices, added to inventory.manual. */
  devices?: string;
}

export async function scanCommand(options: ScanCommandOptions): Promise<number> {
  const out = createOutput(Boolean(options.json));
  if (options.maxFileBytes !== undefined && !(options.maxFileBytes > 0)) throw new UsageError('--max-file-bytes must be a positive number');
  const roots = options.paths.length ? options.paths : defaultRoots();
  const relayTargets = options.probe?.length ? (await import('../probe/target.js')).parseTargets(options.probe) : []; // bad targets fail before the walk
  const manual = options.devices ? await (await import('../inventory/manual.js')).readDevices(options.devices) : null; // a bad file fails before the walk too
  const { inventory, secrets } = await scanPaths({
    roots,
    exclude: options.exclude,
    includeVendored: options.includeVendored,
    maxFileBytes: options.maxFileBytes,
    onProgress: (s) => out.progress(`scanning… ${s.filesSeen} files seen, ${s.filesRead} read, ${s.findings} settings found`),
  });
  out.endProgress();
  if (relayTargets.length) {
    const { probeTargets } = await import('../probe/run.js');
    inventory.relays = await probeTargets(relayTargets, { onResult: (_r, done, total) => out.progress(`probing relays… ${done}/${total}`) });
    out.endProgress();
  }
  const logReport = options.logs?.length ? await (await import('../logs/inventory.js')).addLogSenders(inventory, options.logs, options.internalDomain ?? [], out) : null;
  if (manual) inventory.manual = manual;
  if (options.out) await writeInventory(resolve(options.out), inventory, secrets);
  if (options.json) process.stdout.write(serializeInventory(inventory, secrets));
  else out.info(renderScanSummary(inventory, out, Boolean(options.all)));
  if (!options.json && inventory.relays.length) out.info(`\n${(await import('../probe/render.js')).renderProbeResults(inventory.relays, out)}`);
  if (!options.json && logReport) out.info(`\n${(await import('./logs.js')).renderLogReport(logReport, out)}`);
  if (manual && !options.json) out.info(`${manual.length} hand-entered device${manual.length === 1 ? '' : 's'} from ${options.devices} added to the inventory`);
  if (options.out) out.info(`inventory written to ${options.out}`);
  return 0;
}

export function describeAuth(f: Pick<Finding, 'auth'>): string {
  if (f.auth.method === 'none') return 'none';
  const user = f.auth.username ? ` ${f.auth.username}` : '';
  const secret = f.auth.secret === 'present' ? ' (secret in file)' : f.auth.secret === 'external' ? ' (secret elsewhere)' : '';
  return `${f.auth.method}${user}${secret}`;
}

export function renderScanSummary(inventory: Inventory, out: Pick<Output, 'color'>, all: boolean): string {
  const shown = inventory.findings.filter((f) => all || f.active);
  const inactive = inventory.findings.length - inventory.findings.filter((f) => f.active).length;
  const lines: string[] = [];
  if (shown.length) {
    lines.push(table(
      ['system', 'where', 'host:port', 'tls', 'auth', 'from', 'endpoint', ...(all ? ['active'] : [])],
      shown.map((f) => [
        f.system, keepEnd(`${f.path}${f.line ? `:${f.line}` : ''}`, 60), f.host ? `${f.host}${f.port ? `:${f.port}` : ''}` : '-', f.security,
        describeAuth(f), f.from, f.endpointKind, ...(all ? [f.active ? 'yes' : `no (${f.inactiveReason ?? ''})`] : []),
      ]),
      60,
    ));
  } else lines.push('No active SMTP settings found.');
  const { filesSeen, filesRead, ms } = inventory.stats;
  lines.push('');
  lines.push(`${paint(out.color, 'bold', String(inventory.findings.filter((f) => f.active).length))} active settings, ${inactive} inactive (commented, example or placeholder${all ? '' : '; --all shows them'}); ${filesSeen} files seen, ${filesRead} read in ${ms} ms.`);
  if (inventory.warnings.length) {
    lines.push(`${inventory.warnings.length} warnings:`);
    for (const w of inventory.warnings.slice(0, 10)) lines.push(`  ${w.path}${w.line ? `:${w.line}` : ''}: ${w.code}: ${w.message}`);
    if (inventory.warnings.length > 10) lines.push(`  … ${inventory.warnings.length - 10} more in the inventory file`);
  }
  return lines.join('\n');
}
