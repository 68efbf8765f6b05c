// scan: walk the roots, hand each candidate file to the detectors that want it, collect findings and warnings.
import type { Finding, Inventory, ScanWarning, WarningCode } from '../inventory/types.js';
import { SCHEMA_VERSION } from '../inventory/types.js';
import { toolVersion } from '../util/version.js';
import { decode } from './decode.js';
import type { Detector, ExtractContext, SourceFile } from './detector.js';
import { DetectorMatcher } from './match.js';
import { DETECTORS } from './registry.js';
import { walk, type WalkStats } from './walker.js';
import { isEnvFile, parseEnvFile, resolveEnvReferences, type EnvEntry } from './env.js';
import { canonicalName } from './match.js';

export interface ScanOptions {
  roots: string[];
  exclude?: string[];
  includeVendored?: boolean;
  maxFileBytes?: number;
  detectors?: Detector[];
  onProgress?(stats: WalkStats & { findings: number }): void;
}

export interface ScanResult {
  inventory: Inventory;
  /** Every secret value a detector saw: scrubbed from anything written. Never serialised. */
  secrets: Set<string>;
}

/** Default roots: the usual config locations of this OS. */
export function defaultRoots(platform = process.platform): string[] {
  if (platform === 'win32') {
    const env = process.env;
    return [
      'C:\\inetpub', 'C:\\Windows\\System32\\inetsrv', 'C:\\Windows\\System32\\Tasks', env.ProgramData ?? 'C:\\ProgramData',
      env.ProgramFiles ?? 'C:\\Program Files', env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)', 'C:\\Scripts',
      env.USERPROFILE ?? 'C:\\Users',
    ];
  }
  return ['/etc', '/opt', '/srv', '/var/www', '/usr/local/etc', '/usr/local/bin', '/home', '/root', '/var/spool/cron'];
}

export async function scanPaths(options: ScanOptions): Promise<ScanResult> {
  const started = Date.now();
  const detectors = options.detectors ?? DETECTORS;
  const matcher = new DetectorMatcher(detectors);
  const findings: Finding[] = [];
  const warnings: ScanWarning[] = [];
  const secrets = new Set<string>();
  const batches = new Map<Detector, SourceFile[]>();
  const envEntries: EnvEntry[] = [];

  const contextFor = (path: string, exampleFile: boolean, detector: Detector, files?: SourceFile[]): ExtractContext => ({
    path,
    exampleFile,
    warn: (code: WarningCode, message: string, line?: number) => warnings.push({ path, ...(line ? { line } : {}), code, message: `${detector.id}: ${message}` }),
    secret: (value) => { if (value && value.length >= 3) secrets.add(value); },
    sibling: files ? (suffix: string) => files.find((f) => f.path.replace(/\\/g, '/').endsWith(suffix)) : undefined,
  });

  const stats = await walk({
    roots: options.roots,
    exclude: options.exclude,
    includeVendored: options.includeVendored,
    maxFileBytes: options.maxFileBytes,
    wants: (path) => matcher.match(path) !== null || isEnvFile(path),
    onWarning: (w) => warnings.push(w),
    onProgress: options.onProgress ? (s) => options.onProgress!({ ...s, findings: findings.length }) : undefined,
    onFile(file) {
      const match = matcher.match(file.path);
      const decoded = decode(file.bytes);
      if ('binary' in decoded) {
        warnings.push({ path: file.path, code: 'binary', message: 'binary content in a file named like a config; skipped' });
        return;
      }
      // .env files feed the indirection pass; their example copies never resolve a live setting.
      if (isEnvFile(file.path) && !(match?.exampleFile ?? canonicalName(file.path) !== file.path.replace(/^.*[\\/]/, ''))) {
        envEntries.push(...parseEnvFile(decoded.text, file.path, (v) => { if (v.length >= 3) secrets.add(v); }));
      }
      if (!match) return;
      for (const detector of match.detectors) {
        if (detector.extractAll) {
          const list = batches.get(detector) ?? [];
          list.push({ path: file.path, content: decoded.text, exampleFile: match.exampleFile });
          batches.set(detector, list);
          continue;
        }
        if (!detector.extract || (detector.hint && !detector.hint.test(decoded.text))) continue;
        try {
          const found = detector.extract(decoded.text, file.path, contextFor(file.path, match.exampleFile, detector));
          if (found) findings.push(...found);
        } catch (error) {
          warnings.push({ path: file.path, code: 'parse-error', message: `${detector.id}: ${(error as Error).message ?? String(error)}`.slice(0, 300) });
        }
      }
    },
  });

  for (const [detector, files] of batches) {
    try {
      findings.push(...detector.extractAll!(files, (path) => contextFor(path, files.find((f) => f.path === path)?.exampleFile ?? false, detector, files)));
    } catch (error) {
      warnings.push({ path: files[0]?.path ?? '', code: 'parse-error', message: `${detector.id}: ${(error as Error).message ?? String(error)}`.slice(0, 300) });
    }
  }

  resolveEnvReferences(findings, envEntries);
  dedupeIds(findings);
  findings.sort((a, b) => a.path.localeCompare(b.path) || (a.line ?? 0) - (b.line ?? 0) || a.detector.localeCompare(b.detector));
  const inventory: Inventory = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: new Date().toISOString(),
    tool: { name: 'relay365', version: toolVersion() },
    roots: options.roots,
    findings,
    senders: [],
    relays: [],
    warnings,
    stats: { filesSeen: stats.filesSeen, filesRead: stats.filesRead, bytesRead: stats.bytesRead, ms: Date.now() - started },
  };
  return { inventory, secrets };
}

function dedupeIds(findings: Finding[]): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const n = seen.get(f.id) ?? 0;
    seen.set(f.id, n + 1);
    if (n > 0) f.id = `${f.id}-${n}`;
  }
}
