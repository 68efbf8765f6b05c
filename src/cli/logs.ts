import type { Command } from 'commander';
import { LOG_FORMATS } from '../logs/types.js';
import { collect } from './options.js';

export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description('read relay logs (Postfix, Sendmail, Exim, IIS SMTP, Exchange, EAC "SMTP AUTH clients" CSV): who sends, how much, to whom, with what TLS and auth')
    .argument('<files...>', 'log files, plain or .gz (rotated sets are read oldest first), or directories holding them')
    .option('--internal-domain <domain>', 'a recipient domain that counts as internal (repeatable)', collect, [])
    .option('--tenant <file>', 'tenant.yaml whose acceptedDomains count as internal')
    .option('--format <format>', `read every file as this format: ${LOG_FORMATS.join(', ')} (default: detected per file)`)
    .option('--out <file>', 'write an inventory fragment (senders and log totals) that `plan --inventory` reads')
    .option('--json', 'print the report as JSON on stdout (human text goes to stderr)')
    .action(async (files: string[], options) => {
      const { logsCommand } = await import('../commands/logs.js');
      process.exitCode = await logsCommand({ files, ...options });
    });
}
