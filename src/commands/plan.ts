// `relay365 plan`: inventories + tenant.yaml → plan.yaml (merged with human edits) + the Exchange setup script.
import { access, open } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Inventory } from '../inventory/types.js';
import { readInventory } from '../inventory/io.js';
import { emptyTenant, type Tenant } from '../m365/tenant.js';
import type { InventoryInput } from '../plan/group.js';
import type { MergeReport } from '../plan/merge.js';
import { buildSetupScript } from '../plan/script.js';
import { readTenantFile } from '../plan/tenant-file.js';
import { effectiveTarget, type Plan } from '../plan/types.js';
import { writePlanFile } from '../plan/write.js';
import { writeFileAtomic } from '../util/atomic.js';
import { createOutput, paint, table, type Output } from '../util/term.js';

export interface PlanCommandOptions {
  inventory?: string[];
  tenant?: string;
  out?: string;
  script?: string;
  json?: boolean;
}

const MAX_PATCH_BYTES = 2 * 1024 * 1024;

export async function planCommand(options: PlanCommandOptions): Promise<number> {
  const out = createOutput(Boolean(options.json));
  const inventoryFiles = options.inventory?.length ? options.inventory : ['inventory.json'];
  const inputs: InventoryInput[] = [];
  for (const file of inventoryFiles) inputs.push({ inventory: await readInventory(file), file });
  const tenant = await loadTenant(options.tenant, out);
  const files = await readScannedFiles(inputs);
  const planPath = resolve(options.out ?? 'plan.yaml');
  const written = await writePlanFile(planPath, inputs, tenant, { files });
  const scriptPath = resolve(options.script ?? join(dirname(planPath), 'exchange-setup.ps1'));
  await writeFileAtomic(scriptPath, buildSetupScript(written.plan, { planFile: options.out ?? 'plan.yaml' }));
  if (options.json) process.stdout.write(`${JSON.stringify(written.plan, null, 2)}\n`);
  out.info(renderPlanSummary(written.plan, written.report, out));
  out.info(`plan written to ${options.out ?? 'plan.yaml'}; Exchange Online setup script: ${options.script ?? join(dirname(options.out ?? 'plan.yaml'), 'exchange-setup.ps1')}`);
  return 0;
}

async function loadTenant(path: string | undefined, out: Output): Promise<Tenant> {
  let file = path;
  if (!file) {
    try { await access('tenant.yaml'); file = 'tenant.yaml'; } catch { /* no tenant file: every tenant fact becomes a TODO */ }
  }
  if (!file) {
    out.warn('no tenant.yaml: every tenant fact becomes a TODO in the plan (see --tenant)');
    return emptyTenant();
  }
  const { tenant, warnings } = await readTenantFile(file);
  for (const w of warnings) out.warn(`${w.file}:${w.line}: ${w.message}`);
  return tenant;
}

/** The scanned config files still readable here, so patches can be diffs against them (bounded reads). */
async function readScannedFiles(inputs: InventoryInput[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const { inventory, file } of inputs) {
    for (const finding of (inventory as Inventory).findings ?? []) {
      if (!finding?.active || files.has(finding.path)) continue;
      const candidates = [finding.path, ...(file && !isAbsolute(finding.path) ? [join(dirname(file), finding.path)] : [])];
      for (const candidate of candidates) {
        const text = await readBounded(candidate);
        if (text !== null) { files.set(finding.path, text); break; }
      }
    }
  }
  return files;
}

async function readBounded(path: string): Promise<string | null> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_PATCH_BYTES) return null;
      const buffer = Buffer.alloc(size);
      await handle.read(buffer, 0, size, 0);
      const text = buffer.toString('utf8');
      return text.includes('\u0000') ? null : text.replace(/^\uFEFF/, '');
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

export function renderPlanSummary(plan: Plan, report: MergeReport | null, out: Pick<Output, 'color'>): string {
  const lines: string[] = [];
  const rows = plan.items.map((item) => {
    const high = item.risks.filter((r) => r.severity === 'high').length;
    const target = effectiveTarget(item);
    return [
      item.name,
      item.current.host ? `${item.current.host}${item.current.port ? `:${item.current.port}` : ''} (${item.current.auth.method})` : item.current.system,
      `${target}${target !== item.target ? ' (override)' : ''}${item.status === 'vanished' ? ' [vanished]' : ''}`,
      item.reason,
      item.risks.length ? `${item.risks.length}${high ? ` (${high} high)` : ''}` : '-',
    ];
  });
  lines.push(rows.length ? table(['sender', 'current', 'target', 'reason', 'risks'], rows, 60) : 'No senders in the inventories.');
  const counts = new Map<string, number>();
  for (const item of plan.items) counts.set(effectiveTarget(item), (counts.get(effectiveTarget(item)) ?? 0) + 1);
  lines.push('', `${paint(out.color, 'bold', String(plan.items.length))} senders: ${[...counts].map(([t, n]) => `${n} ${t}`).join(', ') || 'none'}.`);
  if (report) {
    if (report.added.length) lines.push(`new: ${report.added.join(', ')}`);
    if (report.vanished.length) lines.push(`vanished (kept, marked status: vanished): ${report.vanished.join(', ')}`);
    for (const k of report.kept) lines.push(`kept your edits in ${k.name}: ${k.fields.join(', ')}`);
    for (const w of report.warnings) lines.push(`warning: line ${w.line}: ${w.message}`);
  }
  if (plan.todo.length) {
    lines.push('', `${plan.todo.length} to do before cutover:`);
    for (const t of plan.todo) lines.push(`  - ${t}`);
  }
  return lines.join('\n');
}
