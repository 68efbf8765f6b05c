// Just enough T-SQL for Database Mail scripts: comments (`--`, `/* */`) marked but kept, string literals (`N'…'`, `''`
// escapes), `EXEC proc @name = value, …` argument lists and `DECLARE`/`SET` of literals. Hand-written: no SQL parser
// is installed and we need commented-out calls and line numbers.

export interface SqlView {
  /** The script with comment markers blanked out (same length, same line breaks). */
  text: string;
  /** 1 where the character sits inside a comment. */
  commented: Uint8Array;
}

export function sqlView(content: string): SqlView {
  const chars = content.split('');
  const commented = new Uint8Array(content.length);
  let i = 0;
  while (i < content.length) {
    const c = content[i];
    if (c === "'") {
      const close = stringEnd(content, i);
      i = close;
      continue;
    }
    if (c === '-' && content[i + 1] === '-') {
      const nl = content.indexOf('\n', i);
      const end = nl === -1 ? content.length : nl;
      chars[i] = chars[i + 1] = ' ';
      commented.fill(1, i, end);
      i = end;
      continue;
    }
    if (c === '/' && content[i + 1] === '*') {
      const close = content.indexOf('*/', i + 2);
      const end = close === -1 ? content.length : close + 2;
      chars[i] = chars[i + 1] = ' ';
      if (close !== -1) chars[close] = chars[close + 1] = ' ';
      commented.fill(1, i, end);
      i = end;
      continue;
    }
    i++;
  }
  return { text: chars.join(''), commented };
}

/** Index just past the quote that closes the string opened at `start` (`''` is an escaped quote). */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] !== "'") continue;
    if (text[i + 1] === "'") { i++; continue; }
    return i + 1;
  }
  return text.length;
}

export interface SqlArg { name: string; value: string; kind: 'string' | 'number' | 'variable' | 'null' | 'sqlcmd' | 'other'; offset: number; valueOffset: number }

/** `@a = N'x', @b = 1, …` from `from`; stops at the first thing that is not an argument (`;`, `GO`, the next statement). */
export function procArgs(text: string, from: number): SqlArg[] {
  const args: SqlArg[] = [];
  const re = /\s*,?\s*@(\w+)\s*=\s*/y;
  let i = from;
  for (let n = 0; n < 100; n++) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) break;
    const valueOffset = m.index + m[0].length;
    const value = argValue(text, valueOffset);
    if (!value) break;
    args.push({ name: m[1].toLowerCase(), offset: m.index + m[0].indexOf('@'), valueOffset, ...value });
    i = valueOffset + value.length;
  }
  return args;
}

function argValue(text: string, at: number): { value: string; kind: SqlArg['kind']; length: number } | null {
  const head = text.slice(at, at + 512);
  if (/^N?'/i.test(head)) {
    const start = at + (head[0] === "'" ? 0 : 1);
    const end = stringEnd(text, start);
    return { value: text.slice(start + 1, end - 1).replace(/''/g, "'"), kind: 'string', length: end - at };
  }
  const m = /^(?:(-?\d+)|(@\w+)|(NULL)\b|(\$\(\w+\))|([\w.]+))/i.exec(head);
  if (!m) return null;
  const kind: SqlArg['kind'] = m[1] ? 'number' : m[2] ? 'variable' : m[3] ? 'null' : m[4] ? 'sqlcmd' : 'other';
  return { value: m[0], kind, length: m[0].length };
}

/** `DECLARE @x nvarchar(128) = N'…'` and `SET @x = N'…'` literals, with the offset where each was set. */
export function sqlVariables(text: string): { name: string; value: string; offset: number }[] {
  const out: { name: string; value: string; offset: number }[] = [];
  const re = /\b(?:DECLARE|SET|SELECT)\s+@(\w+)\s*(?:(?:AS\s+)?\w+(?:\s*\(\s*(?:\d+|max)\s*\))?\s*)?=\s*/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const value = argValue(text, m.index + m[0].length);
    if (value && (value.kind === 'string' || value.kind === 'number')) out.push({ name: m[1].toLowerCase(), value: value.value, offset: m.index });
  }
  return out;
}
