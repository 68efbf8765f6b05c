// Command-line mailers a scheduled task calls (config-formats.md §2.6). The Unix-born ones (sendEmail, swaks, curl
// smtp://, msmtp, mailx, bsmtp) are read by the notification-command reader; the Windows-only blat and mailsend here.
import type { Security } from '../../../inventory/types.js';
import { parseHostPort, parsePort, shellWords } from '../../values.js';
import { analyseCommand, type MailCommand } from '../nagios/commandline.js';

interface Flags { host: string[]; port: string[]; user: string[]; password: string[]; from: string[]; implicit: string[]; starttls: string[] }

const WINDOWS: Record<string, Flags> = {
  blat: { host: ['-server', '-smtphost'], port: ['-port'], user: ['-u'], password: ['-pw'], from: ['-f', '-from'], implicit: [], starttls: [] },
  mailsend: { host: ['-smtp'], port: ['-port'], user: ['-user'], password: ['-pass'], from: ['-f', '-from'], implicit: ['-ssl'], starttls: ['-starttls'] },
};

const PROGRAM = /(?:^|[\s"'\\/&|;(])(blat|mailsend(?:-go)?|sendemail|swaks|curl|msmtp|s-nail|mailx|bsmtp)(?:\.exe|\.pl)?(?=[\s"']|$)/i;

/** The first mailer invocation in a command line that names a relay, or null. */
export function mailerCall(commandLine: string): MailCommand | null {
  const m = PROGRAM.exec(commandLine);
  if (!m) return null;
  const program = m[1].toLowerCase().replace(/-go$/, '');
  // Start at the program's name: a Windows path before it is no shell text.
  const rest = commandLine.slice(m.index + m[0].search(/[a-z]/i)).slice(0, 8000);
  if (WINDOWS[program]) return windowsCall(program, shellWords(rest.slice(rest.search(/\s|$/))), rest);
  const found = analyseCommand(rest.replace(/"\s*$/, ''));
  return found?.kind === 'relay' ? found : null;
}

function windowsCall(program: string, words: string[], text: string): MailCommand {
  const flags = WINDOWS[program];
  const take = (names: string[]) => {
    for (let i = 0; i < words.length; i++) if (names.includes(words[i].toLowerCase())) return words[i + 1] ?? null;
    return null;
  };
  const has = (names: string[]) => words.some((w) => names.includes(w.toLowerCase()));
  const server = take(flags.host);
  const split = server ? parseHostPort(server) : { host: null, port: null };
  const port = parsePort(take(flags.port)) ?? split.port;
  const notes: string[] = [];
  const security: Security = has(flags.implicit) || port === 465 ? 'tls' : has(flags.starttls) ? 'starttls' : 'none';
  if (program === 'blat') notes.push('Blat has no TLS of its own (it is usually wrapped in stunnel)');
  const password = take(flags.password);
  return {
    kind: 'relay', program, host: split.host, hostText: server, port: port ?? (security === 'tls' ? 465 : 25), security, username: take(flags.user), password, from: take(flags.from), notes,
    redacted: (password ? text.split(password).join('***') : text).slice(0, 300),
  };
}
