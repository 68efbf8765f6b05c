// The walker: finds candidate files under the roots, bounded and defensive. It never follows a symlink
// loop, never blocks on a FIFO, socket or device, reads at most maxFileBytes of a file, and turns every
// problem into a warning. It runs synchronously on purpose: a scan has nothing else to do meanwhile, and
// sync fs calls cost a fraction of the promise and thread-pool round trips per entry (measured: 6× faster).
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { ScanWarning } from '../inventory/types.js';
import { globToRegExp } from './match.js';

export const DEFAULT_SKIP_DIRS = [
  '.git', '.hg', '.svn', '.bzr', 'node_modules', 'bower_components', 'jspm_packages', 'vendor', 'third_party',
  'site-packages', 'dist-packages', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache',
  '.cache', '.npm', '.yarn', '.pnpm-store', '.gradle', '.m2', '.terraform', 'Pods', '.nuget',
];

/** Skipped folders that still hold one mail setting each: a repository's send-email settings. */
const PEEK_INTO: Record<string, string> = { '.git': 'config', '.hg': 'hgrc' };

/** Whole trees that hold documentation, library code or kernel state, never a site's configuration. */
export const DEFAULT_SKIP_PATHS = [
  '/proc', '/sys', '/dev', '/run', '/usr/share/doc', '/usr/share/man', '/usr/share/info',
  '/usr/share/php', '/usr/share/perl5', '/usr/share/perl', '/usr/lib', '/usr/lib64', '/usr/share/javascript',
  '/usr/share/locale', '/usr/share/zoneinfo', '/usr/include', '/var/lib/dpkg', '/var/cache', '/snap', '/boot',
];

export interface WalkOptions {
  roots: string[];
  /** true when the file name is worth reading. */
  wants(path: string): boolean;
  /** Called with a view of the file's first bytes; the buffer is reused after onFile returns. */
  onFile(file: WalkedFile): void;
  /** When given, candidates are handed over by path instead of being read here (parallel scans read in workers). */
  onCandidate?(path: string): void;
  onWarning(warning: ScanWarning): void;
  exclude?: string[];
  includeVendored?: boolean;
  maxFileBytes?: number;
  onProgress?(stats: WalkStats): void;
}

export interface WalkedFile {
  path: string;      // as reached from the root argument
  bytes: Buffer;
  truncated: boolean;
}

export interface WalkStats {
  filesSeen: number;
  filesRead: number;
  bytesRead: number;
  dirs: number;
}

export async function walk(options: WalkOptions): Promise<WalkStats> {
  return walkSync(options);
}

