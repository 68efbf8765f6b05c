// Config::General as monitorix(8) reads its files (-SplitPolicy guess): `<name>` … `</name>` blocks, `key = value`
// or `key value` lines, names and keys case-sensitive, `#` starts a comment anywhere unless written `\#`, a trailing
// `\` joins the next line, `/* … */` comment blocks, double quotes around a whole value dropped. A key written twice
// in one block becomes a list.
import { splitLines } from '../../values.js';

/** One `key = value`, live or commented out. */
export interface GeneralEntry {
  /** Block names from the top, as written: `['emailreports', 'daily']`. */
  blocks: string[];
  key: string;
  value: string;
  line: number;
  commented: boolean;
  /** The source line (never a secret's: Monitorix's mail blocks hold none). */
  text: string;
}

/** A block opened by a live line: even an empty one replaces its namesake when a conf.d file is merged. */
export interface GeneralBlock {
  blocks: string[];
  line: number;
}

export interface GeneralFile {
  entries: GeneralEntry[];
  opened: GeneralBlock[];
  /** Blocks nested deeper than anything Monitorix reads were skipped. */
  tooDeep: boolean;
}

/** Monitorix reads three levels (`<emailreports><daily>`): deeper blocks are skipped, not stacked without end. */
const MAX_DEPTH = 8;

/** Config::General ends a value at the first `#` not written `\#`, then unescapes. */
function stripComment(body: string): string {
  const cut = body.search(/(?<!\\)#/);
  return (cut < 0 ? body : body.slice(0, cut)).replace(/\\#/g, '#');
}

function unquoteDouble(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

export function readGeneral(content: string): GeneralFile {
  const lines = splitLines(content);
  const result: GeneralFile = { entries: [], opened: [], tooDeep: false };
  // each frame is one `<name>` (or `<name value>`: a named block, two levels)
  const live: string[][] = [];
  let skipped = 0; // opened beyond MAX_DEPTH, still to be closed
  // blocks opened on commented lines, over the live ones: `#<emailreports>` … `#</emailreports>`
  let shadow: string[][] | null = null;
  let inCComment = false;
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (inCComment) { inCComment = !trimmed.includes('*/'); continue; }
    if (trimmed.startsWith('/*')) { inCComment = !trimmed.includes('*/', 2); continue; }
    const comment = /^#+\s*/.exec(trimmed);
    const body = comment ? trimmed.slice(comment[0].length) : trimmed;
    if (!body) continue;
    const close = /^<\/\s*[^\s>]+\s*>/.test(body);
    const open = close ? null : /^<\s*([^\s>/]+)(?:\s+([^>]*?))?\s*>/.exec(body);
    if (comment && (open || close)) {
      if (open && (shadow ?? live).length < MAX_DEPTH) shadow = [...(shadow ?? live), open[2] ? [open[1], unquoteDouble(open[2])] : [open[1]]];
      else if (shadow && shadow.length > live.length) shadow = shadow.length - 1 > live.length ? shadow.slice(0, -1) : null;
      continue;
    }
    if (!comment) shadow = null;
    if (open) {
      if (live.length >= MAX_DEPTH) { skipped++; result.tooDeep = true; continue; }
      live.push(open[2] ? [open[1], unquoteDouble(open[2])] : [open[1]]);
      result.opened.push({ blocks: live.flat(), line: i + 1 });
      continue;
    }
    if (close) {
      if (skipped) skipped--; else live.pop();
      continue;
    }
    if (skipped && !comment) continue;
    const line = i + 1;
    // a commented line keeps what it says on that line; a live one may run on (pieces joined once: no quadratic rebuild)
    const pieces = [body];
    while (!comment && pieces[pieces.length - 1].endsWith('\\') && i + 1 < lines.length) {
      pieces[pieces.length - 1] = pieces[pieces.length - 1].slice(0, -1);
      pieces.push(lines[++i].trim());
    }
    const stripped = stripComment(pieces.join('')).trim();
    const m = /^([^\s=]+)\s*(?:=\s*|\s+)(.*)$/.exec(stripped) ?? /^([^\s=]+)\s*=?()$/.exec(stripped);
    // prose in a comment (`# Email Reports`) is no setting: a commented one needs its `=`
    if (!m || (comment && !/^[^\s=]+\s*=/.test(stripped))) continue;
    const blocks = (comment && shadow ? shadow : live).flat();
    result.entries.push({ blocks, key: m[1], value: unquoteDouble(m[2].trim()), line, commented: Boolean(comment), text: lines[line - 1].trim().slice(0, 300) });
  }
  return result;
}
