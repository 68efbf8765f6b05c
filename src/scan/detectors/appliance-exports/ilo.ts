// HPE iLO AlertMail: RIBCL XML (`<MOD_GLOBAL_SETTINGS><ALERTMAIL_SMTP_SERVER VALUE="…"/>`) and Redfish / iLOrest JSON
// (`Oem.Hpe.AlertMailSMTPServer`, `AlertMailSMTPPort`, `AlertMailSMTPSecureEnabled`, `AlertMailSMTPAuthUser`, …).
// iLO sends as <iLO name>@<AlertMailSenderDomain>; the RIBCL <LOGIN PASSWORD> is the iLO admin's, never reported.
import type { ExtractContext } from '../../detector.js';
import { jsonScalars, xmlTokens } from '../../values.js';
import { unsetHost, type DeviceSetting, type DeviceValue } from './device.js';

export function isIloExport(content: string): boolean {
  return /ALERTMAIL_SMTP_SERVER|AlertMailSMTPServer/i.test(content);
}

export function iloSettings(content: string, ctx: ExtractContext): DeviceSetting[] {
  const groups = /^\s*[{[]/.test(content) ? redfishGroups(content) : [ribclValues(content, ctx)];
  const out: DeviceSetting[] = [];
  for (const g of groups) {
    const get = (name: string) => g.get(name.toLowerCase()) ?? null;
    const host = get('AlertMailSMTPServer');
    if (!host || unsetHost(host.value)) continue;
    const notes: string[] = [];
    const flag = (name: string) => /^(true|yes|enabled?|1)$/i.test(get(name)?.value.trim() ?? '');
    const port = get('AlertMailSMTPPort');
    const secure = flag('AlertMailSMTPSecureEnabled');
    if (secure && port?.value.trim() !== '465') notes.push('iLO "Secure connection" on this port: read as STARTTLS (implicit TLS only on 465)');
    const domain = get('AlertMailSenderDomain')?.value.trim();
    if (domain) notes.push(`iLO sends as <iLO name>@${domain} (AlertMailSenderDomain)`);
    // Redfish never returns AlertMailSMTPAuthPw: with sign-in on, the password is on the iLO.
    const password = get('AlertMailSMTPAuthPw') ?? null;
    if (flag('AlertMailSMTPAuthEnabled') && password && !password.value.trim()) password.value = '******';
    out.push({
      system: 'HPE iLO', host, port, defaultPort: 25,
      security: secure ? (port?.value.trim() === '465' ? 'tls' : 'starttls') : get('AlertMailSMTPSecureEnabled') ? 'none' : 'unknown',
      username: get('AlertMailSMTPAuthUser'), password, auth: get('AlertMailSMTPAuthEnabled') ? flag('AlertMailSMTPAuthEnabled') : null,
      from: null, enabled: !get('AlertMailEnabled') || flag('AlertMailEnabled'), notes,
      evidence: `AlertMailSMTPServer=${host.value.trim()}${port ? ` AlertMailSMTPPort=${port.value}` : ''}`,
    });
  }
  return out;
}

/** RIBCL names mapped onto the Redfish ones, so both formats share one reader. */
const RIBCL: Record<string, string> = {
  alertmail_smtp_server: 'alertmailsmtpserver', alertmail_smtp_port: 'alertmailsmtpport', alertmail_enable: 'alertmailenabled',
  alertmail_sender_domain: 'alertmailsenderdomain', alertmail_smtp_secure_enable: 'alertmailsmtpsecureenabled',
  alertmail_smtp_auth_enable: 'alertmailsmtpauthenabled', alertmail_smtp_auth_username: 'alertmailsmtpauthuser', alertmail_smtp_auth_password: 'alertmailsmtpauthpw',
};

function ribclValues(content: string, ctx: ExtractContext): Map<string, DeviceValue> {
  const values = new Map<string, DeviceValue>();
  for (const t of xmlTokens(content).tokens) {
    if (t.kind !== 'open') continue;
    const password = t.attrs.find((a) => a.name.toUpperCase() === 'PASSWORD');
    if (password?.value) ctx.secret(password.value);
    const key = RIBCL[t.name.toLowerCase()];
    const value = t.attrs.find((a) => a.name.toUpperCase() === 'VALUE');
    if (key && value && (!t.commented || !values.has(key))) values.set(key, { value: value.value, line: value.line, commented: t.commented });
  }
  return values;
}

/** Every JSON object holding AlertMail* keys (a Redfish NetworkProtocol resource, an iLOrest save file). */
function redfishGroups(content: string): Map<string, DeviceValue>[] {
  const groups = new Map<string, Map<string, DeviceValue>>();
  for (const s of jsonScalars(content).scalars) {
    const key = s.path.at(-1) ?? '';
    if (!/^AlertMail/i.test(key)) continue;
    const id = s.path.slice(0, -1).join('\u0000');
    const g = groups.get(id) ?? new Map<string, DeviceValue>();
    g.set(key.toLowerCase(), { value: s.value === null ? '' : String(s.value), line: s.line });
    groups.set(id, g);
  }
  return [...groups.values()];
}
