// A target chosen in the wizard becomes the item's `override.target` in plan.yaml — the human-owned block every
// re-plan keeps. Only that block's lines change; everything else in the file stays byte for byte.
import { parsePlanText } from '../plan/plan-text.js';
import { renderOverride } from '../plan/plan-yaml.js';
import type { PlanOverride, Target } from '../plan/types.js';

export interface OverrideChange { target: Target | null; notes?: string }

/** plan.yaml text with each changed item's override block rewritten (target null: the planner's choice again). */
export function applyOverrides(text: string, file: string, changes: ReadonlyMap<string, OverrideChange>): string {
  if (!changes.size) return text;
  const parsed = parsePlanText(text, file);
  const lines = [...parsed.lines];
  const edits: { start: number; end: number; lines: string[] }[] = [];
  for (const item of parsed.items) {
    const change = changes.get(item.id);
    if (!change) continue;
    const current = item.node.get('override');
    const override: PlanOverride = current && typeof current === 'object' && 'toJSON' in current ? { ...(current as { toJSON(): PlanOverride }).toJSON() } : {};
    if (change.target) override.target = change.target;
    else delete override.target;
    if (change.notes) override.notes = change.notes;
    const value = Object.keys(override).length ? override : null;
    const block = item.blocks.get('override');
    const rendered = renderOverride(value, item.keyIndent);
    // the block starts at the comment above `override:`; without one, it goes before the bookkeeping line
    const at = block ?? { start: item.blocks.get('_generated')?.start ?? item.end, end: item.blocks.get('_generated')?.start ?? item.end };
    edits.push({ start: at.start, end: at.end, lines: rendered });
  }
  for (const edit of edits.sort((a, b) => b.start - a.start)) lines.splice(edit.start, edit.end - edit.start, ...edit.lines);
  return `${lines.join(parsed.eol)}${parsed.eol}`;
}