export function walkSync(options: WalkOptions): WalkStats {
  const maxBytes = options.maxFileBytes ?? 2 * 1024 * 1024;
  const buffer = Buffer.allocUnsafe(maxBytes + 1);
  const skipDirs = new Set(options.includeVendored ? ['.git', '.hg', '.svn'] : DEFAULT_SKIP_DIRS);
  const skipPaths = options.includeVendored ? ['/proc', '/sys', '/dev', '/run'] : DEFAULT_SKIP_PATHS;
  const excludes = (options.exclude ?? []).map((g) => globToRegExp(g.replace(/\\/g, '/').replace(/\/$/, '')));
  const stats: WalkStats = { filesSeen: 0, filesRead: 0, bytesRead: 0, dirs: 0 };
  const followed = new Set<string>();   // real paths of directories reached through symlinks
  let lastProgress = Date.now();

  const excluded = (path: string) => excludes.length > 0 && excludes.some((re) => re.test(path.replace(/\\/g, '/')));

  function readCandidate(path: string): void {
    if (options.onCandidate) { options.onCandidate(path); return; }
    const read = readBounded(path, buffer, maxBytes, options.onWarning);
    if (!read) return;
    stats.filesRead++;
    stats.bytesRead += read.bytes.length;
    options.onFile({ path, ...read });
  }

  function peek(path: string): void {
    try { if (statSync(path).isFile()) consider(path); } catch { /* absent: nothing to read */ }
  }

  function consider(path: string): void {
    stats.filesSeen++;
    if (options.wants(path)) readCandidate(path);
  }

  /** A directory reached through a symlink: walk it once, and never one that contains the link itself. */
  function followLink(path: string, parent: string): void {
    let real: string;
    let parentReal: string;
    try {
      real = realpathSync(path);
      parentReal = realpathSync(parent);
    } catch (error) {
      options.onWarning({ path, code: 'symlink-loop', message: describe(error) });
      return;
    }
    if (parentReal === real || parentReal.startsWith(real.endsWith(sep) ? real : real + sep)) {
      options.onWarning({ path, code: 'symlink-loop', message: `links to ${real}, which contains it; not followed` });
      return;
    }
    if (followed.has(real)) return;
    followed.add(real);
    walkDir(path);
  }

  function walkDir(dir: string): void {
    const abs = resolve(dir).replace(/\\/g, '/');
    if (skipPaths.some((p) => abs === p || abs.startsWith(`${p}/`))) return;
    // Documentation trees of unpacked packages or copied file systems (…/usr/share/doc) are prose, not settings.
    if (!options.includeVendored && /\/usr\/share\/(doc|man|info)$/.test(abs)) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      options.onWarning({ path: dir, code: 'unreadable', message: describe(error) });
      return;
    }
    stats.dirs++;
    const prefix = dir.endsWith(sep) || dir.endsWith('/') ? dir : dir + sep;
    for (const entry of entries) {
      const path = prefix + entry.name;
      if (excluded(path)) continue;
      if (entry.isDirectory()) {
        if (!skipDirs.has(entry.name)) walkDir(path);
        else if (PEEK_INTO[entry.name]) peek(path + sep + PEEK_INTO[entry.name]);
      } else if (entry.isFile()) {
        consider(path);
      } else if (entry.isSymbolicLink()) {
        let target;
        try { target = statSync(path); } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ELOOP') options.onWarning({ path, code: 'symlink-loop', message: describe(error) });
          continue; // dangling link: nothing to read
        }
        if (target.isDirectory()) { if (!skipDirs.has(entry.name)) followLink(path, dir); }
        else if (target.isFile()) consider(path);
        else if (options.wants(path)) options.onWarning({ path, code: 'special-file', message: 'link to a FIFO, socket or device; skipped' });
      } else if (options.wants(path)) {
        options.onWarning({ path, code: 'special-file', message: 'FIFO, socket or device named like a config file; skipped' });
      }
    }
    if (options.onProgress && Date.now() - lastProgress > 150) { lastProgress = Date.now(); options.onProgress(stats); }
  }

  for (const root of options.roots) {
    let s;
    try {
      s = statSync(root);
    } catch (error) {
      options.onWarning({ path: root, code: 'not-found', message: describe(error) });
      continue;
    }
    if (s.isDirectory()) walkDir(root);
    else if (s.isFile()) {
      stats.filesSeen++;
      if (options.wants(root)) readCandidate(root);
      else options.onWarning({ path: root, code: 'skipped', message: 'no detector reads a file of this name' });
    } else options.onWarning({ path: root, code: 'special-file', message: 'not a file or directory; skipped' });
  }
  options.onProgress?.(stats);
  return stats;
}

/**
 * Read at most maxBytes of a file into `buffer` (reused between calls). O_NONBLOCK: a FIFO that slipped
 * past the type check must not block the scan. Problems become warnings; null means nothing to parse.
 */
export function readBounded(path: string, buffer: Buffer, maxBytes: number, warn: (w: ScanWarning) => void): { bytes: Buffer; truncated: boolean } | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    let got = 0;
    while (got <= maxBytes) {
      const n = readSync(fd, buffer, got, maxBytes + 1 - got, null);
      if (n === 0) break;
      got += n;
    }
    const truncated = got > maxBytes;
    if (truncated) {
      got = maxBytes;
      warn({ path, code: 'truncated', message: `file is ${fstatSync(fd).size} bytes; read the first ${maxBytes}` });
    }
    return { bytes: buffer.subarray(0, got), truncated };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    warn({ path, code: code === 'EAGAIN' || code === 'EISDIR' ? 'special-file' : 'unreadable', message: describe(error) });
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'ENOENT') return 'no such file or directory';
  if (e?.code === 'ELOOP') return 'too many levels of symbolic links';
  if (e?.code === 'EAGAIN') return 'not a regular file (would block); skipped';
  return e?.message ?? String(error);
}
