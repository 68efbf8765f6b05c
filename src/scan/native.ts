// The scan's native path (native/walk.c, built by node-gyp when `npm install` or `npm run build` runs): native
// threads list the tree with the walker's rules and, as they go, read every file whose name a detector could
// want (rules derived from the detectors' file patterns: a superset), passing on only those that hold one of
// the keywords its detectors' hints need. This thread then matches the names exactly and parses what was passed.
// Without the addon (Windows, no compiler, RELAY365_NATIVE=0) scans take the JavaScript walker; both give the
// same inventory. This module stays light: the CLI imports it first, so a scan starts before the CLI loads.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { getSystemErrorMap } from 'node:util';
import type { ScanWarning } from '../inventory/types.js';
import { loadNativeAddon } from '../util/native-addon.js';
import { requiredLiterals } from './literals.js';
import { DetectorMatcher, EXAMPLE_SUFFIXES } from './match.js';
import { describeCode, readFailure } from './walker.js';

export interface Addon {
  list(spec: ListSpec & { threads: number }): unknown;
  /** What the threads have published since the last call (it waits for enough); call until `done`. */
  listTake(handle: unknown): { records: Buffer; data: Buffer; dataBase: number; done: boolean } & ListingCounts;
}

/** Which files the native threads read, and which of those they pass on: see `readRules`. */
export interface ReadRules {
  /** Keyword lists (lower case): a file read under a rule is passed on when it holds one. */
  filters: string[][];
  names: string[];
  nameFilters: number[];
  exts: string[];
  extFilters: number[];
  nameLiterals: string[];
  nameLiteralExts: string[];
  nameLiteralFilters: number[];
  pathDirs: string[];
  pathDirRules: number[];
  pathNames: string[];
  pathFilters: number[];
  suffixes: string[];
}

export interface ListSpec extends ReadRules {
  roots: string[];
  rootsAbs: string[];
  skipDirs: string[];
  skipPaths: string[];
  skipDocs: boolean;
  peekDirs: string[];
  peekFiles: string[];
  maxBytes: number;
}

/** The addon, or null when it is not built here or is turned off (RELAY365_NATIVE=0). */
export function nativeAddon(): Addon | null {
  return loadNativeAddon() as Addon | null;
}

/** A listing under way: native threads walk and read while JavaScript goes on. */
export interface Listing {
  key: string;
  handle: unknown;
}

export interface WalkRules { skipDirs: string[]; skipPaths: string[]; peek: Record<string, string> }

/**
 * The native rules for these detectors: each of their file patterns as a name, extension, name-literal or
 * folder rule (DetectorMatcher.nameRules), and per rule the keywords of its detectors' hints (-1: none can be
 * required, every file read goes to JavaScript). A .env file is always passed on: the indirection pass reads it.
 */
