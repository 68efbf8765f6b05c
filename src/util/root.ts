// Files shipped beside the code (package.json, templates/, examples/, the worker bundles), found by walking up
// from this module: the sources (src/…) and the bundled build (dist/…, shared chunks in dist/chunks/) sit at
// different depths.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let root: string | undefined;

/** The nearest folder at or above this module's that holds `relative`, as a path to it (the top folder's when none does). */
export function findUp(relative: string): string {
  let dir = here;
  while (!existsSync(join(dir, relative)) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, relative);
}

/** The folder holding relay365's package.json. */
export function projectRoot(): string {
  return (root ??= dirname(findUp('package.json')));
}

/** A path under the project root. */
export function fromRoot(...segments: string[]): string {
  return join(projectRoot(), ...segments);
}
