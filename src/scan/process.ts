// One candidate file → findings: decode, feed .env files to the indirection pass, run each matching detector.
// Always in the main thread: worker threads only walk, read, decode and pass on the files worth parsing.
import type { Finding, ScanWarning, WarningCode } from '../inventory/types.js';
import { binaryWarning, decode } from './decode.js';
import { worthScrubbing } from './redact.js';
import type { Detector, ExtractContext, SourceFile } from './detector.js';
import { parseEnvFile, type EnvEntry } from './env.js';
import { isEnvFile, isExampleName, type DetectorMatcher, type PathMatch } from './match.js';

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

export function processFile(state: ScanState, matcher: DetectorMatcher, path: string, bytes: Uint8Array, match = matcher.match(path)): void {
  state.filesRead++;
  state.bytesRead += bytes.length;
  const decoded = decode(bytes);
  if ('binary' in decoded) {
    state.warnings.push(binaryWarning(path));
    return;
  }
  processText(state, path, decoded.text, match);
}

/** A decoded candidate (read here, or read, decoded and found worth it by a worker thread). */
export function processText(state: ScanState, path: string, text: string, match: PathMatch | null): void {
  // .env files feed the indirection pass; their example copies never resolve a live setting.
  const exampleFile = match?.exampleFile ?? isExampleName(path);
  if (isEnvFile(path) && !exampleFile) for (const e of parseEnvFile(text, path, (v) => { if (worthScrubbing(v)) state.secrets.add(v); })) state.envEntries.push(e);
  if (!match) return;
  for (const detector of match.detectors) {
    if (detector.extractAll) {
      state.batchFiles.push({ detector: detector.id, file: { path, content: text, exampleFile: match.exampleFile } });
      continue;
    }
    if (!detector.extract || (detector.hint && !detector.hint.test(text))) continue;
    try {
      const found = detector.extract(text, path, contextFor(state, path, match.exampleFile, detector));
      if (found) for (const f of found) state.findings.push(f);
    } catch (error) {
      state.warnings.push({ path, code: 'parse-error', message: `${detector.id}: ${(error as Error).message ?? String(error)}`.slice(0, 300) });
    }
  }
}
