// scan: walk the roots, hand each candidate file to the detectors that want it, collect findings and warnings.
import type { Finding, Inventory } from '../inventory/types.js';
import { SCHEMA_VERSION } from '../inventory/types.js';
import { toolVersion } from '../util/version.js';
import { realpathSync } from 'node:fs';
import type { Detector } from './detector.js';
import { resolveEnvReferences } from './env.js';
import { DetectorMatcher, type PathMatch } from './match.js';
import { DEFAULT_MAX_FILE_BYTES, listSpec, nativeAddon, readRules, replayListing, startListing, takePrestarted, type Addon, type ListingCounts } from './native.js';
import { closePrestarted, defaultWorkers, hasPrestarted, workerPool, type WorkerPool } from './pool.js';
import { contextFor, createState, processFile, processText, type ScanState } from './process.js';
import { DETECTORS } from './registry.js';
import { readBounded, specialFileWarning, truncatedWarning, Walker, walkRules, type WalkStats } from './walker.js';

export interface ScanOptions {
  roots: string[];
  exclude?: string[];
  includeVendored?: boolean;
  maxFileBytes?: number;
  detectors?: Detector[];
  /**
   * Worker threads for big scans (default: cores, at most 4; 1 = none). By default this thread keeps walking
   * until one has started; a count given here hands over as soon as the scan is big, waiting for them.
   * Custom detectors always scan in this thread.
   */
  workers?: number;
  /**
   * Walk and read in native threads when the addon is built (default: yes, unless a worker count or an
   * exclude glob is given — those take the JavaScript walker). Both give the same inventory.
   */
  native?: boolean;
  onProgress?(stats: WalkStats & { findings: number }): void;
}

export interface ScanResult {
  inventory: Inventory;
  /** Every secret value a detector saw: scrubbed from anything written. Never serialised. */
  secrets: Set<string>;
  /** Worker threads that walked part of the tree (0: all of it was walked in this thread). */
  threads: number;
}

export { defaultRoots, usualRoots } from './roots.js';

