// The project's native addon (native/*.c, built to build/Release/walk.node by `npm run build` with node-gyp): the
// scan's walker (scan/native.ts) and the Postfix log reader (logs/native-reader.ts). Light on purpose: the CLI
// loads it first. Null where it is not built (Windows, no C compiler) or turned off with RELAY365_NATIVE=0;
// both users then take their JavaScript paths, which give the same results.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let addon: object | null | undefined;

export function loadNativeAddon(): object | null {
  if (addon !== undefined) return addon;
  addon = null;
  if (process.env.RELAY365_NATIVE === '0' || process.platform === 'win32') return addon;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  const file = join(dir, 'build', 'Release', 'walk.node');
  if (!existsSync(file)) return addon;
  try {
    addon = createRequire(import.meta.url)(file) as object;
  } catch {
    addon = null; // built for another Node or machine: the JavaScript paths do the work
  }
  return addon;
}
