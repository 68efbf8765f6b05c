import { readFileSync } from 'node:fs';
import { fromRoot } from './root.js';

let cached: string | undefined;

/** The package version, read once from package.json (at the project root). */
export function toolVersion(): string {
  if (cached) return cached;
  try {
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string };
    cached = pkg.version;
  } catch {
    cached = '0.0.0';
  }
  return cached;
}
