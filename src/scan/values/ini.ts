// Flat `key = value` formats: assignments, the live value of each key, commented alternatives, INI entries.
import { splitLines } from './text.js';

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
