import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const spring: Detector = {
  id: 'spring',
  system: 'Spring Boot',
  files: ['*.properties', 'application*.yml', 'application*.yaml', 'bootstrap*.yml', 'bootstrap*.yaml'],
  hint: /mail(?:\.smtps?)?\.host|\bmail:|mail\.transport\.protocol/i,
  extract,
};
