// ssmtp has no OAuth and is unmaintained: for smtp-oauth it is replaced by msmtp (msmtp-mta provides the same
// /usr/sbin/sendmail), with a new msmtprc. For port-25 targets ssmtp.conf itself is rewritten.
import { CLOUDS } from '../../m365/endpoints.js';
import { TOKEN_HELPER, tokenHelper } from './common.js';
import { EQUALS, removeKey, setKey } from './kv.js';
import { fromLines, toLines } from './lines.js';
import { renderTemplate } from './render.js';
import { todo, type PatchInput, type PatchResult, type Patcher } from './types.js';

/** /etc/ssmtp/ssmtp.conf → /etc/msmtprc (same root, so a copied machine tree stays a copied tree). */
export function msmtprcPathFor(ssmtpPath: string): string {
  const p = ssmtpPath.replace(/\\/g, '/');
  return /\/ssmtp\/[^/]+$/.test(p) ? p.replace(/\/ssmtp\/[^/]+$/, '/msmtprc') : `${p.replace(/\/[^/]+$/, '')}/msmtprc`;
}

export const ssmtpPatcher: Patcher = {
  format: 'ssmtp',
  patch(input: PatchInput): PatchResult | null {
    const { target, settings, tenant, finding } = input;
    if (!settings.host || target === 'graph') return null;
    if (target === 'smtp-oauth' || target === 'hve' || target === 'acs' || target === 'smtp-basic') {
      const oauth = target === 'smtp-oauth';
      const text = renderTemplate('patches/msmtprc-account', {
        why: `replaces ${finding.path} (ssmtp cannot do OAuth): apt-get install msmtp msmtp-mta, which takes over /usr/sbin/sendmail`,
        account: 'm365', host: settings.host, port: settings.port ?? 587, oauth,
        username: settings.username ?? todo('mailbox'), tokenCommand: oauth ? TOKEN_HELPER : `cat ${todo('root-only file holding the password')}`,
        from: settings.from ?? settings.username ?? todo('From address'),
      });
      return {
        path: msmtprcPathFor(finding.path), text,
        files: oauth ? [tokenHelper(tenant, settings.scope ?? CLOUDS[tenant.cloud].smtpScope)] : [],
        instructions: `Install msmtp and msmtp-mta (they replace ssmtp's sendmail), write the new msmtprc, then delete ${finding.path}: it still holds the old AuthPass.`,
      };
    }
    if (input.content === null) return { snippet: `mailhub=${settings.host}:${settings.port ?? 25}\nUseSTARTTLS=${settings.security === 'starttls' ? 'YES' : 'NO'}`, instructions: 'Remove AuthUser, AuthPass and AuthMethod.' };
    const t = toLines(input.content);
    setKey(t, EQUALS, 'mailhub', `${settings.host}:${settings.port ?? 25}`);
    setKey(t, EQUALS, 'UseSTARTTLS', settings.security === 'starttls' ? 'YES' : 'NO');
    setKey(t, EQUALS, 'UseTLS', settings.security === 'starttls' ? 'YES' : 'NO');
    for (const key of ['AuthUser', 'AuthPass', 'AuthMethod']) removeKey(t, EQUALS, key);
    if (settings.from) setKey(t, EQUALS, 'root', settings.from);
    return { text: fromLines(t), instructions: 'No password any more: AuthUser and AuthPass are removed.' };
  },
};
