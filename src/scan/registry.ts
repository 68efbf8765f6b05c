// Every detector, one line each. A test fails when a folder under detectors/ is missing here.
import type { Detector } from './detector.js';
import { msmtp } from './detectors/msmtp/index.js';
import { postfix } from './detectors/postfix/index.js';
import { dotenv } from './detectors/dotenv/index.js';
import { symfony } from './detectors/symfony/index.js';
import { django } from './detectors/django/index.js';
import { pythonSmtplib } from './detectors/python-smtplib/index.js';
import { spring } from './detectors/spring/index.js';
import { nodemailer } from './detectors/nodemailer/index.js';

export const DETECTORS: Detector[] = [
  postfix,
  msmtp,
  dotenv,
  symfony,
  django,
  pythonSmtplib,
  spring,
  nodemailer,
];
