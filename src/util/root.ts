// Files shipped beside the code (package.json, templates/, examples/, the scan worker), found from the project
// root: the sources (src/…) and the bundled build (dist/…, shared chunks in dist/chunks/) sit at different depths.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding relay365's package.json. */
export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  root = dir;
  return root;
}

/** A path under the project root. */
export function fromRoot(...segments: string[]): string {
  return join(projectRoot(), ...segments);
}
