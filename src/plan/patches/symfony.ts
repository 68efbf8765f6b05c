// Symfony config/packages/mailer.yaml: a literal DSN becomes the official Microsoft Graph bridge's DSN (the
// secret as %env(…)%); a DSN from the environment is changed where it is set (.env, see the dotenv patcher).
import { graphData } from './common.js';
import { genericPatcher } from './generic.js';
import { fromLines, toLines } from './lines.js';
import type { PatchInput, PatchResult, Patcher } from './types.js';

export const symfonyPatcher: Patcher = {
  format: 'symfony',
  patch(input: PatchInput): PatchResult | null {
    const { target, settings, tenant, finding } = input;
    if (target !== 'graph') return genericPatcher.patch(input);
    const g = graphData(tenant, settings.mailbox);
    const dsn = `'microsoftgraph+api://${g.clientId}:%env(${g.secretEnv})%@default?tenantId=${g.tenantId}'`;
    const instructions = `composer require symfony/microsoft-graph-mailer symfony/http-client; set ${g.secretEnv} in the environment; the sender must be ${settings.mailbox ?? 'the scoped mailbox'}.`;
    if (!input.content) return { snippet: `framework:\n  mailer:\n    dsn: ${dsn}`, instructions };
    const t = toLines(input.content);
    const index = t.lines.findIndex((l, i) => i >= (finding.line ?? 1) - 1 && /^\s*dsn\s*:/.test(l));
    if (index < 0) return { snippet: `dsn: ${dsn}`, instructions: `Set the mailer DSN where it is defined. ${instructions}` };
    t.lines[index] = t.lines[index].replace(/(dsn\s*:\s*).*$/, `$1${dsn}`);
    return { text: fromLines(t), instructions };
  },
};
