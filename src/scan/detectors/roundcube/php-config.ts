// PHP configuration written as array assignments: Roundcube `$config['smtp_host'] = 'tls://x:587';`, Horde
// `$conf['mailer']['params']['host'] = 'x';`, MediaWiki `$wgSMTP = [ 'host' => 'x', … ];`, IMP
// `$servers['imap'] = array('smtp' => array(…));`. Every value comes back flattened to its key path with its line,
// live or commented out (`//`, `#`, `/* */`), commented-out items inside a live array included.
// Shared by the roundcube, horde and mediawiki detectors; scalar values are read by phpmailer's phpValue().
import type { FindingDraft, ExtractContext } from '../../detector.js';
import type { SecretState } from '../../../inventory/types.js';
import { closingBracket, commentedBlocks, lineIndex, secretState, splitTopLevel, type Assignment } from '../../values.js';
import { phpLines, phpValue, shown, statement, type PhpValue } from '../phpmailer/php.js';

export interface PhpSetting extends Assignment {
  /** Variable and keys: `$conf['mailer']['type']` → ['$conf', 'mailer', 'type']. `key` is the part below the prefix asked for. */
  path: string[];
  /** The value is an array literal; its items follow as settings of their own. */
  array: boolean;
  /** For an array item: the offset of its array's opening bracket (items of one array belong together). */
  group?: number;
}

/** Which paths a detector wants (a variable alone, or a variable and keys): the rest is skipped while reading. */
export type WantPath = (path: string[]) => boolean;

