// `relay365 demo`: the pipeline on examples/fleet. For now: scan and print the inventory.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { scanCommand } from './scan.js';

export interface DemoOptions { out?: string; json?: boolean }

export function fleetDir(): string {
  return fileURLToPath(new URL('../../examples/fleet', import.meta.url));
}

export async function demoCommand(options: DemoOptions): Promise<number> {
  const out = options.out ?? 'relay365-demo';
  return scanCommand({ paths: [fleetDir()], out: join(out, 'inventory.json'), json: options.json });
}
