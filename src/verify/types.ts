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
}

export interface ItemResult {
  id: string;
  name?: string;
  target: Target;
  status: CheckStatus;
  checks: CheckResult[];
  testId?: string | null;        // X-Relay365-Test-Id of the message sent (with --send)
  latencyMs?: number | null;     // end-to-end, with --confirm
}

export interface Results {
  schemaVersion: 1;
  generatedAt: string;
  plan: string | null;           // the plan file verified
  send: boolean;
  summary: { total: number; pass: number; fail: number; warn: number; skipped: number };
  items: ItemResult[];
}
