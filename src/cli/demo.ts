import type { Command } from 'commander';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the whole pipeline on the bundled examples/fleet estate against an embedded sandbox, with test messages: scan, logs, plan, verify --send, report')
    .option('--out <dir>', 'where to write inventory.json, plan.yaml, results.json and report.html/.md/.json/.csv', 'relay365-demo')
    .addHelpText('after', '\nExit status: 0 when the pipeline ran (some paths fail on purpose: that is what the report diagnoses), 2 when it could not run.')
    .action(async (options) => {
      const { demoCommand } = await import('../commands/demo.js');
      process.exitCode = await demoCommand(options);
    });
}
