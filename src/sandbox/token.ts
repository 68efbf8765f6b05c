// The Entra-like token endpoint: client credentials (secret or certificate assertion) → RS256 access tokens
// with `roles`, plus OpenID metadata and keys so MSAL and anyone else can find and check them.
import { createPrivateKey, createPublicKey, randomUUID, X509Certificate, type KeyObject } from 'node:crypto';
import { replyEntry, replyText } from '../m365/replies.js';
import type { IssuedCertificate } from './ca.js';
import { findApp, secretMatches, type App, type Directory } from './directory.js';
import type { HttpReply, HttpRequest, Route } from './http.js';
import { decodeJwt, signJwt, timeProblem, verifySignature, type JwtPayload } from './jwt.js';

export const EXCHANGE_RESOURCE = 'https://outlook.office365.com';
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const RESOURCE_ALIASES: Record<string, string> = {
  'https://outlook.office365.com': EXCHANGE_RESOURCE, 'https://outlook.office.com': EXCHANGE_RESOURCE, '00000002-0000-0ff1-ce00-000000000000': EXCHANGE_RESOURCE,
  'https://graph.microsoft.com': GRAPH_RESOURCE, '00000003-0000-0000-c000-000000000000': GRAPH_RESOURCE,
};
const EXCHANGE_ROLES = new Set(['SMTP.SendAsApp', 'IMAP.AccessAsApp', 'POP.AccessAsApp', 'full_access_as_app', 'Exchange.ManageAsApp']);
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
// the OAuth `error` value Entra sends with each AADSTS code
const OAUTH_ERROR: Record<string, string> = {
  'token-bad-secret': 'invalid_client', 'token-secret-expired': 'invalid_client', 'token-bad-assertion': 'invalid_client', 'token-assertion-time': 'invalid_client',
  'token-no-app': 'unauthorized_client', 'token-no-tenant': 'invalid_request', 'token-bad-scope': 'invalid_scope', 'token-no-resource': 'invalid_resource',
  'token-missing-parameter': 'invalid_request', 'token-unsupported-grant': 'unsupported_grant_type',
};

export type TokenProblem = 'malformed' | 'signature' | 'expired' | 'audience' | 'tenant';
export type TokenCheck = { ok: true; claims: JwtPayload & { roles: string[]; appid: string } } | { ok: false; problem: TokenProblem };

export interface TokenService {
  routes: Route;
  /** Sign an access token for an app (tests may override claims to forge expired or foreign tokens). */
  issue(app: App, resource: string, overrides?: JwtPayload): string;
  verify(token: string, resource: string): TokenCheck;
  authority(origin: string): string;
}

