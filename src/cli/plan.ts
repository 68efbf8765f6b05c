import type { Command } from 'commander';
import { collect } from './options.js';

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('choose a target per sender with reasons, settings, patches, Entra/Exchange/DNS steps and risks; write plan.yaml (a re-run keeps every human edit)')
    .option('--inventory <file>', 'an inventory from `relay365 scan` (repeatable: one per server)', collect, [])
    .option('--tenant <file>', 'tenant.yaml: what relay365 cannot discover about the tenant (default: ./tenant.yaml when present)')
    .option('--out <file>', 'the plan to write or update', 'plan.yaml')
    .option('--script <file>', 'the Exchange Online setup script to write (default: exchange-setup.ps1 beside the plan)')
    .option('--json', 'print the plan as JSON on stdout (human text goes to stderr)')
    .action(async (options) => {
      const { planCommand } = await import('../commands/plan.js');
      process.exitCode = await planCommand(options);
    });
}
