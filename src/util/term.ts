// Human output goes to stderr when --json owns stdout; colour and progress only on a TTY without NO_COLOR.

export interface Output {
  json: boolean;
  /** Print human text: stdout normally, stderr when --json owns stdout. */
  info(text: string): void;
  warn(text: string): void;
  /** A transient progress line (TTY only). */
  progress(text: string): void;
  endProgress(): void;
  color: boolean;
}

export function useColor(stream: NodeJS.WriteStream = process.stderr): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR === '1') return true;
  return Boolean(stream.isTTY);
}

export function createOutput(json: boolean): Output {
  const human = json ? process.stderr : process.stdout;
  const color = useColor(human);
  const tty = Boolean(process.stderr.isTTY) && useColor(process.stderr);
  let progressShown = false;
  return {
    json,
    color,
    info(text) { human.write(text.endsWith('\n') ? text : `${text}\n`); },
    warn(text) { process.stderr.write(`${paint(color, 'yellow', 'warning')} ${text}\n`); },
    progress(text) {
      if (!tty) return;
      progressShown = true;
      process.stderr.write(`\r\x1b[2K${text.slice(0, (process.stderr.columns || 80) - 1)}`);
    },
    endProgress() {
      if (progressShown) process.stderr.write('\r\x1b[2K');
      progressShown = false;
    },
  };
}

const codes = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 } as const;
export type Paint = keyof typeof codes;

export function paint(enabled: boolean, style: Paint, text: string): string {
  return enabled ? `\x1b[${codes[style]}m${text}\x1b[0m` : text;
}

/** Render rows as an aligned plain-text table (hand-written: a table is 20 lines, not a dependency). */
/** Text cut from the left to `max` characters (a path keeps its file name and line: `…/conf.d/commands.conf:149`). */
export function keepEnd(text: string, max: number): string {
  return text.length > max ? `…${text.slice(text.length - max + 1)}` : text;
}

export function table(headers: string[], rows: (string | number | null | undefined)[][], maxWidth = 48): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '-' : String(c))))]
    .map((r) => r.map((c) => (c.length > maxWidth ? `${c.slice(0, maxWidth - 1)}…` : c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
