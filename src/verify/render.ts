// The doctor-style list on screen (npm doctor / flutter doctor): per item a line, per check a mark, its time and
// what the server said; a failure or warning adds the diagnosis and the fix. Colour only when the terminal wants it.
import { paint } from '../util/term.js';
import type { CheckResult, CheckStatus, ItemResult, Results } from './types.js';

const MARKS: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '!', skipped: '–' };
const COLOURS = { pass: 'green', fail: 'red', warn: 'yellow', skipped: 'gray' } as const;
const WIDTH = 140;

function cut(text: string, width = WIDTH): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

export function latency(ms: number): string {
  return ms < 10_000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function mark(status: CheckStatus, color: boolean): string {
  return paint(color, COLOURS[status], MARKS[status]);
}

function renderCheck(check: CheckResult, color: boolean): string[] {
  const tries = check.attempts && check.attempts > 1 ? ` (${check.attempts} tries)` : '';
  const head = `    ${mark(check.status, color)} ${check.name.padEnd(10)} ${`${check.ms} ms`.padStart(8)}${tries}  `;
  const text = check.status === 'skipped' ? check.diagnosis ?? check.reply : check.reply ?? check.diagnosis;
  const lines = [`${head}${cut(text ?? '', WIDTH - 30)}`];
  const indent = ' '.repeat(27);
  if (check.status === 'fail' || check.status === 'warn') {
    // diagnosis and fix in full: they are what the reader acts on
    if (check.diagnosis && check.reply) lines.push(`${indent}${check.diagnosis}`);
    if (check.hint) lines.push(`${indent}${paint(color, 'bold', 'fix:')} ${check.hint}`);
  }
  return lines;
}

export function renderItem(item: ItemResult, color: boolean): string[] {
  const where = item.endpoint ? `  ${paint(color, 'dim', item.endpoint)}` : '';
  const extra = [item.testId ? `Test-Id ${item.testId}` : '', item.latencyMs != null ? `delivered in ${latency(item.latencyMs)}` : '']
    .filter(Boolean).join(', ');
  return [
    `${mark(item.status, color)} ${paint(color, 'bold', item.name ?? item.id)}  ${item.target}${where}${extra ? `  (${extra})` : ''}`,
    ...item.checks.flatMap((c) => renderCheck(c, color)),
  ];
}

export function renderResults(results: Results, color: boolean): string {
  const { summary } = results;
  const lines = results.items.flatMap((item) => [...renderItem(item, color), '']);
  const parts = [`${summary.pass} passed`, `${summary.warn} with warnings`, `${summary.fail} failed`, `${summary.skipped} skipped`];
  lines.push(`${summary.total} paths verified${results.send ? ' (test messages sent)' : ' (nothing sent: add --send to deliver test messages)'}: ${parts.join(', ')}.`);
  return lines.join('\n');
}
