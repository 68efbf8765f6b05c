// A scan worker thread: reads the candidate files it is sent and runs the detectors on them.
import { parentPort, workerData } from 'node:worker_threads';
import { DetectorMatcher } from './match.js';
import { createState, processFile } from './process.js';
import { DETECTORS } from './registry.js';
import { readBounded } from './walker.js';

const maxBytes = (workerData as { maxFileBytes: number }).maxFileBytes;
const buffer = Buffer.allocUnsafe(maxBytes + 1);
const matcher = new DetectorMatcher(DETECTORS);
const state = createState();

parentPort!.on('message', (message: { paths?: string[]; end?: boolean }) => {
  for (const path of message.paths ?? []) {
    const read = readBounded(path, buffer, maxBytes, (w) => state.warnings.push(w));
    if (read) processFile(state, matcher, path, read.bytes);
  }
  if (message.end) parentPort!.postMessage({ ...state, secrets: [...state.secrets] });
});
