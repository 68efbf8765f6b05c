import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const dotnetConfig: Detector = {
  id: 'dotnet-config',
  system: '.NET web.config',
  // `web.*.config` are XDT transforms; `*mail*.config`/`*smtp*.config` are typical configSource targets.
  files: ['web.config', 'app.config', '*.exe.config', '*.dll.config', 'machine.config', 'web.*.config', 'app.*.config', '*mail*.config', '*smtp*.config'],
  hint: /smtp|mail/i,
  extract,
};
