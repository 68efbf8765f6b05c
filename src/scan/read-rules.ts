// A build step's entry: the native reader's rules for the built-in detectors, which `npm run build` writes to
// dist/scan/read-rules.json so that the CLI can start a scan's reads before the detectors load.
import { readRules, type ReadRules } from './native.js';
import { DETECTORS } from './registry.js';

export function builtInReadRules(): ReadRules {
  return readRules(DETECTORS);
}
