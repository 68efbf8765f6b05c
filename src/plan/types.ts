// plan.yaml (shared/DESIGN.md "Data"): one item per sender, with the human-owned `override`.
import type { AuthMethod, EndpointKind, Security } from '../inventory/types.js';
import type { Tenant } from '../m365/tenant.js';

export type Target = 'graph' | 'smtp-oauth' | 'direct-send' | 'connector-relay' | 'hve' | 'acs' | 'bridge' | 'smtp-basic';

export const TARGETS: Target[] = ['graph', 'smtp-oauth', 'direct-send', 'connector-relay', 'hve', 'acs', 'bridge', 'smtp-basic'];

export interface CurrentSettings {
  kind: 'relay' | 'app' | 'script' | 'device' | 'client' | 'unknown';
  system: string;                       // 'Postfix', 'PowerShell', 'Ricoh MFP'
  where: string[];                      // 'path:line', 'log:/var/log/mail.log (10.0.0.21)', 'probe:relay01:25'
  host: string | null;
  port: number | null;
  security: Security;
  auth: { method: AuthMethod; username: string | null };
  from: string[];
  endpointKind: EndpointKind;
  volume?: { messagesPerDay: number; recipientsPerDay: number; peakPerMinute: number; externalRecipients: number; internalRecipients: number } | null;
  maxTls?: string | null;               // highest TLS version seen for this sender (logs, probe, sandbox)
}

export interface NewSettings {
  host: string | null;
  port: number | null;
  security: Security;
  auth: 'oauth2' | 'none' | 'password' | 'certificate' | 'ip';
  username: string | null;              // the mailbox (smtp-oauth), SMTP username (acs, hve)
  from: string | null;
  scope?: string;                       // https://outlook.office365.com/.default, https://graph.microsoft.com/.default
  mailbox?: string | null;              // Graph: the /users/{id} mailbox
}

export interface PlanStep {
  who: 'entra' | 'exchange' | 'dns' | 'device';
  text: string;
  command?: string;
}

export interface Risk {
  code: string;                         // 'tls-below-1.2', 'port-465', 'basic-auth-retirement', 'direct-send-external', …
  severity: 'high' | 'medium' | 'low';
  text: string;
}

export interface PlanPatch {
  file: string;                         // the sender's own config file
  format: string;                       // detector id of that file
  diff: string;                         // unified diff against the scanned file (or full snippet when the file is not at hand)
  instructions?: string;                // for devices with only a web UI: settings to type in
  files?: { path: string; content: string; why: string }[];  // new files to create (token helper, Graph helper, bridge config)
}

export interface PlanOverride {
  target?: Target;
  settings?: Partial<NewSettings>;
  skip?: boolean;
  notes?: string;
  [key: string]: unknown;               // humans may add their own keys; every re-plan keeps them
}

export interface PlanItem {
  id: string;
  sources: string[];                    // finding ids, log sender ids, probe targets
  name: string;
  status?: 'new' | 'current' | 'vanished';
  current: CurrentSettings;
  target: Target;
  reason: string;
  rule?: string;                        // id of the planner rule that decided
  alternatives: { target: Target; reason: string }[];
  settings: NewSettings;
  steps: PlanStep[];
  patch: PlanPatch | null;
  risks: Risk[];
  override: PlanOverride | null;
}

export interface Plan {
  schemaVersion: 1;
  generatedAt: string;
  tenant: Tenant;
  todo: string[];                       // what the plan still needs from a human (missing tenant facts)
  items: PlanItem[];
}

/** The target after a human's override. */
export function effectiveTarget(item: PlanItem): Target {
  return item.override?.target ?? item.target;
}
