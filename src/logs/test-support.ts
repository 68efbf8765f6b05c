// Helpers for log tests: run the analyzer on a text, find a sender, damage lines reproducibly.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeLogs, type AnalyzeOptions } from './analyze.js';
import type { LogReport, LogSender } from './types.js';

const MUTATION_TOKENS = [' ', '  ', ':', ': ', '[', ']', '<', '>', ', ', ',', '=', '\t', '\r', '\u00a0', '0', '9', 'to=<', 'from=<', ', size=', 'relay=',
  'delay=', 'delays=', 'dsn=', 'status=', 'orig_to=<', 'conn_use=', 'postfix/', 'smtps/', 'submission/', 'T', 'Z', '+01:00', '.123', 'x', 'client=', ': reject: '];

/** Damage a log line at random (insert a token, drop a few characters, or cut it short): input for agreement tests. */
export function mutateLine(line: string, rnd: () => number): string {
  let out = line;
  const edits = 1 + Math.floor(rnd() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const roll = rnd();
    if (roll < 0.4) out = out.slice(0, at) + MUTATION_TOKENS[Math.floor(rnd() * MUTATION_TOKENS.length)] + out.slice(at);
    else if (roll < 0.8) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rnd() * 4));
    else out = out.slice(0, at);
  }
  return out;
}

/** A small deterministic generator for tests (linear congruential: reproducible, not random-looking enough for anything else). */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) & 0x7fffffff;
    return a / 0x7fffffff;
  };
}

/** Run the analyzer on one file with this content (a temp file, removed afterwards). */
export async function analyzeText(name: string, content: string | Buffer, options: Omit<AnalyzeOptions, 'files'> = {}): Promise<LogReport> {
  const dir = mkdtempSync(join(tmpdir(), 'r365-logs-'));
  try {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    return await analyzeLogs({ ...options, files: [path] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The sender seen from this IP (or host, or SASL user); fails the test when there is none. */
export function senderOf(report: LogReport, key: string): LogSender {
  const found = report.senders.find((s) => s.ip === key || s.host === key || s.saslUser === key);
  if (!found) throw new Error(`no sender ${key} among ${report.senders.map((s) => s.ip ?? s.host ?? s.saslUser).join(', ')}`);
  return found;
}
