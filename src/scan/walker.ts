// The walker: finds candidate files under the roots, bounded and defensive. It never follows a symlink
// loop, never opens a FIFO, socket or device, reads at most maxFileBytes of a file, and turns every
// problem into a warning. Directory reads and file reads run with bounded concurrency.
import { constants, type Dirent } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { ScanWarning } from '../inventory/types.js';
import { globToRegExp } from './match.js';

export const DEFAULT_SKIP_DIRS = [
  '.git', '.hg', '.svn', '.bzr', 'node_modules', 'bower_components', 'jspm_packages', 'vendor', 'third_party',
  'site-packages', 'dist-packages', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache',
  '.cache', '.npm', '.yarn', '.pnpm-store', '.gradle', '.m2', '.terraform', 'Pods', '.nuget', 'packages.lock',
];

/** Whole trees that hold documentation, library code or kernel state, never a site's configuration. */
export const DEFAULT_SKIP_PATHS = [
  '/proc', '/sys', '/dev', '/run', '/tmp/.X11-unix', '/usr/share/doc', '/usr/share/man', '/usr/share/info',
  '/usr/share/php', '/usr/share/perl5', '/usr/share/perl', '/usr/lib', '/usr/lib64', '/usr/share/javascript',
  '/usr/share/locale', '/usr/share/zoneinfo', '/usr/include', '/var/lib/dpkg', '/var/cache', '/snap', '/boot',
];

export interface WalkOptions {
  roots: string[];
  /** true when the file name is worth reading. */
  wants(path: string): boolean;
  onFile(file: WalkedFile): void | Promise<void>;
  onWarning(warning: ScanWarning): void;
  exclude?: string[];
  includeVendored?: boolean;
  maxFileBytes?: number;
  concurrency?: number;
  onProgress?(stats: WalkStats): void;
}

export interface WalkedFile {
  path: string;      // as reached from the root argument
  bytes: Buffer;
  size: number;
  truncated: boolean;
}

export interface WalkStats {
  filesSeen: number;
  filesRead: number;
  bytesRead: number;
  dirs: number;
}

