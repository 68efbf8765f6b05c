// Where things sit in an existing plan.yaml: the yaml package parses it (with every node's source range), and
// this maps each item and each field to its block of lines, so merge.ts can rewrite a block and leave
// every other byte — human comments, overrides, formatting — exactly as it was.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type YAMLMap } from 'yaml';
import { InputError } from '../util/errors.js';
import { BOOKKEEPING, HEADER } from './plan-yaml.js';

export interface Block { key: string; start: number; end: number }   // 0-based lines, end exclusive

export interface ItemText {
  id: string;
  node: YAMLMap;
  dashLine: number;
  keyIndent: number;
  /** Lines of the item region, header comments included (end exclusive, trailing blanks excluded). */
  start: number;
  end: number;
  blocks: Map<string, Block>;
  hashes: Record<string, string> | null;
  line: number;                        // 1-based, for messages
}

export interface PlanText {
  doc: Document;
  lines: string[];
  eol: string;
  top: Map<string, Block>;
  topHashes: Record<string, string> | null;
  items: ItemText[];
  /** Line of the `items:` key, and the line after the last item (where new items go). */
  itemsLine: number;
  itemsEnd: number;
  itemsFlow: boolean;
  /** Indentation of the `- ` of items (2 unless a person changed it). */
  dashIndent: number;
}

const isComment = (line: string | undefined) => line !== undefined && /^\s*#/.test(line);
const isBlank = (line: string | undefined) => line !== undefined && line.trim() === '';

export function parsePlanText(text: string, file: string): PlanText {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, keepSourceTokens: false, prettyErrors: false });
  const lineOf = (offset: number) => counter.linePos(offset).line - 1;
  const colOf = (offset: number) => counter.linePos(offset).col - 1;
  if (doc.errors.length) {
    const error = doc.errors[0];
    throw new InputError(`not valid YAML (${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}); the file was left untouched`, file, lineOf(error.pos[0]) + 1);
  }
  if (!isMap(doc.contents)) throw new InputError('expected a plan (a mapping with schemaVersion and items); the file was left untouched', file, 1);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const root = doc.contents;
  const schema: unknown = root.toJSON().schemaVersion;
  if (schema !== 1) throw new InputError(`unsupported schemaVersion ${JSON.stringify(schema ?? null)} (expected 1); the file was left untouched`, file, 1);

  const keysOf = (map: YAMLMap) => map.items.map((p) => ({ key: String(isScalar(p.key) ? p.key.value : p.key), line: lineOf((p.key as { range: number[] }).range[0]), last: lastLineOf(p.value, lineOf) }));
  const topKeys = keysOf(root);
  const top = blocksOf(lines, topKeys, 0, lines.length);
  const itemsPair = root.items.find((p) => isScalar(p.key) && p.key.value === 'items');
  if (!itemsPair) throw new InputError('no items: the plan has no list of items; the file was left untouched', file, 1);
  const itemsLine = lineOf((itemsPair.key as { range: number[] }).range[0]);
  const seq = itemsPair.value;
  const items: ItemText[] = [];
  let itemsFlow = false;
  if (seq !== null && !(isScalar(seq) && seq.value === null)) {
    if (!isSeq(seq)) throw new InputError('items must be a list; the file was left untouched', file, itemsLine + 1);
    itemsFlow = Boolean(seq.flow);
    for (const node of seq.items) {
      const at = (node as { range?: number[] }).range?.[0] ?? 0;
      if (!isMap(node) || node.flow) throw new InputError('each item must be a block mapping (key: value lines); the file was left untouched', file, lineOf(at) + 1);
      const id = node.get('id');
      if (typeof id !== 'string' && typeof id !== 'number') throw new InputError('an item has no id; the file was left untouched', file, lineOf(at) + 1);
      items.push(itemText(lines, node, String(id), lineOf, colOf));
    }
  }
  const topBlock = top.get('items')!;
  const itemsEnd = items.length ? items.at(-1)!.end : topBlock.end;
  // Each item ends where the next item's header comments begin.
  for (let i = 0; i < items.length; i++) {
    const limit = i + 1 < items.length ? items[i + 1].start : topBlock.end;
    items[i].end = trimBlank(lines, items[i].dashLine + 1, limit);
    items[i].blocks = blocksOf(lines, keysOf(items[i].node), items[i].dashLine, items[i].end);
    if (items[i].start < items[i].dashLine) items[i].blocks.set(HEADER, { key: HEADER, start: items[i].start, end: items[i].dashLine });
  }
  const dashIndent = items.length ? /^\s*/.exec(lines[items[0].dashLine])![0].length : 2;
  return { doc, lines, eol, top, topHashes: hashesOf(root), items, itemsLine, itemsEnd: items.length ? items.at(-1)!.end : itemsEnd, itemsFlow, dashIndent };
}

function itemText(lines: string[], node: YAMLMap, id: string, lineOf: (offset: number) => number, colOf: (offset: number) => number): ItemText {
  const dashLine = lineOf((node.range ?? [0])[0]);
  let start = dashLine;
  while (start > 0 && isComment(lines[start - 1])) start--;
  const firstKey = (node.items[0]?.key as { range?: number[] } | undefined)?.range?.[0];
  const keyIndent = firstKey === undefined ? 4 : colOf(firstKey);
  return { id, node, dashLine, keyIndent, start, end: dashLine + 1, blocks: new Map(), hashes: hashesOf(node), line: dashLine + 1 };
}

function hashesOf(map: YAMLMap): Record<string, string> | null {
  const value = map.get(BOOKKEEPING);
  if (!isMap(value)) return null;
  const out: Record<string, string> = {};
  for (const pair of value.items) if (isScalar(pair.key) && isScalar(pair.value)) out[String(pair.key.value)] = String(pair.value.value);
  return out;
}

/** Index after the last non-blank line in [from, to). */
function trimBlank(lines: string[], from: number, to: number): number {
  let end = to;
  while (end > from && isBlank(lines[end - 1])) end--;
  return end;
}

/** The last line (0-based) a value node covers, or null for an empty value. */
function lastLineOf(node: unknown, lineOf: (offset: number) => number): number | null {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range || range[1] <= range[0]) return null;
  return lineOf(range[1] - 1);
}

/**
 * Blocks of a mapping's keys: a key owns the comment lines directly above it, its own line and the lines of its
 * value. Lines after the value that are not above the next key (a trailing comment) belong to no block.
 */
export function blocksOf(lines: string[], keys: { key: string; line: number; last?: number | null }[], regionStart: number, regionEnd: number): Map<string, Block> {
  const starts = keys.map((k, i) => {
    let s = k.line;
    const floor = i === 0 ? regionStart : keys[i - 1].line + 1;
    while (s > floor && isComment(lines[s - 1])) s--;
    return i === 0 ? Math.min(s, k.line) : s;
  });
  const blocks = new Map<string, Block>();
  keys.forEach((k, i) => {
    const next = i + 1 < keys.length ? starts[i + 1] : regionEnd;
    const valueEnd = Math.max(k.line, k.last ?? k.line) + 1;
    blocks.set(k.key, { key: k.key, start: starts[i], end: trimBlank(lines, k.line + 1, Math.min(next, valueEnd)) });
  });
  return blocks;
}
