// Start one of relay365's worker threads by its module (`scan/worker`, `logs/pipeline-worker`): the bundled
// JavaScript under dist/, or the TypeScript source through tsx's loader when the caller itself runs from src/.
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { findUp, fromRoot } from './root.js';

export function startWorker(module: string, workerData: unknown): Worker {
  // Under tsx (tests run the sources) the worker is .ts too, and needs tsx's loader registered in its thread.
  if (import.meta.url.endsWith('.ts')) {
    const url = pathToFileURL(fromRoot('src', `${module}.ts`));
    const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
    return new Worker(bootstrap, { eval: true, workerData });
  }
  // The bundled worker, seen from whichever chunk of dist/ this code was bundled into.
  return new Worker(pathToFileURL(findUp(`${module}.js`)), { workerData });
}
