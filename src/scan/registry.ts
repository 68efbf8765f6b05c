// Every detector, one line each. A test fails when a folder under detectors/ is missing here.
import type { Detector } from './detector.js';
import { msmtp } from './detectors/msmtp/index.js';
import { postfix } from './detectors/postfix/index.js';

export const DETECTORS: Detector[] = [
  postfix,
  msmtp,
];
