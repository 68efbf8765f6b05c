import type { Command } from 'commander';
import { collect } from './options.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write the migration report (Markdown, HTML, JSON or CSV) from whatever stages have run')
    .option('--inventory <file>', 'inventory.json from scan (repeatable; also accepts `logs --json` output) [default: ./inventory.json if present]', collect)
    .option('--plan <file>', 'plan.yaml from plan [default: ./plan.yaml if present]')
    .option('--results <file>', 'results.json from verify [default: ./results.json if present]')
    .option('--fitness <file>', 'fitness.jsonl from the sandbox (device fitness) [default: ./fitness.jsonl if present]')
    .option('--format <format>', 'md | html | json | csv [default: from --out\'s extension, else md]')
    .option('--out <file>', 'where to write the report [default: stdout]')
    .option('--title <text>', 'the report\'s title')
    .action(async (options) => {
      const { reportCommand } = await import('../commands/report.js');
      process.exitCode = await reportCommand(options);
    });
}