// A comment whose text is code (`// 'host' => 'x',`, `# $wgSMTP = [`, `//   ],`, an empty line inside `/* */`)
// is read as code that is commented out; prose comments are left out, so their brackets cannot unbalance arrays.
const CODE_COMMENT = /^\s*(?:(?:'[^'\n]*'|"[^"\n]*"|\d+)\s*=>|\$[A-Za-z_]\w*\s*(?:\[[^\]\n]*\]\s*)*=(?![=>])|[\])]+\s*[,;]?\s*$|$)/;
const ASSIGNMENT = /\$([A-Za-z_]\w*)((?:\s*\[\s*(?:'[^'\n]*'|"[^"\n]*"|\d+)\s*\])*)\s*=(?![=>])/g;
const KEY = /\[\s*(?:'([^'\n]*)'|"([^"\n]*)"|(\d+))\s*\]/g;
const ITEM_KEY = /^(?:(['"])((?:\\.|(?!\1)[^\\])*)\1|(-?\d+))\s*=>\s*/s;
const ARRAY_OPEN = /^(?:\[|array\s*\()/i;
/** A configuration array fits in a few kilobytes; the bound keeps hostile files linear. */
const MAX_ARRAY = 8000;
const MAX_DEPTH = 8;
const MAX_SETTINGS = 2000;

/** The file as one text of code, with code-like comments appended per line; and whether an offset lies in a comment. */
class Source {
  readonly text: string;
  readonly lineOf: (offset: number) => number;
  private readonly starts: number[] = [];
  private readonly codeLength: number[] = [];
  /** For a line whose comment is code: the end offset of the run of such lines it starts (a commented array stays inside it). */
  private readonly runEnd: number[] = [];

  constructor(content: string) {
    const parts: string[] = [];
    const commentedCode: boolean[] = [];
    let offset = 0;
    for (const { code, comment } of phpLines(content)) {
      const body = comment.replace(/^\s*\*+(?!\/)\s?/, '');
      const isCode = comment !== '' && CODE_COMMENT.test(body);
      const part = isCode ? `${code} ${body}` : code;
      this.starts.push(offset);
      this.codeLength.push(code.length);
      commentedCode.push(isCode);
      parts.push(part);
      offset += part.length + 1;
    }
    this.text = parts.join('\n');
    this.lineOf = lineIndex(this.text);
    let end = -1;
    for (let i = parts.length - 1; i >= 0; i--) {
      end = commentedCode[i] ? (end === -1 ? this.starts[i] + parts[i].length : end) : -1;
      this.runEnd[i] = end;
    }
  }

  commented(offset: number): boolean {
    const line = this.lineOf(offset) - 1;
    return offset - this.starts[line] >= this.codeLength[line];
  }

  /** How far a value starting at `offset` may reach: a commented one ends with its run of commented code. */
  limit(offset: number, commented: boolean): number {
    const end = commented ? this.runEnd[this.lineOf(offset) - 1] : -1;
    return Math.min(end === -1 ? this.text.length : end, offset + MAX_ARRAY);
  }

  /** The rest of the line from `offset`, bounded. */
  restOfLine(offset: number): string {
    const eol = this.text.indexOf('\n', offset);
    return this.text.slice(offset, Math.min(eol === -1 ? this.text.length : eol, offset + 1000));
  }
}

/** Every wanted assignment and array item of a PHP file, in file order, each with its full path (`key` is the joined path). */
export function phpSettings(content: string, want: WantPath, ctx: Pick<ExtractContext, 'warn'>): PhpSetting[] {
  const source = new Source(content);
  const out: PhpSetting[] = [];
  let consumed = 0;
  for (const m of source.text.matchAll(ASSIGNMENT)) {
    if (m.index < consumed) continue;
    const path = [`$${m[1]}`, ...[...m[2].matchAll(KEY)].map((k) => k[1] ?? k[2] ?? k[3])];
    if (!want(path)) continue;
    if (out.length >= MAX_SETTINGS) { ctx.warn('too-large', `more than ${MAX_SETTINGS} settings; the rest is not read`, source.lineOf(m.index)); break; }
    const commented = source.commented(m.index);
    const start = m.index + m[0].length;
    const lead = /^\s*/.exec(source.text.slice(start, start + 200))![0].length;
    const line = source.lineOf(m.index);
    const opener = ARRAY_OPEN.exec(source.text.slice(start + lead, start + lead + 10));
    if (opener) {
      const open = start + lead + opener[0].length - 1;
      const limit = source.limit(open, commented);
      const close = closingBracket(source.text, open, { limit: limit - open });
      if (close === -1 && !commented) ctx.warn('parse-error', `the array assigned to ${m[0].slice(0, -1).trim()} is not closed`, line);
      out.push({ key: path.join('.'), path, array: true, value: '[…]', line, commented, text: shown(`${m[0]} […];`) });
      readItems(source, open, close === -1 ? limit : close - 1, path, commented, 1, want, out);
      consumed = close === -1 ? limit : close;
    } else {
      const value = statement(source.restOfLine(start), 0).trim();
      out.push({ key: path.join('.'), path, array: false, value, line, commented, text: shown(`${m[0]} ${value};`) });
    }
  }
  return out;
}

/** The items between an array's brackets (`open` is the bracket, `end` the offset of its closer or of the cut). */
function readItems(source: Source, open: number, end: number, parent: string[], commented: boolean, depth: number, want: WantPath, out: PhpSetting[]): void {
  const inner = source.text.slice(open + 1, end);
  let cursor = 0;
  let index = 0;
  for (const part of splitTopLevel(inner)) {
    if (!part) continue;
    const at = inner.indexOf(part, cursor);
    cursor = at + part.length;
    const offset = open + 1 + at;
    const key = ITEM_KEY.exec(part);
    const path = [...parent, key ? (key[2]?.replace(/\\(.)/g, '$1') ?? key[3]) : String(index++)];
    if (!want(path) || out.length >= MAX_SETTINGS) continue;
    const value = key ? part.slice(key[0].length) : part;
    const itemCommented = commented || source.commented(offset);
    const line = source.lineOf(offset);
    const nested = ARRAY_OPEN.exec(value);
    if (nested && depth < MAX_DEPTH) {
      const nestedOpen = offset + (key ? key[0].length : 0) + nested[0].length - 1;
      const close = closingBracket(source.text, nestedOpen, { limit: part.length });
      out.push({ key: path.join('.'), path, array: true, value: '[…]', line, commented: itemCommented, text: shown(`${key?.[0] ?? ''}[…]`), group: open });
      readItems(source, nestedOpen, close === -1 ? offset + part.length : close - 1, path, itemCommented, depth + 1, want, out);
    } else {
      out.push({ key: path.join('.'), path, array: false, value, line, commented: itemCommented, text: shown(part), group: open });
    }
  }
}

export interface PhpScope {
  /** The value in force for each key below the prefix (`params.host`): later assignments win, an array replaces its subtree. */
  live: Map<string, PhpSetting>;
  /** Commented-out settings below the prefix, keyed likewise (for commentedBlocks()). */
  commented: PhpSetting[];
}

/** The settings below `prefix` (`['$conf', 'mailer']`), keyed by the rest of their path joined with '.'. */
export function scopeOf(settings: PhpSetting[], prefix: string[]): PhpScope {
  const live = new Map<string, PhpSetting>();
  const parents = new Set<string>();
  const commented: PhpSetting[] = [];
  for (const s of settings) {
    // `$conf = [];` or `$conf['mailer'] = array(…)` at or above the prefix replaces everything below it.
    if (!startsWith(s.path, prefix)) {
      if (!s.commented && startsWith(prefix, s.path)) { live.clear(); parents.clear(); }
      continue;
    }
    const key = s.path.slice(prefix.length).join('.');
    if (s.commented) { if (key) commented.push({ ...s, key }); continue; }
    if (!key) { live.clear(); parents.clear(); continue; }
    if (parents.has(key)) for (const [k, other] of live) if (other.path.length > s.path.length && startsWith(other.path, s.path)) live.delete(k);
    live.set(key, { ...s, key });
    for (let i = prefix.length + 1; i < s.path.length; i++) parents.add(s.path.slice(prefix.length, i).join('.'));
  }
  return { live, commented };
}

function startsWith(path: string[], prefix: string[]): boolean {
  return path.length >= prefix.length && prefix.every((p, i) => path[i] === p);
}

/**
 * Commented-out alternatives that name a host, each as its own key → setting map: the commented items of one array
 * belong together (however far apart their lines), commented statements go by runs of adjacent lines.
 */
export function commentedSets(commented: PhpSetting[], isHost: (key: string) => boolean): Map<string, PhpSetting>[] {
  const arrays = new Map<number, Map<string, PhpSetting>>();
  const statements: PhpSetting[] = [];
  for (const s of commented) {
    if (s.group === undefined) { statements.push(s); continue; }
    const set = arrays.get(s.group) ?? new Map<string, PhpSetting>();
    set.set(s.key, s);
    arrays.set(s.group, set);
  }
  const sets = [...arrays.values()].filter((set) => [...set.keys()].some(isHost));
  return [...sets, ...(commentedBlocks(statements, isHost) as Map<string, PhpSetting>[])].sort((a, b) => firstLine(a) - firstLine(b));
}

function firstLine(set: Map<string, PhpSetting>): number {
  return Math.min(...[...set.values()].map((s) => s.line));
}

/** A scalar setting's value; undefined for an array or no setting. */
export function valueOf(setting: PhpSetting | undefined): PhpValue | undefined {
  return setting && !setting.array ? phpValue(setting.value) : undefined;
}

/** A literal string or number as text ('' for null), or null for anything else. */
export function stringOf(setting: PhpSetting | undefined): string | null {
  const v = valueOf(setting);
  return v?.kind === 'literal' ? v.value : null;
}

/** PHP truthiness of a literal or boolean setting; null when absent or computed. */
export function boolOf(setting: PhpSetting | undefined): boolean | null {
  const v = valueOf(setting);
  if (v?.kind === 'bool') return v.value;
  if (v?.kind === 'literal') return v.value !== '' && v.value !== '0';
  return null;
}

/** Where a password setting's secret stands; a literal is handed to `register` (also when cut off by a broken line). */
export function phpSecret(setting: PhpSetting | undefined, register: (value: string) => void): { secret: SecretState; ref?: string } {
  const v = valueOf(setting);
  if (!v || v.kind === 'bool') return { secret: 'absent' };
  switch (v.kind) {
    case 'literal': return secretState(v.value, register);
    case 'env': return { secret: 'external', ref: `env:${v.name}` };
    case 'const': return { secret: 'external', ref: `php-constant:${v.name}` };
    default: return secretState(setting!.value.replace(/^\s*['"]|['"]?\s*$/g, ''), register);
  }
}

/** A host setting: the literal as written, or the draft fields that keep a computed or environment host inactive. */
export function phpHost(setting: PhpSetting | undefined, notes: string[]): { raw: string | null; draft: Partial<FindingDraft> } {
  const v = valueOf(setting);
  if (!v) return { raw: null, draft: {} };
  if (v.kind === 'literal') return { raw: v.value.trim(), draft: {} };
  if (v.kind === 'bool') return { raw: '', draft: {} };
  if (v.kind === 'env') {
    if (v.fallback) notes.push(`getenv('${v.name}') falls back to ${v.fallback}`);
    return { raw: null, draft: { active: false, inactiveReason: 'unresolved', valueSources: { host: `env:${v.name}` } } };
  }
  notes.push(`the host is computed (${setting!.value.slice(0, 80)}): check its value`);
  return { raw: null, draft: { active: false, inactiveReason: 'unresolved' } };
}
