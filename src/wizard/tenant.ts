// Wizard step 3: the tenant — id or domain, cloud, accepted domains, the app registration (certificate path or the
// NAME of the variable holding its secret: a secret is never typed into the wizard) and the test recipient.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CLOUDS, type Cloud } from '../m365/endpoints.js';
import { emptyTenant, type Tenant } from '../m365/tenant.js';
import { readTenantFile } from '../plan/tenant-file.js';
import { writeFileAtomic } from '../util/atomic.js';
import { paint } from '../util/term.js';
import { askChoice, askList, askText, type Asker } from './ask.js';
import type { WizardAnswers } from './answers.js';
import { validDomain } from './scan.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,63}$/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const CLOUD_NAMES: Record<Cloud, string> = {
  global: 'Microsoft 365 (worldwide)', 'gcc-high': 'GCC High', dod: 'DoD', china: 'operated by 21Vianet (China)',
};

/** The tenant a tenant.yaml describes (warnings shown), or an empty one. */
export async function startingTenant(file: string | undefined, asker: Asker): Promise<Tenant> {
  if (!file) return emptyTenant();
  const { tenant, warnings } = await readTenantFile(file);
  for (const w of warnings) asker.out.warn(`${w.file}:${w.line}: ${w.message}`);
  return tenant;
}

export async function askTenant(asker: Asker, answers: WizardAnswers, base: Tenant, domains: string[], env: NodeJS.ProcessEnv): Promise<Tenant> {
  const known = answers.tenant ?? {};
  const tenant: Tenant = structuredClone(base);
  const id = await askText(asker, 'Tenant ID, or a domain of the tenant (blank if not known yet):', known.id, base.tenantId ?? base.initialDomain ?? '',
    (v) => (!v || GUID.test(v) || validDomain(v) === true ? true : 'a GUID (Entra admin center > Overview) or a domain'));
  let typedDomain: string | null = null;
  if (GUID.test(id)) tenant.tenantId = id.toLowerCase();
  else if (/\.onmicrosoft\.(com|us)$/i.test(id)) tenant.initialDomain = id.toLowerCase();
  else if (id) typedDomain = id.toLowerCase();
  tenant.cloud = await askChoice(asker, 'Microsoft cloud:', known.cloud, (Object.keys(CLOUDS) as Cloud[]).map((c) => ({ value: c, name: CLOUD_NAMES[c] })), base.cloud);
  const suggested = [...new Set([...base.acceptedDomains, ...domains, ...(typedDomain ? [typedDomain] : [])])];
  tenant.acceptedDomains = (await askList(asker, 'Accepted domains (Get-AcceptedDomain; comma-separated):', known.acceptedDomains, suggested, validDomain)).map((d) => d.toLowerCase());
  const clientId = await askText(asker, 'App registration (client) ID that senders and verify use (blank if not created yet):', known.clientId, base.app.clientId ?? '',
    (v) => (!v || GUID.test(v) ? true : 'a GUID (App registrations > your app > Application (client) ID)'));
  tenant.app.clientId = clientId || null;
  const credential = await askChoice(asker, 'How the app proves who it is:', known.credential, [
    { value: 'certificate', name: 'a certificate file (preferred)', description: 'PEM with the private key; AZURE_CLIENT_CERTIFICATE_PATH' },
    { value: 'secret', name: 'a client secret in an environment variable', description: 'the wizard asks for the variable\'s name, never the secret' },
  ], base.app.certificatePath ? 'certificate' : 'secret');
  if (credential === 'certificate') {
    const path = await askText(asker, 'Certificate file (PEM with the private key):', known.certificatePath, base.app.certificatePath ?? '');
    tenant.app.certificatePath = path || null;
    tenant.app.secretEnv = null;
    if (path && !existsSync(path)) asker.out.warn(`${path} does not exist here; verify will need it`);
  } else {
    const name = await askText(asker, 'Name of the environment variable that holds the client secret:', known.secretEnv, base.app.secretEnv ?? 'AZURE_CLIENT_SECRET',
      (v) => (ENV_NAME.test(v) ? true : 'a variable name such as AZURE_CLIENT_SECRET'));
    tenant.app.certificatePath = null;
    tenant.app.secretEnv = name;
    const set = Boolean(env[name]);
    asker.out.info(paint(asker.out.color, 'dim', `  ${name} is ${set ? 'set' : 'not set'} in this shell; its value is never shown or written.`));
  }
  const recipient = await askText(asker, 'Test recipient (a mailbox that receives verify\'s test messages):', known.testRecipient, base.testRecipient ?? '',
    (v) => (!v || EMAIL.test(v) ? true : 'an e-mail address'));
  tenant.testRecipient = recipient || null;
  answers.tenant = {
    ...(known.file ? { file: known.file } : {}), id, cloud: tenant.cloud, acceptedDomains: tenant.acceptedDomains, clientId, credential,
    ...(credential === 'certificate' ? { certificatePath: tenant.app.certificatePath ?? '' } : { secretEnv: tenant.app.secretEnv ?? '' }),
    testRecipient: recipient,
  };
  return tenant;
}

/** tenant.yaml in the output folder: the Tenant shape, never a secret. */
export async function writeTenant(outDir: string, tenant: Tenant): Promise<string> {
  const file = join(outDir, 'tenant.yaml');
  const header = [
    '# relay365 tenant file, written by `relay365 wizard`: what relay365 cannot discover about the tenant.',
    `# No secrets: ${tenant.app.certificatePath ? 'the certificate stays in its file' : `the client secret stays in the environment variable ${tenant.app.secretEnv ?? 'AZURE_CLIENT_SECRET'}`}.`,
  ];
  await writeFileAtomic(file, `${header.join('\n')}\n${stringify(tenant, { lineWidth: 0 })}`);
  return file;
}
