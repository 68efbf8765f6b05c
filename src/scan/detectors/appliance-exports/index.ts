import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const applianceExports: Detector = {
  id: 'appliance-exports',
  system: 'Device configuration export',
  // XML exports (iDRAC profiles, iLO RIBCL) carry any name; JSON ones only as the tools name them, since reading every
  // *.json of an estate costs the scan more than those rarer exports are worth.
  files: ['config.ini', '*{-,_}config.ini', '*.xml', '*{scp,idrac,ilo,redfish,networkprotocol,alertmail}*.json'],
  // Broad extensions: only exports that carry a device's own SMTP markers are parsed.
  hint: /RemoteHosts\.\d+#SMTP|ALERTMAIL_SMTP_SERVER|AlertMailSMTPServer|<notifications>\s*<smtp>|<notifications>[\s\S]{0,4000}?<ipaddress>|\[NetworkTCP\/IP\]/i,
  extract,
};
