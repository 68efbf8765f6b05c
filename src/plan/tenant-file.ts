// tenant.yaml: what relay365 cannot discover about the tenant. Read with line numbers; unknown keys warned;
// wrong values warned and left unset (they become TODOs); a secret in the file is refused outright.
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { isMap, isScalar, LineCounter, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { CLOUDS, type Cloud } from '../m365/endpoints.js';
import { emptyTenant, type Endpoint, type Tenant } from '../m365/tenant.js';
import { InputError } from '../util/errors.js';

export interface TenantWarning { file: string; line: number; message: string }
export interface TenantFile { tenant: Tenant; warnings: TenantWarning[] }

const SECRET_KEY = /secret|passw|pwd|token|private.?key|api.?key|credential/i;
/** Keys whose names sound secret but hold none: the name of an env var, a URL. */
const NOT_SECRET = new Set(['secretEnv', 'tokenEndpoint']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,63}$/i;

type Check = (value: unknown) => string | null;
const str = (test: RegExp, what: string): Check => (v) => (typeof v === 'string' && test.test(v.trim()) ? null : `expected ${what}`);
const bool: Check = (v) => (typeof v === 'boolean' || v === null ? null : 'expected true, false or null');

interface Field { check: Check; set(t: Tenant, v: unknown): void }

const FIELDS: Record<string, Field> = {
  tenantId: { check: str(GUID, 'a GUID (Entra admin center > Overview > Tenant ID)'), set: (t, v) => { t.tenantId = String(v).trim(); } },
  initialDomain: { check: str(/\.onmicrosoft\.(com|us)$|\.partner\.onmschina\.cn$/i, 'the initial domain, e.g. contoso.onmicrosoft.com'), set: (t, v) => { t.initialDomain = String(v).trim().toLowerCase(); } },
  cloud: { check: (v) => (typeof v === 'string' && v in CLOUDS ? null : `expected one of ${Object.keys(CLOUDS).join(', ')}`), set: (t, v) => { t.cloud = v as Cloud; } },
  acceptedDomains: { check: list(DOMAIN, 'domain names'), set: (t, v) => { t.acceptedDomains = (v as string[]).map((d) => d.trim().toLowerCase()); } },
  mxEndpoint: { check: str(/\.mail\.protection\.(outlook\.com|office365\.us|partner\.outlook\.cn)$/i, 'the MX endpoint, e.g. contoso-com.mail.protection.outlook.com'), set: (t, v) => { t.mxEndpoint = String(v).trim().toLowerCase(); } },
  staticIps: { check: (v) => (Array.isArray(v) && v.every((ip) => typeof ip === 'string' && isIP(ip.split('/')[0]) === 4) ? null : 'expected a list of IPv4 addresses or CIDR ranges (connectors take no IPv6)'), set: (t, v) => { t.staticIps = (v as string[]).map((ip) => ip.trim()); } },
  testRecipient: { check: str(EMAIL, 'an e-mail address'), set: (t, v) => { t.testRecipient = String(v).trim(); } },
  testSender: { check: str(EMAIL, 'an e-mail address'), set: (t, v) => { t.testSender = String(v).trim(); } },
  securityDefaults: { check: bool, set: (t, v) => { t.securityDefaults = v as boolean | null; } },
  rejectDirectSend: { check: bool, set: (t, v) => { t.rejectDirectSend = v as boolean | null; } },
  smtpAuthDisabledOrg: { check: bool, set: (t, v) => { t.smtpAuthDisabledOrg = v as boolean | null; } },
  acsSmtpUsername: { check: str(/^\S{1,256}$/, 'the SMTP Username of the ACS resource (Communication Services > SMTP Usernames)'), set: (t, v) => { t.acsSmtpUsername = String(v).trim(); } },
  acsSenders: { check: list(EMAIL, 'e-mail addresses (MailFrom addresses of the ACS domains)'), set: (t, v) => { t.acsSenders = (v as string[]).map((a) => a.trim().toLowerCase()); } },
};

const APP_FIELDS: Record<string, Field> = {
  clientId: { check: str(GUID, 'a GUID (App registrations > your app > Application (client) ID)'), set: (t, v) => { t.app.clientId = String(v).trim(); } },
  certificatePath: { check: (v) => (typeof v === 'string' && v.trim() ? null : 'expected a file path'), set: (t, v) => { t.app.certificatePath = String(v).trim(); } },
  secretEnv: { check: str(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the NAME of an environment variable, e.g. AZURE_CLIENT_SECRET'), set: (t, v) => { t.app.secretEnv = String(v).trim(); } },
};

function list(test: RegExp, what: string): Check {
  return (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string' && test.test(x.trim())) ? null : `expected a list of ${what}`);
}

/** Read and validate tenant.yaml. Missing file or broken YAML: InputError with the line. */
export async function readTenantFile(path: string): Promise<TenantFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read tenant file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, path);
  }
  return parseTenantFile(text, path);
}

export function parseTenantFile(text: string, file = 'tenant.yaml'): TenantFile {
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, prettyErrors: false });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lines.linePos(offset).line);
  if (doc.errors.length) {
    const error = doc.errors[0];
    throw new InputError(`not valid YAML (${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')})`, file, lineOf(error.pos[0]));
  }
  const tenant = emptyTenant();
  const warnings: TenantWarning[] = [];
  if (doc.contents === null) return { tenant, warnings };
  if (!isMap(doc.contents)) throw new InputError('expected a mapping of tenant settings (key: value)', file, lineOf(doc.contents.range?.[0]));
  refuseSecrets(doc.contents, file, lineOf);
  const warn = (pair: Pair, message: string) => warnings.push({ file, line: lineOf(rangeOf(pair.key)), message });
  applyFields(doc.contents, FIELDS, tenant, warn, (key, pair) => {
    if (key === 'app' && isMap(pair.value)) { applyFields(pair.value, APP_FIELDS, tenant, warn, (k, p) => warn(p, `unknown key app.${k} (ignored)`)); return; }
    if (key === 'endpoints' && isMap(pair.value)) { tenant.endpoints = readEndpoints(pair.value, (p, m) => warn(p, m)); return; }
    warn(pair, `unknown key ${key} (ignored)`);
  });
  return { tenant, warnings };
}

