// pfSense / OPNsense `config.xml` (and `config-<host>-<date>.xml` backups): `<notifications><smtp>` with <ipaddress>,
// <port>, <ssl/> (implicit TLS), <tls/> (STARTTLS, older releases), <username>, <password> (clear text in the backup),
// <fromaddress>, <disable/>. Empty elements are switches, so tags are read, not only texts.
import type { Security } from '../../../inventory/types.js';
import { xmlTokens } from '../../values.js';
import { unsetHost, type DeviceSetting, type DeviceValue } from './device.js';

export function isFirewallConfig(content: string): boolean {
  return /<(pfsense|opnsense)[\s>]/i.test(content.slice(0, 4000));
}

export function firewallSettings(content: string): DeviceSetting[] {
  const system = /<opnsense[\s>]/i.test(content.slice(0, 4000)) ? 'OPNsense' : 'pfSense';
  const { tokens } = xmlTokens(content);
  const stack: string[] = [];
  const fields = new Map<string, DeviceValue>();
  let open: string | null = null;
  for (const t of tokens) {
    if (t.commented) continue;
    const inSmtp = stack.at(-1) === 'smtp' && stack.at(-2) === 'notifications';
    if (t.kind === 'open') {
      if (inSmtp) {
        fields.set(t.name.toLowerCase(), { value: '', line: t.line });
        open = t.selfClosing ? null : t.name.toLowerCase();
      }
      if (!t.selfClosing) stack.push(t.name.toLowerCase());
    } else if (t.kind === 'close') {
      const at = stack.lastIndexOf(t.name.toLowerCase());
      if (at >= 0) stack.length = at;
      open = null;
    } else if (open && stack.at(-2) === 'smtp') fields.set(open, { value: t.text, line: t.line });
  }
  const host = fields.get('ipaddress');
  if (!host || unsetHost(host.value)) return [];
  const notes: string[] = [];
  const username = fields.get('username') ?? null;
  const on = (name: string) => fields.has(name) && !/^(0|false|no|off|disabled)$/i.test(fields.get(name)!.value.trim());
  let security: Security = 'none';
  if (on('ssl')) security = 'tls';
  else if (on('tls')) security = 'starttls';
  else if (username?.value.trim()) {
    security = 'starttls';
    notes.push('no SSL/TLS switch: the mailer starts TLS only when the server offers it before signing in');
  }
  if (fields.get('sslvalidate')?.value.trim() === 'disabled') notes.push('certificate validation is switched off (sslvalidate disabled)');
  return [{
    system, host, port: fields.get('port') ?? null, defaultPort: 25, security, username, password: fields.get('password') ?? null, auth: null,
    from: fields.get('fromaddress') ?? null, enabled: !fields.has('disable'), notes,
    evidence: `<notifications><smtp><ipaddress>${host.value.trim()}</ipaddress>${fields.get('port') ? `<port>${fields.get('port')!.value}</port>` : ''}${on('ssl') ? '<ssl/>' : ''}${on('tls') ? '<tls/>' : ''}`,
  }];
}