export function createTokenService(directory: Directory, signing: IssuedCertificate, origin: () => string): TokenService {
  const key: KeyObject = createPrivateKey(signing.keyPem);
  const publicKey = createPublicKey(signing.certPem);
  const kid = Buffer.from(signing.thumbprintSha1, 'hex').toString('base64url');
  const tenants = new Set([directory.tenantId.toLowerCase(), directory.initialDomain, ...directory.settings.acceptedDomains]);
  const tokenUrl = (tenant: string) => `${origin()}/${tenant}/oauth2/v2.0/token`;

  function issue(app: App, resource: string, overrides: JwtPayload = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const roles = app.roles.filter((r) => (resource === EXCHANGE_RESOURCE) === EXCHANGE_ROLES.has(r));
    const issuer = `https://sts.windows.net/${directory.tenantId}/`;
    return signJwt({ kid, x5t: kid }, {
      aud: resource, iss: issuer, iat: now, nbf: now, exp: now + directory.settings.limits.tokenLifetimeSeconds,
      app_displayname: app.displayName, appid: app.clientId, appidacr: '1', idp: issuer, idtyp: 'app', oid: app.objectId, sub: app.objectId,
      ...(roles.length ? { roles } : {}), tid: directory.tenantId, uti: randomUUID().replace(/-/g, '').slice(0, 22), ver: '1.0', ...overrides,
    }, key);
  }

  function verify(token: string, resource: string): TokenCheck {
    const jwt = decodeJwt(token);
    if (!jwt) return { ok: false, problem: 'malformed' };
    if (!verifySignature(jwt, publicKey)) return { ok: false, problem: 'signature' };
    if (timeProblem(jwt.payload, undefined, 0)) return { ok: false, problem: 'expired' };
    if (RESOURCE_ALIASES[String(jwt.payload.aud)] !== resource) return { ok: false, problem: 'audience' };
    if (jwt.payload.tid !== directory.tenantId) return { ok: false, problem: 'tenant' };
    const roles = Array.isArray(jwt.payload.roles) ? jwt.payload.roles.map(String) : [];
    return { ok: true, claims: { ...jwt.payload, roles, appid: String(jwt.payload.appid ?? '') } };
  }

  function error(id: string, vars: Record<string, string> = {}): HttpReply {
    const entry = replyEntry(id);
    const now = new Date();
    const trace = randomUUID();
    const correlation = randomUUID();
    const code = Number(entry.detail?.replace('AADSTS', ''));
    const description = `${entry.detail}: ${replyText(id, vars)}\r\nTrace ID: ${trace}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${now.toISOString().replace('T', ' ').slice(0, 19)}Z`;
    return { status: entry.code ?? 400, body: { error: OAUTH_ERROR[id] ?? 'invalid_request', error_description: description, error_codes: [code], timestamp: now.toISOString(), trace_id: trace, correlation_id: correlation, error_uri: `${origin()}/error?code=${code}` } };
  }

  function authenticate(form: URLSearchParams, request: HttpRequest, tenant: string): App | HttpReply {
    let clientId = form.get('client_id') ?? '';
    let secret = form.get('client_secret');
    const basic = /^Basic\s+(.+)$/i.exec(String(request.headers.authorization ?? ''));
    if (basic) {
      const [id, ...rest] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      clientId ||= decodeURIComponent(id);
      secret ??= decodeURIComponent(rest.join(':'));
    }
    if (!clientId) return error('token-missing-parameter', { parameter: 'client_id' });
    const app = findApp(directory, clientId);
    if (!app) return error('token-no-app', { client: clientId, tenant });
    const assertion = form.get('client_assertion');
    if (assertion) return checkAssertion(app, assertion, form.get('client_assertion_type'), tenant);
    if (secret === null) return error('token-missing-parameter', { parameter: 'client_assertion\' or \'client_secret' });
    return secretMatches(app.secret, secret) ? app : error('token-bad-secret', { client: app.clientId });
  }

  function checkAssertion(app: App, assertion: string, type: string | null, tenant: string): App | HttpReply {
    if (type !== ASSERTION_TYPE) return error('token-missing-parameter', { parameter: 'client_assertion_type' });
    const jwt = decodeJwt(assertion);
    if (!jwt) return error('token-bad-assertion');
    const s256 = typeof jwt.header['x5t#S256'] === 'string' ? Buffer.from(jwt.header['x5t#S256'], 'base64url').toString('hex').toUpperCase() : null;
    const s1 = typeof jwt.header.x5t === 'string' ? Buffer.from(jwt.header.x5t, 'base64url').toString('hex').toUpperCase() : null;
    const cert = app.certificates.find((c) => c.thumbprintSha256 === s256 || c.thumbprintSha1 === s1);
    if (!cert || !verifySignature(jwt, cert.publicKey)) return error('token-bad-assertion');
    const { payload } = jwt;
    if (payload.iss !== app.clientId || payload.sub !== app.clientId) return error('token-bad-assertion');
    if (payload.aud !== tokenUrl(tenant) && payload.aud !== tokenUrl(directory.tenantId)) return error('token-bad-assertion');
    if (timeProblem(payload)) return error('token-assertion-time');
    return app;
  }

  function tokenRequest(request: HttpRequest, tenant: string): HttpReply {
    const form = new URLSearchParams(request.body.toString('utf8'));
    if (form.get('grant_type') !== 'client_credentials') return form.get('grant_type') ? error('token-unsupported-grant') : error('token-missing-parameter', { parameter: 'grant_type' });
    const app = authenticate(form, request, tenant);
    if (!('clientId' in app)) return app;
    const scope = form.get('scope') ?? '';
    if (!scope) return error('token-missing-parameter', { parameter: 'scope' });
    const scopes = scope.split(/\s+/).filter(Boolean);
    if (scopes.length !== 1 || !scopes[0].endsWith('/.default')) return error('token-bad-scope', { scope });
    const resource = RESOURCE_ALIASES[scopes[0].slice(0, -'/.default'.length).replace(/\/$/, '')];
    if (!resource) return error('token-no-resource', { resource: scopes[0].slice(0, -'/.default'.length), tenant });
    const lifetime = directory.settings.limits.tokenLifetimeSeconds;
    const accessToken = issue(app, resource, form.get('client_assertion') ? { appidacr: '2' } : {});
    return { status: 200, body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken } };
  }

  function metadata(tenant: string): unknown {
    const base = `${origin()}/${tenant}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`, token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${origin()}/${tenant}/discovery/v2.0/keys`, response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'], id_token_signing_alg_values_supported: ['RS256'], response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'], issuer: `${origin()}/${directory.tenantId}/v2.0`, request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`, device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`, end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      http_logout_supported: true, frontchannel_logout_supported: true, tenant_region_scope: 'EU', cloud_instance_name: 'relay365.sandbox', msgraph_host: new URL(origin()).host,
    };
  }

  const routes: Route = (request) => {
    const m = /^\/([^/]+)\/(oauth2\/v2\.0\/token|v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys)$/.exec(request.url.pathname);
    if (!m) return null;
    const tenant = decodeURIComponent(m[1]);
    if (!tenants.has(tenant.toLowerCase())) return error('token-no-tenant', { tenant });
    if (m[2] === 'oauth2/v2.0/token') return request.method === 'POST' ? tokenRequest(request, tenant) : { status: 405, body: { error: 'invalid_request' } };
    if (m[2].startsWith('v2.0')) return { status: 200, body: metadata(tenant) };
    const x509 = new X509Certificate(signing.certPem);
    const jwk = publicKey.export({ format: 'jwk' });
    return { status: 200, body: { keys: [{ kty: 'RSA', use: 'sig', kid, x5t: kid, n: jwk.n, e: jwk.e, x5c: [x509.raw.toString('base64')], issuer: `${origin()}/${directory.tenantId}/v2.0` }] } };
  };

  return { routes, issue, verify, authority: (o) => `${o}/${directory.tenantId}` };
}
