// Small parsers shared by detectors: host:port, SMTP URLs, booleans, placeholders, environment references.
import type { Security } from '../inventory/types.js';
import { createRequire } from 'node:module';
import type { Node as YamlNode } from 'yaml';

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
/** The YAML parser, loaded on the first YAML file worth parsing (it costs ~0.1 s of start-up; most scans never need it). */
function yaml(): YamlModule {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule);
}

const PLACEHOLDER_WORDS = new Set([
  '', 'null', 'nil', 'none', 'undefined', 'changeme', 'change_me', 'change-me', 'xxx', 'xxxx', 'todo', 'tbd', 'fixme',
  'your-smtp-server', 'your.smtp.server', 'smtp.yourdomain.com', 'smtp.your-domain.com', 'yourserver', 'your_smtp_host',
  'mail.yourdomain.com', 'smtp.server.com', 'hostname', 'host', 'smtp_host', 'smtp-host', 'server', 'your-server',
]);

/** Empty, `${VAR}`, `%VAR%`, `<host>`, `changeme`, `null`, `your-…` and the like: a value nobody filled in. */
export function isPlaceholder(raw: string | null | undefined): boolean {
  if (raw === null || raw === undefined) return true;
  const v = unquote(raw.trim()).toLowerCase();
  if (PLACEHOLDER_WORDS.has(v)) return true;
  if (/^\$\{[^}]*\}$|^\$[A-Z_][A-Z0-9_]*$|^%[\w.()-]+%$|^\{\{.*\}\}$|^<[^>]*>$|^\[[A-Z_ ]+\]$/i.test(v)) return true;
  if (/(^|[.\-_\s])your([.\-_\s]|domain|server|host|company|smtp|mail|relay|org)/.test(v)) return true;
  if (/^(enter|insert|replace|put)[-_\s]/.test(v)) return true;
  if (/^x{3,}$|^\*{3,}$|^\.{3}$/.test(v)) return true;
  return false;
}

export function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && ((v[0] === '"' && v.at(-1) === '"') || (v[0] === "'" && v.at(-1) === "'") || (v[0] === '`' && v.at(-1) === '`'))) return v.slice(1, -1);
  return v;
}

