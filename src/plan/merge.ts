// Re-plan into an existing plan.yaml without losing a human edit. A field block relay365 wrote is rewritten only
// while its text still hashes to what relay365 wrote last time; anything else a person touched — a value, a
// comment inside the block, the item header — is theirs and stays byte for byte. New senders are appended;
// vanished ones get `status: vanished` and are never deleted. The yaml package gives the node ranges.
import { isMap } from 'yaml';
import type { Plan, PlanItem, PlanOverride } from './types.js';
import { TARGETS } from './types.js';
import { BOOKKEEPING, blockHash, HEADER, ITEM_FIELDS, fieldValue, renderBookkeeping, renderField, renderItem, renderItemHeader, TOP_FIELDS, renderFileHeader } from './plan-yaml.js';
import { parsePlanText, type ItemText, type PlanText } from './plan-text.js';

export interface MergeReport {
  added: string[];
  vanished: string[];
  updated: string[];
  /** Fields kept as a person left them, per item name. */
  kept: { id: string; name: string; fields: string[] }[];
  warnings: { line: number; message: string }[];
}

export interface ExistingPlan {
  text: PlanText;
  overrides: Record<string, PlanOverride | null>;
  sources: Record<string, string[]>;
  warnings: { line: number; message: string }[];
}

interface Edit { start: number; end: number; lines: string[] }

/** Read an existing plan.yaml for merging: throws InputError (with the line) when it cannot be merged safely. */
export function readExistingPlan(text: string, file: string): ExistingPlan {
  const parsed = parsePlanText(text, file);
  const overrides: Record<string, PlanOverride | null> = {};
  const sources: Record<string, string[]> = {};
  const warnings: ExistingPlan['warnings'] = [];
  for (const item of parsed.items) {
    const value = item.node.get('override');
    const override = isMap(value) ? (value.toJSON() as PlanOverride) : null;
    if (override?.target !== undefined && !TARGETS.includes(override.target)) {
      warnings.push({ line: item.line, message: `item ${item.id}: override.target ${JSON.stringify(override.target)} is not one of ${TARGETS.join(', ')}; ignored (your text is kept)` });
      delete override.target;
    }
    overrides[item.id] = override;
    const src = item.node.toJSON().sources;
    sources[item.id] = Array.isArray(src) ? src.map(String) : [];
  }
  return { text: parsed, overrides, sources, warnings };
}

/** Give new items the id of the old item they continue (same sources), so a changed identity keeps its override. */
export function matchIds(existing: ExistingPlan, plan: Plan): Map<string, string> {
  const remap = new Map<string, string>();
  const oldIds = new Set(existing.text.items.map((i) => i.id));
  const newIds = new Set(plan.items.map((i) => i.id));
  for (const item of plan.items) {
    if (oldIds.has(item.id)) continue;
    const match = existing.text.items.find((old) => !newIds.has(old.id) && ![...remap.values()].includes(old.id) && existing.sources[old.id]?.some((s) => item.sources.includes(s)));
    if (match) remap.set(item.id, match.id);
  }
  return remap;
}

/** The merged plan.yaml text. `plan` must have been made with `existing.overrides` and ids already remapped. */
export function mergePlan(existing: ExistingPlan, plan: Plan): { text: string; report: MergeReport } {
  const { text: pt } = existing;
  const report: MergeReport = { added: [], vanished: [], updated: [], kept: [], warnings: [...existing.warnings] };
  const edits: Edit[] = [];
  const byId = new Map(plan.items.map((i) => [i.id, i]));
  for (const old of pt.items) {
    const item = byId.get(old.id);
    if (item) mergeItem(pt, old, item, edits, report);
    else markVanished(pt, old, edits, report);
  }
  const known = new Set(pt.items.map((i) => i.id));
  const fresh = plan.items.filter((i) => !known.has(i.id));
  if (fresh.length) {
    const lines = fresh.flatMap((item) => ['', ...renderItem(item, pt.dashIndent).lines]);
    if (pt.itemsFlow || !pt.items.length) edits.push({ start: pt.itemsLine, end: pt.itemsLine + 1, lines: ['items:', ...lines.slice(1)] });
    else edits.push({ start: pt.itemsEnd, end: pt.itemsEnd, lines });
    report.added.push(...fresh.map((i) => i.name));
  }
  mergeTop(pt, plan, edits, report);
  const out = applyEdits(pt.lines, edits);
  return { text: `${out.join(pt.eol)}${pt.eol}`, report };
}

