// Ruby source as Rails apps write mail settings: `config.action_mailer.smtp_settings = { address: …, port: … }`,
// `ActionMailer::Base.smtp_settings = {…}`, `delivery_method :smtp, address: …` (Mail.defaults / Padrino), and
// `delivery_method = :sendmail`. A line-preserving comment view lets commented-out blocks be read the same way.
// Hand-written: no Ruby parser is installed, and only hash literals of mail settings are needed.
import { closingBracket, lineIndex } from '../../values.js';

export type RubyKind = 'string' | 'symbol' | 'number' | 'bool' | 'nil' | 'env' | 'credentials' | 'file' | 'other';

export interface RubyValue {
  kind: RubyKind;
  /** The literal (unquoted), the variable name for 'env', a dotted path for 'credentials', a path for 'file'. */
  value: string;
  /** `ENV.fetch('X', 'd')`, `ENV['X'] || 'd'`: the default written beside the reference. */
  fallback: string | null;
  line: number;
  /** The `key: value` item as written (callers never pass a password's text to evidence). */
  text: string;
}

export type RubySettings = Map<string, RubyValue>;

export interface SettingsBlock {
  settings: RubySettings;
  /** Line of `smtp_settings = {` (or `delivery_method :smtp,`). */
  line: number;
  commented: boolean;
  anchorText: string;
}

