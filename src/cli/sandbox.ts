import type { Command } from 'commander';
import { collect } from './options.js';

const portNumber = (value: string) => Number(value);

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('run a local Microsoft 365 look-alike (SMTP submission, MX, token endpoint, Graph) for rehearsals and device tests')
    .option('--listen <addr>', 'address to listen on (0.0.0.0 to let lab devices connect)', '127.0.0.1')
    .option('--state <dir>', 'state directory: CA, mailboxes, fitness log, tenant file', 'relay365-sandbox')
    .option('--json', 'print one JSON line with the endpoints once every server listens (human text goes to stderr)')
    .option('--config <file>', 'YAML settings: tenant, mailboxes, apps, connectors, limits')
    .option('--basic-auth <mode>', 'Basic auth for SMTP AUTH: off (the default from end of December 2026), on, or retired')
    .option('--reject-direct-send', 'behave as Set-OrganizationConfig -RejectDirectSend $true')
    .option('--smtp-auth-disabled', 'behave as Set-TransportConfig -SmtpClientAuthenticationDisabled $true')
    .option('--security-defaults', 'behave as a tenant with Entra ID security defaults on')
    .option('--connector-ip <ip>', 'an OnPremises inbound connector for this IP or CIDR (repeatable)', collect, [])
    .option('--submission-port <n>', 'SMTP submission port (default 2587; 0 = any free port)', portNumber)
    .option('--mx-port <n>', 'MX port (default 2525; 0 = any free port)', portNumber)
    .option('--hve-port <n>', 'High Volume Email port (default 2588; 0 = any free port)', portNumber)
    .option('--acs-port <n>', 'ACS Email SMTP port (default 2589; 0 = any free port)', portNumber)
    .option('--https-port <n>', 'token endpoint and Graph port (default 8443; 0 = any free port)', portNumber)
    .option('--ca-file <file>', 'also write the sandbox CA certificate here')
    .action(async (options) => {
      const { sandboxCommand } = await import('../commands/sandbox.js');
      process.exitCode = await sandboxCommand(options);
    });
}
