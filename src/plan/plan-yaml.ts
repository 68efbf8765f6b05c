// plan.yaml as text for people: a header, a comment per item explaining the choice, one block per field.
// Each field is rendered on its own ("key: value" plus the lines under it) so a re-plan can rewrite exactly
// the fields relay365 wrote and a person left alone; `_generated` records a hash of each block as written.
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { Plan, PlanItem } from './types.js';

/** Item fields relay365 owns, in the order it writes them. `override` belongs to people; `_generated` is bookkeeping. */
export const ITEM_FIELDS = ['id', 'name', 'status', 'sources', 'current', 'target', 'rule', 'reason', 'alternatives', 'settings', 'steps', 'patch', 'risks'] as const;
export const TOP_FIELDS = ['schemaVersion', 'tenant', 'todo'] as const;
export const BOOKKEEPING = '_generated';
export const HEADER = 'header';

export const OVERRIDE_COMMENT = '# yours: set target, settings, skip: true or notes here; every re-plan keeps this block exactly as you leave it';
const BOOKKEEPING_COMMENT = '# relay365 bookkeeping (leave as is): a hash of each block it wrote, so a re-plan can tell your edits from its own';

/** Hash of a block of lines as a person sees them: trailing spaces and blank edges do not count. */
export function blockHash(lines: string[]): string {
  const text = lines.map((l) => l.trimEnd()).join('\n').trim();
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}

/** `key: value` (and the lines under it) at the given indentation. */
export function renderField(key: string, value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (value === null || value === undefined) return [`${pad}${key}:`];
  const text = stringify({ [key]: value }, { lineWidth: 0, indent: 2, aliasDuplicateObjects: false });
  return text.replace(/\n$/, '').split('\n').map((l) => (l ? pad + l : l));
}

export function renderOverride(value: unknown, indent: number): string[] {
  return [`${' '.repeat(indent)}${OVERRIDE_COMMENT}`, ...renderField('override', value, indent)];
}

export function renderBookkeeping(hashes: Record<string, string>, indent: number): string[] {
  // Hashes are quoted: an all-digit or `12e45…` hash would otherwise read back as a number.
  const entries = Object.entries(hashes).map(([k, v]) => `${k}: "${v}"`);
  return [`${' '.repeat(indent)}${BOOKKEEPING_COMMENT}`, `${' '.repeat(indent)}${BOOKKEEPING}: {${entries.join(', ')}}`];
}

/** The comment above an item: what it is, where it goes, and how sure the plan is. */
export function renderItemHeader(item: PlanItem, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const high = item.risks.filter((r) => r.severity === 'high').length;
  const alternatives = item.alternatives.map((a) => a.target).join(', ') || 'none';
  return [
    `${pad}# ── ${item.name} → ${item.target}${item.rule ? ` (rule ${item.rule})` : ''}${item.override?.target && item.override.target !== item.target ? `; your override: ${item.override.target}` : ''}`,
    `${pad}#    ${item.risks.length} risk${item.risks.length === 1 ? '' : 's'}${high ? ` (${high} high)` : ''}; alternatives: ${alternatives}. To choose otherwise, fill in override below.`,
  ];
}

export function fieldValue(item: PlanItem, key: (typeof ITEM_FIELDS)[number]): unknown {
  return (item as unknown as Record<string, unknown>)[key] ?? null;
}

/** One item as lines of a block sequence entry, with the hashes of its blocks. */
export function renderItem(item: PlanItem, dashIndent = 2): { lines: string[]; hashes: Record<string, string> } {
  const keyIndent = dashIndent + 2;
  const hashes: Record<string, string> = {};
  const header = renderItemHeader(item, dashIndent);
  hashes[HEADER] = blockHash(header);
  const lines = [...header];
  ITEM_FIELDS.forEach((key, index) => {
    const block = renderField(key, fieldValue(item, key), keyIndent);
    hashes[key] = blockHash(block);
    if (index === 0) block[0] = `${' '.repeat(dashIndent)}- ${block[0].trimStart()}`;
    lines.push(...block);
  });
  lines.push(...renderOverride(item.override ?? null, keyIndent), ...renderBookkeeping(hashes, keyIndent));
  return { lines, hashes };
}

export function renderFileHeader(): string[] {
  return [
    '# relay365 migration plan: one item per sender (device, app or service) and where it moves in Microsoft 365.',
    '# Each item says why (reason), what else would work (alternatives), the new settings, the steps for Entra,',
    '# Exchange, DNS and the device, the config patch, and the risks. Fields relay365 wrote are rewritten by the',
    '# next `relay365 plan` only while you have not changed them; `override` blocks and your comments are never touched.',
  ];
}

/** A whole plan.yaml. */
export function renderPlan(plan: Plan): string {
  const hashes: Record<string, string> = {};
  const lines: string[] = [];
  const top = (key: (typeof TOP_FIELDS)[number], block: string[]) => { hashes[key] = blockHash(block); lines.push(...block); };
  top('schemaVersion', [...renderFileHeader(), ...renderField('schemaVersion', plan.schemaVersion, 0)]);
  lines.push(...renderField('generatedAt', plan.generatedAt, 0));
  top('tenant', renderField('tenant', plan.tenant, 0));
  top('todo', renderField('todo', plan.todo, 0));
  lines.push(plan.items.length ? 'items:' : 'items: []');
  for (const item of plan.items) lines.push('', ...renderItem(item).lines);
  lines.push('', ...renderBookkeeping(hashes, 0));
  return `${lines.join('\n')}\n`;
}
