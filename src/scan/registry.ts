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
import { dotnetConfig } from './detectors/dotnet-config/index.js';
import { dotnetAppsettings } from './detectors/dotnet-appsettings/index.js';
import { powershell } from './detectors/powershell/index.js';
import { windowsLiveMail } from './detectors/windows-live-mail/index.js';
import { grafana } from './detectors/grafana/index.js';
import { gitlab } from './detectors/gitlab/index.js';

export const DETECTORS: Detector[] = [
  postfix,
  msmtp,
  dotenv,
  symfony,
  django,
  pythonSmtplib,
  spring,
  nodemailer,
  dotnetConfig,
  dotnetAppsettings,
  powershell,
  windowsLiveMail,
  grafana,
  gitlab,
];
