// nullmailer: /etc/nullmailer/remotes, one relay per line: `host [smtp|qmqp] [--]option[=value]…` with shell quoting
// (nullmailer-send(8)). `tls`/`ssl` = implicit TLS (default port 465), `starttls` = STARTTLS; `pass=` is a secret.
// allmailfrom (same folder) forces the envelope sender; me names the host.
import type { Finding, Security } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type SourceFile } from '../../detector.js';
import { canonicalName } from '../../match.js';
import { dirName, emailIn, hostReference, isSecretPlaceholder, parsePort, shellWords, splitLines } from '../../values.js';

const detector = { id: 'nullmailer', system: 'nullmailer' };

const FLAGS = new Set(['auth-login', 'tls', 'ssl', 'starttls', 'insecure', 'x509fmtder', 'tls-anon-auth']);
const VALUED = new Set(['port', 'user', 'pass', 'source', 'x509certfile', 'x509keyfile', 'x509cafile', 'x509crlfile']);

export interface Remote {
  host: string;
  protocol: 'smtp' | 'qmqp';
  options: Map<string, string>;
  line: number;
  commented: boolean;
  /** The line with the password replaced by ***. */
  evidence: string;
}

/** One remotes line, or null when it is not a remote (prose in a comment, an unknown option). */
export function parseRemote(raw: string, line: number, ctx: Pick<ExtractContext, 'secret'>): Remote | null {
  const comment = /^\s*#+\s*/.exec(raw);
  const body = (comment ? raw.slice(comment[0].length) : raw).trim();
  if (!body) return null;
  const words = shellWords(body);
  const host = words.shift();
  if (!host || (comment && !/[.:]/.test(host))) return null;
  let protocol: Remote['protocol'] = 'smtp';
  if (words[0] === 'smtp' || words[0] === 'qmqp') protocol = words.shift() as Remote['protocol'];
  const options = new Map<string, string>();
  for (const word of words) {
    const m = /^(?:--)?([a-z0-9-]+)(?:=(.*))?$/.exec(word);
    if (!m || (!FLAGS.has(m[1]) && !VALUED.has(m[1]))) {
      if (comment) return null;
      continue;
    }
    options.set(m[1], m[2] ?? '');
  }
  const pass = options.get('pass');
  if (pass && !isSecretPlaceholder(pass)) ctx.secret(pass);
  let evidence = pass ? body.replace(/((?:^|\s)(?:--)?pass=)("[^"]*"|'[^']*'|\S+)/, '$1***') : body;
  if (pass && pass.length >= 3) evidence = evidence.split(pass).join('***');
  return { host, protocol, options, line, commented: Boolean(comment), evidence };
}

function securityOf(options: Map<string, string>): Security {
  if (options.has('tls') || options.has('ssl')) return 'tls';
  if (options.has('starttls')) return 'starttls';
  return 'none';
}

/** The first non-empty line of a one-line control file (allmailfrom, me). */
function controlValue(file: SourceFile | undefined): { value: string; line: number } | null {
  if (!file) return null;
  const lines = splitLines(file.content);
  const index = lines.findIndex((l) => l.trim() && !l.trim().startsWith('#'));
  return index === -1 ? null : { value: lines[index].trim(), line: index + 1 };
}

/** nullmailer's control folder: /etc/nullmailer, /usr/local/etc/nullmailer, /var/nullmailer/control. */
function inControlFolder(path: string): boolean {
  return /(^|\/)nullmailer\/(control\/)?$/.test(dirName(path));
}

export function extractAll(allFiles: SourceFile[], contextOf: (path: string) => ExtractContext): Finding[] {
  const findings: Finding[] = [];
  const files = allFiles.filter((f) => inControlFolder(f.path));
  for (const file of files.filter((f) => canonicalName(f.path) === 'remotes')) {
    const ctx = contextOf(file.path);
    const sibling = (name: string) => files.find((f) => dirName(f.path) === dirName(file.path) && canonicalName(f.path) === name);
    const allmailfrom = controlValue(sibling('allmailfrom'));
    const me = controlValue(sibling('me'));
    const remotes = splitLines(file.content).map((raw, i) => parseRemote(raw, i + 1, ctx)).filter((r): r is Remote => r !== null);
    let liveIndex = 0;
    for (const remote of remotes) {
      const security = securityOf(remote.options);
      const explicitPort = parsePort(remote.options.get('port'));
      const defaultPort = remote.protocol === 'qmqp' ? 628 : security === 'tls' ? 465 : 25;
      const user = remote.options.get('user') || null;
      const pass = remote.options.get('pass');
      const notes: string[] = [];
      if (!remote.commented && liveIndex++ > 0) notes.push('fallback remote: tried when the ones above fail');
      if (remote.protocol === 'qmqp') notes.push('QMQP, not SMTP: Microsoft 365 cannot take it');
      if (remote.options.has('insecure')) notes.push('insecure: the server certificate is not checked');
      if (me) notes.push(`me: ${me.value}`);
      if (explicitPort === null && remote.options.has('port')) notes.push(`port not a number: ${remote.options.get('port')}`);
      findings.push(createFinding(detector, ctx, {
        line: remote.line,
        host: remote.host,
        port: explicitPort ?? defaultPort,
        security,
        auth: user ? { method: 'password', username: user, secret: pass ? 'present' : 'absent' } : { method: 'none', username: null, secret: 'absent' },
        from: allmailfrom ? emailIn(allmailfrom.value) ?? allmailfrom.value : null,
        active: !remote.commented,
        evidence: remote.evidence,
        ...(remote.commented ? {} : hostReference(remote.host)),
        locations: {
          host: at(remote.line, remote.host),
          port: at(remote.line, remote.options.get('port')),
          username: at(remote.line, user),
        },
        notes,
        role: 'relay',
      }));
    }
  }
  return findings;
}
