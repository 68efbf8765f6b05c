// Monit's control file is free-form: a statement runs until the next `set`, `check` or `include`. This cuts
// the live and the commented-out text into statements and their tokens (words, "strings", `,`, `{`, `}`).

export interface Token { text: string; value: string; line: number }
export interface Statement { tokens: Token[]; commented: boolean; lines: Map<number, string> }

const STARTS = /^\s*(set|check|include)\b/i;
const WORD = /[^\s,{}#"']+/y;
/** A statement longer than this is not a hand-written setting: the rest is not read (hostile files). */
const MAX_TOKENS = 10_000;

/** Live and commented-out statements (one leading `#`; `##` lines are documentation). A commented line inside
 *  a live statement does not end it; a live or blank-comment line ends a commented one. */
export function statements(lines: string[]): Statement[] {
  const result: Statement[] = [];
  let live: Statement | null = null;
  let commented: Statement | null = null;
  lines.forEach((raw, i) => {
    const isComment = /^\s*#/.test(raw);
    const body = isComment ? raw.replace(/^\s*#/, '') : raw;
    if (isComment && (/^\s*##/.test(raw) || !body.trim())) { commented = null; return; }
    if (!isComment) commented = null;
    if (!body.trim()) return;
    let current = isComment ? commented : live;
    if (STARTS.test(body)) {
      current = { tokens: [], commented: isComment, lines: new Map() };
      result.push(current);
      if (isComment) commented = current; else live = current;
    }
    if (!current) return;
    current.lines.set(i + 1, raw.trim());
    for (const token of tokenize(body, i + 1, MAX_TOKENS - current.tokens.length)) current.tokens.push(token);
  });
  return result;
}

/** Tokens of one line up to a `#` comment (at most `limit`); an unclosed quote runs to the end of the line. */
export function tokenize(text: string, line: number, limit = MAX_TOKENS): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length && tokens.length < limit) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '#') break;
    if (c === ',' || c === '{' || c === '}') { tokens.push({ text: c, value: c, line }); i++; continue; }
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      const end = close === -1 ? text.length : close;
      tokens.push({ text: text.slice(i, end + 1), value: text.slice(i + 1, end), line });
      i = end + 1;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text)![0];
    tokens.push({ text: word, value: word, line });
    i += word.length;
  }
  return tokens;
}
