// Just enough PHP for configuration code: comments split from code per line, literal values, define()/const,
// simple `$var = 'x';` assignments, getenv()/$_ENV/$_SERVER/env() references. Shared with the wordpress detector.
import { closingBracket, splitLines, splitTopLevel } from '../../values.js';

export interface PhpLine {
  line: number;
  /** The line with comments removed (string contents kept). */
  code: string;
  /** The text of the line's comments (line, hash and block comments), for commented-out settings. */
  comment: string;
}

/** Split PHP source into code and comment text per line; strings are respected, block comments span lines. */
export function phpLines(content: string): PhpLine[] {
  const out: PhpLine[] = [];
  let inBlock = false;
  let quote: string | null = null;
  splitLines(content).forEach((raw, index) => {
    let code = '';
    let comment = '';
    let start = 0;
    let i = 0;
    const n = raw.length;
    while (i < n) {
      if (inBlock) {
        const end = raw.indexOf('*/', i);
        comment += `${raw.slice(i, end === -1 ? n : end)} `;
        if (end === -1) { i = n; start = n; break; }
        inBlock = false;
        i = end + 2;
        start = i;
        continue;
      }
      if (quote) {
        let j = i;
        while (j < n && raw[j] !== quote) j += raw[j] === '\\' ? 2 : 1;
        if (j >= n) break;
        quote = null;
        i = j + 1;
        continue;
      }
      const c = raw[i];
      if (c === '"' || c === "'") { quote = c; i++; continue; }
      if ((c === '/' && raw[i + 1] === '/') || (c === '#' && raw[i + 1] !== '[')) {
        code += raw.slice(start, i);
        comment += raw.slice(i + (c === '#' ? 1 : 2));
        start = n;
        break;
      }
      if (c === '/' && raw[i + 1] === '*') { code += raw.slice(start, i); inBlock = true; i += 2; start = i; continue; }
      i++;
    }
    if (start < n) code += raw.slice(start);
    out.push({ line: index + 1, code, comment });
  });
  return out;
}

export type PhpValue =
  | { kind: 'literal'; value: string; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'const'; name: string }
  | { kind: 'env'; name: string; fallback: string | null }
  | { kind: 'var'; name: string }
  | { kind: 'expr'; text: string };

