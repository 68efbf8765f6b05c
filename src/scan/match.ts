// File-name matching for detectors: an index by exact base name and by extension, name globs indexed by the
// extension they require, and path globs split into a directory part (tested once per directory) and a name part.
import type { Detector } from './detector.js';

/** Suffixes of example and template copies (`main.cf.bak`): the copy is matched as the file it copies. */
export const EXAMPLE_SUFFIXES = ['example', 'sample', 'dist', 'template', 'tmpl', 'tpl', 'orig', 'default', 'defaults', 'bak', 'old', 'skel', 'in'];
const EXAMPLE_SUFFIX = new RegExp(`\\.(${EXAMPLE_SUFFIXES.join('|')})$`, 'i');

/**
 * Folders of examples, samples and documentation (`…/examples/`, `contrib/samples/`, `doc/`, a copied `share/doc/`):
 * what they hold shows how, it configures nothing — except a site named docs in a web root (`/var/www/docs/`).
 */
const EXAMPLE_DIR = /(^|\/)(examples?|samples?|sample-config|share\/(doc|man|info))\/|(^|\/)(?<!(?:www|vhosts|sites|wwwroot|public_html|htdocs)\/)(docs?|documentation)\//i;

/** Whether a file is an example or template copy by its name: `web.config.example`, `.env.sample`, `main.cf.dist`. */
export function isExampleName(path: string): boolean {
  const name = baseName(path);
  return EXAMPLE_SUFFIX.test(name) || /\.(example|sample|dist)\b/i.test(name);
}

/** The base name of a path with any example suffix removed: `main.cf.example` → `main.cf`. */
export function canonicalName(path: string): string {
  return baseName(path).replace(EXAMPLE_SUFFIX, '');
}

