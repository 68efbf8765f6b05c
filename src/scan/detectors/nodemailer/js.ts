// Reading JavaScript/TypeScript object literals and simple values without running them.
import { closingBracket, envReference, splitTopLevel } from '../../values.js';

export type JsValue =
  | { kind: 'literal'; value: string | number | boolean; offset: number }
  | { kind: 'object'; entries: Map<string, JsValue>; offset: number }
  | { kind: 'env'; name: string; fallback: string | null; offset: number }
  | { kind: 'unknown'; raw: string; offset: number };

/** Replace comments with spaces (same length, so offsets still point into the file). */
export function blankComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && !(c !== '`' && text[j] === '\n')) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop - 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop - 1;
    } else out += c;
  }
  return out;
}

/** `const NAME = …` declarations: the value's source text and where it starts. */
export function declarations(code: string): Map<string, { raw: string; offset: number }> {
  const found = new Map<string, { raw: string; offset: number }>();
  const pattern = /\b(?:const|let|var)\s+(\w+)(?:\s*:\s*[\w.<>[\]| ]+)?\s*=\s*/g;
  for (let m = pattern.exec(code); m; m = pattern.exec(code)) {
    const start = m.index + m[0].length;
    const end = code[start] === '{' ? closingBracket(code, start, { limit: 20_000 }) : code.slice(start, start + 2_000).search(/[;\n]/) + start;
    if (end > start) found.set(m[1], { raw: code.slice(start, end), offset: start });
  }
  return found;
}

type Names = Map<string, { raw: string; offset: number }>;

/** The value of an expression: literals, `process.env.X` (with `|| 'default'`), names declared in the file, object literals. */
export function jsValue(raw: string, offset: number, names: Names, depth = 0): JsValue {
  const lead = raw.length - raw.trimStart().length;
  const v = raw.trim().replace(/\s+as\s+[\w.]+$/, '');
  const at = offset + lead;
  if (depth > 8) return { kind: 'unknown', raw: v, offset: at };
  if (v.startsWith('{') && closingBracket(v, 0, { limit: 20_000 }) === v.length) return { kind: 'object', entries: objectEntries(v, at, names, depth), offset: at };
  const str = /^(['"`])((?:\\.|(?!\1)[^\\])*)\1$/s.exec(v);
  if (str && !(str[1] === '`' && str[2].includes('${'))) return { kind: 'literal', value: str[2], offset: at + 1 };
  if (/^-?\d+$/.test(v)) return { kind: 'literal', value: Number(v), offset: at };
  if (v === 'true' || v === 'false') return { kind: 'literal', value: v === 'true', offset: at };
  const env = envReference(v);
  if (env) return { kind: 'env', name: env.name, fallback: env.fallback, offset: at };
  const inner = /process\.env(?:\.(\w+)|\[\s*['"](\w+)['"]\s*\])/.exec(v);
  if (inner) return { kind: 'env', name: inner[1] ?? inner[2], fallback: null, offset: at };
  const name = /^[A-Za-z_$][\w$]*$/.exec(v)?.[0];
  const declared = name ? names.get(name) : undefined;
  if (declared) return jsValue(declared.raw, declared.offset, names, depth + 1);
  return { kind: 'unknown', raw: v, offset: at };
}

function objectEntries(text: string, offset: number, names: Names, depth: number): Map<string, JsValue> {
  const entries = new Map<string, JsValue>();
  const body = text.slice(1, -1);
  let cursor = 0;
  for (const part of splitTopLevel(body)) {
    cursor = body.indexOf(part, cursor);
    const start = offset + 1 + cursor;
    const m = /^(?:['"]?([\w$-]+)['"]?)\s*:\s*([\s\S]*)$/.exec(part);
    if (m) entries.set(m[1], jsValue(m[2], start + part.indexOf(m[2]), names, depth + 1));
    else if (/^[\w$]+$/.test(part)) entries.set(part, jsValue(part, start, names, depth + 1));
    cursor += part.length;
  }
  return entries;
}
