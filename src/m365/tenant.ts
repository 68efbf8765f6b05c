// tenant.yaml: what relay365 cannot discover about the Microsoft 365 tenant. Secrets never live here:
// the client secret comes from the environment (AZURE_CLIENT_SECRET), the certificate from a file path.
import type { Cloud } from './endpoints.js';

export interface Endpoint { host: string; port: number }

export interface Tenant {
  tenantId: string | null;               // GUID, or null until known
  initialDomain: string | null;          // contoso.onmicrosoft.com
  cloud: Cloud;                          // 'global' | 'gcc-high' | 'dod' | 'china'
  acceptedDomains: string[];
  mxEndpoint: string | null;             // contoso-com.mail.protection.outlook.com
  staticIps: string[];                   // public IPs the relays send from (connector relay, SPF)
  app: {
    clientId: string | null;
    certificatePath: string | null;      // PEM with the private key (AZURE_CLIENT_CERTIFICATE_PATH)
    secretEnv: string | null;            // name of the env var holding the client secret (default AZURE_CLIENT_SECRET)
  };
  testRecipient: string | null;          // where verify --send delivers test messages
  testSender: string | null;             // mailbox verify sends from when the plan does not say
  securityDefaults: boolean | null;      // Entra security defaults on? (blocks SMTP AUTH)
  rejectDirectSend: boolean | null;      // Set-OrganizationConfig -RejectDirectSend
  smtpAuthDisabledOrg: boolean | null;   // Set-TransportConfig -SmtpClientAuthenticationDisabled
  acsSmtpUsername: string | null;        // the ACS Email resource's SMTP Username for senders moving to ACS (password: the app's secret)
  acsSenders: string[];                  // MailFrom addresses configured on the ACS resource's linked domains
  /**
   * Endpoint overrides for rehearsals against `relay365 sandbox` (or a lab): when set, verify talks to these
   * instead of the cloud's Microsoft endpoints. A tenant file written by the sandbox fills them in.
   */
  endpoints?: {
    submission?: Endpoint;
    mx?: Endpoint;
    hve?: Endpoint;
    acs?: Endpoint;
    authority?: string;                  // https://127.0.0.1:PORT/{tenant}
    tokenEndpoint?: string;
    graphBaseUrl?: string;               // https://127.0.0.1:PORT/
    caFile?: string;                     // PEM of the CA to trust for all of the above
  };
}

export function emptyTenant(): Tenant {
  return {
    tenantId: null, initialDomain: null, cloud: 'global', acceptedDomains: [], mxEndpoint: null, staticIps: [],
    app: { clientId: null, certificatePath: null, secretEnv: 'AZURE_CLIENT_SECRET' },
    testRecipient: null, testSender: null, securityDefaults: null, rejectDirectSend: null, smtpAuthDisabledOrg: null,
    acsSmtpUsername: null, acsSenders: [],
  };
}
