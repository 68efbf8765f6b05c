// Zabbix media types of type Email (config-formats.md §4.2): exports (zbx_export_mediatypes.{xml,yaml,json}) and
// `INSERT INTO media_type` rows of database dumps. Exports write the password in clear text.
// smtp_security: 0/NONE, 1/STARTTLS, 2/SSL_OR_TLS; smtp_authentication: 0/NONE, 1/PASSWORD, 2/OAUTH (7.2+).
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, parsePort, secretState } from '../../values.js';
import { exportMediaTypes, type MediaType } from './records.js';
import { sqlMediaTypes } from './sql.js';

const detector = { id: 'zabbix', system: 'Zabbix' };

function word(v: string | undefined): string {
  return (v ?? '').trim().toUpperCase();
}

function securityOf(v: string | undefined): Security {
  const w = word(v);
  if (w === '2' || w === 'SSL_OR_TLS' || w === 'SSL/TLS') return 'tls';
  if (w === '1' || w === 'STARTTLS') return 'starttls';
  return 'none';
}

/** Zabbix's own default row (data.sql and untouched installs): mail.example.com / zabbix@example.com (localhost in 1.x). */
function isShippedDefault(r: MediaType): boolean {
  const server = r.values.get('smtp_server')?.value;
  const email = r.values.get('smtp_email')?.value;
  return (server === 'mail.example.com' && email === 'zabbix@example.com') || (server === 'localhost' && email === 'zabbix@localhost');
}

function build(r: MediaType, path: string, ctx: ExtractContext): Finding | null {
  const get = (k: string) => r.values.get(k);
  const type = word(get('type')?.value);
  if (type && type !== '0' && type !== 'EMAIL') return null;
  const server = get('smtp_server');
  if (!server?.value.trim()) return null;
  const notes: string[] = [];
  const name = get('name')?.value ?? get('description')?.value;
  if (name) notes.push(`media type "${name}"`);
  if (r.columnsAssumed) notes.push('INSERT without a column list: Zabbix 3.0+ column order assumed');
  const security = securityOf(get('smtp_security')?.value);
  const port = parsePort(get('smtp_port')?.value) ?? 25;
  const authWord = word(get('smtp_authentication')?.value);
  const method = authWord === '1' || authWord === 'PASSWORD' ? 'password' : authWord === '2' || authWord === 'OAUTH' ? 'oauth2' : 'none';
  const username = method !== 'none' ? get('username')?.value || null : null;
  const secret = method === 'password' ? secretState(get('password')?.value ?? get('passwd')?.value, (v) => ctx.secret(v)) : { secret: 'absent' as const };
  if (word(get('smtp_verify_peer')?.value) === 'NO' || get('smtp_verify_peer')?.value === '0') notes.push('smtp_verify_peer off: the server certificate is not checked');
  const provider = word(get('provider')?.value);
  if (provider && provider !== 'GENERIC_SMTP' && provider !== '0') notes.push(`provider ${provider}`);
  const from = emailIn(get('smtp_email')?.value);
  const status = word(get('status')?.value);
  const draft: FindingDraft = {
    line: server.line, key: `${server.line}:${name ?? ''}`,
    host: server.value.trim(), port, security,
    auth: { method, username, secret: secret.secret },
    secretRef: 'ref' in secret ? secret.ref : undefined,
    from,
    evidence: server.text,
    locations: Object.fromEntries(Object.entries({
      host: at(server.line, server.value.trim()),
      port: get('smtp_port') ? at(get('smtp_port')!.line, get('smtp_port')!.value) : undefined,
      username: username ? at(get('username')!.line, username) : undefined,
      from: from ? at(get('smtp_email')!.line, from) : undefined,
    }).filter(([, v]) => v)),
    notes, role: 'app',
  };
  if (isShippedDefault(r)) { Object.assign(draft, { active: false, inactiveReason: 'placeholder' }); notes.push("Zabbix's shipped default media type (never configured)"); }
  else if (status === 'DISABLED' || status === '1') { Object.assign(draft, { active: false, inactiveReason: 'disabled' }); notes.push('media type is disabled'); }
  return createFinding(detector, { path, exampleFile: ctx.exampleFile }, draft);
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const warn = (message: string, line?: number) => ctx.warn('parse-error', message, line);
  const records = /\.sql$/i.test(path) ? sqlMediaTypes(content) : exportMediaTypes(content, path, warn);
  // Every password is registered, those of other media types and disabled ones too.
  for (const r of records) for (const k of ['password', 'passwd']) secretState(r.values.get(k)?.value, (v) => ctx.secret(v));
  const findings = records.map((r) => build(r, path, ctx)).filter((f): f is Finding => f !== null);
  return findings.length ? findings : null;
}
