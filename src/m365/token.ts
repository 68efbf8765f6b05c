// App-only tokens (client credentials) from Entra ID, or from any Entra-like authority such as the sandbox,
// through MSAL Node. Reads AZURE_* like @azure/identity; a certificate wins over a secret. Tokens are never logged.
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { ConfidentialClientApplication, type Configuration, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { CLOUDS, type Cloud } from './endpoints.js';
import { diagnose, type Diagnosis } from './replies.js';
import { agentTrusting } from './https.js';

export interface AppCertificate {
  privateKeyPem: string;
  thumbprintSha256: string;
  x5c?: string;                     // the public certificate (chain) in PEM, for subject name / issuer auth
}

export interface AppTokenOptions {
  scope: string;                    // https://outlook.office365.com/.default or https://graph.microsoft.com/.default
  tenant?: string;                  // default AZURE_TENANT_ID
  clientId?: string;                // default AZURE_CLIENT_ID
  clientSecret?: string;            // default AZURE_CLIENT_SECRET
  certificate?: AppCertificate;
  certificatePath?: string;         // PEM with certificate and private key; default AZURE_CLIENT_CERTIFICATE_PATH
  authority?: string;               // https://host[:port]/{tenant}; default the cloud's login endpoint
  cloud?: Cloud;
  caFile?: string;                  // extra CA to trust (the sandbox's, or a TLS-inspecting proxy's)
  env?: NodeJS.ProcessEnv;
}

export interface AppToken {
  accessToken: string;              // not enumerable: JSON.stringify and console.log leave it out
  expiresOn: Date | null;
  roles: string[];                  // decoded from the token (not verified: that is the resource's job)
  audience: string | null;
  credential: 'certificate' | 'secret';
}

/** A token request that failed, with Entra's AADSTS code and the catalogue's diagnosis (never a secret). */
export class TokenError extends Error {
  override name = 'TokenError';
  constructor(message: string, readonly code: string, readonly diagnosis: Diagnosis) {
    super(message);
  }
}

/** PEM (cert + key, as @azure/identity reads it) → the key in PKCS#8 and the SHA-256 thumbprint. */
export function certificateFromPem(pem: string, passphrase?: string): AppCertificate {
  const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  const key = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.exec(pem)?.[0];
  if (!certs || !key) throw new Error('the certificate file needs both a CERTIFICATE and a PRIVATE KEY block (PEM)');
  const privateKeyPem = createPrivateKey({ key, format: 'pem', passphrase }).export({ format: 'pem', type: 'pkcs8' }) as string;
  return { privateKeyPem, thumbprintSha256: new X509Certificate(certs[0]).fingerprint256.replace(/:/g, ''), x5c: certs.join('\n') };
}

/** MSAL's HTTP through node:https, trusting the public roots plus the given CA (msal-node has no CA option). */
export function networkClientWithCa(caPem: string | null): INetworkModule {
  const agent = caPem ? agentTrusting([caPem]) : undefined;
  function send<T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(url, { method, agent, headers: { ...options?.headers }, timeout }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
          try { resolve({ status: res.statusCode ?? 0, headers, body: JSON.parse(text || '{}') as T }); } catch { reject(new Error(`not JSON from ${new URL(url).host} (HTTP ${res.statusCode})`)); }
        });
      });
      req.on('timeout', () => req.destroy(new Error('Request timeout')));
      req.on('error', reject);
      if (method === 'POST' && options?.body) req.write(options.body);
      req.end();
    });
  }
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

function isMicrosoftAuthority(authority: string): boolean {
  const host = new URL(authority).hostname;
  return Object.values(CLOUDS).some((c) => new URL(c.authority).hostname === host);
}

async function resolveCredential(options: AppTokenOptions, env: NodeJS.ProcessEnv): Promise<{ certificate?: AppCertificate; secret?: string }> {
  if (options.certificate) return { certificate: options.certificate };
  const path = options.certificatePath ?? env.AZURE_CLIENT_CERTIFICATE_PATH;
  if (path) return { certificate: certificateFromPem(await readFile(path, 'utf8'), env.AZURE_CLIENT_CERTIFICATE_PASSWORD) };
  const secret = options.clientSecret ?? env.AZURE_CLIENT_SECRET;
  if (secret) return { secret };
  throw new TokenError('no app credential: set AZURE_CLIENT_CERTIFICATE_PATH or AZURE_CLIENT_SECRET', 'no-credential',
    { id: null, code: 'no-credential', cause: 'No certificate or client secret was given.', fix: 'set AZURE_CLIENT_CERTIFICATE_PATH (preferred) or AZURE_CLIENT_SECRET', transient: false, source: null });
}

