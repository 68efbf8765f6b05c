import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const superset: Detector = {
  id: 'superset',
  system: 'Apache Superset',
  // superset_config.py on SUPERSET_CONFIG_PATH / PYTHONPATH (the Docker image adds superset_config_docker.py);
  // superset/config.py, the package's defaults, is never matched.
  files: ['superset_config*.py'],
  hint: /\bSMTP_[A-Z_]+\s*(?::[^=\n]*)?=/,
  extract,
};
