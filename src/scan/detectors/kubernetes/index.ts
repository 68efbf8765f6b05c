import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const kubernetes: Detector = {
  id: 'kubernetes',
  system: 'Kubernetes',
  files: ['*.yaml', '*.yml'],
  // Broad extensions: only manifests of a kind that carries environment, and only when they mention mail, are parsed.
  hint: /^(?=[\s\S]*?(?:smtp|mail|relayhost|smarthost))[\s\S]*?(?:^|\n)[ \t]*(?:kind:[ \t]*["']?(?:ConfigMap|Secret|Deployment|StatefulSet|DaemonSet|Job|CronJob|Pod|ReplicaSet|DeploymentConfig)\b|(?:configMap|secret)Generator:)/i,
  extract,
};
