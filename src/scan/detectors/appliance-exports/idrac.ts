// Dell iDRAC Server Configuration Profile exports (XML or JSON): attributes of iDRAC.Embedded.1 named
// `RemoteHosts.1#SMTPServerIPAddress`, `#SMTPPort`, `#SMTPAuthentication`, `#SMTPUserName`, `#SMTPPassword` (exported
// commented out and masked), `#ConnectionEncryption` (None | SSL/TLS | StartTLS) and the sender address.
import type { Security } from '../../../inventory/types.js';
import { jsonScalars, xmlTokens } from '../../values.js';
import { unsetHost, type DeviceSetting, type DeviceValue } from './device.js';

type Attributes = Map<string, DeviceValue>;

export function isIdracProfile(content: string): boolean {
  return /RemoteHosts\.\d+#SMTP/i.test(content);
}

/** `<Attribute Name="X">v</Attribute>` (commented ones included, marked) or `{"Name": "X", "Value": "v"}`. */
function attributes(content: string): Attributes {
  const found: Attributes = new Map();
  if (/^\s*[{[]/.test(content)) {
    const items = new Map<string, { name?: string; value?: DeviceValue }>();
    for (const s of jsonScalars(content).scalars) {
      const field = s.path.at(-1)?.toLowerCase();
      if (field !== 'name' && field !== 'value') continue;
      const id = s.path.slice(0, -1).join('\u0000');
      const item = items.get(id) ?? {};
      if (field === 'name') item.name = String(s.value); else item.value = { value: s.value === null ? '' : String(s.value), line: s.line };
      items.set(id, item);
    }
    for (const item of items.values()) if (item.name && item.value) found.set(item.name.toLowerCase(), item.value);
    return found;
  }
  const { tokens } = xmlTokens(content);
  let open: { name: string; line: number; commented: boolean } | null = null;
  for (const t of tokens) {
    if (t.kind === 'open' && /^Attribute$/i.test(t.name)) {
      const name = t.attrs.find((a) => a.name.toLowerCase() === 'name')?.value;
      open = name ? { name: name.toLowerCase(), line: t.line, commented: t.commented } : null;
      if (open && t.selfClosing) { found.set(open.name, { value: '', line: t.line, commented: t.commented }); open = null; }
    } else if (t.kind === 'text' && open) {
      if (!found.has(open.name) || !open.commented) found.set(open.name, { value: t.text, line: open.line, commented: open.commented });
      open = null;
    } else if (t.kind === 'close') open = null;
  }
  return found;
}

export function idracSettings(content: string): DeviceSetting[] {
  const attrs = attributes(content);
  const out: DeviceSetting[] = [];
  for (const index of new Set([...attrs.keys()].map((k) => /^remotehosts\.(\d+)#/.exec(k)?.[1]).filter(Boolean))) {
    const get = (name: string) => attrs.get(`remotehosts.${index}#${name}`) ?? null;
    const host = get('smtpserveripaddress');
    if (!host || unsetHost(host.value)) continue;
    const notes: string[] = [];
    const encryption = (get('connectionencryption')?.value ?? '').toLowerCase().replace(/\s+/g, '');
    const security: Security = encryption === 'ssl/tls' ? 'tls' : encryption === 'starttls' ? 'starttls' : encryption === 'none' ? 'none' : 'none';
    if (!encryption) notes.push('no ConnectionEncryption attribute: iDRAC firmware of this age sends without TLS');
    const auth = get('smtpauthentication');
    const from = [...attrs].find(([k]) => k.startsWith(`remotehosts.${index}#`) && /sender|from/.test(k))?.[1] ?? null;
    out.push({
      system: 'Dell iDRAC', host, port: get('smtpport'), defaultPort: 25, security,
      username: get('smtpusername'), password: get('smtppassword'), auth: auth ? /^enabled?$/i.test(auth.value.trim()) : null,
      from, enabled: true, notes, evidence: `RemoteHosts.${index}#SMTPServerIPAddress=${host.value.trim()}${get('smtpport') ? ` RemoteHosts.${index}#SMTPPort=${get('smtpport')!.value}` : ''}`,
    });
  }
  return out;
}
