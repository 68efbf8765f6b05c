// reportbug (/etc/reportbug.conf, then ~/.reportbugrc; reportbug.utils.parse_config_files): a keyword and its
// argument, read with shlex (`#` comments, quotes). `smtphost host[:port]` makes reportbug send through its own SMTP
// client (smtplib) instead of /usr/sbin/sendmail: `smtptls` adds STARTTLS, a `:465` host means SMTP_SSL (implicit
// TLS), `reportbug.debian.org` is always dialled on 587; `smtpuser` logs in with `smtppasswd` or asks for it.
// A `mua` (mutt, …) switches smtphost off. The last value of a keyword wins.
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, parseHostPort, secretState, shellWords, splitLines } from '../../values.js';

const detector = { id: 'reportbug', system: 'reportbug' };

const WITH_ARGUMENT = new Set(['smtphost', 'smtpuser', 'smtppasswd', 'email', 'mua']);
/** Keywords that pick a mail user agent by name (reportbug.mailer.MUA) and so switch smtphost off. */
const MUA_NAMES = new Set(['mutt', 'neomutt', 'mh', 'nmh', 'gnus', 'claws-mail', 'alpine', 'pine', 'evolution', 'kmail', 'thunderbird', 'sylpheed', 'xdg-email']);
/** A hand-written file keeps a few hosts in comments: more is not a configuration. */
const MAX_HOSTS = 100;
const DEBIAN_HOST = 'reportbug.debian.org';

interface Option { keyword: string; value: string; line: number; commented: boolean; text: string }

/** The text before a `#` that is not inside quotes. */
function withoutComment(body: string): string {
  let quote = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) { if (c === quote) quote = ''; else if (c === '\\' && quote === '"') i++; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#') return body.slice(0, i);
  }
  return body;
}

function options(lines: string[]): Option[] {
  const found: Option[] = [];
  lines.forEach((raw, i) => {
    const comment = /^\s*#+/.exec(raw);
    const words = shellWords(withoutComment(comment ? raw.slice(comment[0].length) : raw).trim());
    const keyword = words[0]?.toLowerCase() ?? '';
    const known = WITH_ARGUMENT.has(keyword) || MUA_NAMES.has(keyword) || keyword === 'smtptls' || keyword === 'no-smtptls';
    // commented prose ("# smtphost is …") has more words than the option takes
    if (!known || (comment && words.length > (WITH_ARGUMENT.has(keyword) ? 2 : 1))) return;
    const value = WITH_ARGUMENT.has(keyword) ? words[1] ?? '' : '';
    found.push({ keyword, value, line: i + 1, commented: Boolean(comment), text: keyword === 'smtppasswd' ? 'smtppasswd ***' : raw.trim().slice(0, 300) });
  });
  return found;
}

/** Where smtplib connects: reportbug.debian.org on 587, `host:465` with implicit TLS, else host[:port] (25). */
function endpointOf(value: string, starttls: boolean, notes: string[]): { host: string; port: number; security: Security } {
  const { host, port } = parseHostPort(value);
  if (value.toLowerCase() === DEBIAN_HOST) {
    notes.push('reportbug.debian.org: Debian\'s relay for bug reports, dialled on port 587; it takes mail for the Debian BTS only');
    return { host, port: 587, security: starttls ? 'starttls' : 'none' };
  }
  if (value.endsWith(':465')) return { host, port: 465, security: 'tls' };
  if (port === 587 && !starttls) notes.push('port 587 without smtptls: reportbug sends without TLS');
  return { host, port: port ?? 25, security: starttls ? 'starttls' : 'none' };
}

function draftOf(host: Option, live: Map<string, Option>, ctx: ExtractContext): FindingDraft {
  const notes: string[] = [];
  const get = (keyword: string) => (host.commented ? undefined : live.get(keyword));
  const endpoint = endpointOf(host.value, get('smtptls')?.keyword === 'smtptls', notes);
  const user = get('smtpuser');
  const password = get('smtppasswd');
  const secret = secretState(password?.value, (v) => ctx.secret(v));
  if (user?.value && secret.secret === 'absent') notes.push('smtpuser without smtppasswd: reportbug asks for the password when it sends');
  const mua = get('mua') ?? [...MUA_NAMES].map(get).find(Boolean);
  if (mua) notes.push(`${mua.text.slice(0, 60)}: a mail user agent sends the report, reportbug ignores smtphost`);
  const email = get('email');
  const from = emailIn(email?.value);
  const written = parseHostPort(host.value);
  return {
    line: host.line, key: String(host.line),
    host: endpoint.host, port: endpoint.port, security: endpoint.security,
    auth: user?.value ? { method: 'password', username: user.value, secret: secret.secret } : { method: 'none', username: null, secret: 'absent' },
    secretRef: secret.ref, from,
    active: !host.commented && !mua, inactiveReason: mua && !host.commented ? 'overridden' : undefined,
    evidence: host.text, role: 'client', notes,
    locations: Object.fromEntries(Object.entries({
      host: at(host.line, written.host), port: written.port ? at(host.line, written.port) : undefined,
      username: user?.value ? at(user.line, user.value) : undefined, from: from ? at(email!.line, from) : undefined,
    }).filter(([, v]) => v)),
  };
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const all = options(splitLines(content));
  const live = new Map<string, Option>();
  for (const o of all) {
    if (o.keyword === 'smtppasswd') secretState(o.value, (v) => ctx.secret(v));
    // an smtphost without its argument on the line is not read (shlex would take the next word, whatever it is)
    if (o.commented || (WITH_ARGUMENT.has(o.keyword) && !o.value)) continue;
    live.set(o.keyword === 'no-smtptls' ? 'smtptls' : o.keyword, o);
  }
  const hosts = all.filter((o) => o.keyword === 'smtphost' && o.value && (o.commented || o === live.get('smtphost')));
  if (hosts.length > MAX_HOSTS) {
    ctx.warn('too-large', `${hosts.length} smtphost lines; reading the first ${MAX_HOSTS}`, hosts[MAX_HOSTS].line);
    hosts.length = MAX_HOSTS;
  }
  const exampleFile = ctx.exampleFile;
  const findings = hosts.map((h) => createFinding(detector, { path, exampleFile }, draftOf(h, live, ctx)));
  return findings.length ? findings : null;
}
