// Worker threads for big scans: each walks the directories it is handed and reads their candidates; the main
// thread hands out the directories its own walk had not entered yet, moves donated ones to idle workers, and
// parses what the workers pass back. Work-stealing by subtree, so a lopsided tree keeps every core busy.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { ScanWarning } from '../inventory/types.js';
import type { Detector } from './detector.js';
import type { WalkStats } from './walker.js';
import { startWorker } from '../util/worker.js';

/** Slots of the shared Int32Array: workers that finished loading; walkers waiting for work (busy ones donate). */
export const READY = 0;
export const HUNGRY = 1;

/** What a worker is sent first (it may have started before the detectors were loaded). */
export interface WorkerSetup {
  detectors: { id: string; files: string[]; hint: { source: string; flags: string } | null; batch: boolean }[];
  maxFileBytes: number;
  roots: string[];
  exclude?: string[];
  includeVendored?: boolean;
}

export type ToWorker = { setup: WorkerSetup } | { dirs: string[] };

export interface WorkerResults {
  hits: { path: string; text: string }[];
  warnings: ScanWarning[];
  links: { path: string; parent: string }[];
  stats: WalkStats;
  idle?: true;
}

export type FromWorker = { ready: true } | { dirs: string[] } | WorkerResults;

export interface PoolHandlers {
  onResults(results: WorkerResults, worker: number): void;
  /** A directory a worker reached through a symlink: the directories to walk for it (none when already walked or a loop). */
  onLink(path: string, parent: string): string[];
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly flags = new Int32Array(new SharedArrayBuffer(8));
  private listener: ((message: FromWorker, worker: number) => void) | null = null;
  private failure: ((error: Error) => void) | null = null;
  private readonly early: [FromWorker, number][] = [];
  private closed = false;
  private error: Error | null = null;

  constructor(readonly size: number) {
    const workerData = { shared: this.flags.buffer };
    for (let i = 0; i < size; i++) {
      const worker = startWorker('scan/worker', workerData);
      worker.on('message', (m: FromWorker) => (this.listener ? this.listener(m, i) : this.early.push([m, i])));
      worker.once('error', (e) => this.fail(e));
      worker.once('exit', (code) => { if (!this.closed) this.fail(new Error(`scan worker ${i} stopped (exit code ${code})`)); });
      worker.unref(); // an unused pool never keeps the process alive
      this.workers.push(worker);
    }
  }

  /** Tell the workers what to look for: the detectors' names, file patterns and content hints (no code). */
  configure(detectors: readonly Detector[], options: Omit<WorkerSetup, 'detectors'>): void {
    const setup: WorkerSetup = {
      ...options,
      detectors: detectors.map((d) => ({ id: d.id, files: d.files, hint: d.hint ? { source: d.hint.source, flags: d.hint.flags } : null, batch: !!d.extractAll })),
    };
    for (const worker of this.workers) worker.postMessage({ setup } satisfies ToWorker);
  }

  private fail(error: Error): void {
    this.error ??= error;
    this.failure?.(error);
  }

  /** Whether a worker has loaded and read its setup (read without waiting: the main thread walks meanwhile). */
  get ready(): boolean {
    return Atomics.load(this.flags, READY) > 0;
  }

  /** Walk these directories (and all donated and linked ones) to the end. */
  run(dirs: string[], handlers: PoolHandlers): Promise<void> {
    for (const worker of this.workers) worker.ref();
    return new Promise<void>((resolve, reject) => {
      const queue = [...dirs];
      const idle: number[] = [];
      let done = false;
      const finish = (error?: Error) => {
        if (done) return;
        done = true;
        this.listener = () => {};
        if (error) reject(error); else resolve();
      };
      const dispatch = () => {
        while (idle.length && queue.length) {
          const share = Math.ceil(queue.length / idle.length);
          this.workers[idle.pop()!].postMessage({ dirs: queue.splice(queue.length - share, share) } satisfies ToWorker);
        }
        Atomics.store(this.flags, HUNGRY, queue.length ? 0 : idle.length);
        if (!queue.length && idle.length === this.workers.length) finish();
      };
      this.failure = finish;
      this.listener = (message, i) => {
        try {
          if ('ready' in message) idle.push(i);
          else if ('hits' in message) {
            handlers.onResults(message, i);
            for (const link of message.links) queue.push(...handlers.onLink(link.path, link.parent));
            if (message.idle) idle.push(i);
          } else queue.push(...message.dirs);
          dispatch();
        } catch (error) {
          finish(error as Error);
        }
      };
      if (this.error) finish(this.error);
      for (const [message, i] of this.early.splice(0)) this.listener(message, i);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Worker threads for a big scan: one per core, at most 4. */
export function defaultWorkers(): number {
  return Math.min(4, availableParallelism());
}

let prestarted: WorkerPool | null = null;

/**
 * Start scan workers now, before the detectors load (~0.2 s, which is about what a worker takes to start):
 * the CLI calls this first thing. A scan that stays small never uses them; they are closed with it.
 */
export function prestartWorkers(size: number): void {
  if (size > 1 && !prestarted) prestarted = new WorkerPool(size);
}

/** Whether workers of this size were started ahead (by the CLI) and wait for a walk. */
export function hasPrestarted(size: number): boolean {
  return prestarted?.size === size;
}

/** The prestarted pool if its size fits, else a new one. */
export function workerPool(size: number): WorkerPool {
  const ahead = prestarted;
  prestarted = null;
  if (ahead?.size === size) return ahead;
  void ahead?.close();
  return new WorkerPool(size);
}

/** Close a prestarted pool no scan took. */
export async function closePrestarted(): Promise<void> {
  const pool = prestarted;
  prestarted = null;
  await pool?.close();
}