export async function walk(options: WalkOptions): Promise<WalkStats> {
  const maxBytes = options.maxFileBytes ?? 2 * 1024 * 1024;
  const concurrency = options.concurrency ?? 32;
  const skipDirs = new Set(options.includeVendored ? ['.git', '.hg', '.svn'] : DEFAULT_SKIP_DIRS);
  const skipPaths = options.includeVendored ? ['/proc', '/sys', '/dev', '/run'] : DEFAULT_SKIP_PATHS;
  const excludes = (options.exclude ?? []).map((g) => globToRegExp(g.replace(/\\/g, '/').replace(/\/$/, '')));
  const stats: WalkStats = { filesSeen: 0, filesRead: 0, bytesRead: 0, dirs: 0 };
  const visitedDirs = new Set<string>();
  const queue: { path: string; viaLink: boolean }[] = [];
  let lastProgress = 0;

  const excluded = (path: string) => {
    if (!excludes.length) return false;
    const p = path.replace(/\\/g, '/');
    return excludes.some((re) => re.test(p));
  };
  const progress = () => {
    if (!options.onProgress) return;
    const now = Date.now();
    if (now - lastProgress > 150) { lastProgress = now; options.onProgress(stats); }
  };

  async function enterDir(path: string): Promise<boolean> {
    try {
      const s = await stat(path, { bigint: true });
      const key = `${s.dev}:${s.ino}`;
      if (visitedDirs.has(key)) return false;
      visitedDirs.add(key);
      return true;
    } catch (error) {
      options.onWarning({ path, code: 'unreadable', message: describe(error) });
      return false;
    }
  }

  async function readCandidate(path: string): Promise<void> {
    let handle;
    try {
      // O_NONBLOCK: a FIFO that slipped past the type check must not block the scan.
      handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      const s = await handle.stat();
      if (!s.isFile()) {
        options.onWarning({ path, code: 'special-file', message: 'not a regular file (FIFO, socket or device); skipped' });
        return;
      }
      const size = s.size;
      const want = Math.min(size, maxBytes);
      const bytes = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await handle.read(bytes, got, want - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      stats.filesRead++;
      stats.bytesRead += got;
      const truncated = size > maxBytes;
      if (truncated) options.onWarning({ path, code: 'truncated', message: `file is ${size} bytes; read the first ${maxBytes}` });
      await options.onFile({ path, bytes: bytes.subarray(0, got), size, truncated });
    } catch (error) {
      options.onWarning({ path, code: 'unreadable', message: describe(error) });
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }

  async function handleEntry(dir: string, entry: Dirent): Promise<void> {
    const path = dir.endsWith(sep) || dir.endsWith('/') ? dir + entry.name : join(dir, entry.name);
    if (excluded(path)) return;
    if (entry.isDirectory()) {
      if (!skipDirs.has(entry.name)) queue.push({ path, viaLink: false });
      return;
    }
    if (entry.isFile()) {
      stats.filesSeen++;
      if (options.wants(path)) await readCandidate(path);
      return;
    }
    if (entry.isSymbolicLink()) {
      let target;
      try {
        target = await stat(path);
      } catch {
        return; // dangling link: nothing to read
      }
      if (target.isDirectory()) {
        if (!skipDirs.has(entry.name)) queue.push({ path, viaLink: true });
      } else if (target.isFile()) {
        stats.filesSeen++;
        if (options.wants(path)) await readCandidate(path);
      } else if (options.wants(path)) {
        options.onWarning({ path, code: 'special-file', message: 'link to a FIFO, socket or device; skipped' });
      }
      return;
    }
    // FIFO, socket, block or character device
    if (options.wants(path)) options.onWarning({ path, code: 'special-file', message: 'FIFO, socket or device named like a config file; skipped' });
  }

  async function scanDir(item: { path: string; viaLink: boolean }): Promise<void> {
    const abs = resolve(item.path).replace(/\\/g, '/');
    if (skipPaths.some((p) => abs === p || abs.startsWith(`${p}/`))) return;
    if (!(await enterDir(item.path))) {
      if (item.viaLink) options.onWarning({ path: item.path, code: 'symlink-loop', message: 'directory already visited (symlink loop or duplicate); not followed again' });
      return;
    }
    let entries: Dirent[];
    try {
      entries = await readdir(item.path, { withFileTypes: true });
    } catch (error) {
      options.onWarning({ path: item.path, code: 'unreadable', message: describe(error) });
      return;
    }
    stats.dirs++;
    await pool(entries, Math.min(8, concurrency), (entry) => handleEntry(item.path, entry));
    progress();
  }

  for (const root of options.roots) {
    let s;
    try {
      s = await stat(root);
    } catch (error) {
      options.onWarning({ path: root, code: 'not-found', message: describe(error) });
      continue;
    }
    if (s.isDirectory()) queue.push({ path: root, viaLink: false });
    else if (s.isFile()) {
      stats.filesSeen++;
      if (options.wants(root)) await readCandidate(root);
      else options.onWarning({ path: root, code: 'skipped', message: 'no detector reads a file of this name' });
    } else options.onWarning({ path: root, code: 'special-file', message: 'not a file or directory; skipped' });
  }

  // Breadth-first over directories with bounded concurrency.
  const running = new Set<Promise<void>>();
  while (queue.length || running.size) {
    while (queue.length && running.size < concurrency) {
      const p: Promise<void> = scanDir(queue.shift()!).finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size) await Promise.race(running);
  }
  options.onProgress?.(stats);
  return stats;
}

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'ENOENT') return 'no such file or directory';
  if (e?.code === 'ELOOP') return 'too many levels of symbolic links';
  return e?.message ?? String(error);
}
