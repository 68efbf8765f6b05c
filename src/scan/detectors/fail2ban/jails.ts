// Fail2Ban's jail configuration as Fail2Ban merges it: jail.conf, jail.d/*.conf, jail.local, jail.d/*.local
// (later wins, per section and key), [DEFAULT] behind every jail, `%(name)s` interpolation (configparser).
import type { SourceFile } from '../../detector.js';
import { canonicalName } from '../../match.js';
import { iniEntries, parseBool, type IniEntry } from '../../values.js';

export interface JailEntry extends IniEntry { path: string }

/** The order Fail2Ban reads its jail files in. */
function rank(path: string): [number, string] {
  const name = canonicalName(path);
  const inDir = /[\\/]jail\.d[\\/][^\\/]*$/.test(path);
  const local = name.endsWith('.local');
  return [(inDir ? 1 : 0) + (local ? 2 : 0), name];
}

export class JailConfig {
  readonly entries: JailEntry[];
  private merged = new Map<string, Map<string, JailEntry>>();

  constructor(files: SourceFile[]) {
    const ordered = [...files].sort((a, b) => {
      const [x, y] = [rank(a.path), rank(b.path)];
      return x[0] - y[0] || x[1].localeCompare(y[1]);
    });
    this.entries = ordered.flatMap((f) => iniEntries(f.content, { continuation: 'indent', inlineComments: false }).map((e) => ({ ...e, key: e.key.toLowerCase(), path: f.path })));
    for (const e of this.entries) {
      if (e.commented) continue;
      const section = this.merged.get(e.section) ?? new Map<string, JailEntry>();
      section.set(e.key, e);
      this.merged.set(e.section, section);
    }
  }

  /** The entry that wins for a key in a section, falling back to [DEFAULT]. */
  lookup(section: string, key: string): JailEntry | undefined {
    return this.merged.get(section)?.get(key) ?? this.merged.get('default')?.get(key);
  }

  /** The section's own entry for a key, without [DEFAULT]. */
  own(section: string, key: string): JailEntry | undefined {
    return this.merged.get(section)?.get(key);
  }

  /** The live entry is the one that wins for its section (not overridden by a later file). */
  effective(entry: JailEntry): boolean {
    return this.merged.get(entry.section)?.get(entry.key) === entry;
  }

  jails(): string[] {
    return [...this.merged.keys()].filter((s) => s !== 'default' && s !== 'includes' && s !== 'definition' && s !== 'init');
  }

  enabled(section: string): boolean {
    return parseBool(this.lookup(section, 'enabled')?.value) === true;
  }

  /** `%(name)s` and `%(default/name)s` expanded, bounded in depth, substitutions and size (self-referencing values). */
  expand(text: string, section: string, budget = { left: 500 }, depth = 0): string {
    if (depth > 8 || text.length > 20_000) return text;
    return text.replace(/%\(([\w/-]+)\)s/g, (whole, name: string) => {
      if (name === '__name__') return section;
      if (budget.left-- <= 0) return whole;
      const [where, key] = name.startsWith('default/') ? ['default', name.slice(8)] : [section, name];
      const entry = this.lookup(where, key.toLowerCase());
      return entry ? this.expand(entry.value, section, budget, depth + 1) : whole;
    });
  }
}