// one MSAL app per authority + client + credential, so its in-memory cache serves repeated requests
const apps = new Map<string, ConfidentialClientApplication>();

async function msalApp(options: AppTokenOptions, env: NodeJS.ProcessEnv): Promise<{ app: ConfidentialClientApplication; credential: AppToken['credential'] }> {
  const tenant = options.tenant ?? env.AZURE_TENANT_ID;
  const clientId = options.clientId ?? env.AZURE_CLIENT_ID;
  if (!tenant || !clientId) throw new TokenError('no tenant or client id: set AZURE_TENANT_ID and AZURE_CLIENT_ID', 'no-client',
    { id: null, code: 'no-client', cause: 'The tenant or the client id is missing.', fix: 'set AZURE_TENANT_ID and AZURE_CLIENT_ID (or the tenant file)', transient: false, source: null });
  const authority = (options.authority ?? `${CLOUDS[options.cloud ?? 'global'].authority}/${tenant}`).replace(/\/$/, '');
  const { certificate, secret } = await resolveCredential(options, env);
  const caPem = options.caFile ? await readFile(options.caFile, 'utf8') : null;
  const key = JSON.stringify([authority, clientId, certificate?.thumbprintSha256 ?? null, secret ? createHash('sha256').update(secret).digest('hex') : null, options.caFile ?? null]);
  const cached = apps.get(key);
  if (cached) return { app: cached, credential: certificate ? 'certificate' : 'secret' };
  const networkClient = caPem ? networkClientWithCa(caPem) : undefined;
  const auth: Configuration['auth'] = {
    clientId, authority,
    ...(certificate ? { clientCertificate: { thumbprintSha256: certificate.thumbprintSha256, privateKey: certificate.privateKeyPem, x5c: certificate.x5c } } : { clientSecret: secret }),
  };
  if (!isMicrosoftAuthority(authority)) {
    // a custom authority (the sandbox, a lab): trust its host and hand MSAL its metadata, so no discovery call leaves
    auth.knownAuthorities = [new URL(authority).host];
    const metadataUrl = `${authority}/v2.0/.well-known/openid-configuration`;
    const metadata = await (networkClient ?? networkClientWithCa(null)).sendGetRequestAsync<unknown>(metadataUrl);
    if (metadata.status !== 200) throw new TokenError(`authority metadata: HTTP ${metadata.status} from ${metadataUrl}`, `http-${metadata.status}`, diagnose({ status: metadata.status }));
    auth.authorityMetadata = JSON.stringify(metadata.body);
  }
  const app = new ConfidentialClientApplication({ auth, system: networkClient ? { networkClient } : undefined });
  apps.set(key, app);
  return { app, credential: certificate ? 'certificate' : 'secret' };
}

/** The roles, audience and expiry inside a JWT access token (decoded only; the resource verifies). */
export function tokenClaims(accessToken: string): { roles: string[]; audience: string | null; expiresOn: Date | null } {
  try {
    const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { roles?: unknown; aud?: unknown; exp?: unknown };
    return {
      roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
      audience: typeof payload.aud === 'string' ? payload.aud : null,
      expiresOn: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
    };
  } catch {
    return { roles: [], audience: null, expiresOn: null };
  }
}

export async function acquireAppToken(options: AppTokenOptions): Promise<AppToken> {
  const env = options.env ?? process.env;
  const { app, credential } = await msalApp(options, env);
  let result;
  try {
    result = await app.acquireTokenByClientCredential({ scopes: [options.scope] });
  } catch (error) {
    const e = error as { errorCode?: string; errorMessage?: string; message?: string; status?: number };
    const message = (e.errorMessage || e.message || String(error)).split(/\r?\n/)[0];
    const code = /AADSTS\d+/.exec(message)?.[0] ?? e.errorCode ?? 'token-error';
    throw new TokenError(message, code, diagnose({ status: e.status ?? 400, code, message }));
  }
  if (!result?.accessToken) throw new TokenError('the authority returned no access token', 'no-token', diagnose({ status: 500, message: 'no access token' }));
  const claims = tokenClaims(result.accessToken);
  const token = { expiresOn: result.expiresOn ?? claims.expiresOn, roles: claims.roles, audience: claims.audience, credential } as AppToken;
  Object.defineProperty(token, 'accessToken', { value: result.accessToken, enumerable: false });
  return token;
}
