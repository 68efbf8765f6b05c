// Line-level edits shared by the patchers: keep the file's line ending, replace or insert by line number.

export interface TextLines {
  lines: string[];
  eol: string;
  finalEol: boolean;
}

export function toLines(text: string): TextLines {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const finalEol = lines.at(-1) === '';
  if (finalEol) lines.pop();
  return { lines, eol, finalEol };
}

export function fromLines(t: TextLines): string {
  return t.lines.join(t.eol) + (t.finalEol || !t.lines.length ? t.eol : '');
}

/** The leading whitespace of a line. */
export function indentOf(line: string): string {
  return /^\s*/.exec(line)![0];
}

/** Replace the first occurrence of `text` on 1-based line `line`; false when it is not there. */
export function replaceOnLine(t: TextLines, line: number, text: string, replacement: string): boolean {
  const current = t.lines[line - 1];
  if (current === undefined || !current.includes(text)) return false;
  t.lines[line - 1] = current.replace(text, () => replacement);
  return true;
}
