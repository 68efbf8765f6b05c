import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const ansible: Detector = {
  id: 'ansible',
  system: 'Ansible variables',
  files: ['group_vars/**', 'host_vars/**', '{defaults,vars}/main.{yml,yaml}', '{defaults,vars}/main/*.{yml,yaml}'],
  hint: /smtp|mail|relayhost|smarthost/i,
  extract,
};
