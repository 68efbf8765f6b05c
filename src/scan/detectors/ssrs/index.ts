import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const ssrs: Detector = {
  id: 'ssrs',
  system: 'SQL Server Reporting Services',
  files: ['rsreportserver.config'],
  hint: /RSEmailDPConfiguration/i,
  extract,
};
