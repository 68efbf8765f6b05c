// PowerShell: Send-MailMessage has no OAuth and is obsolete. The patch swaps each call for Send-GraphMailMessage
// (a drop-in with the same parameters, in a file beside the script), drops the SMTP-only arguments and
// $PSEmailServer, and dot-sources the helper once, after the script's param() block.
import { graphData } from './common.js';
import { fromLines, indentOf, toLines, type TextLines } from './lines.js';
import { renderTemplate } from './render.js';
import type { PatchInput, PatchResult, Patcher } from './types.js';

const SMTP_ARGS = /\s+-(SmtpServer|Port|UseSsl|Credential|DeliveryNotificationOption|Encoding)\b(?::\$\w+|\s+(?!-)(?:'[^']*'|"[^"]*"|\([^)]*\)|[^\s`]+))?/gi;

/** The line after a leading `param(...)` block (with its attributes and comments), or 0. */
function afterParamBlock(t: TextLines): number {
  let i = 0;
  while (i < t.lines.length && /^\s*(#.*|<#[\s\S]*#>|\[[\w.]+\(.*\)\]|\s*)$/.test(t.lines[i])) i++;
  if (i >= t.lines.length || !/^\s*param\s*\(/i.test(t.lines[i])) return 0;
  let depth = 0;
  for (let j = i; j < t.lines.length; j++) {
    for (const c of t.lines[j].replace(/'[^']*'|"[^"]*"|#.*$/g, '')) depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    if (depth <= 0) return j + 1;
  }
  return 0;
}

export const powershellPatcher: Patcher = {
  format: 'powershell',
  patch(input: PatchInput): PatchResult | null {
    const { target, settings, tenant, finding } = input;
    if (target !== 'graph') return null;
    const helper = { path: finding.path.replace(/[^/\\]+$/, 'Send-GraphMailMessage.ps1'), content: renderTemplate('patches/Send-GraphMailMessage.ps1', graphData(tenant, settings.mailbox)), why: 'Send-MailMessage replacement that sends through Microsoft Graph (dot-sourced by the script)' };
    const instructions = `Copy Send-GraphMailMessage.ps1 beside the script; set AZURE_CLIENT_SECRET for the account that runs it (or pass -ClientSecret from a vault); -From must be ${settings.mailbox ?? 'the scoped mailbox'} or an address it may send as. Remove the old credential (Get-Credential/Import-Clixml file, plain-text password).`;
    if (input.content === null) return { snippet: '. (Join-Path $PSScriptRoot \'Send-GraphMailMessage.ps1\')\n# then: Send-MailMessage → Send-GraphMailMessage, without -SmtpServer/-Port/-UseSsl/-Credential', files: [helper], instructions };
    const t = toLines(input.content);
    let calls = 0;
    for (let i = 0; i < t.lines.length; i++) {
      if (/^\s*#/.test(t.lines[i])) continue;
      if (/^\s*\$PSEmailServer\s*=/i.test(t.lines[i])) { t.lines.splice(i--, 1); continue; }
      if (!/\bSend-MailMessage\b/i.test(t.lines[i])) continue;
      calls++;
      // Backtick-continued calls: take the whole logical line, then drop the SMTP-only arguments.
      let end = i;
      while (end < t.lines.length - 1 && /`\s*$/.test(t.lines[end])) end++;
      const rewritten = t.lines.slice(i, end + 1)
        .map((l) => l.replace(/\bSend-MailMessage\b/i, 'Send-GraphMailMessage').replace(SMTP_ARGS, ''))
        .filter((l, k) => k === 0 || !/^\s*`?\s*$/.test(l));
      rewritten[rewritten.length - 1] = rewritten.at(-1)!.replace(/\s*`\s*$/, '');
      t.lines.splice(i, end - i + 1, ...rewritten);
      i += rewritten.length - 1;
    }
    if (!calls) return { instructions: `${finding.path} sends with System.Net.Mail or another API relay365 cannot rewrite: call Send-GraphMailMessage (in the file below) instead. ${instructions}`, files: [helper] };
    const at = afterParamBlock(t);
    t.lines.splice(at, 0, `${indentOf(t.lines[at] ?? '')}. (Join-Path $PSScriptRoot 'Send-GraphMailMessage.ps1')  # relay365: Send-MailMessage now goes through Microsoft Graph`);
    return { text: fromLines(t), files: [helper], instructions };
  },
};
