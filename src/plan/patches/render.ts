// Snippets from templates/patches/*.eta (eta engine; no HTML escaping: these are config files and code).
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';

let engine: Eta | undefined;

export function templatesDir(): string {
  return fileURLToPath(new URL('../../../templates/', import.meta.url));
}

export function renderTemplate(name: string, data: object): string {
  engine ??= new Eta({ views: templatesDir(), autoEscape: false, autoTrim: false, cache: true });
  return engine.render(`${name}.eta`, data);
}
