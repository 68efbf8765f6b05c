// Snippets from templates/patches/*.eta (eta engine; no HTML escaping: these are config files and code).
import { Eta } from 'eta';
import { fromRoot } from '../../util/root.js';

let engine: Eta | undefined;

export function templatesDir(): string {
  return fromRoot('templates');
}

export function renderTemplate(name: string, data: object): string {
  engine ??= new Eta({ views: templatesDir(), autoEscape: false, autoTrim: false, cache: true });
  return engine.render(`${name}.eta`, data);
}
