import type { Command } from 'commander';

export function registerProbe(program: Command): void {
  program
    .command('probe')
    .description('talk to live relays as a client: banner, EHLO, STARTTLS and certificate, AUTH before/after TLS, SIZE, open relay (MAIL/RCPT then RSET: never DATA)')
    .argument('<targets...>', 'HOST[:PORT] (default port 25; [IPv6]:PORT; smtps://HOST for 465)')
    .option('--json', 'print {schemaVersion, generatedAt, relays} as JSON on stdout (human text goes to stderr)')
    .option('--timeout <seconds>', 'timeout of each SMTP step', Number.parseFloat, 10)
    .option('--out <file>', 'also write an inventory with these relays (for plan and report)')
    .option('--concurrency <n>', 'relays probed at once', (v) => Number.parseInt(v, 10), 8)
    .option('--mail-from <address>', 'MAIL FROM of the relay test', 'relay365-probe@example.org')
    .option('--rcpt-to <address>', 'RCPT TO of the relay test: an address in an outside domain', 'relay365-probe@example.net')
    .option('--no-other-ports', 'do not check whether 465 and 587 answer on the same host')
    .option('--transcript', 'print each SMTP transcript (secrets redacted) to stderr')
    .addHelpText('after', '\nExit status: 0 all probed and no high-severity finding; 1 a relay could not be probed (unreachable, timeout,\nprotocol error) or is an open relay / offers AUTH in clear text; 2 usage error.')
    .action(async (targets: string[], options) => {
      const { probeCommand } = await import('../commands/probe.js');
      process.exitCode = await probeCommand({ targets, ...options });
    });
}