function mergeItem(pt: PlanText, old: ItemText, item: PlanItem, edits: Edit[], report: MergeReport): void {
  const stored = old.hashes ?? {};
  const hashes: Record<string, string> = {};
  const kept: string[] = [];
  let changed = false;
  const rendered = renderItem(item, pt.dashIndent);
  const fields: string[] = [HEADER, ...ITEM_FIELDS];
  const insertAt = (old.blocks.get('override') ?? old.blocks.get(BOOKKEEPING))?.start ?? old.end;
  for (const key of fields) {
    const block = old.blocks.get(key);
    const fresh = key === HEADER ? renderItemHeader(item, pt.dashIndent) : renderField(key, fieldValue(item, key as (typeof ITEM_FIELDS)[number]), old.keyIndent);
    if (key === 'id') { hashes.id = rendered.hashes.id; continue; }
    if (!block) {
      if (stored[key]) { hashes[key] = stored[key]; kept.push(`${key} (deleted)`); continue; }
      // A field this version of relay365 writes that the file does not have yet: add it.
      if (key === HEADER) edits.push({ start: old.dashLine, end: old.dashLine, lines: fresh });
      else edits.push({ start: insertAt, end: insertAt, lines: fresh });
      hashes[key] = blockHash(fresh);
      changed = true;
      continue;
    }
    const current = pt.lines.slice(block.start, block.end);
    if (!stored[key] || blockHash(current) !== stored[key]) {
      if (stored[key]) hashes[key] = stored[key];
      kept.push(key === HEADER ? 'comment' : key);
      continue;
    }
    hashes[key] = blockHash(fresh);
    if (blockHash(fresh) !== stored[key]) { edits.push({ start: block.start, end: block.end, lines: fresh }); changed = true; }
  }
  replaceBookkeeping(old, hashes, edits);
  if (kept.length) report.kept.push({ id: old.id, name: item.name, fields: kept });
  if (changed) report.updated.push(item.name);
}

function markVanished(pt: PlanText, old: ItemText, edits: Edit[], report: MergeReport): void {
  const stored = { ...(old.hashes ?? {}) };
  const status = old.blocks.get('status');
  const fresh = renderField('status', 'vanished', old.keyIndent);
  const name = String(old.node.get('name') ?? old.id);
  if (old.node.get('status') === 'vanished') return;
  if (status && stored.status && blockHash(pt.lines.slice(status.start, status.end)) === stored.status) {
    edits.push({ start: status.start, end: status.end, lines: fresh });
  } else if (!status) {
    const after = old.blocks.get('name') ?? old.blocks.get('id')!;
    edits.push({ start: after.end, end: after.end, lines: fresh });
  } else {
    report.kept.push({ id: old.id, name, fields: ['status'] });
    return;
  }
  stored.status = blockHash(fresh);
  if (old.hashes) replaceBookkeeping(old, stored, edits);
  report.vanished.push(name);
}

function replaceBookkeeping(old: ItemText, hashes: Record<string, string>, edits: Edit[]): void {
  const block = old.blocks.get(BOOKKEEPING);
  const lines = renderBookkeeping(hashes, old.keyIndent);
  if (block) edits.push({ start: block.start, end: block.end, lines });
  else edits.push({ start: old.end, end: old.end, lines });
}

function mergeTop(pt: PlanText, plan: Plan, edits: Edit[], report: MergeReport): void {
  const stored = pt.topHashes ?? {};
  const hashes: Record<string, string> = {};
  const kept: string[] = [];
  for (const key of TOP_FIELDS) {
    const block = pt.top.get(key);
    const fresh = key === 'schemaVersion' ? [...renderFileHeader(), ...renderField(key, 1, 0)] : renderField(key, (plan as unknown as Record<string, unknown>)[key], 0);
    if (!block) { if (stored[key]) hashes[key] = stored[key]; continue; }
    if (!stored[key] || blockHash(pt.lines.slice(block.start, block.end)) !== stored[key]) {
      if (stored[key]) hashes[key] = stored[key];
      kept.push(key === 'schemaVersion' ? 'file header' : key);
      continue;
    }
    hashes[key] = blockHash(fresh);
    edits.push({ start: block.start, end: block.end, lines: fresh });
  }
  if (kept.length) report.kept.push({ id: '', name: 'the plan header', fields: kept });
  const at = pt.top.get('generatedAt');
  if (at) edits.push({ start: at.end - 1, end: at.end, lines: renderField('generatedAt', plan.generatedAt, 0) });
  const book = pt.top.get(BOOKKEEPING);
  const lines = renderBookkeeping(hashes, 0);
  if (book) edits.push({ start: book.start, end: book.end, lines });
  else edits.push({ start: pt.lines.length, end: pt.lines.length, lines: ['', ...lines] });
}

/** Apply non-overlapping line edits; insertions at the same line keep their order. */
function applyEdits(lines: string[], edits: Edit[]): string[] {
  const out = [...lines];
  const ordered = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i);
  for (const e of ordered) out.splice(e.start, e.end - e.start, ...e.lines);
  return out;
}

