// The report model (schemaVersion 1): ONE data object built from whatever stages ran; every renderer reads only this.
// The shape is documented for users of `report --format json` in src/report/README.md; change both together.
import type { EndpointKind, SecretState, Security } from '../inventory/types.js';
import type { NewSettings, PlanPatch, PlanStep, Risk, Target } from '../plan/types.js';
import type { CheckResult, CheckStatus } from '../verify/types.js';

export const REPORT_SCHEMA_VERSION = 1 as const;

/** Basic auth for SMTP AUTH is disabled by default for existing tenants at the end of December 2026 (facts §1.4). */
export const BASIC_AUTH_OFF_DATE = '2026-12-31';

export type ReportFormat = 'md' | 'html' | 'json' | 'csv';
export type SenderKind = 'relay' | 'app' | 'script' | 'device' | 'client' | 'unknown';
export type Severity = 'high' | 'medium' | 'low';
export type Stage = 'inventory' | 'plan' | 'results' | 'fitness';
export type OverallStatus = 'pass' | 'warn' | 'fail' | 'incomplete' | 'not-run';
export type SenderStatus = 'ready' | 'pending' | 'blocked' | 'skipped';
export type Tone = 'ok' | 'warn' | 'fail' | 'neutral';

export interface ReportModel {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedAt: string;
  tool: { name: 'relay365'; version: string };
  title: string;
  inputs: ReportInput[];
  problems: InputProblem[];
  summary: ReportSummary;
  flow: { before: FlowGraph; after: FlowGraph };
  charts: ReportCharts;
  senders: SenderSection[];
  relays: RelaySection[];
  security: SecurityFinding[];
  cutover: CutoverPlan;
  appendix: Appendix;
}

export interface ReportInput { stage: Stage; file: string; generatedAt: string | null; records: number; /** Records left out, and why. */ skipped?: { count: number; why: string } }

/** An input that could not be used (or a part of it): the report still renders from the rest. */
export interface InputProblem { file: string; line: number | null; message: string }

export interface CountRow { key: string; count: number }

export interface Blocker { senderId: string; sender: string; code: string; text: string }

export interface ReportSummary {
  senders: number;
  byKind: CountRow[];
  byTarget: CountRow[];              // 'unplanned' when no plan item covers the sender
  byStatus: CountRow[];              // ready | pending | blocked (skipped senders are not counted anywhere)
  blockers: Blocker[];
  readyForCutover: boolean;
  basicAuth: { date: string; daysLeft: number; text: string };
  verification: {
    status: OverallStatus;
    pass: number; fail: number; warn: number; skipped: number; notRun: number;
    verifiedAt: string | null;
    sent: boolean | null;            // verify ran with --send
  };
  security: { high: number; medium: number; low: number };
  logs: { messages: number; recipients: number; senders: number; firstSeen: string | null; lastSeen: string | null } | null;
  findings: { active: number; inactive: number };
}

export interface FlowNode {
  id: string;
  label: string;
  detail: string | null;
  column: 0 | 1 | 2;                 // 0 senders, 1 relay or endpoint, 2 destination
  count: number;                     // senders folded into this node (large estates are grouped)
  tone: Tone;
}
export interface FlowEdge { from: string; to: string; label: string | null; tone: Tone }
export interface FlowGraph { nodes: FlowNode[]; edges: FlowEdge[] }

export interface DailyPoint {
  date: string;                      // YYYY-MM-DD
  messages: number;
  recipients: number;
  deferred: number;
  bounced: number;
  rejected: number;
}

export interface ReportCharts {
  volumePerSender: { senderId: string | null; label: string; messages: number; recipients: number }[];
  perDay: DailyPoint[];              // empty when the logs carried no per-day series
  tlsVersions: CountRow[];           // from logs, probes and sandbox sessions
  targets: CountRow[];
}

export interface SourceRef {
  kind: 'file' | 'log' | 'probe' | 'manual';
  id: string | null;                 // finding id, log sender id, probe target or device id in the inventory
  where: string;                     // 'path:line', 'log file (client)', 'host:port'
  detail: string | null;
}

