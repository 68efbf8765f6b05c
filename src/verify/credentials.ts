// The app credential verify signs in with, and one token per scope for the whole run (MSAL renews it).
// An environment that names a client (AZURE_CLIENT_ID) brings its own credential; otherwise the tenant file's
// app block, with the secret from the variable it names. A certificate is preferred over a secret.
import { acquireAppToken, TokenError, type AppToken } from '../m365/token.js';
import { CLOUDS } from '../m365/endpoints.js';
import type { Tenant } from '../m365/tenant.js';
import type { Redactor } from './redact.js';

export interface AppCredential {
  tenantId: string | null;
  clientId: string | null;
  certificatePath: string | null;
  clientSecret: string | null;
  /** Where the secret came from, for messages ('AZURE_CLIENT_SECRET'); never the value. */
  secretSource: string | null;
  authority: string;
}

export function appCredential(tenant: Tenant, env: NodeJS.ProcessEnv): AppCredential {
  const fromEnv = Boolean(env.AZURE_CLIENT_ID);
  const secretEnv = fromEnv ? 'AZURE_CLIENT_SECRET' : tenant.app.secretEnv ?? 'AZURE_CLIENT_SECRET';
  const certificatePath = (fromEnv ? env.AZURE_CLIENT_CERTIFICATE_PATH : tenant.app.certificatePath ?? env.AZURE_CLIENT_CERTIFICATE_PATH) || null;
  const clientSecret = certificatePath ? null : env[secretEnv] || null;
  const tenantId = (tenant.endpoints?.authority ? tenant.tenantId : env.AZURE_TENANT_ID ?? tenant.tenantId) || null;
  const authority = tenant.endpoints?.authority ?? `${CLOUDS[tenant.cloud]?.authority ?? CLOUDS.global.authority}/${tenantId ?? 'organizations'}`;
  return {
    tenantId, clientId: (fromEnv ? env.AZURE_CLIENT_ID : tenant.app.clientId) ?? null, certificatePath, clientSecret,
    secretSource: certificatePath ? null : secretEnv, authority,
  };
}

/** Tokens per scope for one run: asked for once, renewed five minutes before they expire. */
export class TokenSource {
  private readonly tokens = new Map<string, Promise<AppToken>>();

  constructor(private readonly credential: AppCredential, private readonly caFile: string | null, private readonly redactor: Redactor,
    private readonly env: NodeJS.ProcessEnv) {
    redactor.add(credential.clientSecret);
    redactor.add(env.AZURE_CLIENT_CERTIFICATE_PASSWORD);
  }

  get(scope: string): Promise<AppToken> {
    const cached = this.tokens.get(scope);
    if (cached) return cached.then((token) => (fresh(token) ? token : this.fetch(scope))); // a permanent refusal stays refused for the run
    return this.fetch(scope);
  }

  private fetch(scope: string): Promise<AppToken> {
    const { tenantId, clientId, certificatePath, clientSecret, authority } = this.credential;
    const pending = acquireAppToken({
      scope, tenant: tenantId ?? undefined, clientId: clientId ?? undefined, certificatePath: certificatePath ?? undefined,
      clientSecret: clientSecret ?? undefined, authority, caFile: this.caFile ?? undefined,
      // only what the credential needs: acquireAppToken must not pick up AZURE_* on its own behind this choice
      env: { AZURE_CLIENT_CERTIFICATE_PASSWORD: this.env.AZURE_CLIENT_CERTIFICATE_PASSWORD },
    }).then((token) => {
      this.redactor.add(token.accessToken);
      return token;
    }, (error: unknown) => {
      if (error instanceof TokenError && error.diagnosis.transient) this.tokens.delete(scope);
      throw error;
    });
    this.tokens.set(scope, pending);
    return pending;
  }
}

function fresh(token: AppToken): boolean {
  return !token.expiresOn || token.expiresOn.getTime() - Date.now() > 5 * 60_000;
}