// getenv('X'), env('X', 'default'), $_ENV['X'], $_SERVER['X'], each optionally `?: 'default'` / `?? 'default'`.
const ENV = /^(?:getenv|env|\$_ENV|\$_SERVER)\s*[([]\s*['"]([A-Za-z_]\w*)['"]\s*(?:,\s*([^)\]]*))?[)\]]\s*(?:(?:\?:|\?\?|\|\|)\s*(.*))?$/;

/** What a PHP expression holds, as far as a configuration reader can tell without running it. */
export function phpValue(expression: string): PhpValue {
  const v = expression.trim();
  if (v.length > 4000) return { kind: 'expr', text: v.slice(0, 120) };
  if (/^'(?:[^'\\]|\\.)*'$/s.test(v)) return literal(v.slice(1, -1).replace(/\\(['\\])/g, '$1'), v.slice(1, -1));
  if (/^"(?:[^"\\]|\\.)*"$/s.test(v)) {
    const body = v.slice(1, -1);
    return /\$/.test(body.replace(/\\\$/g, '')) ? { kind: 'expr', text: v } : literal(body.replace(/\\(["\\$])/g, '$1'), body);
  }
  if (/^-?\d+$/.test(v)) return literal(v, v);
  if (/^(true|false)$/i.test(v)) return { kind: 'bool', value: v.toLowerCase() === 'true' };
  if (/^null$/i.test(v)) return literal('', '');
  const env = ENV.exec(v);
  if (env) return { kind: 'env', name: env[1], fallback: fallbackOf(env[2] ?? env[3]) };
  const constant = /^constant\(\s*['"]([\w\\:]+)['"]\s*\)$/.exec(v)?.[1] ?? (/^\\?[A-Za-z_][\w\\]*(?:::[A-Za-z_]\w*)?$/.test(v) ? v : null);
  if (constant) return { kind: 'const', name: constant.replace(/^\\/, '') };
  if (/^\$[A-Za-z_]\w*$/.test(v)) return { kind: 'var', name: v };
  return { kind: 'expr', text: v.slice(0, 120) };
}

function literal(value: string, text: string): PhpValue {
  return { kind: 'literal', value, text };
}

function fallbackOf(raw: string | undefined): string | null {
  if (!raw) return null;
  const value = phpValue(raw);
  return value.kind === 'literal' ? value.value : null;
}

export interface Definition { value: PhpValue; line: number; text: string; commented: boolean }

/** `define('NAME', value);`, `const NAME = value;` and plain `$name = value;` assignments, live and commented. */
export function phpDefinitions(lines: PhpLine[]): { constants: Map<string, Definition[]>; variables: Map<string, Definition> } {
  const constants = new Map<string, Definition[]>();
  const variables = new Map<string, Definition>();
  for (const { line, code, comment } of lines) {
    for (const [text, commented] of [[code, false], [comment, true]] as const) {
      if (!text.includes('define') && !text.includes('const') && !text.includes('$')) continue;
      for (const m of text.matchAll(/\bdefine\s*\(/g)) {
        const open = m.index! + m[0].length - 1;
        const close = closingBracket(text, open, { limit: 4000 });
        const end = close === -1 ? Math.min(text.length, open + 4000) : close;
        const args = splitTopLevel(text.slice(open + 1, close === -1 ? end : close - 1));
        const name = /^(['"])([A-Za-z_]\w*)\1$/.exec(args[0] ?? '');
        if (name) add(constants, name[2], { value: phpValue(args[1] ?? ''), line, text: shown(text.slice(m.index, end)), commented });
      }
      for (const m of text.matchAll(/\bconst\s+([A-Za-z_]\w*)\s*=/g)) {
        const value = statement(text, m.index! + m[0].length);
        add(constants, m[1], { value: phpValue(value), line, text: shown(m[0] + value), commented });
      }
      const assignment = !commented ? /^\s*(\$[A-Za-z_]\w*)\s*=(?!=)/.exec(text) : null;
      if (assignment) {
        const value = statement(text, assignment[0].length);
        variables.set(assignment[1], { value: phpValue(value), line, text: shown(assignment[0] + value), commented });
      }
    }
  }
  return { constants, variables };
}

// Configuration statements are short; a bound keeps a file of thousands of statements on one line linear.
const MAX_STATEMENT = 1000;

/** A statement as evidence: only its own text, never the rest of its line (which may hold a password). */
export function shown(statementText: string): string {
  return statementText.trim().slice(0, 300);
}

/** The expression from `start` to the first `;` outside strings and brackets. */
export function statement(text: string, start: number): string {
  return splitTopLevel(text.slice(start, start + MAX_STATEMENT), ';')[0] ?? '';
}

function add(map: Map<string, Definition[]>, name: string, definition: Definition): void {
  const list = map.get(name) ?? [];
  list.push(definition);
  map.set(name, list);
}

/** A value with constants and variables replaced by what this file defines for them (one level). */
export function resolvePhp(value: PhpValue, defs: ReturnType<typeof phpDefinitions>): { value: PhpValue; via: string | null } {
  if (value.kind === 'const') {
    const live = defs.constants.get(value.name)?.filter((d) => !d.commented).at(0);
    return live ? { value: live.value, via: `const:${value.name}` } : { value, via: null };
  }
  if (value.kind === 'var') {
    const def = defs.variables.get(value.name);
    return def ? { value: def.value, via: `var:${value.name}` } : { value, via: null };
  }
  return { value, via: null };
}

/** The first argument of a call's argument text (`'a@b.com', 'Name'` → `'a@b.com'`). */
export function firstArgument(args: string): string {
  return splitTopLevel(args)[0] ?? '';
}

