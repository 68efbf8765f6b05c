// Command definitions of Nagios-family object files (`define command { command_name …  command_line … }`: Nagios,
// Icinga 1, Naemon, Centreon Engine, Shinken) and Icinga 2 command objects (`object NotificationCommand "x" {
// command = [ … ]  arguments = { … }  vars.x = "…" }`), as one command line each with its line number.
// Hand-written: no parser for either object language is installed; only command definitions are read.
import { closingBracket, lineIndex, splitLines, splitTopLevel } from '../../values.js';

export interface CommandDef {
  name: string;
  /** The command line as the shell would get it (Icinga 2 arrays joined, arguments appended, vars substituted). */
  commandLine: string;
  line: number;
  commented: boolean;
  /** Line of each text of the definition, to place a value found in the command line. */
  lineOf(text: string): number;
}

/** Nagios strips a `;` comment from directive values; `\;` is a literal semicolon. */
function stripNagiosComment(value: string): string {
  const m = /(^|[^\\]);/.exec(value);
  return (m ? value.slice(0, m.index + m[1].length) : value).replace(/\\;/g, ';').trim();
}

export function nagiosCommands(content: string): CommandDef[] {
  const defs: CommandDef[] = [];
  const lines = splitLines(content);
  let block: { name: string; entries: { value: string; line: number; commented: boolean }[] } | null = null;
  const flush = () => {
    for (const e of block?.entries ?? []) {
      defs.push({ name: block!.name, commandLine: e.value, line: e.line, commented: e.commented, lineOf: () => e.line });
    }
    block = null;
  };
  lines.forEach((raw, i) => {
    const comment = /^\s*[#;]+\s?/.exec(raw);
    const text = comment ? raw.slice(comment[0].length) : raw;
    if (/^\s*define\s+command\s*\{?/.test(text)) { flush(); block = { name: '', entries: [] }; return; }
    if (!block) return;
    const d = /^\s*(command_name|command_line)\s+(.*)$/.exec(text);
    if (d?.[1] === 'command_name') block.name = stripNagiosComment(d[2]);
    else if (d?.[1] === 'command_line') block.entries.push({ value: stripNagiosComment(d[2]), line: i + 1, commented: Boolean(comment) });
    else if (/^\s*\}/.test(text) && !comment) flush();
  });
  flush();
  return defs;
}

/** An Icinga 2 expression made of string literals and constants: `PluginDir + "/check_x"` → `$PluginDir/check_x`. */
function icingaString(expr: string): string {
  return expr.split('+').map((part) => {
    const p = part.trim();
    const s = /^"((?:[^"\\]|\\.)*)"$/.exec(p);
    if (s) return s[1].replace(/\\(.)/g, '$1');
    return /^\w+$/.test(p) ? `$${p}` : p;
  }).join('');
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./$-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * Where Icinga 2 comments are (`/* … *\/`, `// …`, `# …`), outside strings: sorted [start, end) pairs.
 * A command object written inside one is commented out (Debian's commands.conf keeps the pre-2.7 ones so).
 */
export function icinga2Comments(content: string): number[] {
  const ranges: number[] = [];
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === '"') {
      for (i++; i < content.length && content[i] !== '"' && content[i] !== '\n'; i++) if (content[i] === '\\') i++;
    } else if (c === '{' && content.startsWith('{{{', i)) {
      const end = content.indexOf('}}}', i + 3);
      i = end < 0 ? content.length : end + 2;
    } else if (c === '/' && content[i + 1] === '*') {
      const end = content.indexOf('*/', i + 2);
      ranges.push(i, end < 0 ? content.length : end + 2);
      i = end < 0 ? content.length : end + 1;
    } else if (c === '#' || (c === '/' && content[i + 1] === '/')) {
      const end = content.indexOf('\n', i);
      ranges.push(i, end < 0 ? content.length : end);
      i = end < 0 ? content.length : end;
    }
  }
  return ranges;
}

function inRanges(ranges: number[], at: number): boolean {
  for (let k = 0; k < ranges.length && ranges[k] <= at; k += 2) if (at < ranges[k + 1]) return true;
  return false;
}

export function icinga2Commands(content: string): CommandDef[] {
  const defs: CommandDef[] = [];
  const lineOf = lineIndex(content);
  const comments = icinga2Comments(content);
  const head = /\b(?:object|template)\s+(Notification|Event)Command\s+"([^"]*)"\s*\{/g;
  for (let m = head.exec(content), n = 0; m && n < 500; m = head.exec(content), n++) {
    const open = m.index + m[0].length - 1;
    const close = closingBracket(content, open, { hashComments: true, slashComments: true, limit: 50_000 });
    const body = content.slice(open + 1, close > open ? close - 1 : Math.min(content.length, open + 50_000));
    const bodyAt = open + 1;
    const command = /(?:^|[\s;{])command\s*=\s*/.exec(body);
    if (!command) continue;
    const valueAt = command.index + command[0].length;
    let shellLine: string;
    if (body[valueAt] === '[') {
      const end = closingBracket(body, valueAt, { limit: 20_000 });
      shellLine = splitTopLevel(body.slice(valueAt + 1, end > 0 ? end - 1 : body.length)).map((w) => shellQuote(icingaString(w))).join(' ');
    } else {
      shellLine = icingaString(/^[^\n;]*/.exec(body.slice(valueAt))![0]);
    }
    const vars = new Map<string, string>();
    for (const v of body.matchAll(/\bvars\.(\w+)\s*=\s*"((?:[^"\\\n]|\\.)*)"/g)) vars.set(v[1], v[2]);
    const args = /\barguments\s*\+?=\s*\{/.exec(body);
    if (args) {
      const start = args.index + args[0].length - 1;
      const end = closingBracket(body, start, { hashComments: true, slashComments: true, limit: 20_000 });
      const inner = body.slice(start + 1, end > start ? end - 1 : body.length);
      for (const a of inner.matchAll(/"([^"\n]+)"\s*=\s*(?:"((?:[^"\\\n]|\\.)*)"|\{[^}]*?\bvalue\s*=\s*"((?:[^"\\\n]|\\.)*)")/g)) {
        shellLine += ` ${shellQuote(a[1])} ${shellQuote(a[2] ?? a[3] ?? '')}`;
      }
    }
    const commandLine = shellLine.replace(/\$(\w+)\$/g, (whole, name: string) => vars.get(name) ?? whole);
    defs.push({
      name: m[2], commandLine, line: lineOf(bodyAt + command.index + command[0].search(/command/)), commented: inRanges(comments, m.index),
      lineOf: (text) => { const at = body.indexOf(text); return at < 0 ? lineOf(bodyAt + valueAt) : lineOf(bodyAt + at); },
    });
    if (close > open) head.lastIndex = close;
  }
  return defs;
}
