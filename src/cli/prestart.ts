// `relay365 scan …`: its file-system work starts before the CLI itself loads (main.ts imports this first).
// The native listing when the addon is built, else the worker threads (they take ~0.1 s to start).
import { prestartListing } from '../scan/native.js';
import { defaultWorkers, prestartWorkers } from '../scan/pool.js';
import { defaultRoots } from '../scan/roots.js';
import { walkRules } from '../scan/walker.js';

if (process.argv[2] === 'scan' && !prestartListing(process.argv.slice(3), walkRules, defaultRoots, defaultWorkers())) prestartWorkers(defaultWorkers());
