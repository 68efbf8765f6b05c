// What checks share: the run (tenant, options, tokens, limits, send ledger, audit) and one item's attempt
// (its path, the open SMTP session, the token, the test id and whether a message went out).
import type { Client } from '@microsoft/microsoft-graph-client';
import type { AppToken } from '../m365/token.js';
import type { Tenant } from '../m365/tenant.js';
import type { PlanItem } from '../plan/types.js';
import type { LookupAll, SmtpSession } from '../smtp/index.js';
import type { AuditEntry, AuditLog } from './audit.js';
import type { TokenSource } from './credentials.js';
import type { KeyedSemaphore, TokenBucket } from './limits.js';
import type { VerifyPath } from './path.js';
import type { Redactor } from './redact.js';
import type { BackoffOptions } from './retry.js';
import type { SendLedger } from './sends.js';
import type { ItemResult } from './types.js';

export interface VerifyOptions {
  /** Deliver a test message on each path (DATA / sendMail). */
  send?: boolean;
  /** Find the test message in the recipient's mailbox through Graph (needs send). */
  confirm?: boolean;
  /** Timeout of each step (SMTP command, token request, Graph call). Default 10 s. */
  stepTimeoutMs?: number;
  /** Per item, retries included. Default 120 s. */
  deadlineMs?: number;
  /** How long --confirm looks for the message. Default 120 s. */
  confirmTimeoutMs?: number;
  /** Items verified at once. Default 8. */
  concurrency?: number;
  /** Extra CA to trust (a TLS-inspecting proxy, the sandbox); default the tenant file's endpoints.caFile. */
  caFile?: string | null;
  env?: NodeJS.ProcessEnv;
  /** host → address, as curl's --resolve: test a host before its DNS points at it. */
  resolve?: Record<string, string>;
  clientName?: string;
  /** Exchange's limits, kept from this side. */
  connectionsPerMailbox?: number;
  messagesPerMinute?: number;
  graphRequestsPerMailbox?: number;
  backoff?: BackoffOptions;
  /** JSON-lines audit log; null: none. */
  auditFile?: string | null;
  onAudit?(entry: AuditEntry): void;
  onItem?(result: ItemResult, done: number, total: number): void;
}

export type Settings = Required<Pick<VerifyOptions, 'send' | 'confirm' | 'stepTimeoutMs' | 'deadlineMs' | 'confirmTimeoutMs' | 'concurrency'>>;

export interface RunContext {
  runId: string;
  tenant: Tenant;
  settings: Settings;
  options: VerifyOptions;
  env: NodeJS.ProcessEnv;
  /** The CAs a path's TLS trusts: the rehearsal CA alone for tenant endpoints, public roots plus it elsewhere. */
  caFor(path: VerifyPath): string[] | undefined;
  caFile: string | null;
  lookup: LookupAll | undefined;
  tokens: TokenSource;
  graph(): Promise<Client>;
  connections: KeyedSemaphore;
  graphSlots: KeyedSemaphore;
  rate: TokenBucket;
  sends: SendLedger;
  redactor: Redactor;
  audit: AuditLog;
}

export interface ItemContext {
  run: RunContext;
  item: PlanItem;
  path: VerifyPath;
  /** X-Relay365-Test-Id: one per item for the whole run, so retries never mint a second message. */
  testId: string;
  deadline: number;
  attempt: number;
  session: SmtpSession | null;
  token: AppToken | null;
  /** When a message for this path was handed over (by this item or one sharing the path), and its id. */
  sent: { at: number; testId: string } | null;
  /** End-to-end, when --confirm found the message. */
  latencyMs: number | null;
  /** Names of the checks that passed (or warned) in this attempt. */
  passed: Set<string>;
}