export function parseBool(value: string | null | undefined): boolean | null {
  if (value === null || value === undefined) return null;
  const v = unquote(value).trim().toLowerCase();
  if (['1', 'true', 'yes', 'on', 'y', 't', 'enabled', 'enable'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', 'n', 'f', 'disabled', 'disable', ''].includes(v)) return false;
  return null;
}

export function parsePort(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number.parseInt(unquote(String(value)), 10);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : null;
}

/** `host`, `host:port`, `[host]:port`, `[2001:db8::1]:587`, `host port`. Brackets kept out of the host. */
export function parseHostPort(raw: string): { host: string; port: number | null } {
  const v = unquote(raw.trim());
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(v);
  if (bracket) return { host: bracket[1], port: parsePort(bracket[2]) };
  const spaced = /^(\S+)\s+(\d+)$/.exec(v);
  if (spaced) return { host: spaced[1], port: parsePort(spaced[2]) };
  const colons = v.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = v.split(':');
    return { host, port: parsePort(port) };
  }
  return { host: v, port: null };
}

/** TLS mode implied by the port alone (config-formats.md §0 rule 1): 465 implicit, anything else unknown. */
export function securityFromPort(port: number | null): Security {
  return port === 465 ? 'tls' : 'unknown';
}

export interface SmtpUrl {
  scheme: string;
  host: string;
  port: number | null;
  username: string | null;
  password: string | null;
  security: Security;
  params: Record<string, string>;
}

/** smtp://user:pass@host:port, smtps://…, smtp+tls://…, submission://…, Symfony DSNs (`?encryption=tls`). */
export function parseSmtpUrl(raw: string): SmtpUrl | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?(\[[^\]]+\]|[^:/?#\s]*)(?::(\d+))?[^?#\s]*(?:\?([^#\s]*))?/i.exec(unquote(raw.trim()));
  if (!m) return null;
  const scheme = m[1].toLowerCase();
  if (!/^(smtp|smtps|submission|submissions|smtp\+tls|smtp\+starttls|smtp\+ssl|esmtp|esmtps|sendmail|native|null|ses\+smtp|sendgrid\+smtp|mailgun\+smtp|postmark\+smtp|mailjet\+smtp|brevo\+smtp|sendinblue\+smtp|azure\+api|microsoft\+graph|lmtp|tls|ssl)$/.test(scheme)) return null;
  const params: Record<string, string> = {};
  for (const pair of (m[6] ?? '').split('&')) {
    if (!pair) continue;
    const [k, v = ''] = pair.split('=');
    params[safeDecode(k).toLowerCase()] = safeDecode(v);
  }
  const port = parsePort(m[5]);
  const enc = (params.encryption ?? params.tls ?? params.ssl ?? '').toLowerCase();
  let security: Security = 'unknown';
  if (/s$|\+ssl$|^ssl$/.test(scheme) || enc === 'ssl' || port === 465) security = 'tls';
  else if (/\+tls$|\+starttls$/.test(scheme) || ['tls', 'yes', 'true', 'starttls', 'required'].includes(enc) || params.auto_tls === 'true') security = 'starttls';
  else if (params.auto_tls === 'false' || enc === 'none' || enc === 'no') security = 'none';
  const host = m[4].replace(/^\[|\]$/g, '');
  return {
    scheme, host, port,
    username: m[2] ? safeDecode(m[2]) : null,
    password: m[3] !== undefined && m[3] !== '' ? safeDecode(m[3]) : null,
    security, params,
  };
}

function safeDecode(value: string): string {
  try { return decodeURIComponent(value); } catch { return value; }
}

/** The variable named by an environment indirection: `${SMTP_HOST}`, `${X:-d}`, `%env(X)%`, `env('X')`, `getenv("X")`, `os.environ['X']`, `process.env.X`, `ENV['X']`. */
export function envReference(raw: string): { name: string; fallback: string | null } | null {
  const v = unquote(raw.trim());
  const patterns: RegExp[] = [
    /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-=]([^}]*))?\}$/,
    /^\$([A-Za-z_][A-Za-z0-9_]*)$/,
    /^%env\((?:[a-z]+:)*([A-Za-z_][A-Za-z0-9_]*)\)%$/,
    /^(?:env|getenv|os\.getenv|Env\.get)\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*(?:,\s*(?:['"]([^'"]*)['"]|[^)]*))?\)$/,
    /^os\.environ(?:\.get)?[[(]\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*(?:,\s*['"]([^'"]*)['"])?\s*[\])]$/,
    /^process\.env\.([A-Za-z_][A-Za-z0-9_]*)(?:\s*(?:\|\||\?\?)\s*['"]([^'"]*)['"])?$/,
    /^process\.env\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\](?:\s*(?:\|\||\?\?)\s*['"]([^'"]*)['"])?$/,
    /^ENV(?:\.fetch\(\s*|\[\s*)['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*(?:,\s*['"]([^'"]*)['"])?\s*[\])]$/,
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(v);
    if (m) return { name: m[1], fallback: m[2] ?? null };
  }
  return null;
}

/** Split text into lines (LF or CRLF), keeping 1-based numbering for callers. */
export function splitLines(content: string): string[] {
  return content.split(/\r?\n|\r/);
}

/** 1-based line number of a character offset. */
export function lineAt(content: string, offset: number): number {
  let line = 1;
  for (let i = content.indexOf('\n'); i !== -1 && i < offset; i = content.indexOf('\n', i + 1)) line++;
  return line;
}

/** Walk a parsed JSON/YAML value iteratively with a depth bound (hostile files nest 20,000 deep). */
export function walkTree(root: unknown, visit: (key: string, value: unknown, parents: string[]) => void, maxDepth = 64): boolean {
  const stack: [unknown, string[]][] = [[root, []]];
  let truncated = false;
  while (stack.length) {
    const [node, parents] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (parents.length >= maxDepth) { truncated = true; continue; }
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      visit(key, value, parents);
      if (value !== null && typeof value === 'object') stack.push([value, [...parents, key]]);
    }
  }
  return !truncated;
}

/** An e-mail address inside a value such as `"Ops" <ops@contoso.com>`. */
export function emailIn(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const m = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/.exec(raw);
  return m ? m[0] : null;
}

