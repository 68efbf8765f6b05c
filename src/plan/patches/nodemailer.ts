// nodemailer: the app keeps nodemailer (it still builds the message); createTransport(…) gets a transport that
// posts the MIME to Graph sendMail. The old options object (host, password) goes from the source.
import { graphData } from './common.js';
import { closingParen, importLine, offsetOfLine } from './code.js';
import { renderTemplate } from './render.js';
import type { PatchInput, PatchResult, Patcher } from './types.js';

const HELPER = 'relay365-graph-transport.cjs';

export const nodemailerPatcher: Patcher = {
  format: 'nodemailer',
  patch(input: PatchInput): PatchResult | null {
    const { target, settings, tenant, finding } = input;
    if (target !== 'graph') return null;
    const g = graphData(tenant, settings.mailbox);
    const helper = { path: finding.path.replace(/[^/\\]+$/, HELPER), content: renderTemplate('patches/relay365-graph-transport.js', g), why: 'a nodemailer transport that sends through Microsoft Graph sendMail' };
    const instructions = `Copy ${HELPER} beside the file; set AZURE_TENANT_ID, AZURE_CLIENT_ID and ${g.secretEnv} in the environment; the From must be ${settings.mailbox ?? 'the scoped mailbox'} or an address it may send as. Node 18+ (global fetch).`;
    const text = input.content;
    if (!text) return { snippet: `createTransport(graphTransport({ mailbox: '${g.mailbox}' }))`, files: [helper], instructions };
    // The createTransport call that holds the finding's line (or the first one).
    const from = offsetOfLine(text, finding.locations?.host?.line ?? finding.line ?? 1);
    const calls = [...text.matchAll(/\bcreateTransport\s*\(/g)].map((m) => m.index! + m[0].length - 1);
    const open = calls.filter((c) => c <= from).at(-1) ?? calls[0];
    if (open === undefined) return { files: [helper], instructions: `No createTransport call found in ${finding.path}: ${instructions}` };
    const close = closingParen(text, open);
    if (close < 0) return { files: [helper], instructions: `Could not read the createTransport call in ${finding.path}: ${instructions}` };
    const esm = /^\s*import\s/m.test(text) || /\.(mjs|mts)$/.test(finding.path);
    const call = esm ? `(relay365Graph.graphTransport({ mailbox: ${JSON.stringify(g.mailbox)} }))` : `(graphTransport({ mailbox: ${JSON.stringify(g.mailbox)} }))`;
    const patched = text.slice(0, open) + call + text.slice(close);
    const lines = patched.split('\n');
    const at = importLine(lines, esm ? /^\s*import\s.*from\s/ : /\brequire\s*\(/);
    lines.splice(at, 0, esm ? `import relay365Graph from './${HELPER}'; // relay365: mail goes through Microsoft Graph` : `const { graphTransport } = require('./${HELPER}'); // relay365: mail goes through Microsoft Graph`);
    return { text: lines.join('\n'), files: [helper], instructions };
  },
};
