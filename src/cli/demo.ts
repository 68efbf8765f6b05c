import type { Command } from 'commander';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the pipeline on the bundled examples/fleet estate')
    .option('--out <dir>', 'where to write the results', 'relay365-demo')
    .option('--json', 'print the inventory as JSON on stdout')
    .action(async (options) => {
      const { demoCommand } = await import('../commands/demo.js');
      process.exitCode = await demoCommand(options);
    });
}