const STRING = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`;
const ENV_REF = new RegExp(String.raw`ENV(?:\[\s*(${STRING})\s*\]|\.fetch\(\s*(${STRING})\s*(?:,\s*(${STRING}|[\w.:]+))?\s*\)(?:\s*\{\s*(${STRING}|[\w.:]+)\s*\})?)(?:\s*(?:\|\||\bor\b)\s*(${STRING}|\d+))?`);

function unstring(token: string): string {
  return token.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** A Ruby value expression as mail settings are written; anything clever comes back as 'other'. */
export function rubyValue(raw: string, line: number, text: string): RubyValue {
  const v = raw.trim().replace(/\.(?:to_i|to_s|to_sym|strip|chomp|presence|freeze)\b/g, '');
  const base = { fallback: null, line, text };
  const envText = v.startsWith('"#{') ? v.slice(3) : v;
  const env = envText.startsWith('ENV') ? ENV_REF.exec(envText) : null;
  if (env?.index === 0) {
    const name = unstring(env[1] ?? env[2]);
    const fb = env[3] ?? env[4] ?? env[5];
    return { ...base, kind: 'env', value: name, fallback: fb ? (/^["']/.test(fb) ? unstring(fb) : fb) : null };
  }
  const credentials = /^Rails\.application\.(credentials|secrets)((?:\.dig\([^)]*\)|\.\w+|\[:?\w+\])+)/.exec(v);
  if (credentials) {
    const parts = credentials[2].match(/\w+/g)!.filter((p) => p !== 'dig');
    return { ...base, kind: 'credentials', value: `${credentials[1]}.${parts.join('.')}` };
  }
  const file = new RegExp(String.raw`^(?:File|IO)\.read\(\s*(${STRING})`).exec(v);
  if (file) return { ...base, kind: 'file', value: unstring(file[1]) };
  const literal = new RegExp(String.raw`^(?:(${STRING})|:(\w+))`).exec(v);
  if (literal?.[1]) {
    const s = unstring(literal[1]);
    if (/#\{/.test(s)) return { ...base, kind: 'other', value: s };
    return { ...base, kind: 'string', value: s };
  }
  if (literal?.[2]) return { ...base, kind: 'symbol', value: literal[2] };
  const word = /^(-?\d+|true|false|nil)\b/.exec(v);
  if (word) {
    const w = word[1];
    return { ...base, kind: w === 'nil' ? 'nil' : w === 'true' || w === 'false' ? 'bool' : 'number', value: w === 'nil' ? '' : w };
  }
  return { ...base, kind: 'other', value: v.slice(0, 120) };
}

/** `=begin` … `=end` block comments (markers at the start of a line) rewritten as `#` lines, line numbers kept. */
export function blockCommentsAsLines(content: string): string {
  if (!/^=begin/m.test(content)) return content;
  let open = false;
  return content.split('\n').map((line) => {
    if (!open && /^=begin(\s|$)/.test(line)) open = true;
    if (!open) return line;
    if (/^=end(\s|$)/.test(line)) { open = false; return '#'; }
    return /^=begin(\s|$)/.test(line) ? '#' : `# ${line}`;
  }).join('\n');
}

/** The text with every `#` comment blanked (strings respected), line structure kept. */
function liveView(content: string): string {
  return content.split('\n').map(stripComment).join('\n');
}

/** Only the text inside `#` comments, as if uncommented; other lines blank. */
function commentedView(content: string): string {
  return content.split('\n').map((line) => {
    const m = /^\s*#+ ?(.*)$/.exec(line);
    return m && !/^\s*#\s*(frozen_string_literal|encoding):/.test(line) ? stripComment(m[1]) : '';
  }).join('\n');
}

function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

const ANCHOR = /\b(?:smtp_settings|server_settings)\s*=\s*(\{)|\bdelivery_method\s*\(?\s*:smtp\s*,\s*/g;
const ITEM = /^(?::(\w+)\s*=>|(\w+):(?!:)|["'](\w+)["']\s*=>)\s*([\s\S]+)$/;

/** Every smtp_settings hash in the file, live or commented out. */
export function settingsBlocks(content: string): SettingsBlock[] {
  const blocks: SettingsBlock[] = [];
  for (const [view, commented] of [[liveView(content), false], [commentedView(content), true]] as const) {
    const lineOf = lineIndex(view);
    ANCHOR.lastIndex = 0;
    // A hostile file repeats the anchor thousands of times: a few dozen hashes per file is plenty.
    for (let m = ANCHOR.exec(view), n = 0; m && n < 64; m = ANCHOR.exec(view), n++) {
      const bodyStart = m.index + m[0].length - (m[1] ? 1 : 0);
      const end = view[bodyStart] === '{' || m[1] ? closingBracket(view, bodyStart, { limit: 20_000 }) : argumentsEnd(view, bodyStart);
      if (end <= bodyStart) continue;
      const inner = view[bodyStart] === '{' ? view.slice(bodyStart + 1, end - 1) : view.slice(bodyStart, end);
      const settings = hashItems(inner, bodyStart + (view[bodyStart] === '{' ? 1 : 0), view, lineOf);
      if (!settings.size) continue;
      const line = lineOf(m.index);
      blocks.push({ settings, line, commented, anchorText: content.split('\n')[line - 1]?.trim().slice(0, 200) ?? '' });
      ANCHOR.lastIndex = end;
    }
  }
  return blocks;
}

/** `delivery_method :smtp, address: "x",\n  port: 25`: arguments run on while a line ends with a comma. */
function argumentsEnd(view: string, from: number): number {
  let i = from;
  for (let n = 0; n < 200; n++) {
    const nl = view.indexOf('\n', i);
    const end = nl === -1 ? view.length : nl;
    if (!/,\s*$/.test(view.slice(i, end)) || nl === -1) return end;
    i = nl + 1;
  }
  return i;
}

function hashItems(inner: string, offset: number, view: string, lineOf: (offset: number) => number): RubySettings {
  const settings: RubySettings = new Map();
  let depth = 0;
  let start = 0;
  let quote = '';
  const flush = (end: number) => {
    const item = inner.slice(start, end);
    const lead = item.length - item.trimStart().length;
    const m = ITEM.exec(item.trim());
    if (m) {
      const at = offset + start + lead;
      const key = m[1] ?? m[2] ?? m[3];
      const text = view.slice(at, view.indexOf('\n', at) === -1 ? undefined : view.indexOf('\n', at)).trim().replace(/,$/, '');
      settings.set(key, rubyValue(m[4], lineOf(at), text));
    }
  };
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quote) { if (c === '\\') i++; else if (c === quote) quote = ''; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) { flush(i); start = i + 1; }
  }
  flush(inner.length);
  return settings;
}

export interface DeliveryMethod { method: string; line: number; commented: boolean; text: string }

/** `config.action_mailer.delivery_method = :smtp` (or `ActionMailer::Base.delivery_method = …`), live and commented. */
export function deliveryMethods(content: string): DeliveryMethod[] {
  const found: DeliveryMethod[] = [];
  content.split('\n').forEach((raw, i) => {
    const commented = /^\s*#/.test(raw);
    const code = stripComment(commented ? raw.replace(/^\s*#+\s*/, '') : raw);
    const d = /\bdelivery_method\s*=(?!=)\s*(?::(\w+)|(\S.*))/.exec(code);
    if (!d) return;
    const value = d[1] ?? rubyValue(d[2], i + 1, '').value;
    found.push({ method: value.replace(/^:/, '').toLowerCase(), line: i + 1, commented, text: raw.trim().slice(0, 200) });
  });
  return found;
}

/** `perform_deliveries = false` in the live text. */
export function deliveriesOff(content: string): boolean {
  return content.split('\n').some((line) => /\bperform_deliveries\s*=\s*false\b/.test(stripComment(line)));
}

/** `default_options = { from: 'x' }` / `default from: 'x'` (ApplicationMailer): the sender, when written literally. */
export function defaultFrom(content: string): { value: string; line: number } | null {
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*#/.test(lines[i])) continue;
    const m = /\b(?:default_options\s*=\s*\{[^}]*?|default\s+)\bfrom:\s*(["'])([^"']+)\1/.exec(lines[i]);
    if (m) return { value: m[2], line: i + 1 };
  }
  return null;
}
