import type { Command } from 'commander';
import { addRunOptions } from './verify.js';

export function registerValidate(program: Command): void {
  const command = program
    .command('validate')
    .description('validate new settings before cutover: read rewritten config files, check they point at Microsoft 365 as a plan would (host, 587 not 465, STARTTLS, OAuth), then verify the path they describe')
    .argument('<files...>', 'the rewritten configuration files (or folders)');
  addRunOptions(command, 'validate-results.json')
    .addHelpText('after', '\nPasswords found in the files are never used to sign in: password paths use the variable RELAY365_SMTP_PASSWORD.\nExit status: 0 every setting and path passed (or warned), 1 something failed, 2 usage or input error.')
    .action(async (files: string[], options) => {
      const { validateCommand } = await import('../commands/validate.js');
      process.exitCode = await validateCommand({ files, ...options });
    });
}
