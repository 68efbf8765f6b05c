// Alpine / Pine (pinerc: /etc/pine.conf, the enforced /etc/pinerc.fixed, ~/.pinerc): `variable=value` lines, list
// values split on commas and continued on lines that start with white space. `smtp-server` is a list of servers tried
// in turn, each `host[:port][/param…]` (Alpine's "Server Name Syntax" help): /ssl (or /tls1…/tls1_3) is implicit TLS on
// 465, /starttls (older /tls) requires STARTTLS, /notls never tries, and with none of them Alpine tries STARTTLS and
// falls back to plain text; /submit means port 587; /user=name logs in (the password is asked for or kept in
// ~/.pine-passfile, never in pinerc). An empty smtp-server means Alpine hands mail to sendmail.
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, parseHostPort, splitLines, splitTopLevel, unquote } from '../../values.js';

const detector = { id: 'alpine', system: 'Alpine' };

const WANTED = new Set(['smtp-server', 'user-domain', 'customized-hdrs']);
const IMPLICIT_TLS = /^(ssl|tls1|tls1_1|tls1_2|tls1_3)$/;
/** Alpine tries its servers in turn: a list longer than this is not a configuration (hostile input). */
const MAX_SERVERS = 100;
/** c-client knows no password parameter; one written anyway is still a secret. */
const PASSWORD_PARAM = /(\/pass(?:word)?=)("[^"]*"?|[^/,\s]*)/gi;

interface Item { value: string; line: number; text: string }
interface Variable { key: string; items: Item[]; commented: boolean; /** The line where items beyond MAX_SERVERS were left unread. */ truncated?: number }

/** The variables of a pinerc, live and commented (`#smtp-server=…`), each with its list items and their lines. */
function variables(lines: string[]): Variable[] {
  const found: Variable[] = [];
  let open: Variable | null = null;
  lines.forEach((raw, i) => {
    const comment = /^\s*#+\s*/.exec(raw);
    if (!comment && open && /^[ \t]+\S/.test(raw)) { addItems(open, raw, i + 1); return; }
    open = null;
    const m = /^([a-z][\w-]*)=(.*)$/i.exec(comment ? raw.slice(comment[0].length) : raw);
    if (!m || !WANTED.has(m[1].toLowerCase())) return;
    const variable: Variable = { key: m[1].toLowerCase(), items: [], commented: Boolean(comment) };
    found.push(variable);
    addItems(variable, m[2], i + 1, raw);
    if (!comment) open = variable;
  });
  return found;
}

function addItems(variable: Variable, piece: string, line: number, raw = piece): void {
  const text = raw.trim().replace(PASSWORD_PARAM, '$1***').slice(0, 300);
  for (const item of splitTopLevel(piece.trim())) {
    if (!item) continue;
    if (variable.items.length === MAX_SERVERS) { variable.truncated = line; return; }
    // an unclosed quote runs to the end of the line
    variable.items.push({ value: unquote(item).replace(/^"|"$/g, ''), line, text });
  }
}

interface Server { host: string; port: number | null; params: Map<string, string> }

function parseServer(spec: string): Server {
  const [address, ...rest] = spec.split('/');
  const params = new Map<string, string>();
  for (const p of rest) {
    const eq = p.indexOf('=');
    params.set((eq < 0 ? p : p.slice(0, eq)).toLowerCase(), eq < 0 ? '' : unquote(p.slice(eq + 1)));
  }
  return { ...parseHostPort(address), params };
}

function securityOf(params: Map<string, string>, notes: string[]): Security {
  const implicit = [...params.keys()].find((k) => IMPLICIT_TLS.test(k));
  if (implicit && /^tls1(_1)?$/.test(implicit)) notes.push(`/${implicit}: TLS ${implicit === 'tls1' ? '1.0' : '1.1'} only, which Microsoft 365 refuses`);
  if (params.has('novalidate-cert')) notes.push('/novalidate-cert: the server certificate is not checked');
  if (implicit) return 'tls';
  if (params.has('starttls') || params.has('tls')) return 'starttls';
  if (params.has('notls')) return 'none';
  notes.push('no /starttls: Alpine tries STARTTLS and falls back to plain text (opportunistic)');
  return 'starttls';
}

function scopeNote(path: string): string | null {
  if (/\.fixed$/i.test(path)) return 'fixed system setting: users cannot change it';
  if (/(^|[\\/])pine\.conf$/i.test(path)) return "system-wide default: a user's .pinerc may set its own";
  return null;
}

function draftOf(item: Item, index: number, commented: boolean, from: Item | null, domain: Item | null, path: string): FindingDraft {
  const server = parseServer(item.value);
  const notes: string[] = [];
  const security = securityOf(server.params, notes);
  const port = server.port ?? (security === 'tls' ? 465 : server.params.has('submit') ? 587 : 25);
  const user = server.params.get('user') || null;
  const password = server.params.has('pass') || server.params.has('password');
  if (password) notes.push('a password parameter is no part of the server name syntax: Alpine rejects this server (the value is kept secret)');
  else if (user) notes.push('no password in pinerc: Alpine asks for it, or keeps it in ~/.pine-passfile');
  if (index > 0) notes.push('backup server: used when the ones before it fail');
  const fromAddress = emailIn(from?.value.replace(/^from:/i, ''));
  if (!fromAddress && domain) notes.push(`From is <login>@${domain.value.slice(0, 80)} (user-domain)`);
  const scope = scopeNote(path);
  if (scope) notes.push(scope);
  return {
    line: item.line, key: `${item.line}:${index}`,
    host: server.host, port, security,
    auth: user || password ? { method: 'password', username: user, secret: password ? 'present' : 'absent' } : { method: 'none', username: null, secret: 'absent' },
    from: fromAddress, active: !commented, evidence: item.text, role: 'client', notes,
    locations: Object.fromEntries(Object.entries({
      host: at(item.line, server.host), port: server.port ? at(item.line, server.port) : undefined,
      username: user ? at(item.line, user) : undefined, from: fromAddress ? at(from!.line, fromAddress) : undefined,
    }).filter(([, v]) => v)),
  };
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const all = variables(splitLines(content));
  const live = (key: string) => all.findLast((v) => v.key === key && !v.commented);
  const from = live('customized-hdrs')?.items.find((i) => /^from:/i.test(i.value)) ?? null;
  const domain = live('user-domain')?.items[0] ?? null;
  for (const item of all.filter((v) => v.key === 'smtp-server').flatMap((v) => v.items)) {
    for (const m of item.value.matchAll(PASSWORD_PARAM)) ctx.secret(unquote(m[2]));
  }
  const servers = all.filter((v) => v.key === 'smtp-server' && (v.commented || v === live('smtp-server')));
  for (const v of servers) if (v.truncated) ctx.warn('too-large', `smtp-server lists more than ${MAX_SERVERS} servers; the rest is not read`, v.truncated);
  const exampleFile = ctx.exampleFile;
  const findings = servers.flatMap((v) => v.items.map((item, index) =>
    createFinding(detector, { path, exampleFile }, draftOf(item, index, v.commented, v.commented ? null : from, v.commented ? null : domain, path))));
  return findings.length ? findings : null;
}