export function readRules(detectors: readonly { files: string[]; hint?: RegExp | null; extractAll?: unknown }[]): ReadRules {
  const rules = new DetectorMatcher(detectors).nameRules();
  const filters: string[][] = [];
  const ids = new Map<string, number>();
  const filterOf = (list: readonly { hint?: RegExp | null; extractAll?: unknown }[]): number => {
    const keywords = keywordsFor(list);
    if (!keywords) return -1;
    const key = keywords.join('\0');
    let id = ids.get(key);
    if (id === undefined) { id = filters.length; filters.push(keywords); ids.set(key, id); }
    return id;
  };
  const sorted = (map: Map<string, readonly object[]>) => [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const names = sorted(rules.names);
  const exts = sorted(rules.exts);
  const pathDirs: string[] = [];
  const pathDirRules: number[] = [];
  rules.paths.forEach((p, i) => { for (const l of p.dirLiterals) { pathDirs.push(l); pathDirRules.push(i); } });
  return {
    filters,
    names,
    nameFilters: names.map((n) => filterOf(rules.names.get(n)!)),
    exts,
    extFilters: exts.map((e) => filterOf(rules.exts.get(e)!)),
    nameLiterals: [...rules.nameLiterals.map(([l]) => l), '.env'],
    nameLiteralExts: [...rules.nameLiterals.map(([, e]) => e), ''],
    nameLiteralFilters: [...rules.nameLiterals.map(([, , d]) => filterOf([d])), -1],
    pathDirs,
    pathDirRules,
    pathNames: rules.paths.map((p) => p.nameLiteral),
    pathFilters: rules.paths.map((p) => filterOf([p.detector])),
    suffixes: EXAMPLE_SUFFIXES,
  };
}

export function listSpec(dirRoots: string[], includeVendored: boolean, walk: WalkRules, read: ReadRules, maxBytes: number): ListSpec {
  return {
    roots: dirRoots,
    rootsAbs: dirRoots.map((r) => resolve(r).replace(/\\/g, '/')),
    skipDirs: walk.skipDirs,
    skipPaths: walk.skipPaths,
    skipDocs: !includeVendored,
    peekDirs: Object.keys(walk.peek),
    peekFiles: Object.values(walk.peek),
    maxBytes,
    ...read,
  };
}

export function startListing(native: Addon, spec: ListSpec, threads: number): Listing {
  return { key: JSON.stringify(spec), handle: native.list({ ...spec, threads }) };
}

let prestarted: Listing | null = null;

/**
 * `relay365 scan …` as typed: start listing and reading its roots now, before the CLI and the detectors load
 * (~0.2 s), with the rules the build wrote for the built-in detectors (dist/scan/read-rules.json). Only a plain
 * command line is read here; anything unclear leaves the scan to start its own. Returns whether it started one.
 */
export function prestartListing(args: string[], walk: (includeVendored: boolean) => WalkRules, defaultRoots: () => string[], threads: number): boolean {
  const native = nativeAddon();
  const rulesFile = new URL('../scan/read-rules.json', import.meta.url);
  if (!native || !existsSync(rulesFile)) return false;
  const valued = new Set(['--out', '--probe', '--internal-domain', '--devices']);
  const flags = new Set(['--json', '--all', '--include-vendored']);
  const roots: string[] = [];
  let includeVendored = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { roots.push(...args.slice(i + 1)); break; }
    if (a.startsWith('--') && a.includes('=') && valued.has(a.slice(0, a.indexOf('=')))) continue;
    if (valued.has(a)) { i++; continue; }
    if (flags.has(a)) { includeVendored ||= a === '--include-vendored'; continue; }
    if (a.startsWith('-')) return false; // --exclude, --max-file-bytes, --logs <files...>, --help, a typo: the scan decides
    roots.push(a);
  }
  const dirRoots = (roots.length ? roots : defaultRoots()).filter((r) => {
    try { return statSync(r).isDirectory(); } catch { return false; }
  });
  let read: ReadRules;
  try { read = JSON.parse(readFileSync(rulesFile, 'utf8')) as ReadRules; } catch { return false; }
  prestarted = startListing(native, listSpec(dirRoots, includeVendored, walk(includeVendored), read, DEFAULT_MAX_FILE_BYTES), threads);
  return true;
}

/** What a scan reads of a file by default (`--max-file-bytes`). */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/** The prestarted listing when it is the one wanted (it is taken either way). */
export function takePrestarted(key: string): Listing | null {
  const p = prestarted;
  prestarted = null;
  return p?.key === key ? p : null;
}

/** What the native threads counted: files and folders seen, and the files read that held nothing for JavaScript. */
export interface ListingCounts { files: number; dirs: number; filesRead: number; bytesRead: number }

/** One record of the listing, as this thread reads it. */
export interface ListingVisitor {
  /** The folder the next records are about (`prefix` ends in a separator; also a skipped folder looked into: .git/config). */
  directory(prefix: string): void;
  /**
   * A file a rule picked, read: passed on (its bytes), or not (null: none of its keywords in it, reported
   * because it was truncated). A file read that held none of its keywords and was whole is only counted.
   */
  read(name: string, bytes: Buffer | null, length: number, truncatedFrom: number | null): void;
  /** A file a rule picked that could not be read (its path is the folder's and the name). */
  unreadable(name: string, warning: ScanWarning): void;
  /** A FIFO, socket or device (`link`: a symlink to one). */
  special(name: string, link: boolean): void;
  warning(warning: ScanWarning): void;
  /** After each batch (at least every 150 ms): what the native threads have counted so far. */
  progress?(counts: ListingCounts): void;
}