/** The index just past the bracket that closes the one at `open` (quotes and comments skipped), or -1 within `limit` chars. */
export function closingBracket(text: string, open: number, options: { hashComments?: boolean; slashComments?: boolean; limit?: number } = {}): number {
  const end = Math.min(text.length, open + (options.limit ?? 20_000));
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(text, i, end);
      continue;
    }
    if ((options.hashComments && c === '#') || (options.slashComments && c === '/' && text[i + 1] === '/')) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? end : nl;
      continue;
    }
    if (options.slashComments && c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? end : close + 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Index of the quote that closes the string opened at `start` (backslash escapes honoured). */
function skipString(text: string, start: number, end: number): number {
  const quote = text[start];
  for (let i = start + 1; i < end; i++) {
    if (text[i] === '\\') { i++; continue; }
    if (text[i] === quote) return i;
    if (text[i] === '\n' && quote !== '`') return i;
  }
  return end;
}

/** Split an argument list or object body on top-level commas (brackets and quotes respected). */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') i = skipString(text, i, text.length);
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === separator && depth === 0) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p, i, all) => p !== '' || i < all.length - 1);
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

/** One `key = value` as read from a flat config format (dotenv, Python settings, .properties), commented or not. */
export interface Assignment {
  key: string;
  value: string;
  line: number;
  commented: boolean;
  /** The source line, for evidence (callers never pass a secret's line). */
  text: string;
}

/** The live value of each key: the last uncommented assignment wins. */
export function liveSettings(assignments: Assignment[]): Map<string, Assignment> {
  const live = new Map<string, Assignment>();
  for (const a of assignments) if (!a.commented) live.set(a.key, a);
  return live;
}

/** Commented-out alternatives: each run of adjacent commented assignments that names a host, as its own key → assignment map. */
export function commentedBlocks(assignments: Assignment[], isHost: (key: string) => boolean): Map<string, Assignment>[] {
  const blocks: Map<string, Assignment>[] = [];
  let run: Assignment[] = [];
  const flush = () => {
    let block = new Map<string, Assignment>();
    for (const a of run) {
      if (isHost(a.key) && [...block.keys()].some(isHost)) { blocks.push(block); block = new Map(); }
      block.set(a.key, a);
    }
    if ([...block.keys()].some(isHost)) blocks.push(block);
    run = [];
  };
  for (const a of [...assignments].sort((x, y) => x.line - y.line)) {
    if (!a.commented || (run.length && a.line - run[run.length - 1].line > 2)) flush();
    if (a.commented) run.push(a);
  }
  flush();
  return blocks;
}

/** The folder of a path with a trailing '/', separators normalised to '/' (for pairing files that sit together). */
export function dirName(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.slice(0, p.lastIndexOf('/') + 1);
}

/** An attribute of an XML tag, value entity-decoded. */
export interface XmlAttr { name: string; value: string; line: number }

/** One tag or text run of an XML file; `commented` when it sits inside `<!-- -->`. */
export interface XmlToken {
  kind: 'open' | 'close' | 'text';
  /** Element name as written; '' for text. */
  name: string;
  attrs: XmlAttr[];
  selfClosing: boolean;
  line: number;
  /** Text runs: the decoded, trimmed text. Tags: the tag as written. */
  text: string;
  commented: boolean;
}

