// File-name matching for detectors: an index by exact base name and by extension, name globs indexed by the
// extension they require, and path globs split into a directory part (tested once per directory) and a name part.
import type { Detector } from './detector.js';

const EXAMPLE_SUFFIX = /\.(example|sample|dist|template|tmpl|tpl|orig|default|defaults|bak|old|skel|in)$/i;

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

interface NameGlob<D> { re: RegExp; literal: string; detector: D }
/** A glob with directories: `dir` is tested against a directory path ending in '/', `name` (null: any) against a base name. */
interface PathGlob<D> { dir: RegExp; literal: string; name: RegExp | null; detector: D }

const NONE: never[] = [];

export class DetectorMatcher<D extends { files: string[] } = Detector> {
  private byName = new Map<string, D[]>();
  private byExt = new Map<string, D[]>();
  /** Name globs by the extension they require (`application*.yml` under `.yml`); '' holds those that require none. */
  private nameGlobs = new Map<string, NameGlob<D>[]>();
  private pathGlobs: PathGlob<D>[] = [];
  /** The scan's roots ('/'-separated, no trailing '/'): an example folder counts only below the root named. */
  private readonly roots: string[];

  constructor(detectors: readonly D[], options: { roots?: readonly string[] } = {}) {
    this.roots = (options.roots ?? []).map((r) => r.replace(/\\/g, '/').replace(/\/+$/, '')).sort((a, b) => b.length - a.length);
    for (const detector of detectors) {
      for (const pattern of detector.files) {
        const slash = lastSlashOutsideBraces(pattern);
        if (slash < 0 && !/[*?{]/.test(pattern)) push(this.byName, pattern.toLowerCase(), detector);
        else if (slash < 0 && /^\*\.[\w-]+$/.test(pattern)) push(this.byExt, pattern.slice(1).toLowerCase(), detector);
        else if (slash < 0) {
          const glob = { re: globToRegExp(pattern), literal: longestLiteral(pattern), detector };
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
          });
        }
      }
    }
  }

  /** Which detectors want this file; `path` uses '/' or '\\' separators. */
  match(path: string): PathMatch<D> | null {
    const normal = path.includes('\\') ? path.replace(/\\/g, '/') : path;
    const slash = normal.lastIndexOf('/');
    return this.directory(normal.slice(0, slash + 1))(normal.slice(slash + 1));
  }

  /** The matcher for the files of one directory (`dir` ends in a separator, or is empty): its path globs are tested once. */
  directory(dir: string): (name: string) => PathMatch<D> | null {
    const normal = dir.includes('\\') ? dir.replace(/\\/g, '/') : dir;
    const globs = this.pathGlobs.filter((g) => normal.toLowerCase().includes(g.literal) && g.dir.test(normal));
    const exampleDir = this.isExampleDir(normal);
    return (name) => {
      // `web.config.example`, `.env.example` (but `.env.example` also matches `.env*` as is)
      const direct = this.lookup(globs, name);
      if (direct.length) return { detectors: direct, exampleFile: exampleDir || isExampleName(name) };
      if (EXAMPLE_SUFFIX.test(name)) {
        const stripped = this.lookup(globs, name.replace(EXAMPLE_SUFFIX, ''));
        if (stripped.length) return { detectors: stripped, exampleFile: true };
      }
      return null;
    };
  }

  /** The walker's test: a match, or an empty one for a .env file no detector reads (the indirection pass does). */
  candidates(dir: string): (name: string) => PathMatch<D> | null {
    const inDir = this.directory(dir);
    const exampleDir = this.isExampleDir(dir.replace(/\\/g, '/'));
    return (name) => inDir(name) ?? (isEnvFile(name) ? { detectors: [], exampleFile: exampleDir || isExampleName(name) } : null);
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

/** The longest run of a glob without wildcards, lower-cased: `fail2ban/jail.d/*.local` → `fail2ban/jail.d/`. */
function longestLiteral(glob: string): string {
  const runs = glob.toLowerCase().replace(/\{[^}]*\}|\*\*\//g, '*').split(/[*?]/);
  return runs.reduce((a, b) => (b.length > a.length ? b : a), '');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) { if (!list.includes(value)) list.push(value); } else map.set(key, [value]);
}
