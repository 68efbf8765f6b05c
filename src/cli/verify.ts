import type { Command } from 'commander';
import { collect } from './options.js';

/** The options verify and validate share: sending, output, limits, trust. */
export function addRunOptions(command: Command, out: string): Command {
  return command
    .option('--tenant <file>', 'tenant.yaml: cloud, accepted domains, test recipient, app, and endpoints for a rehearsal (e.g. against `relay365 sandbox`)')
    .option('--send', 'deliver a test message on each path (X-Relay365-Test-Id; at most one per path per run)')
    .option('--confirm', 'with --send: find each test message in the recipient mailbox through Graph and report the latency')
    .option('--json', 'print the results as JSON on stdout (human text goes to stderr)')
    .option('--junit <file>', 'also write JUnit XML (one testsuite per item, one testcase per check)')
    .option('--out <file>', 'where to write the results (every attempt goes beside it as *.audit.jsonl)', out)
    .option('--concurrency <n>', 'paths verified at once (Exchange limits per mailbox still apply)', (v) => Number.parseInt(v, 10), 8)
    .option('--timeout <seconds>', 'timeout of each step', Number.parseFloat, 10)
    .option('--deadline <seconds>', 'time per path, retries of transient replies included', Number.parseFloat)
    .option('--ca-file <file>', 'extra CA to trust (a TLS-inspecting proxy; default the tenant file\'s endpoints.caFile)')
    .option('--resolve <host:address>', 'connect to ADDRESS for HOST, the certificate still checked for HOST (repeatable)', collect, []);
}

export function registerVerify(program: Command): void {
  const command = program
    .command('verify')
    .description('prove each planned path before cutover: DNS, TCP, STARTTLS, AUTH (XOAUTH2 with an MSAL token), MAIL, RCPT, then RSET (DATA with --send); Graph token, roles and sendMail')
    .option('--plan <file>', 'the plan to verify', 'plan.yaml')
    .option('--only <id>', 'verify only this item (repeatable)', collect, []);
  addRunOptions(command, 'results.json')
    .addHelpText('after', '\nCredentials: AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_CERTIFICATE_PATH (preferred) or AZURE_CLIENT_SECRET,\nelse the tenant file\'s app block with the secret in the variable app.secretEnv names. Passwords for\nhve/acs/bridge paths come from the variable override.passwordEnv names (default RELAY365_SMTP_PASSWORD;\nACS: the app secret). Found credentials are never used.\nExit status: 0 every path passed (or warned), 1 a check failed, 2 usage or input error.')
    .action(async (options) => {
      const { verifyCommand } = await import('../commands/verify.js');
      process.exitCode = await verifyCommand(options);
    });
}
