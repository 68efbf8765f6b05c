// The audit log: one JSON line per attempt of a step (time, item, path, step, status, reply, retry, ms), appended
// beside results.json as the run goes — the record auditors ask for. Every line passes the redactor first.
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CheckStatus } from './types.js';
import type { Redactor } from './redact.js';

export interface AuditEntry {
  at: string;
  run: string;                 // one id per verify run
  item: string;
  path: string;                // describePath()
  step: string;
  status: CheckStatus;
  ms: number;
  reply: string | null;
  code: string | null;
  /** 0 for the first try of the step, then 1, 2, … */
  retry: number;
  transient?: boolean;
  /** The wait before the next try, when one follows. */
  waitMs?: number;
  testId?: string;
  note?: string;
}

export class AuditLog {
  private queue: Promise<void> = Promise.resolve();
  private failed: Error | null = null;

  constructor(readonly file: string | null, private readonly redactor: Redactor, private readonly onEntry?: (entry: AuditEntry) => void) {
    if (file) this.queue = mkdir(dirname(file), { recursive: true }).then(() => undefined);
  }

  record(entry: AuditEntry): void {
    const clean = this.redactor.scrubDeep(entry);
    this.onEntry?.(clean);
    if (!this.file) return;
    const line = `${JSON.stringify(clean)}\n`;
    const file = this.file;
    // appended in order, one line at a time: a crash loses at most the line being written
    this.queue = this.queue.then(() => appendFile(file, line, { mode: 0o600 })).catch((error: Error) => { this.failed ??= error; });
  }

  /** Wait for every line; throws when the log could not be written. */
  async flush(): Promise<void> {
    await this.queue;
    if (this.failed) throw this.failed;
  }
}