/** 1-based line of an offset, by binary search over line starts (offsets may come in any order). */
export function lineIndex(content: string): (offset: number) => number {
  const starts = [0];
  for (let i = content.indexOf('\n'); i !== -1; i = content.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  };
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,4});/gi, (whole, name: string) => {
    if (name[0] !== '#') return XML_ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Tolerant XML tokenizer: tags, attributes and text with line numbers, comments re-read as `commented` tokens.
 * Hand-written because config files are often truncated or broken and we need lines and commented-out settings,
 * which no installed dependency offers. `complete` is false when the input ended inside a tag or comment.
 */
export function xmlTokens(content: string, maxTokens = 500_000): { tokens: XmlToken[]; complete: boolean } {
  const tokens: XmlToken[] = [];
  const lineOf = lineIndex(content);
  const scan = (from: number, end: number, commented: boolean): boolean => {
    let i = from;
    while (i < end) {
      if (tokens.length >= maxTokens) return false;
      let lt = content.indexOf('<', i);
      if (lt === -1 || lt >= end) lt = end;
      const text = content.slice(i, lt).trim();
      if (text) tokens.push({ kind: 'text', name: '', attrs: [], selfClosing: false, line: lineOf(i + content.slice(i, lt).search(/\S/)), text: decodeXmlEntities(text), commented });
      if (lt >= end) return true;
      if (content.startsWith('<!--', lt)) {
        const close = content.indexOf('-->', lt + 4);
        if (!commented) scan(lt + 4, close === -1 || close > end ? end : close, true);
        if (close === -1 || close >= end) return false;
        i = close + 3;
        continue;
      }
      if (content.startsWith('<![CDATA[', lt)) {
        const close = content.indexOf(']]>', lt + 9);
        const body = content.slice(lt + 9, close === -1 ? end : Math.min(close, end)).trim();
        if (body) tokens.push({ kind: 'text', name: '', attrs: [], selfClosing: false, line: lineOf(lt), text: body, commented });
        if (close === -1 || close >= end) return false;
        i = close + 3;
        continue;
      }
      let j = lt + 1;
      let quote = '';
      for (; j < end; j++) {
        const c = content[j];
        if (quote) { if (c === quote) quote = ''; } else if (c === '"' || c === "'") quote = c;
        else if (c === '>' || c === '<') break;
      }
      if (j >= end) return false;
      if (content[j] === '<') { i = j; continue; }
      const body = content.slice(lt + 1, j);
      i = j + 1;
      if (body[0] === '?' || body[0] === '!') continue;
      const name = /^\/?\s*([A-Za-z_][\w:.-]*)/.exec(body);
      if (!name) continue;
      const attrs: XmlAttr[] = [];
      if (body[0] !== '/') {
        const re = /([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
        for (let m = re.exec(body); m; m = re.exec(body)) attrs.push({ name: m[1], value: decodeXmlEntities(m[2] ?? m[3] ?? ''), line: lineOf(lt + 1 + m.index) });
      }
      tokens.push({ kind: body[0] === '/' ? 'close' : 'open', name: name[1], attrs, selfClosing: /\/\s*$/.test(body), line: lineOf(lt), text: `<${body}>`, commented });
    }
    return true;
  };
  const complete = scan(0, content.length, false);
  return { tokens, complete };
}

/** The value of an attribute, matched case-insensitively (XML config readers such as System.Configuration ignore case in places). */
export function xmlAttr(token: Pick<XmlToken, 'attrs'>, name: string): XmlAttr | undefined {
  const lower = name.toLowerCase();
  return token.attrs.find((a) => a.name.toLowerCase() === lower);
}

/** The local name of an element or attribute (`xsi:type` → `type`), lower-cased. */
export function localName(name: string): string {
  return name.slice(name.lastIndexOf(':') + 1).toLowerCase();
}

export interface JsonScalar {
  /** Key path from the root; array items by index. */
  path: string[];
  value: string | number | boolean | null;
  line: number;
  /** The value as written, quotes stripped (for ValueLocation). */
  text: string;
}

/**
 * Every scalar of a JSON file with its key path and line, read tolerantly: `//` and `/* *\/` comments, trailing
 * commas and truncation (appsettings.json allows the first two; JSON.parse allows none and gives no lines).
 * Nesting beyond maxDepth is walked but not reported. Never throws.
 */
export function jsonScalars(content: string, maxDepth = 64): { scalars: JsonScalar[]; error: { line: number; message: string } | null } {
  const scalars: JsonScalar[] = [];
  const lineOf = lineIndex(content);
  let error: { line: number; message: string } | null = null;
  const fail = (at: number, message: string) => { if (!error) error = { line: lineOf(at), message }; };
  // Each frame: its key in the parent, whether it is an array, the next array index, a pending object key.
  const stack: { key: string; array: boolean; index: number; pending: string | null }[] = [];
  const path = () => stack.slice(1).map((f) => f.key);
  const emit = (value: JsonScalar['value'], text: string, at: number) => {
    const top = stack.at(-1);
    if (!top) { fail(at, 'value outside any object'); return; }
    const key = top.array ? String(top.index++) : top.pending;
    if (!top.array) top.pending = null;
    if (key === null) { fail(at, 'value without a key'); return; }
    if (stack.length <= maxDepth) scalars.push({ path: [...path(), key], value, line: lineOf(at), text });
  };
  const n = content.length;
  let i = 0;
  while (i < n) {
    const c = content[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',' || c === ':' || c === '\uFEFF') { i++; continue; }
    if (c === '/' && content[i + 1] === '/') { const nl = content.indexOf('\n', i); i = nl === -1 ? n : nl; continue; }
    if (c === '/' && content[i + 1] === '*') { const close = content.indexOf('*/', i + 2); if (close === -1) { fail(i, 'unterminated comment'); break; } i = close + 2; continue; }
    if (c === '{' || c === '[') {
      const top = stack.at(-1);
      let key = '';
      if (top) { key = top.array ? String(top.index++) : top.pending ?? ''; if (!top.array) top.pending = null; }
      stack.push({ key, array: c === '[', index: 0, pending: null });
      i++;
      continue;
    }
    if (c === '}' || c === ']') { if (!stack.length) { fail(i, `unexpected ${c}`); } else stack.pop(); i++; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < n && content[j] !== '"' && content[j] !== '\n') j += content[j] === '\\' ? 2 : 1;
      if (j >= n || content[j] !== '"') { fail(i, 'unterminated string'); i = j; continue; }
      const raw = content.slice(i, j + 1);
      let value: string;
      try { value = JSON.parse(raw) as string; } catch { value = raw.slice(1, -1); }
      const top = stack.at(-1);
      let k = j + 1;
      while (k < n && (content[k] === ' ' || content[k] === '\t' || content[k] === '\r' || content[k] === '\n')) k++;
      if (top && !top.array && top.pending === null && content[k] === ':') top.pending = value;
      else emit(value, value, i);
      i = j + 1;
      continue;
    }
    const word = /^[^\s,:[\]{}"/]+/.exec(content.slice(i, i + 256));
    if (!word) { fail(i, `unexpected ${c}`); i++; continue; }
    const w = word[0];
    const value = w === 'true' ? true : w === 'false' ? false : w === 'null' ? null : Number.isFinite(Number(w)) ? Number(w) : w;
    emit(value, w, i);
    i += w.length;
  }
  if (stack.length && !error) fail(n, 'truncated: unclosed object or array');
  return { scalars, error };
}

export type MailKey = 'host' | 'port' | 'security' | 'username' | 'password' | 'from' | 'auth';

const MAIL_KEY_REST: Record<string, MailKey> = {
  server: 'host', host: 'host', hostname: 'host', servername: 'host', serveraddress: 'host', serverhost: 'host', relay: 'host', smarthost: 'host', address: 'host',
  port: 'port', serverport: 'port',
  enablessl: 'security', usessl: 'security', ssl: 'security', sslenabled: 'security', enabletls: 'security', usetls: 'security', tls: 'security',
  tlsenabled: 'security', usestarttls: 'security', starttls: 'security', enablestarttls: 'security', securesocketoptions: 'security',
  securesocketoption: 'security', connectionsecurity: 'security', security: 'security', encryption: 'security', secure: 'security', requiressl: 'security',
  user: 'username', username: 'username', userid: 'username', login: 'username', loginname: 'username', account: 'username', accountname: 'username',
  password: 'password', pass: 'password', passwd: 'password', pwd: 'password', userpassword: 'password', accountpassword: 'password',
  from: 'from', fromaddress: 'from', fromemail: 'from', fromemailaddress: 'from', frommail: 'from', sender: 'from', senderaddress: 'from',
  senderemail: 'from', senderemailaddress: 'from', defaultfrom: 'from', defaultsender: 'from', emailaddress: 'from', mailaddress: 'from',
  authentication: 'auth', authmethod: 'auth', authtype: 'auth', auth: 'auth', usedefaultcredentials: 'auth', defaultcredentials: 'auth',
};

/**
 * What a mail setting's name holds, across naming styles (SmtpServer, smtp_host, MAIL_PORT, smtpUserName, EnableSsl, FromAddress).
 * `specific` when the name itself says SMTP or mail; a bare `Host` or `Port` only counts inside a mail section.
 */
export function mailKeyKind(name: string): { kind: MailKey; specific: boolean } | null {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (key === 'smtp') return { kind: 'host', specific: true };
  const prefix = /^(?:(?:mailer|e?mail|smtp|outgoing|outbound|notifications?|alerts?)(?=.))*/.exec(key)![0];
  const rest = key.slice(prefix.length);
  let kind = MAIL_KEY_REST[rest];
  if (!kind) return null;
  // `EmailAddress` names a mailbox, `SmtpAddress` a server.
  if (rest === 'address' && /mail$/.test(prefix)) kind = 'from';
  if (rest === 'emailaddress' || rest === 'mailaddress') return { kind: 'from', specific: prefix !== '' };
  return { kind, specific: prefix !== '' };
}

/** Where a value written as a reference lives (`${X}`, `%X%`, `$env:X`, `#{X}`, `__X__`), or null for a literal value. */
export function valueReference(raw: string): string | null {
  const v = unquote(raw.trim());
  const env = envReference(v) ?? (/^\$env:([A-Za-z_]\w*)$/i.exec(v) ? { name: v.slice(5) } : null);
  if (env) return `env:${env.name}`;
  const percent = /^%([A-Za-z_][\w.]*)%$/.exec(v);
  if (percent) return `env:${percent[1]}`;
  // Release-pipeline tokens replaced at deploy time (Octopus `#{X}`, Azure DevOps `#{X}#`, `__X__`).
  const token = /^#\{([\w.:-]+)\}#?$|^__([\w.-]+)__$/.exec(v);
  if (token) return `deploy-variable:${token[1] ?? token[2]}`;
  return null;
}

/** A secret value that is really documentation (`password`, `<secret>`, `changeme`): registering it would scrub that word from every output. */
export function isSecretPlaceholder(value: string | null | undefined): boolean {
  if (isPlaceholder(value)) return true;
  const v = unquote(value!.trim());
  return /^(my[-_ ]?)?(pass(word|wd|phrase)?|pwd|secret|s3cret|app[-_ ]?password|api[-_ ]?key|apikey|token|login|user(name)?)$/i.test(v) || /[-_ ]here$/i.test(v);
}

/** Words of a line by POSIX shell quoting ('…', "…", backslash escapes); an unclosed quote runs to the end. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  const special = /[ \t\\'"]/g;
  let parts: string[] | null = null;
  let i = 0;
  while (i < text.length) {
    special.lastIndex = i;
    const m = special.exec(text);
    const end = m ? m.index : text.length;
    if (end > i) (parts ??= []).push(text.slice(i, end));
    if (!m) break;
    const c = m[0];
    if (c === ' ' || c === '\t') {
      if (parts) words.push(parts.join(''));
      parts = null;
      i = end + 1;
    } else if (c === '\\') {
      (parts ??= []).push(text.slice(end + 1, end + 2));
      i = end + 2;
    } else {
      parts ??= [];
      let j = end + 1;
      let from = j;
      for (; j < text.length && text[j] !== c; j++) {
        if (c === '"' && text[j] === '\\') { parts.push(text.slice(from, j)); from = ++j; }
      }
      parts.push(text.slice(from, Math.min(j, text.length)));
      i = j + 1;
    }
  }
  if (parts) words.push(parts.join(''));
  return words;
}

/** One `key = value` of an INI-like file (git config, hgrc, Python configparser), commented or not. */
export interface IniEntry {
  /** Section name, lower-cased; '' before the first header. */
  section: string;
  /** `[section "sub"]` (git) or `[section.sub]`: the part after the first word, as written. */
  subsection: string | null;
  key: string;
  value: string;
  line: number;
  commented: boolean;
  /** The source line (callers never pass a secret's line to evidence). */
  text: string;
}

export interface IniOptions {
  /** 'indent': lines starting with whitespace continue the value (hgrc, configparser); 'backslash': a trailing `\` does (git). */
  continuation: 'indent' | 'backslash';
  /** Strip `#`/`;` comments after a value (outside double quotes). */
  inlineComments: boolean;
}

/** Entries of an INI-like file; `# key = value` lines come back as commented entries of the section they sit in. */
export function iniEntries(content: string, options: IniOptions): IniEntry[] {
  const entries: IniEntry[] = [];
  const lines = splitLines(content);
  let live = { section: '', subsection: null as string | null };
  let commentedSection = live;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const comment = /^\s*[#;]+\s?/.exec(raw);
    const body = comment ? raw.slice(comment[0].length) : raw;
    const header = /^\s*\[([^\]"]*)(?:"((?:[^"\\]|\\.)*)"\s*)?\]/.exec(body);
    if (header) {
      const [name, ...rest] = header[1].trim().split('.');
      const section = { section: name.toLowerCase(), subsection: header[2] ?? (rest.length ? rest.join('.') : null) };
      commentedSection = section;
      if (!comment) live = section;
      continue;
    }
    const m = /^\s*([A-Za-z_][\w.-]*)\s*(?:[=:]\s*(.*))?$/.exec(body);
    if (!m || (!comment && /^\s/.test(raw) && options.continuation === 'indent')) continue;
    let value = m[2] ?? '';
    const line = i + 1;
    if (!comment) {
      // Pieces joined once at the end: rebuilding the value per line was quadratic (40,000 continuation lines: 30 s).
      const backslash = options.continuation === 'backslash';
      const pieces = [value];
      while (i + 1 < lines.length && (backslash ? (pieces.at(-1) ?? '').endsWith('\\') : continues(value, lines[i + 1], options))) {
        const next = lines[++i].trim();
        if (backslash) {
          const end = pieces.length - 1; // the backslash goes, the next line's text joins (no empty pieces kept)
          pieces[end] = pieces[end].slice(0, -1);
          if (!pieces[end]) pieces.pop();
          if (next) pieces.push(next);
        } else pieces.push(next);
      }
      value = pieces.join(backslash ? '' : '\n');
    }
    if (options.inlineComments) value = stripInlineComment(value);
    const where = comment ? commentedSection : live;
    entries.push({ section: where.section, subsection: where.subsection, key: m[1], value: value.trim(), line, commented: Boolean(comment), text: raw.trim().slice(0, 300) });
  }
  return entries;
}

function continues(value: string, next: string, options: IniOptions): boolean {
  if (options.continuation === 'backslash') return value.endsWith('\\');
  return /^[ \t]+\S/.test(next) && !/^\s*[#;]/.test(next);
}

function stripInlineComment(value: string): string {
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') { i++; continue; }
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '#' || c === ';') && (i === 0 || /\s/.test(value[i - 1]))) return value.slice(0, i);
  }
  return value;
}

const LOCAL_MTA_PROGRAMS = /(?:^|[\s/])(msmtp|ssmtp|sendmail|postfix|exim4?|nullmailer-inject|dma|esmtp|mini_sendmail|mail|mailx|s-nail|bsd-mailx)(?=\s|$)/i;

/** Notes for a setting that hands mail to a local program (`sendmail -t`, `msmtp -a work`): follow it to that MTA's finding. */
export function localMtaNotes(command: string): string[] {
  const program = LOCAL_MTA_PROGRAMS.exec(command.trim())?.[1];
  const account = /\s-a\s*['"]?([^\s'"]+)/.exec(command)?.[1];
  if (!program) return [`hands mail to a local program (${command.trim().slice(0, 80)}): check what it does`];
  return [`hands mail to the local MTA (${program}${account ? `, account ${account}` : ''}): see that MTA's own finding`];
}

/** Files sorted into installations (one machine's /etc/mail, /etc/exim4, …), so one's credentials never attach to another's. */
export function groupFiles<T extends { path: string }>(files: T[], keyOf: (path: string) => string = dirName): T[][] {
  const groups = new Map<string, T[]>();
  for (const file of files) {
    const key = keyOf(file.path);
    const group = groups.get(key);
    if (group) group.push(file); else groups.set(key, [file]);
  }
  return [...groups.values()];
}

/** Of the files whose path ends with `suffix`, the one nearest to `near` (longest shared folder prefix): a scan holds many trees. */
export function nearestFile<T extends { path: string }>(files: T[], suffix: string, near: string): T | undefined {
  const norm = (p: string) => p.replace(/\\/g, '/');
  const target = norm(near);
  let best: T | undefined;
  let bestShared = -1;
  for (const file of files) {
    const path = norm(file.path);
    if (path === target || !path.endsWith(suffix)) continue;
    let shared = 0;
    while (shared < path.length && path[shared] === target[shared]) shared++;
    if (shared > bestShared) { best = file; bestShared = shared; }
  }
  return best;
}

/**
 * Where a secret value written in a config stands: 'absent' (empty or a documentation placeholder), 'external' (a
 * reference such as `${SMTP_PASSWORD}`, with `ref` naming where it lives) or 'present' (handed to `register`, so every
 * output scrubs it).
 */
export function secretState(raw: string | number | null | undefined, register: (value: string) => void): { secret: import('../inventory/types.js').SecretState; ref?: string } {
  if (raw === null || raw === undefined) return { secret: 'absent' };
  const value = unquote(String(raw).trim());
  if (value === '') return { secret: 'absent' };
  const ref = valueReference(value);
  if (ref) return { secret: 'external', ref };
  if (isSecretPlaceholder(value)) return { secret: 'absent' };
  register(value);
  return { secret: 'present' };
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

/** The text of one XML element, with the element path above it and the id of the element that holds it. */
export interface XmlLeaf {
  /** Element names from the root down to the element holding the text. */
  path: string[];
  value: string;
  line: number;
  commented: boolean;
  /** Id of the parent of the text's element: leaves with the same group are siblings (one `<MailAccount>`). */
  group: number;
}

/** Leaf texts of an XML file (`<smtpHost>x</smtpHost>` → path […, 'smtpHost']); nesting beyond maxDepth is not reported. */
export function xmlLeaves(content: string, maxDepth = 64): { leaves: XmlLeaf[]; complete: boolean; tooDeep: boolean } {
  const { tokens, complete } = xmlTokens(content);
  const leaves: XmlLeaf[] = [];
  const frames = { live: { names: [] as string[], ids: [] as number[], overflow: 0 }, commented: { names: [] as string[], ids: [] as number[], overflow: 0 } };
  let nextId = 0;
  let tooDeep = false;
  for (const t of tokens) {
    const f = t.commented ? frames.commented : frames.live;
    if (t.kind === 'open' && !t.selfClosing) {
      if (f.names.length >= maxDepth) { f.overflow++; tooDeep = true; continue; }
      f.names.push(t.name);
      f.ids.push(nextId++);
    } else if (t.kind === 'close') {
      if (f.overflow > 0) { f.overflow--; continue; }
      const at = f.names.lastIndexOf(t.name);
      if (at >= 0) { f.names.length = at; f.ids.length = at; }
    } else if (t.kind === 'text' && f.overflow === 0 && f.names.length) {
      leaves.push({ path: [...f.names], value: t.text, line: t.line, commented: t.commented, group: f.ids.at(-2) ?? -1 });
    }
  }
  return { leaves, complete, tooDeep };
}

type LocatedField = 'host' | 'port' | 'security' | 'username' | 'from';

/** Finding locations from the entries the values were read from (`{ line, value }`); absent or empty ones are left out. */
export function locationsOf(entries: Partial<Record<LocatedField, { line: number; value: string | number | boolean } | null | undefined>>): Partial<Record<LocatedField, { line: number; text: string }>> {
  const locations: Partial<Record<LocatedField, { line: number; text: string }>> = {};
  for (const [field, entry] of Object.entries(entries) as [LocatedField, { line: number; value: string | number | boolean } | null | undefined][]) {
    if (entry && entry.value !== '') locations[field] = { line: entry.line, text: String(entry.value) };
  }
  return locations;
}

/** Draft fields for a host written as an environment reference (`${SMTP_HOST}`, `$X`, rsyslog's `` `echo $X` ``):
 *  no host, inactive until the env pass (scan/env.ts) resolves it; null for a literal host. */
export function hostReference(raw: string | null | undefined): { host: null; active: false; inactiveReason: 'unresolved'; valueSources: { host: string } } | null {
  if (!raw) return null;
  const echo = /^`echo \$\{?([A-Za-z_]\w*)\}?`$/.exec(raw.trim());
  const env = echo ? { name: echo[1] } : envReference(raw);
  return env ? { host: null, active: false, inactiveReason: 'unresolved', valueSources: { host: `env:${env.name}` } } : null;
}

/** Documentation and sample trees of packages and source (…/share/doc/…, examples/, sample-config/): never live configuration, wherever the tree was unpacked. */
export function isDocumentationPath(path: string): boolean {
  return /(^|[\\/])(share[\\/](doc|man|info)|sample-config|samples?|examples?|docs?|documentation)[\\/]/i.test(path);
}
