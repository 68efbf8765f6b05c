// Mail-sending command lines as monitoring notification commands write them: programs that name a relay
// (sendEmail, mailx/s-nail `-S smtp=`, swaks, curl smtp://, msmtp --host, bsmtp) and programs that hand the message
// to the local MTA (mail, mailx, sendmail, mutt). Each program's own flags and TLS words are read (§0 rule 4).
import type { Security } from '../../../inventory/types.js';
import { parseBool, parseHostPort, parseSmtpUrl, shellWords } from '../../values.js';

export interface MailCommand {
  kind: 'relay' | 'local';
  program: string;
  host: string | null;
  /** The host as written (for locations), e.g. `smtp.contoso.com:587`. */
  hostText: string | null;
  port: number | null;
  security: Security;
  username: string | null;
  /** The password as written: a literal, or a macro such as `$USER9$`. Never put into output. */
  password: string | null;
  from: string | null;
  notes: string[];
  /** The words with the password replaced by `***`, for evidence. */
  redacted: string;
}

const LOCAL = /^(mail|mailx|bsd-mailx|mail\.mailutils|mail\.heirloom|heirloom-mailx|nail|s-nail|sendmail|mutt|neomutt|mailsend)$/;

/** Split a shell command into its simple commands (`a | b`, `a && b`, `a; b`), quotes respected. */
export function simpleCommands(line: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) { if (c === '\\' && quote === '"') i++; else if (c === quote) quote = ''; continue; }
    if (c === '\\') { i++; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '|' || c === ';' || (c === '&' && line[i + 1] === '&')) {
      parts.push(line.slice(start, i));
      if (line[i + 1] === c) i++;
      start = i + 1;
    }
  }
  parts.push(line.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

function baseName(word: string): string {
  return word.replace(/^.*[\\/]/, '').replace(/\.(pl|exe)$/i, '').toLowerCase();
}

/** `-x value`, `-xvalue`, `--long=value`, `--long value`: the value of the first matching flag. */
function flag(words: string[], names: string[]): string | null {
  for (let i = 0; i < words.length; i++) {
    for (const n of names) {
      if (words[i] === n) return words[i + 1] ?? '';
      if (n.startsWith('--') && words[i].startsWith(`${n}=`)) return words[i].slice(n.length + 1);
    }
  }
  return null;
}

function has(words: string[], names: string[]): boolean {
  return words.some((w) => names.includes(w));
}

function base(program: string, kind: MailCommand['kind']): MailCommand {
  return { kind, program, host: null, hostText: null, port: null, security: 'unknown', username: null, password: null, from: null, notes: [], redacted: '' };
}

function sendEmail(words: string[]): MailCommand {
  const c = base('sendEmail', 'relay');
  const server = flag(words, ['-s']);
  if (server) Object.assign(c, { hostText: server, ...parseHostPort(server) });
  c.port ??= 25;
  c.username = flag(words, ['-xu']);
  c.password = flag(words, ['-xp']);
  c.from = flag(words, ['-f']);
  const tls = words.map((w, i) => (words[i - 1] === '-o' ? w : '')).find((w) => /^tls=/i.test(w))?.slice(4).toLowerCase() ?? 'auto';
  if (tls === 'no') c.security = 'none';
  else {
    c.security = 'starttls';
    if (tls === 'auto') c.notes.push('sendEmail -o tls=auto (the default): STARTTLS when offered and Net::SSLeay is installed, plaintext otherwise');
  }
  return c;
}

/** heirloom mailx / s-nail: `-S smtp=host:port` (or smtp://, smtps://), `-S mta=smtp://…`, `-S smtp-use-starttls`. */
function mailx(program: string, words: string[]): MailCommand {
  const vars = new Map<string, string>();
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== '-S') continue;
    const [k, ...v] = (words[i + 1] ?? '').split('=');
    vars.set(k, v.join('='));
  }
  const target = vars.get('smtp') ?? vars.get('mta');
  const from = vars.get('from') ?? flag(words, ['-r']);
  if (!target || /^(\/|file:)/.test(target)) return { ...base(program, 'local'), from };
  const c = { ...base(program, 'relay'), from };
  const url = parseSmtpUrl(target.includes('://') ? target : `smtp://${target}`);
  if (url) Object.assign(c, { host: url.host, hostText: target, port: url.port ?? (url.security === 'tls' ? 465 : 25), username: url.username, password: url.password });
  c.security = url?.security === 'tls' ? 'tls' : vars.has('smtp-use-starttls') || /\+starttls|^submission/.test(target) ? 'starttls' : 'none';
  c.username ??= vars.get('smtp-auth-user') ?? vars.get('user') ?? null;
  c.password ??= vars.get('smtp-auth-password') ?? vars.get('password') ?? null;
  return c;
}

