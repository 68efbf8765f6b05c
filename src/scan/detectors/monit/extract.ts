// Monit: `set mailserver host [port N] [username "u"] [password "p"] [using ssl|tlsv12|…], backup …
// [with timeout N seconds] [using hostname "h"]` (monit(1)) and `set mail-format { from: … }`.
// `using ssl`/`tls…` is implicit TLS (default port 465); without it Monit uses STARTTLS when offered.
import type { Finding, Security } from '../../../inventory/types.js';
import { createFinding, type ExtractContext } from '../../detector.js';
import { emailIn, hostReference, isSecretPlaceholder, locationsOf, parsePort, splitLines } from '../../values.js';
import { statements, type Statement, type Token } from './statement.js';

const detector = { id: 'monit', system: 'Monit' };

/** Monit tries its servers in turn: a list longer than this is not a configuration. */
const MAX_SERVERS = 64;

const TLS_WORDS = /^(ssl|tls|sslauto|auto|sslv2|sslv3|tlsv1|tlsv11|tlsv12|tlsv13)$/i;

interface MailServer { host: Token; port: Token | null; username: Token | null; password: Token | null; tls: Token | null }

/** The servers of one `set mailserver` statement, in failover order. */
export function mailServers(tokens: Token[]): MailServer[] {
  const servers: MailServer[] = [];
  let current: MailServer | null = null;
  for (let i = 2; i < tokens.length; i++) {
    const t = tokens[i];
    const word = t.value.toLowerCase();
    const next = tokens[i + 1];
    if (!current) {
      if (t.value === ',' || t.value === '{' || t.value === '}') continue;
      if (word === 'with' || word === 'using') break; // global options after the list
      if (!/^[^\s"']+$/.test(t.value)) break; // not a host name: an unclosed quote swallowed the line
      current = { host: t, port: null, username: null, password: null, tls: null };
      servers.push(current);
      continue;
    }
    if (t.value === ',') { current = null; continue; }
    if (t.value === '{') { i = skipBlock(tokens, i); continue; }
    if (word === 'port' && next) { current.port = next; i++; }
    else if (word === 'username' && next) { current.username = next; i++; }
    else if (word === 'password' && next) { current.password = next; i++; }
    else if (word === 'using' && next && TLS_WORDS.test(next.value)) { current.tls = next; i++; }
    else if (word === 'using' && next?.value.toLowerCase() === 'hostname') break;
    else if (word === 'with' && next?.value.toLowerCase() === 'timeout') break;
  }
  return servers;
}

function skipBlock(tokens: Token[], open: number): number {
  for (let i = open + 1; i < tokens.length; i++) if (tokens[i].value === '}') return i;
  return tokens.length;
}

function mailFormatFrom(all: Statement[]): { value: string; line: number } | null {
  for (const s of all) {
    if (s.commented || s.tokens[1]?.value.toLowerCase() !== 'mail-format') continue;
    const at = s.tokens.findIndex((t) => t.value.toLowerCase() === 'from:');
    if (at === -1) continue;
    const line = s.tokens[at].line;
    const value = s.tokens.slice(at + 1).filter((t) => t.line === line && t.value !== '}').map((t) => t.text).join(' ');
    return { value: emailIn(value) ?? value, line };
  }
  return null;
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const all = statements(splitLines(content));
  const from = mailFormatFrom(all);
  const findings: Finding[] = [];
  for (const s of all) {
    if (s.tokens[0]?.value.toLowerCase() !== 'set' || s.tokens[1]?.value.toLowerCase() !== 'mailserver') continue;
    const servers = mailServers(s.tokens);
    if (servers.length > MAX_SERVERS) {
      ctx.warn('too-large', `set mailserver lists ${servers.length} servers; reading the first ${MAX_SERVERS}`, s.tokens[0].line);
      servers.length = MAX_SERVERS;
    }
    const secrets = servers.flatMap((m) => (m.password ? [m.password] : []));
    for (const m of secrets) if (!isSecretPlaceholder(m.value)) ctx.secret(m.value);
    // by shape too: an unclosed quote can hide a password from the token reader
    const evidence = secrets.reduce((text, p) => text.split(p.text).join('"***"'), [...s.lines.values()].join(' ').slice(0, 2000))
      .replace(/(\bpassword\s+)("[^"]*"?|'[^']*'?|[^\s"']+)/gi, '$1"***"');
    servers.forEach((server, index) => {
      const security: Security = server.tls ? 'tls' : 'starttls';
      const port = parsePort(server.port?.value);
      const notes: string[] = [];
      if (!server.tls) notes.push('no "using ssl": Monit uses STARTTLS only when the server offers it (opportunistic)');
      if (server.tls && port === 587) notes.push(`using ${server.tls.value} on port 587: implicit TLS where the server expects STARTTLS`);
      if (index > 0) notes.push('backup mail server: used when the ones before it fail');
      findings.push(createFinding(detector, ctx, {
        line: server.host.line,
        key: `${server.host.line}:${index}`,
        host: server.host.value,
        port: port ?? (server.tls ? 465 : 25),
        security,
        auth: server.username ? { method: 'password', username: server.username.value, secret: server.password ? 'present' : 'absent' } : { method: 'none', username: null, secret: 'absent' },
        from: s.commented ? null : from?.value ?? null,
        active: !s.commented,
        evidence,
        ...(s.commented ? {} : hostReference(server.host.value)),
        locations: locationsOf({ host: server.host, port: server.port, username: server.username, from: s.commented ? null : from }),
        notes,
        role: 'app',
      }));
    });
  }
  return findings.length ? findings : null;
}
