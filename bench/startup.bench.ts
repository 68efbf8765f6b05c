// start-up: `relay365 --help` against `node -e ''` (commands are imported lazily, so help stays cheap).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { best, ratio } from './support/measure.js';

const cli = join(fileURLToPath(new URL('../', import.meta.url)), 'dist', 'cli', 'main.js');
const ours = best(10, [process.execPath, cli, '--help']);
const bare = best(10, [process.execPath, '-e', '']);
console.log(`relay365 --help: ${(ours.seconds * 1000).toFixed(0)} ms, peak ${ours.peakMb.toFixed(0)} MB`);
console.log(`node -e ''     : ${(bare.seconds * 1000).toFixed(0)} ms, peak ${bare.peakMb.toFixed(0)} MB`);
console.log(`ratio (relay365 / node) time: ${ratio(ours.seconds, bare.seconds)}  memory: ${ratio(ours.peakMb, bare.peakMb)}`);