/** Whether a file is a dotenv file (`.env`, `.env.production`, `app.env`), by its name or path. */
export function isEnvFile(path: string): boolean {
  const name = canonicalName(path);
  return name === '.env' || /^\.env\.[\w.-]+$/.test(name) || /\.env$/.test(name);
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

export interface PathMatch<D = Detector> {
  detectors: D[];
  exampleFile: boolean;
}

/** Convert a glob (`*`, `**`, `?`, `{a,b}`) to a RegExp over a '/'-separated path tail. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`(?:^|/)${globBody(glob)}$`, 'i');
}

function globBody(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') { re += '.*'; i++; if (glob[i + 1] === '/') i++; } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      re += `(?:${glob.slice(i + 1, end).split(',').map(escape).join('|')})`;
      i = end;
    } else re += escape(c);
  }
  return re;
}

function escape(s: string): string {
  return s.replace(/[.+^$()|[\]\\]/g, '\\$&');
}

interface NameGlob<D> { re: RegExp; literal: string; detector: D; pattern: string }
/** A glob with directories: `dir` is tested against a directory path ending in '/', `name` (null: any) against a base name. */
interface PathGlob<D> { dir: RegExp; literal: string; name: RegExp | null; detector: D; pattern: { dir: string; name: string } }

/** Rules that every name a detector could want passes (a superset of `match`), for a reader that cannot run the globs. */
export interface NameRules<D> {
  /** Lower-case base names; a copy with an example suffix is tested without it. */
  names: Map<string, D[]>;
  /** Lower-case extensions with their dot (`.cf`), also of the name without its example suffix. */
  exts: Map<string, D[]>;
  /** A lower-case literal anywhere in the lower-case name, and when not '', this extension (of the name or of its copy's). */
  nameLiterals: [string, string, D][];
  /** One of `dirLiterals` in the lower-case folder path (ending in '/'), and `nameLiteral` in the lower-case name. */
  paths: { dirLiterals: string[]; nameLiteral: string; detector: D }[];
}

const NONE: never[] = [];
/** Names remembered per matcher: a tree of unique names (a mail spool) must not grow it without end. */
const MEMO_LIMIT = 50_000;

export class DetectorMatcher<D extends { files: string[] } = Detector> {
  private byName = new Map<string, D[]>();
  private byExt = new Map<string, D[]>();
  /** Name globs by the extension they require (`application*.yml` under `.yml`); '' holds those that require none. */
  private nameGlobs = new Map<string, NameGlob<D>[]>();
  private pathGlobs: PathGlob<D>[] = [];
  /** The scan's roots ('/'-separated, no trailing '/'): an example folder counts only below the root named. */
  private readonly roots: string[];
  /** What a name matches in a folder without path globs, in an example folder or not (shared: callers never change a match). */
  private readonly memoPlain = new Map<string, PathMatch<D> | null>();
  private readonly memoExample = new Map<string, PathMatch<D> | null>();

  constructor(detectors: readonly D[], options: { roots?: readonly string[] } = {}) {
    this.roots = (options.roots ?? []).map((r) => r.replace(/\\/g, '/').replace(/\/+$/, '')).sort((a, b) => b.length - a.length);
    for (const detector of detectors) {
      for (const pattern of detector.files) {
        const slash = lastSlashOutsideBraces(pattern);
        if (slash < 0 && !/[*?{]/.test(pattern)) push(this.byName, pattern.toLowerCase(), detector);
        else if (slash < 0 && /^\*\.[\w-]+$/.test(pattern)) push(this.byExt, pattern.slice(1).toLowerCase(), detector);
        else if (slash < 0) {
          const glob = { re: globToRegExp(pattern), literal: longestLiteral(pattern), detector, pattern };
          for (const ext of requiredExtensions(pattern) ?? ['']) push(this.nameGlobs, ext, glob);
        } else {
          const dir = pattern.slice(0, slash);
          const name = pattern.slice(slash + 1);
          if (name.includes('/') || (name.includes('**') && name !== '**')) throw new Error(`glob ${pattern}: a name part cannot hold '/' or '**'`);
          this.pathGlobs.push({
            literal: longestLiteral(`${dir}/`),
            dir: new RegExp(`(?:^|/)${globBody(dir)}${name === '**' ? '/.*' : '/'}$`, 'i'),
            name: name === '**' ? null : new RegExp(`^${globBody(name)}$`, 'i'),
            detector,
            pattern: { dir, name },
          });
        }
      }
    }
  }

  /**
   * The native reader's rules. Each is implied by what `lookup` tests: a name glob needs its extension or its
   * longest literal, a path glob one literal of its folder part (braces expanded: `{.git,git}/` gives `.git/`
   * and `git/`, where the matcher's own prefilter keeps only '/') and the longest literal of its name part.
   */
  nameRules(): NameRules<D> {
    const exts = new Map<string, D[]>();
    for (const [ext, list] of this.byExt) for (const d of list) push(exts, ext, d);
    const nameLiterals: [string, string, D][] = [];
    // A name matching a glob matches one of its brace expansions, so it holds that expansion's literal runs and ends
    // in its extension (`{compose,docker-compose}*.{yml,yaml}`: `compose` and `.yml`, …): the rule is the longest run
    // other than the extension, with the extension; the extension alone when no run has 3 characters.
    const seen = new Set<NameGlob<D>>();
    for (const globs of this.nameGlobs.values()) {
      for (const g of globs) {
        if (seen.has(g)) continue;
        seen.add(g);
        for (const expansion of expandBraces(g.pattern)) {
          const ext = requiredExtensions(expansion)?.[0] ?? '';
          const runs = expansion.toLowerCase().split(/[*?]/);
          if (ext) runs[runs.length - 1] = runs[runs.length - 1].slice(0, -ext.length);
          const literal = runs.reduce((x, y) => (y.length > x.length ? y : x), '');
          if (literal.length >= 3) nameLiterals.push([literal, ext, g.detector]);
          else if (ext) push(exts, ext, g.detector);
          else nameLiterals.push(['', '', g.detector]);
        }
      }
    }
    const paths = this.pathGlobs.map((g) => ({
      dirLiterals: [...new Set(expandBraces(`${g.pattern.dir}/`).map(longestLiteral))],
      nameLiteral: g.pattern.name === '**' ? '' : longestLiteral(g.pattern.name),
      detector: g.detector,
    }));
    return { names: new Map(this.byName), exts, nameLiterals, paths };
  }

  /** Which detectors want this file; `path` uses '/' or '\\' separators. */
  match(path: string): PathMatch<D> | null {
    const normal = path.includes('\\') ? path.replace(/\\/g, '/') : path;
    const slash = normal.lastIndexOf('/');
    return this.directory(normal.slice(0, slash + 1))(normal.slice(slash + 1));
  }

  /** The matcher for the files of one directory (`dir` ends in a separator, or is empty): its path globs are tested once. */
  directory(dir: string): (name: string) => PathMatch<D> | null {
    return this.inDirectory(dir.includes('\\') ? dir.replace(/\\/g, '/') : dir).match;
  }

  private inDirectory(normal: string): { match: (name: string) => PathMatch<D> | null; exampleDir: boolean } {
    const lower = normal.toLowerCase();
    const globs = this.pathGlobs.filter((g) => lower.includes(g.literal) && g.dir.test(normal));
    const exampleDir = this.isExampleDir(normal);
    // Most folders have no path glob of their own: what a name matches there depends on the name alone.
    const memo = globs.length ? null : exampleDir ? this.memoExample : this.memoPlain;
    const match = (name: string): PathMatch<D> | null => {
      if (memo) {
        const known = memo.get(name);
        if (known !== undefined) return known;
      }
      // `web.config.example`, `.env.example` (but `.env.example` also matches `.env*` as is)
      let found: PathMatch<D> | null = null;
      const direct = this.lookup(globs, name);
      if (direct.length) found = { detectors: direct, exampleFile: exampleDir || isExampleName(name) };
      else if (EXAMPLE_SUFFIX.test(name)) {
        const stripped = this.lookup(globs, name.replace(EXAMPLE_SUFFIX, ''));
        if (stripped.length) found = { detectors: stripped, exampleFile: true };
      }
      if (memo && memo.size < MEMO_LIMIT) memo.set(name, found);
      return found;
    };
    return { match, exampleDir };
  }

  /** The walker's test: a match, or an empty one for a .env file no detector reads (the indirection pass does). */
  candidates(dir: string): (name: string) => PathMatch<D> | null {
    const { match, exampleDir } = this.inDirectory(dir.includes('\\') ? dir.replace(/\\/g, '/') : dir);
    return (name) => match(name) ?? (isEnvFile(name) ? { detectors: [], exampleFile: exampleDir || isExampleName(name) } : null);
  }

  /** Whether a directory ('/'-separated) is an example folder, judged below the scan root that holds it. */
  private isExampleDir(dir: string): boolean {
    const root = this.roots.find((r) => dir.startsWith(`${r}/`));
    return EXAMPLE_DIR.test(root === undefined ? dir : dir.slice(root.length));
  }

  private lookup(pathGlobs: PathGlob<D>[], name: string): D[] {
    let found: D[] = NONE;
    const add = (d: D) => { if (!found.includes(d)) (found === NONE ? (found = []) : found).push(d); };
    const lower = name.toLowerCase();
    const named = this.byName.get(lower);
    if (named) for (const d of named) add(d);
    const dot = lower.lastIndexOf('.');
    const ext = dot > 0 || (dot === 0 && lower.length > 1) ? lower.slice(dot) : '';
    if (ext) { const list = this.byExt.get(ext); if (list) for (const d of list) add(d); }
    // A glob's longest literal must appear in the name before its regex is worth running.
    if (ext) for (const g of this.nameGlobs.get(ext) ?? NONE) if (lower.includes(g.literal) && g.re.test(name)) add(g.detector);
    for (const g of this.nameGlobs.get('') ?? NONE) if (lower.includes(g.literal) && g.re.test(name)) add(g.detector);
    for (const g of pathGlobs) if (!g.name || g.name.test(name)) add(g.detector);
    return found;
  }
}

function lastSlashOutsideBraces(glob: string): number {
  let depth = 0;
  for (let i = glob.length - 1; i >= 0; i--) {
    if (glob[i] === '}') depth++;
    else if (glob[i] === '{') depth--;
    else if (glob[i] === '/' && depth === 0) return i;
  }
  return -1;
}

/** The extensions a name glob can end with (`*.{yml,yaml}` → .yml, .yaml), or null when it can end with anything. */
function requiredExtensions(glob: string): string[] | null {
  const braces = /\.\{([\w-]+(?:,[\w-]+)*)\}$/.exec(glob);
  if (braces) return braces[1].split(',').map((e) => `.${e.toLowerCase()}`);
  const plain = /\.([\w-]+)$/.exec(glob);
  return plain ? [`.${plain[1].toLowerCase()}`] : null;
}

/** `{a,b}/x{1,2}` → a/x1, a/x2, b/x1, b/x2 (no nesting in our patterns; a nested one is left as is). */
function expandBraces(glob: string): string[] {
  const m = /\{([^{}]*)\}/.exec(glob);
  if (!m) return [glob];
  return m[1].split(',').flatMap((alt) => expandBraces(glob.slice(0, m.index) + alt + glob.slice(m.index + m[0].length)));
}

/** The longest run of a glob without wildcards, lower-cased: `fail2ban/jail.d/*.local` → `fail2ban/jail.d/`. */
function longestLiteral(glob: string): string {
  const runs = glob.toLowerCase().replace(/\{[^}]*\}|\*\*\//g, '*').split(/[*?]/);
  return runs.reduce((a, b) => (b.length > a.length ? b : a), '');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) { if (!list.includes(value)) list.push(value); } else map.set(key, [value]);
}
