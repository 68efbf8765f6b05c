// Bacula's resource files (bacula-dir.conf, bareos-dir.d/*): `Name { key = value; … }`, `#` comments, values bare or
// "quoted" with backslash escapes. Directive names ignore case and spaces ("Mail Command" = "mailcommand"). Read line
// by line: commented-out lines come back as commented directives of the resource they sit in.

export interface Directive {
  /** Lower case, spaces removed: 'mailcommand', 'operatorcommand', 'mail', 'password'. */
  key: string;
  /** The value, unescaped; `mail = root = all, !skipped` keeps `root = all , !skipped`. */
  value: string;
  line: number;
  commented: boolean;
  /** Which resource it sits in (an index in reading order; 0 outside any). */
  resource: number;
  /** The source line, trimmed (never passed to evidence for a secret's line). */
  text: string;
}

type Token = { kind: 'word' | 'string' | '=' | '{' | '}' | ';'; value: string };

const PUNCT = new Set(['=', '{', '}', ';']);

/** Tokens of one line up to its `#` comment; an unclosed string runs to the end of the line. */
function tokens(body: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '#') break;
    if (PUNCT.has(c)) { out.push({ kind: c as Token['kind'], value: c }); i++; continue; }
    if (c === '"') {
      const pieces: string[] = [];
      let from = ++i;
      for (; i < body.length && body[i] !== '"'; i++) {
        if (body[i] === '\\') { pieces.push(body.slice(from, i)); from = ++i; }
      }
      pieces.push(body.slice(from, Math.min(i, body.length)));
      out.push({ kind: 'string', value: pieces.join('') });
      i++;
      continue;
    }
    let end = i;
    while (end < body.length && !/[\s={};"#]/.test(body[end])) end++;
    out.push({ kind: 'word', value: body.slice(i, end) });
    i = end;
  }
  return out;
}

/** Every directive of the file, live or commented out, with the resource it belongs to. */
export function directives(lines: string[]): Directive[] {
  const found: Directive[] = [];
  const open: number[] = [];
  let resources = 0;
  lines.forEach((raw, index) => {
    const comment = /^\s*#+/.exec(raw);
    const line = tokens(comment ? raw.slice(comment[0].length) : raw);
    let words: string[] = [];
    for (let i = 0; i < line.length; i++) {
      const t = line[i];
      if (t.kind === 'word' || t.kind === 'string') { words.push(t.value); continue; }
      if (t.kind === '{' && !comment) open.push(++resources);
      else if (t.kind === '}' && !comment) open.pop();
      else if (t.kind === '=' && words.length) {
        let end = i + 1;
        while (end < line.length && line[end].kind !== ';' && line[end].kind !== '}') end++;
        const value = line.slice(i + 1, end);
        found.push({
          key: words.join('').toLowerCase(),
          value: value.length === 1 ? value[0].value : value.map((v) => v.value).join(' '),
          line: index + 1, commented: Boolean(comment), resource: open.at(-1) ?? 0, text: raw.trim().slice(0, 300),
        });
        i = end - 1;
      }
      words = [];
    }
  });
  return found;
}
