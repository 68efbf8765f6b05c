// For the wizard's tests: a sandbox on ephemeral loopback ports playing a small Contoso, a tenant.yaml pointing at it
// (the wizard's --tenant), and the environment carrying its throwaway app secret — all removed by stop().
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { emptyTenant, type Tenant } from '../m365/tenant.js';
import { defaultSettings, finishSettings } from '../sandbox/config.js';
import { startSandbox, type SandboxInfo } from '../sandbox/server.js';
import { writeFileAtomic } from '../util/atomic.js';

export interface WizardSandbox {
  dir: string;
  info: SandboxInfo;
  tenantFile: string;
  /** process.env without Azure credentials, plus the sandbox app's secret in AZURE_CLIENT_SECRET. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** Mailboxes for the senders under examples/fleet/ops01 and backup01, and a connector for loopback. */
export async function startWizardSandbox(): Promise<WizardSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'relay365-wizard-test-'));
  const settings = defaultSettings();
  for (const address of ['reports@contoso.com', 'tape-reports@contoso.com', 'backup-reports@contoso.com', 'it-alerts@contoso.com']) {
    settings.mailboxes.push({ address, displayName: address.split('@')[0], password: null, aliases: [], sendAs: [], smtpAuthDisabled: null, restEnabled: true });
  }
  settings.connectors.push({ name: 'loopback', ips: ['127.0.0.1'], certificateName: null });
  settings.testRecipient = 'it-alerts@contoso.com';
  try {
    const sandbox = await startSandbox({ stateDir: join(dir, 'sandbox'), settings: finishSettings(settings) });
    const { info } = sandbox;
    const tenant: Tenant = {
      ...emptyTenant(), tenantId: info.tenantId, initialDomain: info.initialDomain, acceptedDomains: ['contoso.com'],
      mxEndpoint: 'contoso-com.mail.protection.outlook.com', staticIps: ['203.0.113.10'],
      app: { clientId: info.clientId, certificatePath: null, secretEnv: 'AZURE_CLIENT_SECRET' }, testRecipient: info.testRecipient, testSender: info.testSender,
      securityDefaults: false, rejectDirectSend: false, smtpAuthDisabledOrg: false,
      endpoints: { submission: info.submission, mx: info.mx, authority: info.authority, tokenEndpoint: info.tokenEndpoint, graphBaseUrl: info.graphBaseUrl, caFile: info.caFile },
    };
    const tenantFile = join(dir, 'tenant.yaml');
    await writeFileAtomic(tenantFile, stringify(tenant));
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AZURE_')));
    env.AZURE_CLIENT_SECRET = info.clientSecret ?? '';
    return { dir, info, tenantFile, env, async stop() { await sandbox.stop(); await rm(dir, { recursive: true, force: true }); } };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
