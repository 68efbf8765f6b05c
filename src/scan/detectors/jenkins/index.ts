import type { Detector } from '../../detector.js';
import { extractAll } from './extract.js';

export const jenkins: Detector = {
  id: 'jenkins',
  system: 'Jenkins',
  files: [
    'hudson.tasks.Mailer.xml', 'hudson.plugins.emailext.ExtendedEmailPublisher.xml', 'jenkins.model.JenkinsLocationConfiguration.xml',
    'credentials.xml', 'jenkins.yaml', 'jenkins.yml', 'casc{,_configs}/*.{yaml,yml}',
  ],
  extractAll,
};
