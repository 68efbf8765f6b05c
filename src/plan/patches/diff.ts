// Unified diffs, hand-written (Myers' O(ND) algorithm): no diff library is installed, and patches are small.
import { redactLine } from './redact.js';

type Op = { kind: ' ' | '-' | '+'; line: string; old?: number };

/** Shortest edit script between two line arrays (Myers 1986), as a list of kept, removed and added lines. */
export function diffLines(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, offset, d);
    }
  }
  return [];
}

function backtrack(trace: Int32Array[], a: string[], b: string[], offset: number, dEnd: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) ops.push({ kind: ' ', line: a[--x] }), y--;
    if (x === prevX) ops.push({ kind: '+', line: b[--y] });
    else ops.push({ kind: '-', line: a[--x] });
  }
  while (x > 0 && y > 0) ops.push({ kind: ' ', line: a[--x] }), y--;
  return ops.reverse();
}

function splitText(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * A unified diff (3 lines of context) from `before` to `after`; `before` null means a new file.
 * Every line taken from `before` is passed through the secret redactor: a removed password line reads `-password ***`.
 */
export function unifiedDiff(path: string, before: string | null, after: string, context = 3, secretLines: ReadonlySet<number> = new Set()): string {
  const a = before === null ? [] : splitText(before);
  const b = splitText(after);
  const ops = diffLines(a, b);
  let oldLine = 0;
  for (const op of ops) if (op.kind !== '+') op.old = ++oldLine;
  const header = [`--- ${before === null ? '/dev/null' : `a${path.startsWith('/') ? '' : '/'}${path}`}`, `+++ b${path.startsWith('/') ? '' : '/'}${path}`];
  const hunks: string[] = [];
  const lineA = [0];
  const lineB = [0];
  for (const op of ops) {
    lineA.push(lineA.at(-1)! + (op.kind === '+' ? 0 : 1));
    lineB.push(lineB.at(-1)! + (op.kind === '-' ? 0 : 1));
  }
  const oldSet = new Set(a);
  // A line the scanner or the patcher knows holds a secret is not shown at all, only its indentation.
  const show = (o: Op) => (o.old !== undefined && secretLines.has(o.old) ? `${/^\s*/.exec(o.line)![0]}*** (line with a secret, not shown)`
    : o.kind !== '+' || oldSet.has(o.line) ? redactLine(o.line) : o.line);
  const changes = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  // Changes closer than 2×context kept lines share a hunk.
  const groups: number[][] = [];
  for (const index of changes) {
    const last = groups.at(-1);
    if (last && index - last.at(-1)! - 1 <= 2 * context) last.push(index);
    else groups.push([index]);
  }
  for (const group of groups) {
    const start = Math.max(0, group[0] - context);
    const end = Math.min(ops.length, group.at(-1)! + 1 + context);
    const slice = ops.slice(start, end);
    const oldCount = slice.filter((o) => o.kind !== '+').length;
    const newCount = slice.filter((o) => o.kind !== '-').length;
    const oldStart = oldCount ? lineA[start] + 1 : lineA[start];
    const newStart = newCount ? lineB[start] + 1 : lineB[start];
    // Lines from the scanned file are redacted; lines relay365 wrote hold no secret by construction.
    hunks.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...slice.map((o) => `${o.kind}${show(o)}`));
  }
  return hunks.length ? `${[...header, ...hunks].join('\n')}\n` : '';
}

/** Apply a unified diff to a text (used by tests to prove a diff is exact; hunks must apply in order). */
export function applyDiff(before: string, diff: string): string {
  const a = splitText(before);
  const out: string[] = [];
  let pos = 0;
  const lines = diff.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^@@ -(\d+),(\d+) \+\d+,\d+ @@/.exec(lines[i]);
    if (!m) continue;
    const start = Number(m[2]) === 0 ? Number(m[1]) : Number(m[1]) - 1;
    while (pos < start) out.push(a[pos++]);
    for (i++; i < lines.length && /^[ +-]/.test(lines[i]) && !lines[i].startsWith('---'); i++) {
      const kind = lines[i][0];
      if (kind === ' ') { out.push(a[pos++]); continue; }
      if (kind === '-') { pos++; continue; }
      out.push(lines[i].slice(1));
    }
    i--;
  }
  while (pos < a.length) out.push(a[pos++]);
  return `${out.join('\n')}\n`;
}