/** Replay the listing as the native threads publish it (whole folders at a time); what they counted. */
export function replayListing(native: Addon, listing: Listing, visit: ListingVisitor): ListingCounts {
  const chunks: { base: number; data: Buffer }[] = [];
  const bytesAt = (offset: number, n: number): Buffer => {
    for (let c = chunks.length - 1; c >= 0; c--) {
      const { base, data } = chunks[c];
      if (offset >= base) return data.subarray(offset - base, offset - base + n);
    }
    throw new Error(`native walker: no data at ${offset}`);
  };
  let prefix = '';
  for (;;) {
    const taken = native.listTake(listing.handle);
    if (taken.data.length) chunks.push({ base: taken.dataBase, data: taken.data });
    const records = taken.records.toString('utf8').split('\0');
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      switch (r.charCodeAt(0)) {
        case 82: { // R status \x01 bytes-or-errno \x01 size when truncated \x01 data offset \x01 name
          const a = r.indexOf('\x01'), b = r.indexOf('\x01', a + 1), c = r.indexOf('\x01', b + 1), d = r.indexOf('\x01', c + 1);
          const status = Number(r.slice(1, a));
          const n = Number(r.slice(a + 1, b));
          const name = r.slice(d + 1);
          if (status >= 2) {
            const opened = status === 3;
            const path = prefix + name;
            visit.unreadable(name, readFailure(path, getSystemErrorMap().get(-n)?.[0], describeErrno(n, opened ? 'read' : 'open', opened ? undefined : path)));
            break;
          }
          const size = Number(r.slice(b + 1, c));
          visit.read(name, status === 1 ? bytesAt(Number(r.slice(c + 1, d)), n) : null, n, size >= 0 ? size : null);
          break;
        }
        case 69: case 68: prefix = r.slice(1); visit.directory(prefix); break; // E (a folder), D (a skipped folder looked into)
        case 83: visit.special(r.slice(1), false); break; // S
        case 76: visit.special(r.slice(1), true); break; // L
        case 87: { // W code \x01 errno \x01 syscall, then p path, then maybe r real path
          const [code, errno, syscall] = r.slice(1).split('\x01');
          const path = records[++i].slice(1);
          const real = records[i + 1]?.charCodeAt(0) === 114 ? records[++i].slice(1) : null;
          visit.warning({
            path,
            code: code as ScanWarning['code'],
            message: real !== null ? `links to ${real}, which contains it; not followed` : describeErrno(Number(errno), syscall, path),
          });
          break;
        }
        default: break; // the empty string after the last NUL
      }
    }
    const counts = { files: taken.files, dirs: taken.dirs, filesRead: taken.filesRead, bytesRead: taken.bytesRead };
    if (taken.done) return counts;
    visit.progress?.(counts);
  }
}

/** The keywords a file must hold for one of these detectors to be worth running on it (null: any file is). */
export function keywordsFor(detectors: readonly { hint?: RegExp | null; extractAll?: unknown }[]): string[] | null {
  // The matcher shares one detector list between the files of one name: worked out once per list.
  const known = byList.get(detectors);
  if (known !== undefined) return known;
  let result: string[] | null = null;
  const all = new Set<string>();
  for (const d of detectors) {
    if (d.extractAll || !d.hint) { all.clear(); break; }
    let literals = byHint.get(d.hint);
    if (literals === undefined) { literals = requiredLiterals(d.hint); byHint.set(d.hint, literals); }
    if (!literals) { all.clear(); break; }
    for (const l of literals) all.add(l);
  }
  if (all.size) result = [...all].sort();
  byList.set(detectors, result);
  return result;
}
const byHint = new Map<RegExp, string[] | null>();
const byList = new WeakMap<readonly object[], string[] | null>();

/** What the JavaScript walker says of the error Node would have thrown for this errno and syscall. */
function describeErrno(errno: number, syscall: string, path?: string): string {
  const [name, text] = getSystemErrorMap().get(-errno) ?? [`E${errno}`, 'unknown error'];
  return describeCode(name, `${name}: ${text}, ${syscall}${path !== undefined ? ` '${path}'` : ''}`);
}
