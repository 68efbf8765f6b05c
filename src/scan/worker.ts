// A scan worker thread: walks the directories it is given, reads and decodes the candidate files, and passes
// the main thread only the files worth parsing (a detector's content hint matched, a .env file, a file for a
// whole-set detector). It loads no detector: the main thread's first message describes them (names, file
// patterns, content hints), so a worker can start before the detectors load and costs little. When the main
// thread marks a walker hungry, a busy one gives away half of its pending directories.
import { parentPort, workerData } from 'node:worker_threads';
import type { ScanWarning } from '../inventory/types.js';
import { binaryWarning, decode } from './decode.js';
import { DetectorMatcher, isEnvFile, type PathMatch } from './match.js';
import { HUNGRY, READY, type FromWorker, type ToWorker, type WorkerSetup } from './pool.js';
import { readBounded, Walker } from './walker.js';

interface Sketch { id: string; files: string[]; hint: RegExp | null; batch: boolean }

const shared = new Int32Array((workerData as { shared: SharedArrayBuffer }).shared);
let setup: WorkerSetup;
let matcher: DetectorMatcher<Sketch>;
let walker: Walker<PathMatch<Sketch>>;
let buffer: Buffer;
const read = { filesRead: 0, bytesRead: 0 };
let hits: { path: string; text: string }[] = [];
let hitBytes = 0;
let warnings: ScanWarning[] = [];
let links: { path: string; parent: string }[] = [];
let lastPost = Date.now();

function configure(given: WorkerSetup): void {
  setup = given;
  const detectors: Sketch[] = setup.detectors.map((d) => ({ ...d, hint: d.hint ? new RegExp(d.hint.source, d.hint.flags) : null }));
  matcher = new DetectorMatcher(detectors, { roots: setup.roots });
  buffer = Buffer.allocUnsafe(setup.maxFileBytes + 1);
  walker = new Walker<PathMatch<Sketch>>({
    wants: (dir) => matcher.candidates(dir),
    onCandidate,
    onWarning: (w) => warnings.push(w),
    onLinkedDir: (path, parent) => links.push({ path, parent }),
    exclude: setup.exclude,
    includeVendored: setup.includeVendored,
  });
}

function onCandidate(path: string, match: PathMatch<Sketch>): void {
  const got = readBounded(path, buffer, setup.maxFileBytes, (w) => warnings.push(w));
  if (!got) return;
  read.filesRead++;
  read.bytesRead += got.bytes.length;
  const decoded = decode(got.bytes);
  if ('binary' in decoded) { warnings.push(binaryWarning(path)); return; }
  const text = decoded.text;
  if (match.detectors.length === 0 || match.detectors.some((d) => d.batch || !d.hint || d.hint.test(text)) || isEnvFile(path)) {
    hits.push({ path, text });
    hitBytes += text.length;
  }
}

function post(message: FromWorker): void {
  parentPort!.postMessage(message);
}

function flush(final: boolean): void {
  const stats = { ...walker.stats, ...read };
  post({ hits, warnings, links, stats, ...(final ? { idle: true } : {}) });
  hits = [];
  hitBytes = 0;
  warnings = [];
  links = [];
  lastPost = Date.now();
}

/** After each directory: give work away when another walker starves, pass on what was found now and then. */
function afterDirectory(): boolean {
  const hungry = Atomics.load(shared, HUNGRY);
  if (hungry > 0 && walker.stack.length > 1 && Atomics.compareExchange(shared, HUNGRY, hungry, hungry - 1) === hungry) {
    post({ dirs: walker.donate() });
  }
  if (hits.length >= 256 || hitBytes > 4 * 1024 * 1024 || links.length || Date.now() - lastPost > 200) flush(false);
  return false;
}

parentPort!.on('message', (message: ToWorker) => {
  if ('setup' in message) {
    configure(message.setup);
    Atomics.add(shared, READY, 1);
    post({ ready: true });
    return;
  }
  for (const dir of message.dirs) walker.stack.push(dir);
  walker.run(afterDirectory);
  flush(true);
});
