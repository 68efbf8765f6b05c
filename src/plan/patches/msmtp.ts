// msmtp: rewrite the sender's account section — XOAUTH2 with a token helper for smtp-oauth, no auth on port 25
// for Direct Send / connector relay. The password line goes (the diff shows it as '***').
import { CLOUDS } from '../../m365/endpoints.js';
import { fromLines, indentOf, toLines, type TextLines } from './lines.js';
import { TOKEN_HELPER, tokenHelper } from './common.js';
import { todo, type PatchInput, type PatchResult, type Patcher } from './types.js';

interface Section { start: number; end: number }

/** The account section (line indexes) the finding belongs to: named in its evidence, or holding its line. */
function accountSection(t: TextLines, input: PatchInput): Section | null {
  const name = /^account (\S+):/.exec(input.finding.evidence)?.[1];
  const starts = t.lines.flatMap((l, i) => (/^\s*(account|defaults)\b/.test(l) ? [i] : []));
  for (let s = 0; s < starts.length; s++) {
    const start = starts[s];
    const end = starts[s + 1] ?? t.lines.length;
    const header = t.lines[start].trim();
    const named = name && new RegExp(`^account\\s+${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|:|$)`).test(header) && !/^account\s+default\s*:/.test(header);
    const holds = !name && input.finding.line !== null && input.finding.line - 1 > start && input.finding.line - 1 < end;
    if (named || holds) return { start, end };
  }
  return null;
}

function setKey(t: TextLines, section: Section, key: string, value: string | null): void {
  const index = t.lines.findIndex((l, i) => i > section.start && i < section.end && new RegExp(`^\\s*${key}(\\s|$)`).test(l));
  if (value === null) {
    if (index >= 0) { t.lines.splice(index, 1); section.end--; }
    return;
  }
  const indent = index >= 0 ? indentOf(t.lines[index]) : indentOf(t.lines[section.start + 1] ?? '');
  if (index >= 0) { t.lines[index] = `${indent}${key} ${value}`; return; }
  // Insert after the last setting of the section (before trailing blank lines and comments).
  let at = section.end;
  while (at - 1 > section.start && /^\s*(#.*)?$/.test(t.lines[at - 1])) at--;
  t.lines.splice(at, 0, `${indent}${key} ${value}`);
  section.end++;
}

export const msmtpPatcher: Patcher = {
  format: 'msmtp',
  patch(input: PatchInput): PatchResult | null {
    const { target, settings, tenant } = input;
    if (!settings.host || target === 'graph') return target === 'graph' ? { instructions: 'msmtp cannot use Microsoft Graph: use smtp-oauth (auth xoauth2).' } : null;
    const oauth = target === 'smtp-oauth';
    const password = target === 'hve' || target === 'acs' || target === 'smtp-basic';
    const values: [string, string | null][] = [
      ['host', settings.host], ['port', String(settings.port ?? 25)], ['tls', 'on'], ['tls_starttls', 'on'],
      ['auth', oauth ? 'xoauth2' : password ? 'on' : 'off'],
      ['user', oauth || password ? settings.username ?? todo('mailbox') : null],
      ['password', null],
      ['passwordeval', oauth ? TOKEN_HELPER : password ? `cat ${todo('root-only file holding the password')}` : null],
      ...(settings.from ? [['from', settings.from] as [string, string]] : []),
    ];
    const files = oauth ? [tokenHelper(tenant, settings.scope ?? CLOUDS[tenant.cloud].smtpScope)] : [];
    const instructions = oauth ? 'Install the token helper, put the app\'s client secret in /etc/relay365/client-secret (chmod 600, owner of the msmtp process), and send a test message with `msmtp -d`.' : undefined;
    if (input.content === null) return { snippet: values.filter(([, v]) => v !== null).map(([k, v]) => `${k} ${v}`).join('\n'), files, instructions };
    const t = toLines(input.content);
    const section = accountSection(t, input);
    if (!section) return { snippet: values.filter(([, v]) => v !== null).map(([k, v]) => `${k} ${v}`).join('\n'), files, instructions: `Could not find the account in ${input.finding.path}; put these lines in it. ${instructions ?? ''}`.trim() };
    for (const [key, value] of values) setKey(t, section, key, value);
    return { text: fromLines(t), files, instructions };
  },
};
