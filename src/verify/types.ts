// results.json (shared/DESIGN.md "Data"): per plan item, the checks that ran and what the server said.
import type { Target } from '../plan/types.js';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skipped';

export interface CheckResult {
  name: string;                 // 'dns', 'tcp', 'banner', 'ehlo', 'starttls', 'auth', 'mail-from', 'rcpt-to', 'data', 'token', 'roles', 'sendmail', 'confirm'
  status: CheckStatus;
  ms: number;
  reply: string | null;         // the server's reply line(s), secrets redacted
  code: string | null;          // '535 5.7.139', 'graph 403', 'ECONNREFUSED'
  diagnosis: string | null;
  hint: string | null;
  // relay365 additions (optional):
  /** How many times the step ran (transient replies are retried with backoff inside the item's deadline). */
  attempts?: number;
}

export interface ItemResult {
  id: string;
  name?: string;
  target: Target;
  status: CheckStatus;
  checks: CheckResult[];
  testId?: string | null;        // X-Relay365-Test-Id of the message sent (with --send)
  latencyMs?: number | null;     // end-to-end, with --confirm
  // relay365 additions (optional):
  /** Where verify connected: 'smtp.office365.com:587', or the rehearsal endpoint that stood in for it. */
  endpoint?: string | null;
  /** How many times the path was tried (a transient failure of a session step retries the whole session). */
  attempts?: number;
  ms?: number;
}

export interface Results {
  schemaVersion: 1;
  generatedAt: string;
  plan: string | null;           // the plan file verified
  send: boolean;
  summary: { total: number; pass: number; fail: number; warn: number; skipped: number };
  items: ItemResult[];
  // relay365 additions (optional):
  /** The JSON-lines audit log of every attempt, written beside results.json. */
  auditLog?: string | null;
  ms?: number;
}
