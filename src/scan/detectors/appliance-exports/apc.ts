// APC / Schneider Electric Network Management Card `config.ini` (UPS, PDU): an INI text the card exports over FTP/SCP.
// The SMTP section's key names are not published in full; these follow the card's `smtp` CLI fields (From, Server,
// Port, Auth, User, Password, Encryption none|ifavail|always|implicit) as seen in exported files.
import type { Security } from '../../../inventory/types.js';
import { iniEntries, type IniEntry } from '../../values.js';
import { unsetHost, type DeviceSetting, type DeviceValue } from './device.js';

export function isApcConfig(content: string): boolean {
  return /^\s*\[NetworkTCP\/IP\]/mi.test(content) || /Network Management Card/i.test(content.slice(0, 2000));
}

export function apcSettings(content: string): DeviceSetting[] {
  const entries = iniEntries(content, { continuation: 'backslash', inlineComments: false });
  const sections = new Map<string, IniEntry[]>();
  for (const e of entries) {
    const name = e.section + (e.subsection ? `/${e.subsection}` : '');
    if (!/smtp|e-?mail/i.test(name)) continue;
    sections.set(name, [...(sections.get(name) ?? []), e]);
  }
  const out: DeviceSetting[] = [];
  for (const [name, list] of sections) {
    const pick = (re: RegExp): DeviceValue | null => {
      const e = list.filter((x) => !x.commented && re.test(x.key)).at(-1) ?? list.filter((x) => re.test(x.key)).at(-1);
      return e ? { value: e.value, line: e.line, commented: e.commented } : null;
    };
    const host = pick(/^(?:smtp)?server$|^smtpserver(?:address)?$|^localsmtpserver$|^smtp\s*server$/i);
    if (!host || unsetHost(host.value)) continue;
    const port = pick(/^(?:smtp)?port$/i);
    const encryption = (pick(/^encryption$|^(?:smtp)?security$/i)?.value ?? '').toLowerCase();
    const notes: string[] = [];
    const security: Record<string, Security> = { none: 'none', ifavail: 'starttls', always: 'starttls', implicit: 'tls' };
    if (encryption === 'ifavail') notes.push('Encryption "If Supported": STARTTLS only when the server offers it');
    if (!encryption) notes.push('no encryption setting in the export: older cards send without TLS');
    const auth = pick(/^(?:smtp)?auth(?:entication)?$/i);
    out.push({
      system: 'APC Network Management Card', host, port, defaultPort: 25,
      security: security[encryption] ?? (port?.value === '465' ? 'tls' : 'none'),
      username: pick(/^(?:smtp)?user(?:name)?$/i), password: pick(/^(?:smtp)?password$/i),
      auth: auth ? /^(enabled?|yes|on|1|true)$/i.test(auth.value) : null,
      from: pick(/^from(?:address)?$|^sender$/i), enabled: true, notes,
      evidence: `[${name}] ${host.value.trim()}${port ? `:${port.value}` : ''}`,
    });
  }
  return out;
}
