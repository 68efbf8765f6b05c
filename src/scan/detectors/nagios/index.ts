import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const nagios: Detector = {
  id: 'nagios',
  system: 'Nagios',
  files: ['nagios*/**/*.cfg', '{icinga,naemon,centreon-engine,shinken}/**/*.cfg', 'commands.cfg', 'misccommands.cfg', 'icinga2/**/*.conf'],
  // Host and service definitions make up most object files: only files defining commands are parsed.
  hint: /command_line|(?:Notification|Event)Command\b/,
  extract,
};
