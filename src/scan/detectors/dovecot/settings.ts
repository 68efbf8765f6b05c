// Dovecot's config syntax (doc.dovecot.org "Config file syntax"): `key = value`, `type [name] {` … `}` filters and
// sections, `!include[_try] path`, `#` comments outside quotes, a trailing `\` joins the next line, and
// `key = <path` reads the value from a file. Only `submission_*` and `postmaster_address` settings are kept.
import type { Assignment } from '../../values.js';

export interface Setting extends Assignment {
  /** The filters and sections around it, e.g. 'protocol submission'; '' at the top level. */
  scope: string;
  /** `key = <path`: the value is read from that file. */
  file: string | null;
}

const WANTED = /^(submission_\w+|postmaster_address)$/;
/** A file with more than this many joined continuation lines is not a configuration (hostile input). */
const MAX_JOINED = 1_000;

/** The value up to a `#` outside quotes, unquoted (backslash escapes inside double quotes). */
function valueOf(raw: string): string {
  let quote = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote) { if (c === '\\') i++; else if (c === quote) quote = ''; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#') { raw = raw.slice(0, i); break; }
  }
  const v = raw.trim();
  const quoted = /^(["'])(.*?)(\1)?$/s.exec(v);
  return quoted ? quoted[2].replace(/\\(.)/g, '$1') : v;
}

/** The settings of one file: live ones in their scope, `#key = value` lines as commented ones. */
export function dovecotSettings(lines: string[]): Setting[] {
  const settings: Setting[] = [];
  const scopes: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const comment = /^\s*#+/.exec(lines[i]);
    const pieces = [lines[i]];
    while (!comment && pieces.at(-1)!.endsWith('\\') && i + 1 < lines.length && pieces.length < MAX_JOINED) {
      pieces.push(pieces.pop()!.slice(0, -1), lines[++i]);
    }
    const raw = pieces.join('');
    const body = comment ? raw.slice(comment[0].length) : raw;
    const assignment = /^\s*([A-Za-z_][\w/!-]*)\s*=(.*)$/.exec(body);
    if (!assignment) {
      if (comment) continue;
      const open = /^\s*([^#{}=]+?)\s*\{\s*(#.*)?$/.exec(body);
      if (open) scopes.push(open[1].replace(/\s+/g, ' '));
      else if (/^\s*\}/.test(body)) scopes.pop();
      continue;
    }
    const key = assignment[1].toLowerCase();
    if (!WANTED.test(key)) continue;
    const written = valueOf(assignment[2]);
    const file = /^<\s*(\S.*)$/.exec(written)?.[1] ?? null;
    settings.push({
      key, value: file ? '' : written, file, line, commented: Boolean(comment), scope: comment ? '' : scopes.join(' / '),
      text: /password/.test(key) ? `${key} = ***` : raw.trim().slice(0, 300),
    });
  }
  return settings;
}
