import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const helm: Detector = {
  id: 'helm',
  system: 'Helm values',
  files: ['values*.{yaml,yml}', '*{-,.}values.{yaml,yml}'],
  hint: /smtp|mail|smarthost|relay/i,
  extract,
};
