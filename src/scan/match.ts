// File-name matching for detectors: an index by exact base name and by extension, then a few globs.
import type { Detector } from './detector.js';

const EXAMPLE_SUFFIX = /\.(example|sample|dist|template|tmpl|tpl|orig|default|defaults|bak|old|skel|in)$/i;

/** Whether a file is an example or template copy by its name: `web.config.example`, `.env.sample`, `main.cf.dist`. */
export function isExampleName(path: string): boolean {
  const normal = path.replace(/\\/g, '/');
  const name = normal.slice(normal.lastIndexOf('/') + 1);
  return EXAMPLE_SUFFIX.test(name) || /\.(example|sample|dist)\b/i.test(name);
}

/** The base name of a path with any example suffix removed: `main.cf.example` → `main.cf`. */
export function canonicalName(path: string): string {
  const normal = path.replace(/\\/g, '/');
  return normal.slice(normal.lastIndexOf('/') + 1).replace(EXAMPLE_SUFFIX, '');
}

export interface PathMatch {
  detectors: Detector[];
  exampleFile: boolean;
}

/** Convert a glob (`*`, `**`, `?`, `{a,b}`) to a RegExp over a '/'-separated path tail. */
export function globToRegExp(glob: string): RegExp {
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
  return new RegExp(`(?:^|/)${re}$`, 'i');
}

function escape(s: string): string {
  return s.replace(/[.+^$()|[\]\\]/g, '\\$&');
}

export class DetectorMatcher {
  private byName = new Map<string, Detector[]>();
  private byExt = new Map<string, Detector[]>();
  private globs: { re: RegExp; literal: string; detector: Detector; onName: boolean }[] = [];

  constructor(detectors: Detector[]) {
    for (const detector of detectors) {
      for (const pattern of detector.files) {
        const onName = !pattern.includes('/');
        if (onName && !/[*?{]/.test(pattern)) push(this.byName, pattern.toLowerCase(), detector);
        else if (onName && /^\*\.[\w-]+$/.test(pattern)) push(this.byExt, pattern.slice(1).toLowerCase(), detector);
        else this.globs.push({ re: globToRegExp(pattern), literal: longestLiteral(pattern), detector, onName });
      }
    }
  }

  /** Which detectors want this file; `path` uses '/' or '\\' separators. */
  match(path: string): PathMatch | null {
    const normal = path.replace(/\\/g, '/');
    const slash = normal.lastIndexOf('/');
    let name = normal.slice(slash + 1);
    const dir = normal.slice(0, slash + 1);
    // `web.config.example`, `.env.example` (but `.env.example` also matches `.env*` as is)
    const direct = this.lookup(dir, name);
    if (direct.length) return { detectors: direct, exampleFile: isExampleName(name) };
    if (EXAMPLE_SUFFIX.test(name)) {
      name = name.replace(EXAMPLE_SUFFIX, '');
      const stripped = this.lookup(dir, name);
      if (stripped.length) return { detectors: stripped, exampleFile: true };
    }
    return null;
  }

  private lookup(dir: string, name: string): Detector[] {
    const found = new Set<Detector>();
    const lower = name.toLowerCase();
    for (const d of this.byName.get(lower) ?? []) found.add(d);
    const dot = lower.lastIndexOf('.');
    if (dot > 0 || (dot === 0 && lower.length > 1)) for (const d of this.byExt.get(lower.slice(dot)) ?? []) found.add(d);
    if (this.globs.length) {
      // A glob's longest literal run must appear before its regex is worth running (most files fail here).
      const full = (dir + name).toLowerCase();
      for (const g of this.globs) if (full.includes(g.literal) && g.re.test(g.onName ? name : full)) found.add(g.detector);
    }
    return [...found];
  }
}

/** The longest run of a glob without wildcards, lower-cased: `fail2ban/jail.d/*.local` → `fail2ban/jail.d/`. */
function longestLiteral(glob: string): string {
  const runs = glob.toLowerCase().replace(/\{[^}]*\}/g, '*').split(/[*?]/);
  return runs.reduce((a, b) => (b.length > a.length ? b : a), '');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) { if (!list.includes(value)) list.push(value); } else map.set(key, [value]);
}