export async function scanPaths(options: ScanOptions): Promise<ScanResult> {
  const started = Date.now();
  const detectors = options.detectors ?? DETECTORS;
  const matcher = new DetectorMatcher(detectors, { roots: options.roots });
  const state = createState();
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const buffer = Buffer.allocUnsafe(maxFileBytes + 1);
  const walker = new Walker<PathMatch>({
    wants: (dir) => matcher.candidates(dir),
    onCandidate: (path, match) => {
      const read = readBounded(path, buffer, maxFileBytes, (w) => state.warnings.push(w));
      if (read) processFile(state, matcher, path, read.bytes, match);
    },
    onWarning: (w) => state.warnings.push(w),
    exclude: options.exclude,
    includeVendored: options.includeVendored,
  });
  const workerStats = new Map<number, WalkStats>();
  const totals = (): WalkStats => {
    const t = { ...walker.stats, filesRead: state.filesRead, bytesRead: state.bytesRead };
    for (const s of workerStats.values()) { t.filesSeen += s.filesSeen; t.dirs += s.dirs; t.filesRead += s.filesRead; t.bytesRead += s.bytesRead; }
    return t;
  };
  let lastProgress = 0;
  const progress = () => {
    if (!options.onProgress || Date.now() - lastProgress < 150) return;
    lastProgress = Date.now();
    options.onProgress({ ...totals(), findings: state.findings.length });
  };

  const debug = process.env.RELAY365_DEBUG ? (what: string) => process.stderr.write(`relay365 scan: ${what} at ${Math.round(performance.now())} ms\n`) : () => {};
  debug('walk starts');
  for (const root of options.roots) walker.addRoot(root);
  const native = options.native === false || options.workers !== undefined || options.exclude?.length ? null : nativeAddon();
  if (native) {
    walkNatively(native, walker.stack.splice(0), { detectors, matcher, state, walker, maxFileBytes, includeVendored: !!options.includeVendored, debug, progress: (counts) => {
      if (!options.onProgress) return;
      const t = totals();
      options.onProgress({ ...t, filesSeen: t.filesSeen + counts.files, dirs: t.dirs + counts.dirs, filesRead: t.filesRead + counts.filesRead, bytesRead: t.bytesRead + counts.bytesRead, findings: state.findings.length });
    } });
    debug('native walk ends');
  }
  // Small scans run here alone. Past a few thousand files, worker threads start loading while this walk goes
  // on; once one is ready, the directories not yet entered go to them.
  const size = options.detectors ? 1 : options.workers ?? defaultWorkers();
  let pool: WorkerPool | null = null;
  const eager = size > 1 && hasPrestarted(size);
  walker.run(() => {
    progress();
    // Workers started ahead are waiting: they take over as soon as there are a few directories to share.
    if (size > 1 && !pool && walker.stack.length && (walker.stats.filesSeen >= WORKERS_AFTER_FILES || (eager && walker.stack.length >= 4 * size))) {
      debug(`workers configured after ${walker.stats.filesSeen} files`);
      pool = workerPool(size);
      pool.configure(detectors, { maxFileBytes, exclude: options.exclude, includeVendored: options.includeVendored, roots: options.roots });
    }
    // With a worker count given, hand over at once and wait for them (tests rely on the parallel path running).
    return pool !== null && (pool.ready || options.workers !== undefined);
  });
  let usedThreads = 0;
  if (pool) {
    const workers: WorkerPool = pool;
    try {
      if (walker.stack.length) {
        usedThreads = workers.size;
        debug(`${walker.stack.length} directories handed to the workers after ${walker.stats.filesSeen} files`);
        await workers.run(walker.stack.splice(0), {
          onResults: (results, i) => {
            for (const hit of results.hits) processText(state, hit.path, hit.text, matcher.match(hit.path));
            for (const w of results.warnings) state.warnings.push(w);
            workerStats.set(i, results.stats);
            progress();
          },
          onLink: (path, parent) => { walker.followLink(path, parent); return walker.stack.splice(0); },
        });
      }
    } finally {
      await workers.close();
    }
  }
  debug('walk ends');
  await closePrestarted();
  const walked = totals();

  for (const detector of detectors.filter((d) => d.extractAll)) {
    // in path order: threads and the native walker read in any order, and what a detector makes of its files must not depend on it
    const files = state.batchFiles.filter((b) => b.detector === detector.id).map((b) => b.file).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    if (!files.length) continue;
    try {
      const found = detector.extractAll!(files, (path) => contextFor(state, path, files.find((f) => f.path === path)?.exampleFile ?? false, detector, files));
      for (const f of found) state.findings.push(f);
    } catch (error) {
      state.warnings.push({ path: files[0]?.path ?? '', code: 'parse-error', message: `${detector.id}: ${(error as Error).message ?? String(error)}`.slice(0, 300) });
    }
  }

  const findings = mergeLinkedCopies(state.findings);
  resolveEnvReferences(findings, state.envEntries);
  findings.sort((a, b) => a.path.localeCompare(b.path) || (a.line ?? 0) - (b.line ?? 0) || a.detector.localeCompare(b.detector) || tieBreak(a, b));
  dedupeIds(findings);
  // Threads finish in any order: warnings in path order make two scans of one tree print the same.
  state.warnings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : (a.line ?? 0) - (b.line ?? 0) || tieBreak(a, b)));
  const inventory: Inventory = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: new Date().toISOString(),
    tool: { name: 'relay365', version: toolVersion() },
    roots: options.roots,
    findings,
    senders: [],
    relays: [],
    warnings: state.warnings,
    stats: { filesSeen: walked.filesSeen, filesRead: walked.filesRead, bytesRead: walked.bytesRead, ms: Date.now() - started },
  };
  options.onProgress?.({ ...walked, findings: findings.length });
  return { inventory, secrets: state.secrets, threads: usedThreads };
}

/**
 * The native path: native threads list the tree and read the files a rule picks (a listing the CLI may have
 * started before this module loaded); this thread matches the names exactly and parses what was passed on.
 * It warns as the JavaScript walker does; `filesRead` counts every file read, also those a rule picked that no
 * detector wants in the end (the JavaScript walker reads only those).
 */
