// `relay365 demo`: the whole pipeline on examples/fleet — the wizard's flow replayed unattended from the answers an
// administrator saved (examples/fleet/wizard-answers.yaml) — against an embedded sandbox playing Contoso's tenant
// (examples/fleet/sandbox.yaml), with --send. Some paths fail on purpose, the way they fail in real migrations.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { Tenant } from '../m365/tenant.js';
import { readTenantFile } from '../plan/tenant-file.js';
import type { Plan } from '../plan/types.js';
import { loadSettings } from '../sandbox/config.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { writeFileAtomic } from '../util/atomic.js';
import { InputError } from '../util/errors.js';
import { createOutput, paint, type Output } from '../util/term.js';
import { resolvePath } from '../verify/path.js';
import type { Results } from '../verify/types.js';
import { readAnswers } from '../wizard/answers.js';
import { runFlow, type FlowResult, type Rehearsal } from '../wizard/flow.js';
import { fromRoot } from '../util/root.js';

export interface DemoOptions { out?: string }

export function fleetDir(): string {
  return fromRoot('examples', 'fleet');
}

/** The process environment without Azure credentials of its own: the demo signs in to its sandbox only. */
function sandboxEnv(secretEnv: string, secret: string | null): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^AZURE_|^RELAY365_SMTP_PASSWORD$/.test(key)) env[key] = value;
  if (secret) env[secretEnv] = secret;
  return env;
}

/** The fleet's tenant with the sandbox standing in for Microsoft's endpoints, written beside the sandbox's state. */
async function rehearsalFor(sandbox: Sandbox, tenantFile: string, stateDir: string): Promise<Rehearsal> {
  const { tenant: base } = await readTenantFile(tenantFile);
  const { info } = sandbox;
  const tenant: Tenant = {
    ...base, tenantId: info.tenantId, app: { ...base.app, clientId: info.clientId, certificatePath: null, secretEnv: base.app.secretEnv ?? 'AZURE_CLIENT_SECRET' },
    testRecipient: info.testRecipient,
    endpoints: { submission: info.submission, mx: info.mx, hve: info.hve, acs: info.acs, authority: info.authority, tokenEndpoint: info.tokenEndpoint, graphBaseUrl: info.graphBaseUrl, caFile: info.caFile },
  };
  const file = join(stateDir, 'rehearsal-tenant.yaml');
  await writeFileAtomic(file, `# The demo tenant with the embedded sandbox standing in for Microsoft 365 (no secrets).\n${stringify(tenant)}`);
  return {
    tenantFile: file, tenant, env: sandboxEnv(tenant.app.secretEnv!, info.clientSecret),
    // what the sandbox can play: Microsoft's endpoints and Graph; a client that keeps its LAN relay is not rehearsed here
    only: (plan: Plan) => plan.items.filter((item) => {
      const path = resolvePath(item, tenant);
      return item.override?.skip || item.status === 'vanished' || path.problems.length > 0 || path.kind === 'graph' || path.rehearsal !== null;
    }).map((item) => item.id),
  };
}

export async function demoCommand(options: DemoOptions): Promise<number> {
  const out = createOutput(false);
  const fleet = fleetDir();
  const outDir = resolve(options.out ?? 'relay365-demo');
  const settings = await loadSettings(join(fleet, 'sandbox.yaml'));
  const answers = await readAnswers(join(fleet, 'wizard-answers.yaml'));
  if (!answers.tenant?.file) throw new InputError('the demo answers name no tenant file', join(fleet, 'wizard-answers.yaml'));
  answers.out = outDir;
  const stateDir = await mkdtemp(join(tmpdir(), 'relay365-demo-'));
  try {
    const sandbox = await startSandbox({ stateDir, settings });
    try {
      out.info(`${paint(out.color, 'bold', 'relay365 demo')}: the legacy estate in ${relative(process.cwd(), fleet) || fleet}, migrated to a sandbox playing Contoso's tenant`);
      out.info(`  (SMTP submission ${sandbox.info.submission.host}:${sandbox.info.submission.port}, MX ${sandbox.info.mx.host}:${sandbox.info.mx.port}, token endpoint and Graph on ${sandbox.info.graphBaseUrl}; nothing leaves this machine)`);
      const rehearsal = await rehearsalFor(sandbox, answers.tenant.file, stateDir);
      const result = await runFlow({
        answers, asker: { prompter: null, out }, answersFile: null, rehearsal, env: rehearsal.env,
        title: 'SMTP relay migration to Microsoft 365 — Contoso (relay365 demo)',
      });
      out.info(await summary(result, out));
    } finally {
      await sandbox.stop();
    }
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
  return 0;
}

async function summary(result: FlowResult, out: Output): Promise<string> {
  const shown = (file: string) => relative(process.cwd(), file) || file;
  const lines = ['', paint(out.color, 'bold', 'The demo ran the whole pipeline.')];
  if (result.results) {
    const results = JSON.parse(await readFile(result.results, 'utf8')) as Results;
    const { pass, warn, fail } = results.summary;
    lines.push(`${results.summary.total} paths verified with test messages: ${pass} passed, ${warn} with warnings, ${fail} failed.`);
    const failed = results.items.filter((i) => i.status === 'fail');
    if (failed.length) {
      lines.push('The failures are the point: each is what a real migration runs into, diagnosed in the report.');
      for (const item of failed) {
        const check = item.checks.find((c) => c.status === 'fail');
        lines.push(`  ${paint(out.color, 'red', '✗')} ${item.name ?? item.id} → ${item.target}: ${(check?.reply ?? check?.diagnosis ?? '').replace(/\s+/g, ' ').slice(0, 110)}`);
      }
    }
  }
  lines.push(`Open ${shown(result.reports.find((f) => f.endsWith('.html')) ?? result.outDir)} (also .md, .json, .csv); plan.yaml, results.json and inventory.json are beside it.`);
  return lines.join('\n');
}
