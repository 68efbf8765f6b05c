// Every patcher, one line each, and the one entry point the planner calls: a PlanPatch for an item, as a
// unified diff against the scanned file when it was readable, else a snippet, else settings to type in.
import type { PlanPatch } from '../types.js';
import { unifiedDiff } from './diff.js';
import { djangoPatcher } from './django.js';
import { dotenvPatcher } from './dotenv.js';
import { dotnetConfigPatcher } from './dotnet-config.js';
import { bridgeFiles } from './common.js';
import { genericPatcher } from './generic.js';
import { gitlabPatcher } from './gitlab.js';
import { grafanaPatcher } from './grafana.js';
import { deviceInstructions } from './instructions.js';
import { msmtpPatcher } from './msmtp.js';
import { nodemailerPatcher } from './nodemailer.js';
import { postfixPatcher } from './postfix.js';
import { powershellPatcher } from './powershell.js';
import { pythonSmtplibPatcher } from './python-smtplib.js';
import { springPatcher } from './spring.js';
import { ssmtpPatcher } from './ssmtp.js';
import { symfonyPatcher } from './symfony.js';
import type { PatchInput, Patcher } from './types.js';

export const PATCHERS: Patcher[] = [
  postfixPatcher,
  msmtpPatcher,
  ssmtpPatcher,
  powershellPatcher,
  dotnetConfigPatcher,
  dotenvPatcher,
  symfonyPatcher,
  djangoPatcher,
  springPatcher,
  grafanaPatcher,
  gitlabPatcher,
  nodemailerPatcher,
  pythonSmtplibPatcher,
];

export function patcherFor(format: string | null): Patcher {
  return PATCHERS.find((p) => p.format === format) ?? genericPatcher;
}

/** The patch for an item; null when there is nothing to change (a log client that keeps its relay). */
export function makePatch(input: Omit<PatchInput, 'finding'> & { finding: PatchInput['finding'] | null }): PlanPatch | null {
  const patch = patchFor(input);
  // A sender moving to a bridge also gets the bridge's own configuration (unless it is the Postfix that becomes it).
  if (patch && input.target === 'bridge' && input.finding?.detector !== 'postfix') {
    const ips = [...new Set([...input.sender.logs.map((l) => l.ip), input.sender.manual?.ip].filter((ip): ip is string => Boolean(ip)))];
    patch.files = [...(patch.files ?? []), ...bridgeFiles(input.tenant, input.settings.mailbox ?? null, input.settings.host, ips)];
  }
  return patch;
}

function patchFor(input: Omit<PatchInput, 'finding'> & { finding: PatchInput['finding'] | null }): PlanPatch | null {
  if (!input.finding) {
    if (!input.sender.manual && input.sender.kind !== 'device' && !input.sender.logs.length) return null;
    const { instructions } = deviceInstructions.patch({ ...input, finding: null as never })!;
    return { file: '', format: 'device', diff: '', instructions };
  }
  const finding = input.finding;
  // A format patcher that has nothing for this target falls back to the generic, location-based one.
  const result = patcherFor(finding.detector).patch({ ...input, finding }) ?? genericPatcher.patch({ ...input, finding });
  if (!result) return null;
  const path = result.path ?? finding.path;
  let diff = '';
  const secretLines = new Set(result.secretLines ?? []);
  const inline = /^inline:(.*):(\d+)$/.exec(finding.secretRef ?? '');
  if (inline && inline[1] === finding.path) secretLines.add(Number(inline[2]));
  if (result.text !== undefined && input.content !== null && !result.path) diff = unifiedDiff(path, input.content, result.text, 3, secretLines);
  else if (result.text !== undefined) diff = unifiedDiff(path, null, result.text);
  else if (result.snippet) diff = result.snippet.endsWith('\n') ? result.snippet : `${result.snippet}\n`;
  const patch: PlanPatch = { file: path, format: finding.detector, diff };
  if (result.instructions) patch.instructions = result.instructions;
  if (result.files?.length) patch.files = result.files.map((f) => ({ path: f.path, content: f.content, why: f.why }));
  return patch;
}
