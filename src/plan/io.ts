// Read plan.yaml for the stages after plan (verify, report): a Plan with each item's human override, the
// bookkeeping stripped. Broken YAML or a wrong shape is an InputError with its line.
import { readFile } from 'node:fs/promises';
import { emptyTenant } from '../m365/tenant.js';
import { InputError } from '../util/errors.js';
import { parsePlanText } from './plan-text.js';
import { BOOKKEEPING } from './plan-yaml.js';
import { TARGETS, type Plan, type PlanItem } from './types.js';

export function parsePlan(text: string, file = 'plan.yaml'): Plan {
  const parsed = parsePlanText(text, file);
  const data = parsed.doc.toJSON() as Record<string, unknown>;
  const items = ((data.items as unknown[]) ?? []).map((raw, index) => {
    const item = { ...(raw as Record<string, unknown>) };
    delete item[BOOKKEEPING];
    const line = parsed.items[index]?.line;
    if (typeof item.target !== 'string' || !TARGETS.includes(item.target as never)) throw new InputError(`item ${String(item.id)}: target ${JSON.stringify(item.target ?? null)} is not one of ${TARGETS.join(', ')}`, file, line);
    return {
      sources: [], alternatives: [], steps: [], risks: [], patch: null, override: null, reason: '', name: String(item.id),
      ...item,
      id: String(item.id),
    } as unknown as PlanItem;
  });
  return {
    schemaVersion: 1,
    generatedAt: String(data.generatedAt ?? ''),
    tenant: { ...emptyTenant(), ...((data.tenant as object) ?? {}) },
    todo: Array.isArray(data.todo) ? data.todo.map(String) : [],
    items,
  };
}

export async function readPlan(path: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read plan (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, path);
  }
  return parsePlan(text, path);
}
