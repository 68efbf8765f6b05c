// `scan --logs`: read relay logs and merge their senders and totals into a scan's inventory.
import type { Inventory } from '../inventory/types.js';
import type { Output } from '../util/term.js';
import { analyzeLogs } from './analyze.js';
import type { LogReport } from './types.js';

/** Add the senders, totals and warnings of `files` to the inventory; returns the report for the human summary. */
export async function addLogSenders(inventory: Inventory, files: string[], internalDomains: string[], out?: Pick<Output, 'progress' | 'endProgress'>): Promise<LogReport> {
  const report = await analyzeLogs({
    files,
    internalDomains,
    onProgress: out ? (p) => out.progress(`reading ${p.file}… ${p.lines.toLocaleString('en-US')} lines`) : undefined,
  });
  out?.endProgress();
  const known = new Set(inventory.senders.map((s) => s.id));
  inventory.senders.push(...report.senders.filter((s) => !known.has(s.id)));
  inventory.logTotals = report.totals;
  inventory.warnings.push(...report.warnings);
  inventory.stats.filesSeen += report.stats.filesSeen;
  inventory.stats.filesRead += report.stats.filesRead;
  inventory.stats.bytesRead += report.stats.bytesRead;
  return report;
}
