// The template engine (eta) over templates/report/: autoEscape stays on, so every value from a scanned file is
// escaped by the engine; only our own includes, CSS and script are written raw.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Eta } from 'eta';
import { fromRoot } from '../../util/root.js';

/** templates/report/ at the project root. */
export function templatesDir(): string {
  return fromRoot('templates', 'report');
}

const files = new Map<string, string>();

/** A template-side file read once (our CSS and script, inlined into the HTML). */
export function templateFile(name: string): string {
  let text = files.get(name);
  if (text === undefined) {
    text = readFileSync(join(templatesDir(), name), 'utf8');
    files.set(name, text);
  }
  return text;
}

const engines = new Map<string, Eta>();

/** One engine per layout family, kept so templates are read and compiled once per process. */
export function engineFor(family: 'html' | 'md', escapeFunction?: (value: unknown) => string): Eta {
  let engine = engines.get(family);
  if (!engine) {
    engine = new Eta({ views: templatesDir(), autoEscape: true, autoTrim: false, cache: true, ...(escapeFunction ? { escapeFunction } : {}) });
    engines.set(family, engine);
  }
  return engine;
}