function applyFields(map: YAMLMap, fields: Record<string, Field>, tenant: Tenant, warn: (pair: Pair, message: string) => void, other: (key: string, pair: Pair) => void): void {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const field = fields[key];
    if (!field) { other(key, pair); continue; }
    const value = isScalar(pair.value) ? pair.value.value : (pair.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null;
    if (value === null || value === '') continue;
    const problem = field.check(value);
    if (problem) { warn(pair, `${key}: ${problem}; left unset`); continue; }
    field.set(tenant, value);
  }
}

function readEndpoints(map: YAMLMap, warn: (pair: Pair, message: string) => void): Tenant['endpoints'] {
  const endpoints: NonNullable<Tenant['endpoints']> = {};
  for (const pair of map.items) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const value = (pair.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? (isScalar(pair.value) ? pair.value.value : null);
    if (['submission', 'mx', 'hve', 'acs'].includes(key)) {
      const ep = value as Partial<Endpoint> | null;
      if (ep && typeof ep.host === 'string' && Number.isInteger(ep.port)) endpoints[key as 'mx'] = { host: ep.host, port: ep.port! };
      else warn(pair, `endpoints.${key}: expected { host, port }; left unset`);
    } else if (['authority', 'tokenEndpoint', 'graphBaseUrl', 'caFile'].includes(key)) {
      if (typeof value === 'string') endpoints[key as 'authority'] = value;
      else warn(pair, `endpoints.${key}: expected a string; left unset`);
    } else warn(pair, `unknown key endpoints.${key} (ignored)`);
  }
  return endpoints;
}

/** A secret in tenant.yaml is refused (never echoed): secrets live in the environment or a certificate file. */
function refuseSecrets(map: YAMLMap, file: string, lineOf: (offset: number | undefined) => number, prefix = ''): void {
  for (const pair of map.items) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const name = `${prefix}${key}`;
    const value = isScalar(pair.value) ? pair.value.value : null;
    const looksSecret = typeof value === 'string' && /-----BEGIN [A-Z ]*PRIVATE KEY-----|^eyJ[\w-]{10,}\.[\w-]{10,}\./.test(value);
    if ((SECRET_KEY.test(key) && !NOT_SECRET.has(key) && value !== null && value !== '') || looksSecret) {
      throw new InputError(`${name} holds a secret, and tenant.yaml never holds secrets: remove it and put the client secret in the environment variable named by app.secretEnv (AZURE_CLIENT_SECRET by default), or point app.certificatePath at a certificate file`, file, lineOf(rangeOf(pair.key)));
    }
    if (isMap(pair.value)) refuseSecrets(pair.value, file, lineOf, `${name}.`);
  }
}

function rangeOf(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null)?.range?.[0];
}

/** The MX endpoint Microsoft 365 gives an accepted domain: contoso.com → contoso-com.mail.protection.outlook.com. */
export function mxEndpointFor(domain: string, cloud: Cloud): string {
  return `${domain.toLowerCase().replace(/\./g, '-')}.${CLOUDS[cloud].mxSuffix}`;
}
