import type { Command } from 'commander';
import { collect } from './options.js';

export function registerWizard(program: Command): void {
  program
    .command('wizard')
    .description('the guided migration: scan, inventory, devices, tenant, each sender\'s target, validation, report (every question has a flag)')
    .option('--answers <file>', 'replay answers saved by an earlier run (YAML; flags win over it)')
    .option('--save-answers <file>', 'where to save the answers (default: wizard-answers.yaml in the output folder)')
    .option('--yes', 'ask nothing: take flags, saved answers, then defaults (unattended; sends only with --send)')
    .option('--out <dir>', 'folder for inventory.json, tenant.yaml, plan.yaml, results.json and the report')
    .option('--paths <paths...>', 'folders or files to scan')
    .option('--logs <files...>', 'relay logs to read (plain or .gz)')
    .option('--internal-domain <domain>', 'a recipient domain that counts as internal in the logs (repeatable)', collect)
    .option('--probe <hosts...>', 'live relays to probe, HOST[:PORT]')
    .option('--devices <file>', 'devices.yaml with the devices that have no config file (\'\' for none)')
    .option('--tenant <file>', 'a tenant.yaml to start from (its answers become the defaults)')
    .option('--tenant-id <id>', 'tenant ID (GUID) or a domain of the tenant')
    .option('--cloud <cloud>', 'global | gcc-high | dod | china')
    .option('--accepted-domain <domain>', 'an accepted domain (repeatable)', collect)
    .option('--client-id <id>', 'the app registration\'s (client) ID')
    .option('--cert-path <file>', 'the app\'s certificate (PEM with the private key)')
    .option('--secret-env <name>', 'the NAME of the environment variable holding the client secret')
    .option('--test-recipient <address>', 'the mailbox that receives the test messages')
    .option('--target <sender=target>', 'the target for a sender, by its name or plan item id (repeatable)', collect)
    .option('--send', 'after the dry run, send one test message per path')
    .option('--confirm', 'with --send: find each test message in the mailbox through Graph')
    .addHelpText('after', '\nCtrl-C at any point leaves complete files only; resume with `relay365 wizard --answers <saved answers>`.')
    .action(async (options) => {
      const { wizardCommand } = await import('../commands/wizard.js');
      process.exitCode = await wizardCommand(options);
    });
}