function swaks(words: string[]): MailCommand {
  const c = base('swaks', 'relay');
  const server = flag(words, ['--server', '-s']);
  if (server) Object.assign(c, { hostText: server, ...parseHostPort(server) });
  const port = flag(words, ['--port', '-p']);
  if (port && /^\d+$/.test(port)) c.port = Number(port);
  const implicit = has(words, ['--tls-on-connect', '--tlsc', '-tlsc']);
  c.port ??= implicit ? 465 : 25;
  c.security = implicit ? 'tls' : has(words, ['--tls', '-tls']) ? 'starttls' : has(words, ['--tls-optional', '--tlso', '-tlso']) ? 'starttls' : 'none';
  if (has(words, ['--tls-optional', '--tlso', '-tlso'])) c.notes.push('swaks --tls-optional: STARTTLS when offered, plaintext otherwise');
  c.username = flag(words, ['--auth-user', '-au']);
  c.password = flag(words, ['--auth-password', '-ap']);
  c.from = flag(words, ['--from', '-f']);
  return c;
}

function curl(words: string[]): MailCommand | null {
  const target = flag(words, ['--url']) ?? words.find((w) => /^smtps?:\/\//i.test(w)) ?? null;
  const url = target ? parseSmtpUrl(target) : null;
  if (!url) return null;
  const c = base('curl', 'relay');
  Object.assign(c, { host: url.host, hostText: target, port: url.port ?? (url.scheme === 'smtps' ? 465 : 25) });
  c.security = url.scheme === 'smtps' ? 'tls' : has(words, ['--ssl-reqd']) ? 'starttls' : has(words, ['--ssl']) ? 'starttls' : 'none';
  if (has(words, ['--ssl']) && !has(words, ['--ssl-reqd'])) c.notes.push('curl --ssl: STARTTLS when offered, plaintext otherwise');
  const user = flag(words, ['--user', '-u']);
  if (user) { const at = user.indexOf(':'); c.username = at < 0 ? user : user.slice(0, at); c.password = at < 0 ? null : user.slice(at + 1); }
  c.from = flag(words, ['--mail-from']);
  return c;
}

function msmtp(words: string[]): MailCommand {
  const host = flag(words, ['--host']);
  const account = flag(words, ['--account', '-a']);
  if (!host) {
    const c = base('msmtp', 'local');
    c.notes.push(`msmtp${account ? ` account ${account}` : ''}: the relay is in msmtprc, see the msmtp finding`);
    c.from = flag(words, ['--from', '-f']);
    return c;
  }
  const c = base('msmtp', 'relay');
  Object.assign(c, { host, hostText: host });
  const tls = parseBool(flag(words, ['--tls'])) === true;
  const starttls = parseBool(flag(words, ['--tls-starttls'])) !== false;
  c.security = tls ? (starttls ? 'starttls' : 'tls') : 'none';
  c.port = Number(flag(words, ['--port']) ?? '') || (c.security === 'tls' ? 465 : 25);
  c.username = flag(words, ['--user']);
  c.from = flag(words, ['--from', '-f']);
  return c;
}

function bsmtp(words: string[]): MailCommand {
  const c = base('bsmtp', 'relay');
  const server = flag(words, ['-h']) ?? 'localhost';
  Object.assign(c, { hostText: server, ...parseHostPort(server) });
  c.port ??= 25;
  c.security = 'none';
  c.from = flag(words, ['-f']);
  return c;
}

/** The mail program of one simple command, or null when it is not one. */
function analyseWords(words: string[]): MailCommand | null {
  const start = words.findIndex((w) => !/^\w+=/.test(w) && w !== 'sudo' && w !== 'env' && w !== 'exec');
  if (start < 0) return null;
  const program = baseName(words[start]);
  const args = words.slice(start + 1);
  if (program === 'sendemail') return sendEmail(args);
  if (program === 'swaks') return swaks(args);
  if (program === 'curl') return curl(args);
  if (program === 'msmtp') return msmtp(args);
  if (program === 'bsmtp') return bsmtp(args);
  if (/^(mailx|s-nail|nail|mail|bsd-mailx|heirloom-mailx|mail\.heirloom|mail\.mailutils)$/.test(program)) return mailx(program, args);
  if (LOCAL.test(program)) return { ...base(program, 'local'), from: flag(args, ['-f', '-r']) };
  return null;
}

/** The first mail-sending program of a command line, with the password masked in `redacted`. */
export function analyseCommand(line: string): MailCommand | null {
  for (const simple of simpleCommands(line)) {
    const words = shellWords(simple);
    const found = analyseWords(words);
    if (!found) continue;
    const secret = found.password;
    found.redacted = words.map((w) => (secret && w.includes(secret) ? w.split(secret).join('***') : w)).join(' ').slice(0, 300);
    return found;
  }
  return null;
}
