// dotenv files as node-dotenv, phpdotenv and python-dotenv read them: `[export] KEY=value`, quotes, `#` comments,
// multi-line double-quoted values, and `${OTHER}` / `$OTHER` / `${OTHER:-default}` interpolation within the file.
import { splitLines, type Assignment } from '../../values.js';

export interface EnvAssignment extends Assignment {
  quote: '"' | "'" | '`' | '';
  /** The value exactly as written between the quotes, for value locations. */
  raw: string;
}

const LINE = /^\s*(#+\s*)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:=|:\s)\s*(.*)$/;
const NEXT = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=/;
const MAX_MULTILINE = 200;

export function parseDotenv(content: string, unterminated?: (line: number) => void): EnvAssignment[] {
  const lines = splitLines(content);
  const out: EnvAssignment[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = LINE.exec(lines[i]);
    if (!m) continue;
    const start = i;
    const commented = Boolean(m[1]);
    let rest = m[3];
    const quote = (/^["'`]/.exec(rest)?.[0] ?? '') as EnvAssignment['quote'];
    let raw: string;
    if (quote) {
      let close = closingQuote(rest, quote);
      let j = i;
      // A double-quoted value may run over several lines, but never over the next assignment.
      while (close === -1 && quote !== "'" && !commented && j + 1 < lines.length && j - i < MAX_MULTILINE && !NEXT.test(lines[j + 1])) rest += `\n${lines[++j]}`, close = closingQuote(rest, quote);
      if (close === -1) { raw = rest.slice(1).split('\n')[0]; unterminated?.(start + 1); }
      else { raw = rest.slice(1, close); i = j; }
    } else {
      raw = rest.replace(/\s+#.*$/, '').trim();
    }
    const value = quote === '"' ? raw.replace(/\\([nrt"\\$])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c) : raw;
    out.push({ key: m[2], value, raw, quote, line: start + 1, commented, text: lines[start].trim() });
  }
  return out;
}

function closingQuote(text: string, quote: string): number {
  for (let k = 1; k < text.length; k++) {
    if (text[k] === '\\' && quote !== "'") { k++; continue; }
    if (text[k] === quote) return k;
  }
  return -1;
}

export interface Expanded {
  value: string;
  /** `env:NAME from path:line` for every variable filled in from this file. */
  sources: string[];
  /** Variables named but not set in this file. */
  unresolved: string[];
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_.]*)(?::?[-=]([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Fill in `${OTHER}` from the file's own live values (single-quoted values are literal, as in every dotenv reader). */
export function expand(a: EnvAssignment, live: Map<string, EnvAssignment>, path: string, depth = 0): Expanded {
  const result: Expanded = { value: a.value, sources: [], unresolved: [] };
  if (a.quote === "'" || depth > 5 || !a.value.includes('$')) return result;
  result.value = a.value.replace(REFERENCE, (whole, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare!;
    const other = live.get(name);
    if (other && other !== a) {
      const inner = expand(other, live, path, depth + 1);
      result.sources.push(`env:${name} from ${path}:${other.line}`, ...inner.sources);
      result.unresolved.push(...inner.unresolved);
      return inner.value;
    }
    if (fallback !== undefined) return fallback;
    result.unresolved.push(name);
    return whole;
  });
  return result;
}
