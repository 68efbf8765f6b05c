// Start one of relay365's worker threads by its module (`scan/worker`, `logs/pipeline-worker`): the bundled
// JavaScript under dist/, or the TypeScript source through tsx's loader when the caller itself runs from src/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fromRoot } from './root.js';

export function startWorker(module: string, workerData: unknown): Worker {
  // Under tsx (tests run the sources) the worker is .ts too, and needs tsx's loader registered in its thread.
  if (import.meta.url.endsWith('.ts')) {
    const url = pathToFileURL(fromRoot('src', `${module}.ts`));
    const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
    return new Worker(bootstrap, { eval: true, workerData });
  }
  return new Worker(pathToFileURL(builtWorker(module)), { workerData });
}

/** The bundled worker, seen from whichever chunk of dist/ this code was bundled into. */
function builtWorker(module: string): string {
  const file = `${module}.js`;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, file)) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, file);
}
