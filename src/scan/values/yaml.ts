// YAML: every scalar with its key path and line, bounded against hostile nesting; the parser loads on first use.
import { createRequire } from 'node:module';
import type { Node as YamlNode } from 'yaml';
import type { Assignment } from './ini.js';
import { splitLines, unquote } from './text.js';

type YamlModule = typeof import('yaml');

let yamlModule: YamlModule | undefined;

/** The YAML parser, loaded on the first YAML file worth parsing (it costs ~0.1 s of start-up; most scans never need it). */
function yaml(): YamlModule {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule);
}

export interface YamlEntry {
  /** Key path from the document root (`['spring', 'mail', 'host']`); sequence items by index. */
  path: string[];
  value: string | number | boolean | null;
  line: number;
  /** The value as written (quotes stripped), for ValueLocation. */
  text: string;
  /** Which `---` document of the file (0-based). */
  doc: number;
}

export interface FlatYaml {
  entries: YamlEntry[];
  errors: { message: string; line: number | null }[];
  tooDeep: boolean;
}

/** Every scalar of every YAML document with its key path and 1-based line; depth-bounded and never throws. */
export function flattenYaml(content: string, maxDepth = 64): FlatYaml {
  const result: FlatYaml = { entries: [], errors: [], tooDeep: false };
  // The parser recurses per flow level: refuse absurd flow nesting before handing it over.
  if (flowDepth(content) > maxDepth * 4) { result.tooDeep = true; return result; }
  const { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments } = yaml();
  const lineCounter = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(content, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: false });
  } catch (error) {
    result.errors.push({ message: (error as Error).message, line: null });
    return result;
  }
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  const docList = Array.isArray(docs) ? docs : [];
  docList.forEach((doc, index) => {
    for (const e of doc.errors) result.errors.push({ message: e.message.split('\n')[0], line: e.linePos?.[0].line ?? null });
    const stack: [YamlNode | null | undefined, string[]][] = [[doc.contents as YamlNode | null, []]];
    while (stack.length) {
      const [node, path] = stack.pop()!;
      if (!node || isAlias(node)) continue;
      if (path.length > maxDepth) { result.tooDeep = true; continue; }
      if (isScalar(node)) {
        const range = node.range ?? [0, 0];
        const raw = content.slice(range[0], range[1]);
        const value = node.value;
        result.entries.push({
          path, line: lineOf(range[0]), doc: index,
          value: value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value),
          text: /^(['"]).*\1$/s.test(raw) ? raw.slice(1, -1) : raw.split('\n')[0],
        });
      } else if (isMap(node)) {
        for (let i = node.items.length - 1; i >= 0; i--) {
          const pair = node.items[i];
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key ?? '');
          stack.push([pair.value as YamlNode | null, [...path, key]]);
        }
      } else if (isSeq(node)) {
        for (let i = node.items.length - 1; i >= 0; i--) stack.push([node.items[i] as YamlNode | null, [...path, String(i)]]);
      }
    }
  });
  return result;
}

/** Deepest `[`/`{` flow nesting outside quotes: a cheap guard against hostile YAML and JSON. */
function flowDepth(content: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 91 || c === 123) { if (++depth > max) max = depth; } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

/** `# key: value` lines of a YAML file (settings kept as comments), as commented assignments; pair with commentedBlocks(). */
export function commentedYamlLines(content: string): Assignment[] {
  const found: Assignment[] = [];
  splitLines(content).forEach((raw, i) => {
    const m = /^\s*#+\s*(?:-\s*)?([A-Za-z_][\w.-]*)\s*:\s*(.*)$/.exec(raw);
    if (!m || m[2].startsWith('//')) return;
    const comment = m[2].search(/\s#/);
    const value = unquote((comment < 0 ? m[2] : m[2].slice(0, comment)).trim());
    found.push({ key: m[1], value, line: i + 1, commented: true, text: raw.trim().slice(0, 300) });
  });
  return found;
}

/** Compact nested sequences (`- - - - x` on one line) beyond `max`: the YAML parser slows to seconds on these, flattenYaml's flow guard does not see them. */
export function yamlCompactTooDeep(content: string, max = 64): boolean {
  const re = /^[ \t]*-[ \t]+-[ \t]/gm;
  for (let m = re.exec(content); m; m = re.exec(content)) {
    let depth = 0;
    let i = m.index;
    while (i < content.length && depth <= max) {
      while (content[i] === ' ' || content[i] === '\t') i++;
      if (content[i] !== '-' || (content[i + 1] !== ' ' && content[i + 1] !== '\t')) break;
      depth++;
      i += 2;
    }
    if (depth > max) return true;
    re.lastIndex = Math.max(re.lastIndex, i);
  }
  return false;
}

/** flattenYaml that also refuses compact nested sequences deeper than maxDepth (reported as tooDeep). */
export function flattenYamlBounded(content: string, maxDepth = 64): FlatYaml {
  if (yamlCompactTooDeep(content, maxDepth)) return { entries: [], errors: [], tooDeep: true };
  return flattenYaml(content, maxDepth);
}
