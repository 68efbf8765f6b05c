// fetchmailrc (fetchmail(1) "THE RUN CONTROL FILE"): free-format words and "strings", `#` comments; `,` `;` `:` and the
// words and/with/has/wants/options are noise. `poll`/`skip`/`server` start a server entry, `defaults` an entry whose
// options every later one inherits, `set` a global option. Inside an entry, each `user`/`username` starts a user
// block with its own options. Commented-out entries (`#poll …` and the `#` lines after it) are read as well.

export interface Token { value: string; text: string; line: number; quoted: boolean }

export interface Block {
  /** The `user` token, or null for options before the first one (and in `defaults`). */
  user: Token | null;
  /** Option keyword → its arguments (one for most, the whole list for smtphost). */
  options: Map<string, Token[]>;
}

export interface Entry {
  kind: 'poll' | 'skip' | 'defaults' | 'set';
  server: Token | null;
  commented: boolean;
  blocks: Block[];
}

const STARTS = new Set(['poll', 'skip', 'server', 'defaults', 'set']);
const NOISE = new Set(['and', 'with', 'has', 'wants', 'options']);
/** fetchmail's keywords (rcfile_l.l): a list argument ends at the next one. */
const KEYWORDS = new Set([...STARTS, 'via', 'aka', 'localdomains', 'interface', 'monitor', 'plugin', 'plugout', 'dns', 'nodns',
  'checkalias', 'nocheckalias', 'uidl', 'nouidl', 'port', 'service', 'interval', 'auth', 'authenticate', 'timeout', 'envelope',
  'qvirtual', 'principal', 'esmtpname', 'esmtppassword', 'tracepolls', 'badheader', 'user', 'username', 'is', 'here', 'there',
  'to', 'pass', 'password', 'ssl', 'sslcert', 'sslcertck', 'sslcertfile', 'sslcertpath', 'sslcommonname', 'sslfingerprint',
  'sslkey', 'sslproto', 'folder', 'smtp', 'smtphost', 'fetchdomains', 'smtpaddress', 'smtpname', 'spambounce', 'antispam',
  'mda', 'bsmtp', 'lmtp', 'pre', 'preconnect', 'post', 'postconnect', 'keep', 'flush', 'limitflush', 'fetchall', 'rewrite',
  'forcecr', 'stripcr', 'pass8bits', 'dropstatus', 'dropdelivered', 'mimedecode', 'idle', 'no', 'limit', 'warnings',
  'batchlimit', 'fetchlimit', 'fetchsizelimit', 'fastuidl', 'expunge', 'properties', 'proto', 'protocol']);
/** Options whose one argument we read. */
const ONE_ARGUMENT = new Set(['pass', 'password', 'esmtpname', 'esmtppassword', 'smtpname', 'smtpaddress', 'mda', 'bsmtp', 'proto', 'protocol']);
const LISTS = new Set(['smtp', 'smtphost']);
/** More words than this in one entry is not a hand-written file (hostile input): the rest is not read. */
const MAX_TOKENS = 20_000;
const WORD = /(?:[^\s,;:#"']|:(?=\S))+/y;

/** Tokens of one line up to a `#` outside quotes; an unclosed string runs to the end of the line. False when
 *  the run is full. */
function tokenize(body: string, line: number, out: Token[]): boolean {
  let i = 0;
  while (i < body.length) {
    if (out.length >= MAX_TOKENS) return false;
    const c = body[i];
    if (c === '#') break;
    // `:` is noise only as punctuation (`defaults:`), so an IPv6 literal stays one word
    if (/[\s,;]/.test(c) || (c === ':' && /^\s?$/.test(body[i + 1] ?? ''))) { i++; continue; }
    if (c === '"' || c === "'") {
      const pieces: string[] = [];
      let from = i + 1;
      let j = from;
      for (; j < body.length && body[j] !== c; j++) if (body[j] === '\\') { pieces.push(body.slice(from, j)); from = ++j; }
      pieces.push(body.slice(from, Math.min(j, body.length)));
      out.push({ value: pieces.join(''), text: body.slice(i, j + 1), line, quoted: true });
      i = j + 1;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(body)![0];
    out.push({ value: word, text: word, line, quoted: false });
    i += word.length;
  }
  return true;
}

/** Runs of tokens: the live file as one, each block of adjacent commented lines as another; the first line not
 *  read in full (hostile input), if any. */
function runs(lines: string[]): { runs: { tokens: Token[]; commented: boolean }[]; truncatedAt: number | null } {
  const live = { tokens: [] as Token[], commented: false };
  const result = [live];
  let truncatedAt: number | null = null;
  let commented: { tokens: Token[]; commented: boolean } | null = null;
  const read = (body: string, line: number, out: Token[]) => { if (!tokenize(body, line, out)) truncatedAt ??= line; };
  lines.forEach((raw, i) => {
    const comment = /^\s*#+/.exec(raw);
    if (!comment) { commented = null; read(raw, i + 1, live.tokens); return; }
    const body = raw.slice(comment[0].length);
    // `#` alone or `##` prose ends a commented entry; only a line that starts with an entry keyword opens one
    if (!body.trim() || comment[0].trim().length > 1) { commented = null; return; }
    const first = /^\s*([a-z]+)/i.exec(body)?.[1].toLowerCase() ?? '';
    if (STARTS.has(first)) { commented = { tokens: [], commented: true }; result.push(commented); }
    if (commented) read(body, i + 1, commented.tokens);
  });
  return { runs: result, truncatedAt };
}

function keywordOf(t: Token): string | null {
  const word = t.quoted ? '' : t.value.toLowerCase();
  return KEYWORDS.has(word) || NOISE.has(word) ? word : null;
}

/** The entries of a fetchmailrc, live and commented out, with their user blocks and options. */
export function entries(lines: string[]): { entries: Entry[]; truncatedAt: number | null } {
  const found: Entry[] = [];
  const { runs: all, truncatedAt } = runs(lines);
  for (const run of all) {
    let entry: Entry | null = null;
    const tokens = run.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const keyword = keywordOf(tokens[i]);
      if (keyword && STARTS.has(keyword)) {
        const kind = keyword === 'server' ? 'poll' : keyword as Entry['kind'];
        const named = kind === 'poll' || kind === 'skip';
        const server = named && tokens[i + 1] && !keywordOf(tokens[i + 1]) ? tokens[i + 1] : null;
        entry = { kind, server, commented: run.commented, blocks: [{ user: null, options: new Map() }] };
        found.push(entry);
        if (server) i++;
        continue;
      }
      if (!entry || !keyword) continue;
      if (keyword === 'user' || keyword === 'username') {
        entry.blocks.push({ user: tokens[i + 1] ?? null, options: new Map() });
        i++;
        continue;
      }
      const block = entry.blocks.at(-1)!;
      if (ONE_ARGUMENT.has(keyword) && tokens[i + 1]) { block.options.set(keyword, [tokens[++i]]); continue; }
      if (LISTS.has(keyword)) {
        const list: Token[] = [];
        while (i + 1 < tokens.length && !keywordOf(tokens[i + 1])) list.push(tokens[++i]);
        block.options.set('smtphost', list);
        continue;
      }
      block.options.set(keyword, []);
    }
  }
  return { entries: found, truncatedAt };
}