function walkNatively(native: Addon, dirRoots: string[], ctx: { detectors: readonly Detector[]; matcher: DetectorMatcher; state: ScanState; walker: Walker<PathMatch>; maxFileBytes: number; includeVendored: boolean; debug(what: string): void; progress(counts: ListingCounts): void }): void {
  const { matcher, state, walker } = ctx;
  const spec = listSpec(dirRoots, ctx.includeVendored, walkRules(ctx.includeVendored), readRules(ctx.detectors), ctx.maxFileBytes);
  const prestarted = takePrestarted(JSON.stringify(spec));
  ctx.debug(prestarted ? 'native listing started ahead is taken' : 'native listing starts');
  const listing = prestarted ?? startListing(native, spec, defaultWorkers());
  let prefix = '';
  let wants: (name: string) => PathMatch | null = () => null;
  const counts = replayListing(native, listing, {
    directory(dir) {
      prefix = dir;
      wants = matcher.candidates(dir);
    },
    read(name, bytes, length, truncatedFrom) {
      const match = wants(name);
      const path = prefix + name;
      if (match && truncatedFrom !== null) state.warnings.push(truncatedWarning(path, truncatedFrom, ctx.maxFileBytes));
      if (match && bytes) processFile(state, matcher, path, bytes, match);
      else { state.filesRead++; state.bytesRead += length; }
    },
    unreadable(name, warning) {
      if (wants(name)) state.warnings.push(warning);
    },
    special(name, link) {
      if (wants(name) !== null) state.warnings.push(specialFileWarning(prefix + name, link));
    },
    warning: (w) => state.warnings.push(w),
    progress: ctx.progress,
  });
  walker.stats.filesSeen += counts.files;
  walker.stats.dirs += counts.dirs;
  state.filesRead += counts.filesRead;
  state.bytesRead += counts.bytesRead;
}

/** Files seen before worker threads take over: most scans (one server's /etc) never use one. */
const WORKERS_AFTER_FILES = 1000;

/**
 * One file reached under several paths (symlinks: /etc/postfix → /srv/postfix, sites-enabled → sites-available)
 * is one setting: kept once, under the path that is the file itself when one is, noting the others.
 */
function mergeLinkedCopies(findings: Finding[]): Finding[] {
  const realPaths = new Map<string, string>();
  const real = (path: string) => {
    let r = realPaths.get(path);
    if (r === undefined) {
      try { r = realpathSync(path); } catch { r = path; }
      realPaths.set(path, r);
    }
    return r;
  };
  // Findings of one file keyed by what they say; the same setting under another path of that file is a copy.
  const byFile = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    const file = byFile.get(real(f.path)) ?? new Map<string, Finding[]>();
    byFile.set(real(f.path), file);
    const list = file.get(f.path);
    if (list) list.push(f); else file.set(f.path, [f]);
  }
  if (byFile.size === new Set(findings.map((f) => f.path)).size) return findings; // no file under two paths
  const merged: Finding[] = [];
  for (const [realPath, paths] of byFile) {
    if (paths.size === 1) { merged.push(...paths.values().next().value!); continue; }
    const keptPath = paths.has(realPath) ? realPath : [...paths.keys()].sort()[0];
    const others = [...paths.keys()].filter((p) => p !== keptPath);
    const note = `the same file is also reached as ${others.slice(0, 5).join(', ')}${others.length > 5 ? ` and ${others.length - 5} more` : ''} (symlinks)`;
    for (const f of paths.get(keptPath)!) merged.push({ ...f, notes: [...(f.notes ?? []), note] });
  }
  return merged;
}

/** Two findings (or warnings) of one line: ordered by all they say, so that the order they were found in never shows. */
function tieBreak(a: object, b: object): number {
  const x = JSON.stringify(a), y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function dedupeIds(findings: Finding[]): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const n = seen.get(f.id) ?? 0;
    seen.set(f.id, n + 1);
    if (n > 0) f.id = `${f.id}-${n}`;
  }
}
