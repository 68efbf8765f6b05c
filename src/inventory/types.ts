// The inventory: facts found by scan (config files), logs (relay logs) and probe (live relays).
// Shapes follow shared/DESIGN.md "Data"; optional fields beyond it are marked as relay365 additions.
import type { LogSender, LogTotals } from '../logs/types.js';
import type { ProbeResult } from '../probe/types.js';

export const SCHEMA_VERSION = 1 as const;

export type Security = 'none' | 'starttls' | 'tls' | 'unknown';
export type AuthMethod = 'none' | 'password' | 'oauth2' | 'ntlm' | 'unknown';
export type SecretState = 'present' | 'absent' | 'external';
export type EndpointKind =
  | 'm365-submission' | 'm365-mx' | 'm365-hve' | 'acs' | 'windows-live' | 'outlook-consumer'
  | 'other-public' | 'internal' | 'local' | 'unknown';

/** Where a value sits in its file, so one generic patcher can rewrite it (relay365 addition). */
export interface ValueLocation {
  line: number;      // 1-based
  text: string;      // the exact text of the value on that line (never a secret)
}

export interface Finding {
  id: string;
  detector: string;
  system: string;
  path: string;
  line: number | null;
  host: string | null;
  port: number | null;
  security: Security;
  auth: { method: AuthMethod; username: string | null; secret: SecretState };
  from: string | null;
  endpointKind: EndpointKind;
  active: boolean;
  evidence: string;
  // relay365 additions (optional):
  /** Where the secret lives when it is not inline: "file:/etc/postfix/sasl_passwd:3", "env:SMTP_PASSWORD", "vault:…". Never the value. */
  secretRef?: string;
  /** Why the finding is inactive: 'commented' | 'example-file' | 'placeholder' | 'unresolved'. */
  inactiveReason?: string;
  /** For values reached through indirection: field -> where it came from ("env:MAIL_HOST from .env:3"). */
  valueSources?: Record<string, string>;
  /** Locations of the values in the file, for patching. */
  locations?: Partial<Record<'host' | 'port' | 'security' | 'username' | 'from', ValueLocation>>;
  /** Free-form notes a human should read (e.g. "port 465: implicit TLS, not supported by smtp.office365.com"). */
  notes?: string[];
  /** How the sender is used: 'relay' (an MTA forwarding for others), 'app', 'script', 'device', 'client'. */
  role?: 'relay' | 'app' | 'script' | 'device' | 'client';
}

export type WarningCode =
  | 'unreadable' | 'too-large' | 'truncated' | 'binary' | 'decode' | 'symlink-loop' | 'special-file'
  | 'parse-error' | 'too-deep' | 'not-found' | 'gzip-error' | 'unknown-line' | 'timeout' | 'skipped';

export interface ScanWarning {
  path: string;
  line?: number;
  code: WarningCode;
  message: string;
}

export interface Inventory {
  schemaVersion: typeof SCHEMA_VERSION;
  generatedAt: string;
  tool: { name: 'relay365'; version: string };
  roots: string[];
  findings: Finding[];
  senders: LogSender[];
  relays: ProbeResult[];
  warnings: ScanWarning[];
  stats: { filesSeen: number; filesRead: number; bytesRead: number; ms: number };
  /** relay365 addition: totals from `logs`, when logs were read. */
  logTotals?: LogTotals;
  /** relay365 addition: senders typed in by hand (devices that only have a web UI). */
  manual?: ManualDevice[];
}

/** A device entered by hand in the wizard or a YAML file: it has no scannable config (relay365 addition). */
export interface ManualDevice {
  id: string;
  name: string;                  // "3rd floor MFP (Ricoh IM C3000)"
  kind: 'printer' | 'scanner' | 'ups' | 'bmc' | 'nas' | 'appliance' | 'other';
  ip: string | null;
  host: string | null; port: number | null;
  security: Security;
  auth: { method: AuthMethod; username: string | null; secret: SecretState };
  from: string | null;
  maxTls: '1.0' | '1.1' | '1.2' | '1.3' | 'unknown';
  supportsOAuth: boolean | null;
  notes: string;
  /** Make and model, when known ("Ricoh IM C3000"). */
  model?: string;
  /** Where the device was entered: "devices.yaml:12" (a wizard session writes the same file). */
  source?: string;
}
