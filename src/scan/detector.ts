// The detector contract (shared/STYLE.md "Detectors"): pure functions from file text to findings.
import type { AuthMethod, EndpointKind, Finding, SecretState, Security, ValueLocation, WarningCode } from '../inventory/types.js';
import { classifyHost, normaliseHost } from '../m365/endpoints.js';
import { stableId } from '../util/hash.js';
import { redactEvidence } from './redact.js';
import { isPlaceholder } from './values.js';

export interface SourceFile {
  path: string;
  content: string;
  /** The file is an example/template (`.example`, `.sample`, `.dist`, …): its findings are inactive. */
  exampleFile: boolean;
}

export interface ExtractContext {
  path: string;
  exampleFile: boolean;
  /** Report something that could not be read; the scan goes on. */
  warn(code: WarningCode, message: string, line?: number): void;
  /** Register a secret value seen in the file: it is scrubbed from every output even if it slips into evidence. */
  secret(value: string | null | undefined): void;
  /** Other files of the same scan, for formats whose secret or value lives elsewhere (read-only, by path suffix). */
  sibling?(pathSuffix: string): SourceFile | undefined;
}

export interface Detector {
  /** kebab-case id, e.g. 'postfix', 'dotnet-config'. */
  id: string;
  /** Human name of the system, e.g. 'Postfix', '.NET web.config'. */
  system: string;
  /**
   * Files to read. A pattern without '/' matches the base name ('main.cf', '*.ps1', '.env*');
   * one with '/' matches the end of the path ('postfix/main.cf', 'exim4/conf.d/**').
   * Example suffixes (.example, .sample, .dist, .template, .tmpl, .orig, .default) are stripped before matching.
   */
  files: string[];
  /** Cheap content test: when given and it does not match, the file is not parsed. */
  hint?: RegExp;
  /** One file → findings; null when the file holds no mail setting after all. Never throws on messy input. */
  extract?(content: string, path: string, ctx: ExtractContext): Finding[] | null;
  /** Formats that need several files at once (Postfix main.cf + sasl_passwd). Called once per scan. */
  extractAll?(files: SourceFile[], ctx: (path: string) => ExtractContext): Finding[];
}

export interface FindingDraft {
  line: number | null;
  host?: string | null;
  port?: number | null;
  security?: Security;
  auth?: { method?: AuthMethod; username?: string | null; secret?: SecretState };
  from?: string | null;
  endpointKind?: EndpointKind;
  active?: boolean;
  inactiveReason?: string;
  evidence: string;
  secretRef?: string;
  valueSources?: Record<string, string>;
  locations?: Finding['locations'];
  notes?: string[];
  role?: Finding['role'];
  /** Disambiguates two findings on one line (e.g. two accounts); part of the id. */
  key?: string;
  /** Overrides the detector's system name when one detector reads several families (`.env`: Laravel, Symfony, …). */
  system?: string;
}

const MAX_EVIDENCE = 600;
const MAX_HOST = 253;

/** Build a complete Finding from a detector's draft: id, endpoint kind, placeholder and example-file rules, redaction. */
export function createFinding(detector: Pick<Detector, 'id' | 'system'>, ctx: Pick<ExtractContext, 'path' | 'exampleFile'> & { secrets?: Iterable<string> }, draft: FindingDraft): Finding {
  const rawHost = draft.host?.trim() || null;
  const hostPlaceholder = rawHost !== null && isPlaceholder(rawHost);
  let host = rawHost === null ? null : hostPlaceholder ? rawHost : normaliseHost(rawHost) || null;
  let active = draft.active ?? true;
  let inactiveReason = draft.inactiveReason;
  // No DNS name is longer than 253 characters or holds control characters: a damaged or hostile value, kept short.
  const invalidHost = host !== null && !hostPlaceholder && (host.length > MAX_HOST || /[\u0000-\u001f\u007f]/.test(host));
  if (invalidHost) {
    host = host!.length > MAX_HOST ? `${host!.slice(0, MAX_HOST)}…` : host;
    if (active) { active = false; inactiveReason = 'invalid-host'; }
    if (draft.locations?.host) draft.locations = { ...draft.locations, host: undefined };
  }
  if (active && ctx.exampleFile) { active = false; inactiveReason = 'example-file'; }
  if (active && hostPlaceholder) { active = false; inactiveReason = 'placeholder'; }
  if (!active && !inactiveReason) inactiveReason = 'commented';
  const port = draft.port ?? null;
  // A detector whose format says nothing of TLS: port 465 is SMTPS (implicit TLS). One that knows its client cannot
  // speak it there (sendmail, esmtp) says 'unknown' itself and keeps it.
  const notes = draft.notes ? [...draft.notes] : [];
  let security = draft.security ?? 'unknown';
  if (draft.security === undefined && port === 465) { security = 'tls'; notes.push('port 465: implicit TLS (SMTPS)'); }
  const finding: Finding = {
    id: stableId(detector.id, ctx.path, draft.line, draft.key),
    detector: detector.id,
    system: draft.system ?? detector.system,
    path: ctx.path,
    line: draft.line,
    host,
    port: Number.isInteger(port) && port! > 0 && port! < 65536 ? port : null,
    security,
    auth: {
      method: draft.auth?.method ?? (draft.auth?.username ? 'password' : 'unknown'),
      username: draft.auth?.username ?? null,
      secret: draft.auth?.secret ?? 'absent',
    },
    from: draft.from ?? null,
    endpointKind: draft.endpointKind ?? (hostPlaceholder || invalidHost ? 'unknown' : classifyHost(host)),
    active,
    evidence: truncate(redactEvidence(draft.evidence, ctx.secrets ?? [])),
  };
  if (inactiveReason && !active) finding.inactiveReason = inactiveReason;
  if (draft.secretRef) finding.secretRef = draft.secretRef;
  if (draft.valueSources && Object.keys(draft.valueSources).length) finding.valueSources = draft.valueSources;
  if (draft.locations && Object.keys(draft.locations).length) finding.locations = draft.locations;
  if (notes.length) finding.notes = notes;
  if (draft.role) finding.role = draft.role;
  return finding;
}

function truncate(text: string): string {
  return text.length > MAX_EVIDENCE ? `${text.slice(0, MAX_EVIDENCE - 1)}…` : text;
}

/** A location for a value found on a line (helper for detectors that record where values sit). */
export function at(line: number, text: string | number | null | undefined): ValueLocation | undefined {
  return text === null || text === undefined || text === '' ? undefined : { line, text: String(text) };
}
