// scan: walk the roots, hand each candidate file to the detectors that want it, collect findings and warnings.
import type { Finding, Inventory } from '../inventory/types.js';
import { SCHEMA_VERSION } from '../inventory/types.js';
import { toolVersion } from '../util/version.js';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Detector } from './detector.js';
import { DetectorMatcher } from './match.js';
import { DETECTORS } from './registry.js';
import { readBounded, walk, type WalkStats } from './walker.js';
import { isEnvFile, resolveEnvReferences } from './env.js';
import { contextFor, createState, mergeState, processFile, type ScanState } from './process.js';

export interface ScanOptions {
  roots: string[];
  exclude?: string[];
  includeVendored?: boolean;
  maxFileBytes?: number;
  detectors?: Detector[];
  /** Worker threads for big scans (default: cores, at most 4; 1 = none). */
  workers?: number;
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
  const state = createState();
  const maxFileBytes = options.maxFileBytes ?? 2 * 1024 * 1024;
  // Big scans read and parse in worker threads (2 cores: ~2x); small ones never pay for starting them.
  const pool = !options.detectors && (options.workers ?? defaultWorkers()) > 1 ? new WorkerPool(options.workers ?? defaultWorkers(), maxFileBytes) : null;
  let candidates = 0;

  const stats = await walk({
    roots: options.roots,
    exclude: options.exclude,
    includeVendored: options.includeVendored,
    maxFileBytes,
    wants: (path) => matcher.match(path) !== null || isEnvFile(path),
    onWarning: (w) => state.warnings.push(w),
    onProgress: options.onProgress ? (s) => options.onProgress!({ ...s, filesRead: s.filesRead + (pool?.sent ?? 0), findings: state.findings.length }) : undefined,
    onCandidate: pool ? (path) => {
      if (++candidates <= INLINE_FIRST) pool.inline.push(path);
      else pool.send(path);
    } : undefined,
    onFile: (file) => processFile(state, matcher, file.path, file.bytes),
  });
  if (pool) {
    const buffer = Buffer.allocUnsafe(maxFileBytes + 1);
    for (const path of pool.inline) {
      const read = readBounded(path, buffer, maxFileBytes, (w) => state.warnings.push(w));
      if (read) processFile(state, matcher, path, read.bytes);
    }
    for (const part of await pool.finish()) mergeState(state, part);
  }

  for (const detector of detectors.filter((d) => d.extractAll)) {
    const files = state.batchFiles.filter((b) => b.detector === detector.id).map((b) => b.file);
    if (!files.length) continue;
    try {
      const found = detector.extractAll!(files, (path) => contextFor(state, path, files.find((f) => f.path === path)?.exampleFile ?? false, detector, files));
      for (const f of found) state.findings.push(f);
    } catch (error) {
      state.warnings.push({ path: files[0]?.path ?? '', code: 'parse-error', message: `${detector.id}: ${(error as Error).message ?? String(error)}`.slice(0, 300) });
    }
  }

  const findings = state.findings;
  resolveEnvReferences(findings, state.envEntries);
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
    warnings: state.warnings,
    stats: { filesSeen: stats.filesSeen, filesRead: state.filesRead, bytesRead: state.bytesRead, ms: Date.now() - started },
  };
  return { inventory, secrets: state.secrets };
}

/** Candidates read in the main thread before workers take over: most scans never start a worker. */
const INLINE_FIRST = 2000;

function defaultWorkers(): number {
  return Math.min(4, availableParallelism());
}

/** Worker threads fed in round-robin batches while the walk goes on (the walk is sync, so no back-pressure is needed). */
class WorkerPool {
  readonly inline: string[] = [];
  sent = 0;
  private workers: Worker[] = [];
  private batches: string[][] = [];
  private next = 0;

  constructor(private size: number, private maxFileBytes: number) {}

  send(path: string): void {
    if (!this.workers.length) this.start();
    const i = this.next;
    const batch = this.batches[i];
    batch.push(path);
    this.sent++;
    if (batch.length >= 64) {
      this.workers[i].postMessage({ paths: batch });
      this.batches[i] = [];
      this.next = (i + 1) % this.workers.length;
    }
  }

  private start(): void {
    // Under tsx (tests run the sources) the worker is .ts too, and needs tsx's loader registered in its thread.
    const source = import.meta.url.endsWith('.ts');
    const url = new URL(source ? './worker.ts' : './worker.js', import.meta.url);
    const bootstrap = `import(${JSON.stringify(source ? import.meta.resolve('tsx/esm/api') : '')}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
    for (let i = 0; i < this.size; i++) {
      const workerData = { maxFileBytes: this.maxFileBytes };
      this.workers.push(source ? new Worker(bootstrap, { eval: true, workerData }) : new Worker(url, { workerData }));
      this.batches.push([]);
    }
  }

  async finish(): Promise<(Omit<ScanState, 'secrets'> & { secrets: string[] })[]> {
    const results = this.workers.map((worker, i) => new Promise<Omit<ScanState, 'secrets'> & { secrets: string[] }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage({ paths: this.batches[i], end: true });
    }));
    try {
      return await Promise.all(results);
    } finally {
      await Promise.all(this.workers.map((w) => w.terminate()));
    }
  }
}

function dedupeIds(findings: Finding[]): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const n = seen.get(f.id) ?? 0;
    seen.set(f.id, n + 1);
    if (n > 0) f.id = `${f.id}-${n}`;
  }
}
