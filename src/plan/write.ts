// Write plan.yaml: a fresh render the first time, a merge that keeps every human edit after that. The merged
// text is parsed back before it replaces the old file, and the write is atomic: a failure leaves the old file.
import { readFile } from 'node:fs/promises';
import type { Tenant } from '../m365/tenant.js';
import { writeFileAtomic } from '../util/atomic.js';
import type { InventoryInput } from './group.js';
import { parsePlan } from './io.js';
import { matchIds, mergePlan, readExistingPlan, type MergeReport } from './merge.js';
import { renderPlan } from './plan-yaml.js';
import { createPlan, type PlanOptions } from './planner.js';
import type { Plan } from './types.js';

export interface WrittenPlan {
  plan: Plan;
  text: string;
  /** null when the file was new. */
  report: MergeReport | null;
}

/** Plan and merge in memory (no file touched): the text that would be written, and what changed. */
export function planText(inputs: InventoryInput[], tenant: Tenant, existingText: string | null, file: string, options: Omit<PlanOptions, 'overrides'> = {}): WrittenPlan {
  if (existingText === null || existingText.trim() === '') {
    const plan = createPlan(inputs, tenant, options);
    const text = renderPlan(plan);
    return { plan: parsePlan(text, file), text, report: null };
  }
  const existing = readExistingPlan(existingText, file);
  const draft = createPlan(inputs, tenant, options);
  const remap = matchIds(existing, draft);
  const overrides: Record<string, NonNullable<PlanOptions['overrides']>[string]> = {};
  for (const item of draft.items) overrides[item.id] = existing.overrides[remap.get(item.id) ?? item.id] ?? null;
  const plan = createPlan(inputs, tenant, { ...options, overrides });
  for (const item of plan.items) item.id = remap.get(item.id) ?? item.id;
  const { text, report } = mergePlan(existing, plan);
  // The merge must produce a plan that reads back with every old and new item: otherwise nothing is written.
  const merged = parsePlan(text, file);
  const ids = new Set(merged.items.map((i) => i.id));
  const missing = [...existing.text.items.map((i) => i.id), ...plan.items.map((i) => i.id)].filter((id) => !ids.has(id));
  if (missing.length) throw new Error(`internal error: the merged plan lost items ${missing.join(', ')}; ${file} was left untouched`);
  return { plan: merged, text, report };
}

export async function writePlanFile(path: string, inputs: InventoryInput[], tenant: Tenant, options: Omit<PlanOptions, 'overrides'> = {}): Promise<WrittenPlan> {
  let existing: string | null = null;
  try {
    existing = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const result = planText(inputs, tenant, existing, path, options);
  if (result.text !== existing) await writeFileAtomic(path, result.text);
  return result;
}
