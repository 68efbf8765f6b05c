// The PHP that Nextcloud / ownCloud config files are written in: `'key' => value,` items of `$CONFIG = array (…)`
// and `$CONFIG['key'] = value;` statements, with `//`, `#` and `/* */` comments kept as commented entries.
// Hand-written: no PHP parser is installed, and these files are flat arrays of literals and getenv() calls.
import { splitLines } from '../../values.js';

export interface PhpValue {
  kind: 'string' | 'number' | 'bool' | 'null' | 'env' | 'file' | 'other';
  /** The literal; the variable name for 'env'; the path (or `$VAR`) for 'file'. */
  value: string;
  /** `getenv('X') ?: 'd'`: the default beside the reference. */
  fallback: PhpValue | null;
}

export interface PhpEntry { key: string; value: PhpValue; raw: string; line: number; commented: boolean; text: string }

/** One PHP value expression as config files write them; anything computed comes back as 'other'. */
export function phpValue(raw: string): PhpValue {
  const v = valueText(raw);
  const str = /^(['"])((?:\\.|(?!\1)[^\\])*)\1$/.exec(v);
  if (str) return { kind: 'string', value: str[2].replace(/\\(['"\\])/g, '$1'), fallback: null };
  const file = /file_get_contents\(\s*(?:getenv\(\s*['"](\w+)['"]\s*\)|(['"])([^'"]+)\2)\s*\)/.exec(v);
  if (file) return { kind: 'file', value: file[1] ? `$${file[1]}` : file[3], fallback: null };
  const env = /^getenv\(\s*['"](\w+)['"]\s*\)(?:\s*\?:\s*(.+))?$/.exec(v);
  if (env) return { kind: 'env', value: env[1], fallback: env[2] ? phpValue(env[2]) : null };
  if (/^-?\d+$/.test(v)) return { kind: 'number', value: v, fallback: null };
  if (/^(true|false)$/i.test(v)) return { kind: 'bool', value: v.toLowerCase(), fallback: null };
  if (/^null$/i.test(v)) return { kind: 'null', value: '', fallback: null };
  return { kind: 'other', value: v.slice(0, 120), fallback: null };
}

/** The value up to its terminating `,` or `;` (quotes and brackets respected), so trailing comments drop off. */
function valueText(raw: string): string {
  let quote = '';
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote) { if (c === '\\') i++; else if (c === quote) quote = ''; continue; }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if ((c === ',' || c === ';') && depth <= 0) return raw.slice(0, i).trim();
  }
  return raw.trim();
}

const ITEM = /(['"])(mail_\w+)\1\s*=>\s*/g;
const STATEMENT = /^\s*\$CONFIG\s*\[\s*(['"])(mail_\w+)\1\s*\]\s*=\s*(.*)$/;

/** Every `mail_*` entry of the file, live or commented out, in file order. */
export function mailEntries(content: string): PhpEntry[] {
  const entries: PhpEntry[] = [];
  let inBlock = false;
  splitLines(content).forEach((raw, i) => {
    let line = raw;
    let commented = inBlock;
    if (inBlock) {
      const end = line.indexOf('*/');
      if (end >= 0) { inBlock = false; line = line.slice(end + 2); commented = line.trim() === '' || commented; }
    }
    const open = line.indexOf('/*');
    if (!inBlock && open >= 0 && line.indexOf('*/', open) < 0) { inBlock = true; if (line.slice(0, open).trim() === '') { commented = true; line = line.slice(open + 2); } }
    const lead = /^\s*(\/\/+|#+)\s?/.exec(line);
    if (lead) { commented = true; line = line.slice(lead[0].length); }
    const text = raw.trim().slice(0, 200);
    const statement = STATEMENT.exec(line);
    if (statement) { entries.push({ key: statement[2], value: phpValue(statement[3]), raw: statement[3], line: i + 1, commented, text }); return; }
    // Several `'key' => value` items may share a line (`array('mail_smtpmode' => 'smtp', …)`).
    ITEM.lastIndex = 0;
    for (let m = ITEM.exec(line); m; m = ITEM.exec(line)) {
      const rest = line.slice(m.index + m[0].length);
      entries.push({ key: m[2], value: phpValue(rest), raw: rest, line: i + 1, commented, text });
    }
  });
  return entries;
}
