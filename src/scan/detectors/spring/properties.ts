// java.util.Properties text format: `key=value`, `key: value`, `key value`, `#`/`!` comments, `\` continuations,
// backslash escapes. Hand-written because no installed package reads it; commented settings are kept, marked.
import { splitLines, type Assignment } from '../../values.js';

export function parseProperties(content: string): Assignment[] {
  const lines = splitLines(content);
  const out: Assignment[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let logical = lines[i].replace(/^\s+/, '');
    const commented = /^[#!]/.test(logical);
    if (commented) logical = logical.replace(/^[#!]+\s*/, '');
    // An odd number of trailing backslashes continues the line (not for commented lines).
    while (!commented && /(^|[^\\])(\\\\)*\\$/.test(logical) && i + 1 < lines.length && i - start < 200) logical = logical.slice(0, -1) + lines[++i].replace(/^\s+/, '');
    const m = /^((?:\\.|[^\s=:\\])+)\s*[=:\s]\s*(.*)$/.exec(logical);
    if (!m || !/[.\w]/.test(m[1])) continue;
    out.push({ key: unescape(m[1]), value: unescape(m[2]).trim(), line: start + 1, commented, text: lines[start].trim() });
  }
  return out;
}

function unescape(text: string): string {
  return text.replace(/\\u([0-9a-fA-F]{4})|\\(.)/g, (_, hex: string | undefined, c: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[c!] ?? c!));
}
