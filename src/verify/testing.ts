// Builders for verify tests and the benchmark: plan items per target with only what a case changes.
import { stringify } from 'yaml';
import { emptyTenant, type Endpoint, type Tenant } from '../m365/tenant.js';
import type { NewSettings, PlanItem, PlanOverride, Target } from '../plan/types.js';

const DEFAULTS: Record<Target, NewSettings> = {
  'smtp-oauth': { host: 'smtp.office365.com', port: 587, security: 'starttls', auth: 'oauth2', username: 'scanner@contoso.com', from: 'scanner@contoso.com', scope: 'https://outlook.office365.com/.default' },
  graph: { host: 'graph.microsoft.com', port: 443, security: 'tls', auth: 'oauth2', username: null, from: 'alerts@contoso.com', scope: 'https://graph.microsoft.com/.default', mailbox: 'alerts@contoso.com' },
  'direct-send': { host: 'contoso-com.mail.protection.outlook.com', port: 25, security: 'starttls', auth: 'none', username: null, from: 'printer@contoso.com' },
  'connector-relay': { host: 'contoso-com.mail.protection.outlook.com', port: 25, security: 'starttls', auth: 'ip', username: null, from: 'relay@contoso.com' },
  hve: { host: 'smtp.hve.mx.microsoft', port: 587, security: 'starttls', auth: 'oauth2', username: 'hve-newsletter@contoso.com', from: 'hve-newsletter@contoso.com' },
  acs: { host: 'smtp.azurecomm.net', port: 587, security: 'starttls', auth: 'password', username: 'contoso-acs-smtp', from: 'donotreply@contoso.com' },
  bridge: { host: null, port: 25, security: 'none', auth: 'none', username: null, from: 'printer@contoso.com' },
  'smtp-basic': { host: 'smtp.office365.com', port: 587, security: 'starttls', auth: 'password', username: 'scanner@contoso.com', from: 'scanner@contoso.com' },
};

export function planItem(id: string, target: Target, settings: Partial<NewSettings> = {}, override: PlanOverride | null = null): PlanItem {
  return {
    id, sources: [], name: id,
    current: { kind: 'device', system: 'test', where: [], host: null, port: null, security: 'unknown', auth: { method: 'unknown', username: null }, from: [], endpointKind: 'unknown' },
    target, reason: 'test', alternatives: [], settings: { ...DEFAULTS[target], ...settings }, steps: [], patch: null, risks: [], override,
  };
}

/** What a tenant file for a sandbox holds (the shape `relay365 sandbox --json` prints, trimmed to what verify reads). */
export interface SandboxEndpoints {
  tenantId: string;
  clientId: string;
  submission: Endpoint;
  mx: Endpoint;
  hve?: Endpoint;
  acs?: Endpoint;
  authority: string;
  graphBaseUrl: string;
  caFile: string;
  acceptedDomains: string[];
  testRecipient: string;
  testSender: string;
}

/** The tenant verify rehearses against: the sandbox's endpoints stand in for Microsoft's. */
export function sandboxTenant(info: SandboxEndpoints, over: Partial<Tenant> = {}): Tenant {
  return {
    ...emptyTenant(), tenantId: info.tenantId, initialDomain: 'contoso.onmicrosoft.com', acceptedDomains: info.acceptedDomains,
    app: { clientId: info.clientId, certificatePath: null, secretEnv: 'AZURE_CLIENT_SECRET' },
    testRecipient: info.testRecipient, testSender: info.testSender,
    endpoints: {
      submission: info.submission, mx: info.mx, ...(info.hve ? { hve: info.hve } : {}), ...(info.acs ? { acs: info.acs } : {}),
      authority: info.authority, graphBaseUrl: info.graphBaseUrl, caFile: info.caFile,
    },
    ...over,
  };
}

/** tenant.yaml text for a sandbox (without tokenEndpoint, which verify does not read). */
export function sandboxTenantYaml(info: SandboxEndpoints, over: Partial<Tenant> = {}): string {
  return stringify(sandboxTenant(info, over));
}
