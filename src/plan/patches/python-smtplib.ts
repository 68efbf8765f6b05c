// Python smtplib scripts: smtplib.SMTP(…) / SMTP_SSL(…) become relay365_graph.GraphSMTP(), a drop-in that
// sends through Graph; login(…) lines (and the password in them) go. sendmail/send_message calls stay.
import { graphData } from './common.js';
import { closingParen, importLine } from './code.js';
import { indentOf } from './lines.js';
import { renderTemplate } from './render.js';
import type { PatchInput, PatchResult, Patcher } from './types.js';

export const pythonSmtplibPatcher: Patcher = {
  format: 'python-smtplib',
  patch(input: PatchInput): PatchResult | null {
    const { target, settings, tenant } = input;
    if (target !== 'graph') return null;
    const g = graphData(tenant, settings.mailbox);
    const helper = { path: input.finding.path.replace(/[^/\\]+$/, 'relay365_graph.py'), content: renderTemplate('patches/relay365_graph.py', g), why: 'GraphSMTP: smtplib.SMTP look-alike that sends through Microsoft Graph (standard library only)' };
    const instructions = `Copy relay365_graph.py beside the script; set AZURE_TENANT_ID, AZURE_CLIENT_ID and ${g.secretEnv} for the account that runs it.`;
    let text = input.content;
    if (!text) return { snippet: 'import relay365_graph\nserver = relay365_graph.GraphSMTP()', files: [helper], instructions };
    let changed = 0;
    for (;;) {
      const m = /\b(?:smtplib\.)?SMTP(?:_SSL)?\s*\(/.exec(text.replace(/relay365_graph\.GraphSMTP\(\)/g, (s) => ' '.repeat(s.length)));
      if (!m) break;
      const open = m.index + m[0].length - 1;
      const close = closingParen(text, open, true);
      if (close < 0) break;
      text = `${text.slice(0, m.index)}relay365_graph.GraphSMTP()${text.slice(close)}`;
      changed++;
    }
    if (!changed) return { files: [helper], instructions: `No smtplib.SMTP call found: ${instructions}` };
    const login = /^\s*[\w.]+\.login\s*\(.*\)\s*(#.*)?$/;
    const secretLines = (input.content ?? '').split('\n').flatMap((line, i) => (login.test(line) ? [i + 1] : []));
    const lines = text.split('\n').map((line) => (login.test(line) ? `${indentOf(line)}pass  # relay365: no SMTP login; Graph uses the app's token` : line));
    lines.splice(importLine(lines, /^\s*(import|from)\s+\w/), 0, 'import relay365_graph  # relay365: mail goes through Microsoft Graph');
    return { text: lines.join('\n'), files: [helper], instructions, secretLines };
  },
};