export interface LogEvidence {
  source: string;
  relay: string | null;
  client: string;                    // host [ip]
  saslUser: string | null;
  envelopeFrom: string[];
  messages: number;
  recipients: number;
  internalRecipients: number;
  externalRecipients: number;
  topDomains: CountRow[];
  tls: CountRow[];
  auth: CountRow[];
  firstSeen: string | null;
  lastSeen: string | null;
  peakPerMinute: number;
  peakPerDay: number;
  rejected: { relayDenied: number; authFailed: number; other: number };
  files: string[];
}

export interface ProbeView {
  target: string;
  host: string;
  port: number;
  reachable: boolean;
  banner: string | null;
  starttls: boolean;
  tlsProtocol: string | null;
  cipher: string | null;
  certSubject: string | null;
  certIssuer: string | null;
  certValidTo: string | null;
  selfSigned: boolean | null;
  hostnameMatch: boolean | null;
  authBeforeTls: string[];
  authAfterTls: string[];
  openRelay: boolean | null;
  relayReply: string | null;
  error: string | null;
}

export interface CurrentView {
  host: string | null;
  port: number | null;
  security: Security;
  auth: string;                      // 'password', 'none', 'oauth2', …
  username: string | null;
  secret: SecretState | null;        // where the password lives, never its value
  secretWhere: string | null;
  from: string[];
  endpointKind: EndpointKind;
  maxTls: string | null;
  messagesPerDay: number | null;
}

export interface TargetView {
  target: Target;
  plannedTarget: Target;
  overridden: boolean;
  reason: string;
  rule: string | null;
  alternatives: { target: Target; reason: string }[];
  settings: NewSettings;
  notes: string | null;              // the human's override notes
}

export interface VerificationView {
  status: CheckStatus | 'not-run';
  at: string | null;                 // when verify ran
  testId: string | null;
  latencyMs: number | null;
  checks: CheckResult[];
}

export interface FitnessView {
  at: string;
  service: string;
  client: string;
  tls: string;                       // 'TLSv1.3', 'none', 'refused: …'
  authTried: string[];
  authOutcome: string;
  outcome: string;
  reply: string | null;
  ready: boolean;
  target: string;
  reason: string;
}

export interface ChecklistItem { who: 'entra' | 'exchange' | 'dns' | 'device' | 'admin'; text: string; command: string | null; done: boolean }

export interface SenderSection {
  id: string;
  name: string;
  kind: SenderKind;
  system: string;
  status: SenderStatus;
  sources: SourceRef[];
  evidence: { where: string; text: string }[];
  log: LogEvidence | null;
  probe: ProbeView | null;
  current: CurrentView;
  target: TargetView | null;         // null: no plan covers this sender yet
  patch: PlanPatch | null;
  steps: PlanStep[];
  risks: Risk[];
  verification: VerificationView;
  fitness: FitnessView[];
  blockers: Blocker[];
  checklist: ChecklistItem[];
  rollback: string;
}

export interface RelaySection { probe: ProbeView; senders: string[] }

export type SecurityCode =
  | 'open-relay' | 'auth-plaintext' | 'no-starttls' | 'tls-below-1.2' | 'cert-expired' | 'cert-self-signed'
  | 'cert-name-mismatch' | 'plaintext-secret' | 'probe';

export interface SecurityFinding {
  severity: Severity;
  code: SecurityCode;
  title: string;
  where: string;
  detail: string;
  senderId: string | null;
}

export interface CutoverPlan {
  before: ChecklistItem[];
  perSender: { senderId: string; name: string; target: Target | null; items: ChecklistItem[]; rollback: string }[];
  after: ChecklistItem[];
}

export interface ScriptLine { who: PlanStep['who']; text: string; command: string | null; senders: string[] }

export interface Appendix {
  tenant: {
    tenantId: string | null; initialDomain: string | null; cloud: string; acceptedDomains: string[];
    mxEndpoint: string | null; staticIps: string[]; securityDefaults: boolean | null;
    rejectDirectSend: boolean | null; smtpAuthDisabledOrg: boolean | null;
  } | null;
  todo: string[];
  script: ScriptLine[];              // Entra and Exchange steps, each once, with the senders that need it
  scriptText: string;                // the same as one PowerShell file
  dns: ScriptLine[];
  inactive: { where: string; system: string; host: string | null; reason: string }[];
  unmatchedFitness: FitnessView[];
  scanWarnings: { where: string; code: string; message: string }[];
}
