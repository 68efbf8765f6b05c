// Which machine a finding or inventory came from: relay365 has no agent, so this is read from what is at hand.
import type { Inventory } from '../inventory/types.js';
import { shortName } from './sender.js';

// Top-level directories of an OS tree: a path segment right before one of these names a copied machine
// (`fleet/relay01/etc/postfix/main.cf`, `backups/web02/inetpub/wwwroot/web.config`).
const ROOT_DIRS = new Set(['etc', 'opt', 'srv', 'var', 'home', 'root', 'usr', 'inetpub', 'windows', 'programdata', 'program files', 'program files (x86)', 'scripts', 'users']);

// Below these, `<name>/etc` is an application's own tree (/opt/app/etc), not a copied machine.
const APP_PARENTS = new Set(['opt', 'usr', 'var', 'etc', 'program files', 'program files (x86)', 'programdata', 'windows', 'inetpub']);

/** The machine a scanned path belongs to, when the path shows it (`…/<machine>/etc/…`). */
export function machineOfPath(path: string): string | null {
  const parts = path.replace(/\\/g, '/').split('/');
  for (let i = 1; i < parts.length; i++) {
    const candidate = parts[i - 1];
    if (!ROOT_DIRS.has(parts[i].toLowerCase()) || !candidate || ROOT_DIRS.has(candidate.toLowerCase())) continue;
    if (/^[a-z]:$/i.test(candidate) || candidate === '.' || candidate === '..') return null;
    if (parts.slice(0, i - 1).some((p) => APP_PARENTS.has(p.toLowerCase()))) return null;
    return shortName(candidate);
  }
  return null;
}

/**
 * The machine a whole inventory describes: a `host`/`hostname` field when the scanner wrote one, else the
 * inventory file's name when it is not the default (`relay01.json`, `inventory-relay01.json`).
 */
export function machineOfInventory(inventory: Inventory, file?: string): string | null {
  const declared = (inventory as unknown as Record<string, unknown>).host ?? (inventory as unknown as Record<string, unknown>).hostname;
  if (typeof declared === 'string' && declared.trim()) return shortName(declared);
  if (!file) return null;
  const base = file.replace(/\\/g, '/').split('/').pop()!.replace(/\.json$/i, '').replace(/^inventory[-_.]?/i, '');
  return base ? shortName(base) : null;
}
