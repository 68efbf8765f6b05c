// One candidate file → findings: decode, feed .env files to the indirection pass, run each matching detector.
// Shared by the inline scan and the worker threads of a parallel scan.
import type { Finding, ScanWarning, WarningCode } from '../inventory/types.js';
import { decode } from './decode.js';
import { worthScrubbing } from './redact.js';
import type { Detector, ExtractContext, SourceFile } from './detector.js';
import { isEnvFile, parseEnvFile, type EnvEntry } from './env.js';
import { isExampleName, type DetectorMatcher } from './match.js';

export interface ScanState {
  findings: Finding[];
  warnings: ScanWarning[];
  secrets: Set<string>;
  envEntries: EnvEntry[];
  /** Files for detectors that need all their files at once (extractAll), run at the end in the main thread. */
  batchFiles: { detector: string; file: SourceFile }[];
  filesRead: number;
  bytesRead: number;
}

export function createState(): ScanState {
  return { findings: [], warnings: [], secrets: new Set(), envEntries: [], batchFiles: [], filesRead: 0, bytesRead: 0 };
}

export function contextFor(state: ScanState, path: string, exampleFile: boolean, detector: Detector, files?: SourceFile[]): ExtractContext {
  return {
    path,
    exampleFile,
    warn: (code: WarningCode, message: string, line?: number) => state.warnings.push({ path, ...(line ? { line } : {}), code, message: `${detector.id}: ${message}` }),
    secret: (value) => { if (worthScrubbing(value)) state.secrets.add(value); },
    sibling: files ? (suffix: string) => files.find((f) => f.path.replace(/\\/g, '/').endsWith(suffix)) : undefined,
  };
}

export function processFile(state: ScanState, matcher: DetectorMatcher, path: string, bytes: Uint8Array): void {
  state.filesRead++;
  state.bytesRead += bytes.length;
  const match = matcher.match(path);
  const decoded = decode(bytes);
  if ('binary' in decoded) {
    state.warnings.push({ path, code: 'binary', message: 'binary content in a file named like a config; skipped' });
    return;
  }
  // .env files feed the indirection pass; their example copies never resolve a live setting.
  const exampleFile = match?.exampleFile ?? isExampleName(path);
  if (isEnvFile(path) && !exampleFile) for (const e of parseEnvFile(decoded.text, path, (v) => { if (worthScrubbing(v)) state.secrets.add(v); })) state.envEntries.push(e);
  if (!match) return;
  for (const detector of match.detectors) {
    if (detector.extractAll) {
      state.batchFiles.push({ detector: detector.id, file: { path, content: decoded.text, exampleFile: match.exampleFile } });
      continue;
    }
    if (!detector.extract || (detector.hint && !detector.hint.test(decoded.text))) continue;
    try {
      const found = detector.extract(decoded.text, path, contextFor(state, path, match.exampleFile, detector));
      if (found) for (const f of found) state.findings.push(f);
    } catch (error) {
      state.warnings.push({ path, code: 'parse-error', message: `${detector.id}: ${(error as Error).message ?? String(error)}`.slice(0, 300) });
    }
  }
}

/** Fold a worker's state into the main one. */
export function mergeState(into: ScanState, from: Omit<ScanState, 'secrets'> & { secrets: Iterable<string> }): void {
  for (const f of from.findings) into.findings.push(f);
  for (const w of from.warnings) into.warnings.push(w);
  for (const s of from.secrets) into.secrets.add(s);
  for (const e of from.envEntries) into.envEntries.push(e);
  for (const b of from.batchFiles) into.batchFiles.push(b);
  into.filesRead += from.filesRead;
  into.bytesRead += from.bytesRead;
}
