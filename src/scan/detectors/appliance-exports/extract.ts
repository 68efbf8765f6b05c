// Device configuration exports where the format is documented (config-formats.md §7): APC NMC config.ini, pfSense and
// OPNsense config.xml, Dell iDRAC Server Configuration Profiles (XML/JSON), HPE iLO RIBCL and Redfish exports. Printers'
// own exports (HP, Ricoh, Kyocera, Xerox clone files) are proprietary or encrypted: those devices are entered by hand.
import type { Finding } from '../../../inventory/types.js';
import type { ExtractContext } from '../../detector.js';
import { apcSettings, isApcConfig } from './apc.js';
import { deviceFinding, type DeviceSetting } from './device.js';
import { idracSettings, isIdracProfile } from './idrac.js';
import { iloSettings, isIloExport } from './ilo.js';
import { firewallSettings, isFirewallConfig } from './pfsense.js';

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const settings: DeviceSetting[] = [];
  if (/\.ini$/i.test(path) && isApcConfig(content)) settings.push(...apcSettings(content));
  else if (/\.xml$/i.test(path) && isFirewallConfig(content)) settings.push(...firewallSettings(content));
  else if (isIdracProfile(content)) settings.push(...idracSettings(content));
  else if (isIloExport(content)) settings.push(...iloSettings(content, ctx));
  const findings = settings.map((s, i) => deviceFinding(s, path, ctx, `${s.system}:${i}`));
  return findings.length ? findings : null;
}
