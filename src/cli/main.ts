#!/usr/bin/env node
// The relay365 entry point: parse argv with commander, run one command, map errors to exit codes.
// Only this file calls process.exit. Commands are imported lazily so `--help` stays fast.
import './prestart.js';
import { Command, CommanderError } from 'commander';
import { exitCodeOf } from '../util/errors.js';
import { toolVersion } from '../util/version.js';
import { registerScan } from './scan.js';
import { registerLogs } from './logs.js';
import { registerDemo } from './demo.js';
import { registerPlan } from './plan.js';
import { registerProbe } from './probe.js';
import { registerReport } from './report.js';
import { registerSandbox } from './sandbox.js';
import { registerVerify } from './verify.js';
import { registerValidate } from './validate.js';
import { registerWizard } from './wizard.js';

export function buildProgram(): Command {
  const program = new Command('relay365')
    .description('Move legacy SMTP relay setups to Microsoft 365: scan, plan, verify, report.')
    .version(toolVersion())
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerScan(program);
  registerLogs(program);
  registerPlan(program);
  registerDemo(program);
  registerProbe(program);
  registerReport(program);
  registerSandbox(program);
  registerVerify(program);
  registerValidate(program);
  registerWizard(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  // a bare `relay365` on a terminal starts the guided flow; piped or scripted, it prints the help
  const args = argv.length <= 2 && process.stdin.isTTY && process.stdout.isTTY ? [...argv, 'wizard'] : argv;
  try {
    await program.parseAsync(args);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`relay365: ${message}\n`);
    if (process.env.RELAY365_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return exitCodeOf(error);
  }
}

// A closed pipe (`relay365 scan | head`) is a normal end, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
