// Postfix main.cf (+ sasl_passwd): relayhost to smtp.office365.com:587 with sasl-xoauth2, or to the tenant
// MX endpoint on port 25 for Direct Send / a connector relay, or to HVE/ACS with a password kept on the server.
import { renderTemplate } from './render.js';
import { fromLines, toLines, type TextLines } from './lines.js';
import { saslXoauth2Conf, tokenFileFor } from './common.js';
import { todo, type PatchFile, type PatchInput, type PatchResult, type Patcher } from './types.js';

/** Set `key = value` in main.cf: replace the live line (and its continuation lines), or append. */
export function setParam(t: TextLines, key: string, value: string): void {
  const index = t.lines.findIndex((l) => new RegExp(`^${key}\\s*=`).test(l));
  const line = value === '' ? `${key} =` : `${key} = ${value}`;
  if (index < 0) {
    if (!t.lines.some((l) => l.startsWith('# relay365:'))) t.lines.push('', '# relay365: Microsoft 365 relay settings');
    t.lines.push(line);
    return;
  }
  let end = index + 1;
  while (end < t.lines.length && /^[ \t]+\S/.test(t.lines[end]) && !/^\s*#/.test(t.lines[end])) end++;
  t.lines.splice(index, end - index, line);
}

function mapPath(t: TextLines): string {
  const line = t.lines.find((l) => /^smtp_sasl_password_maps\s*=/.test(l));
  const value = line?.split('=')[1]?.trim().split(/[\s,]+/)[0];
  return value ? value.replace(/^[a-z]+:/, '') : '/etc/postfix/sasl_passwd';
}

export const postfixPatcher: Patcher = {
  format: 'postfix',
  patch(input: PatchInput): PatchResult | null {
    const { target, settings } = input;
    if (target === 'graph') return { instructions: 'Postfix cannot send through Microsoft Graph: keep it as a relay (connector or smtp-oauth) or retire it.' };
    if (!settings.host) return null;
    const t = toLines(input.content ?? '');
    const map = mapPath(t);
    const params: [string, string][] = [];
    const files: PatchFile[] = [];
    let instructions: string | undefined;
    const wrapper = t.lines.some((l) => /^smtp_tls_wrappermode\s*=/.test(l));
    const oauth = target === 'smtp-oauth' || target === 'bridge';
    params.push(['relayhost', `[${settings.host}]:${settings.port ?? 25}`]);
    if (oauth) {
      const mailbox = settings.mailbox ?? settings.username ?? todo('mailbox');
      params.push(['smtp_sasl_auth_enable', 'yes'], ['smtp_sasl_password_maps', `hash:${map}`], ['smtp_sasl_security_options', ''], ['smtp_sasl_mechanism_filter', 'xoauth2'], ['smtp_tls_security_level', 'encrypt']);
      files.push({ path: map, content: renderTemplate('patches/postfix-sasl_passwd', { host: settings.host, port: settings.port, mailbox, tokenFile: tokenFileFor(mailbox), mapPath: map }), why: 'replaces the password line: sasl-xoauth2 reads the token file instead' }, saslXoauth2Conf(input.tenant));
      instructions = `Install sasl-xoauth2 (not in Debian: its PPA/Copr or a source build), replace ${map} and run postmap, then get the first token into /var/spool/postfix${tokenFileFor(mailbox)} with sasl-xoauth2-tool get-token outlook; chown it to postfix.`;
    } else if (target === 'direct-send' || target === 'connector-relay') {
      params.push(['smtp_sasl_auth_enable', 'no'], ['smtp_tls_security_level', 'encrypt']);
      instructions = `No password is needed any more: delete the old line from ${map} (and ${map}.db via postmap), so the secret is gone from this host.`;
    } else if (target === 'hve' || target === 'acs' || target === 'smtp-basic') {
      params.push(['smtp_sasl_auth_enable', 'yes'], ['smtp_sasl_password_maps', `hash:${map}`], ['smtp_sasl_security_options', 'noanonymous'], ['smtp_tls_security_level', 'encrypt']);
      if (t.lines.some((l) => /^smtp_sasl_mechanism_filter\s*=/.test(l))) params.push(['smtp_sasl_mechanism_filter', 'plain, login']);
      files.push({ path: map, content: renderTemplate('patches/postfix-sasl_passwd-password', { host: settings.host, port: settings.port, username: settings.username ?? todo('SMTP username'), placeholder: todo('password, typed on the server'), mapPath: map, why: `${target.toUpperCase()} signs in with a username and password` }), why: 'the SMTP username for the new endpoint' });
    } else return null;
    if (wrapper) params.push(['smtp_tls_wrappermode', 'no']);
    for (const [key, value] of params) setParam(t, key, value);
    const text = fromLines(t);
    return input.content === null ? { snippet: params.map(([k, v]) => (v === '' ? `${k} =` : `${k} = ${v}`)).join('\n'), files, instructions } : { text, files, instructions };
  },
};
