// The wizard through a real pseudo-terminal (tmux: a detached session of fixed size, send-keys to answer,
// capture-pane to read), from the first question to the written report; and Ctrl-C in the middle, then resume.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { Results } from '../src/verify/types.js';
import { startWizardSandbox, type WizardSandbox } from '../src/wizard/testing.js';
import { repoRoot, runCli } from './support/cli.js';

const fleet = join(repoRoot, 'examples/fleet');
// The built CLI, as a user runs it (`npm test` builds dist/ first). Not the sources through tsx: Ctrl-C in a
// pty reaches the whole process group, tsx's esbuild service included, and later lazy imports would then fail.
const main = join(repoRoot, 'dist/cli/main.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** One tmux server on its own socket, one 200×50 window running the command; kill() ends both. */
class Terminal {
  private constructor(private readonly socket: string) {}

  static start(command: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Terminal {
    const term = new Terminal(`relay365-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
    const quoted = command.map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
    // the shell prints the exit status: tmux 3.3 leaves #{pane_dead_status} empty here
    term.tmux(['-f', '/dev/null', 'new-session', '-d', '-s', 'w', '-x', '200', '-y', '50', '-c', options.cwd, `${quoted}; echo "[exited $?]"`], options.env);
    term.tmux(['set-option', '-t', 'w', 'remain-on-exit', 'on']);
    term.tmux(['set-option', '-t', 'w', 'history-limit', '20000']);
    return term;
  }

  private tmux(args: string[], env?: NodeJS.ProcessEnv): string {
    const run = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', env: env ?? process.env });
    if (run.status !== 0) throw new Error(`tmux ${args[0]}: ${run.stderr}`);
    return run.stdout;
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-t', 'w', '-S', '-20000']);
  }

  type(text: string): void { this.tmux(['send-keys', '-t', 'w', '-l', text]); }
  keys(...keys: string[]): void { this.tmux(['send-keys', '-t', 'w', ...keys]); }

  /** Wait until the open question (the last `? ` line not yet answered) contains `text`. */
  async question(text: string, ms = 90_000): Promise<string> {
    return this.until(() => {
      const lines = this.screen().split('\n');
      const at = lines.findLastIndex((l) => /^\? /.test(l));
      return at >= 0 && lines[at].includes(text) && !lines.slice(at + 1).some((l) => /^✔ /.test(l));
    }, ms, `question "${text}"`);
  }

  async until(done: () => boolean, ms: number, what: string): Promise<string> {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`no ${what} on the terminal; it shows:\n${this.screen().split('\n').slice(-40).join('\n')}`);
      if (this.exitCode() !== null) throw new Error(`the wizard ended before ${what}:\n${this.screen().split('\n').slice(-40).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.screen();
  }

  /** The command's exit status once it has ended, else null. */
  exitCode(): number | null {
    const status = [...this.screen().matchAll(/^\[exited (\d+)\]$/gm)].at(-1);
    return status ? Number(status[1]) : null;
  }

  async exited(ms = 90_000): Promise<number> {
    const deadline = Date.now() + ms;
    while (this.exitCode() === null) {
      if (Date.now() > deadline) throw new Error(`the wizard did not end:\n${this.screen().split('\n').slice(-40).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.exitCode()!;
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}

async function answer(term: Terminal, question: string, text: string): Promise<void> {
  await term.question(question);
  if (text) term.type(text);
  term.keys('Enter');
}

describe('relay365 wizard on a terminal', { skip: hasTmux ? false : 'tmux is not installed (.ci/run installs it)' }, () => {
  let sandbox: WizardSandbox;
  let work: string;
  const terms: Terminal[] = [];
  before(async () => {
    assert.ok(existsSync(main), 'dist/cli/main.js is missing: run `npm run build` (npm test does)');
    sandbox = await startWizardSandbox();
    work = await mkdtemp(join(tmpdir(), 'relay365-wizard-pty-'));
  });
  after(async () => {
    for (const term of terms) term.kill();
    await sandbox?.stop();
    await rm(work, { recursive: true, force: true });
  });
  const env = () => ({ ...sandbox.env, NO_COLOR: '1', NODE_NO_WARNINGS: '1', TERM: 'xterm-256color' });

  it('walks from the first question to the written report', async () => {
    const out = join(work, 'guided');
    const term = Terminal.start([process.execPath, main, 'wizard', '--tenant', sandbox.tenantFile], { cwd: work, env: env() });
    terms.push(term);
    await answer(term, 'Folder for the inventory, plan, results and report', out);
    await answer(term, 'Folders or files to scan', `${join(fleet, 'ops01')}, ${join(fleet, 'backup01')}`);
    await answer(term, 'Relay logs to read', '');
    await answer(term, 'Live relays to probe', '');
    // a device typed in by hand
    await answer(term, 'Add a device that has no config file', 'y');
    await answer(term, 'Device name', 'Hall UPS (APC Smart-UPS 1500)');
    await term.question('Kind:');
    term.keys('Down', 'Down', 'Enter');
    await answer(term, 'Its IP address', '10.20.1.40');
    await answer(term, 'Where it sends mail today', 'relay01.corp.contoso.com:25');
    await term.question('TLS today:');
    term.keys('Up', 'Enter');
    await answer(term, 'Sign-in today:', '');
    await answer(term, 'From address it uses', 'ups-hall@contoso.com');
    await answer(term, 'Highest TLS version', '');
    await answer(term, 'Can it sign in with OAuth', '');
    await answer(term, 'Notes', 'in the server room');
    await answer(term, 'Add another device?', '');
    // the tenant: every default comes from --tenant
    for (const question of ['Tenant ID', 'Microsoft cloud', 'Accepted domains', 'App registration (client) ID', 'How the app proves', 'Name of the environment variable', 'Test recipient']) {
      await answer(term, question, '');
    }
    // targets: keep relay365's choice, except msmtp → the next choice on the list
    const screen = await term.question('Target for Hall UPS');
    assert.match(screen, /relay365: connector-relay — /, 'the planner\'s reason is shown');
    term.keys('Enter');
    await term.question('Target for msmtp on backup01');
    term.keys('Down', 'Enter');
    await answer(term, 'Target for PowerShell Send-MailMessage', '');
    await answer(term, 'Target for Python smtplib', '');
    // validation: the dry run has run when the send question comes
    const dry = await term.question('Send one test message per path');
    assert.match(dry, /nothing sent: add --send to deliver test messages/);
    await answer(term, 'Send one test message per path', 'y');
    await answer(term, 'Also look for each message', '');
    assert.equal(await term.exited(), 0, term.screen());
    assert.match(term.screen(), /Done\. Everything is in /);

    const files = await readdir(out);
    for (const name of ['inventory.json', 'devices.yaml', 'tenant.yaml', 'plan.yaml', 'exchange-setup.ps1', 'results.json', 'report.html', 'report.md', 'report.json', 'report.csv', 'wizard-answers.yaml']) {
      assert.ok(files.includes(name), `${name} written`);
    }
    const inventory = JSON.parse(await readFile(join(out, 'inventory.json'), 'utf8'));
    assert.deepEqual(inventory.manual.map((m: { name: string; kind: string; from: string }) => [m.name, m.kind, m.from]), [['Hall UPS (APC Smart-UPS 1500)', 'ups', 'ups-hall@contoso.com']]);
    const plan = parse(await readFile(join(out, 'plan.yaml'), 'utf8'));
    const msmtp = plan.items.find((i: { name: string }) => i.name.startsWith('msmtp on backup01'));
    assert.equal(msmtp.override.target, msmtp.alternatives[0].target, 'the second choice (the first alternative) became override.target');
    assert.equal(plan.items.filter((i: { override: unknown }) => i.override).length, 1);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as Results;
    assert.equal(results.send, true);
    assert.equal(results.summary.total, 4);
    assert.match(await readFile(join(out, 'report.html'), 'utf8'), /Hall UPS \(APC Smart-UPS 1500\)/);
    const answers = parse(await readFile(join(out, 'wizard-answers.yaml'), 'utf8'));
    assert.equal(answers.devices, 'devices.yaml');
    assert.doesNotMatch(term.screen(), /R365CANARY/);
    assert.ok(!term.screen().includes(sandbox.env.AZURE_CLIENT_SECRET!));
  });

  it('stops cleanly on Ctrl-C (bare `relay365` starts it), says how to resume, and resumes', async () => {
    const out = join(work, 'interrupted');
    const term = Terminal.start([process.execPath, main], { cwd: work, env: env() });
    terms.push(term);
    await answer(term, 'Folder for the inventory, plan, results and report', out);
    await answer(term, 'Folders or files to scan', join(fleet, 'ops01'));
    await answer(term, 'Relay logs to read', '');
    await answer(term, 'Live relays to probe', '');
    await answer(term, 'Add a device that has no config file', '');
    await term.question('Tenant ID');
    term.keys('C-c');
    assert.equal(await term.exited(), 130);
    const saved = join(out, 'wizard-answers.yaml');
    assert.match(term.screen(), /Interrupted\. Nothing is half-written/);
    assert.ok(term.screen().includes(`relay365 wizard --answers ${saved}`), 'the resume command is printed');
    const files = await readdir(out);
    assert.deepEqual(files.filter((f) => f.endsWith('.tmp')), [], 'no temp file left');
    assert.ok(!existsSync(join(out, 'tenant.yaml')) && !existsSync(join(out, 'plan.yaml')), 'nothing of the interrupted step was written');
    assert.equal(JSON.parse(await readFile(join(out, 'inventory.json'), 'utf8')).findings.length, 2, 'the finished step\'s inventory is whole');
    const answers = parse(await readFile(saved, 'utf8'));
    assert.deepEqual(answers.scan.paths, [join(fleet, 'ops01')]);

    const resumed = await runCli(['wizard', '--answers', saved, '--yes', '--tenant', sandbox.tenantFile], { cwd: work, env: sandbox.env });
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    assert.match(resumed.stdout, /Folders or files to scan for SMTP settings \(comma-separated\): .*ops01 \(given\)/);
    assert.ok(existsSync(join(out, 'report.html')));
  });

  it('on Ctrl-C during a running step, finishes that step (its files whole), then stops with the resume hint', async () => {
    // a relay that accepts and never speaks: the probe waits for its banner, so the scan step is still running
    let connected!: () => void;
    const probed = new Promise<void>((resolve) => { connected = resolve; });
    const silent: Server = createServer((socket) => { connected(); socket.on('error', () => undefined); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const out = join(work, 'mid-step');
      const term = Terminal.start([process.execPath, main, 'wizard', '--out', out, '--paths', join(fleet, 'ops01'), '--probe', `127.0.0.1:${port}`], { cwd: work, env: env() });
      terms.push(term);
      await answer(term, 'Relay logs to read', '');
      await probed;
      term.keys('C-c');
      await term.until(() => /stopping after this step/.test(term.screen()), 30_000, 'the stopping notice');
      assert.equal(await term.exited(), 130, term.screen());
      const screen = term.screen();
      assert.match(screen, /Interrupted\. Nothing is half-written/);
      assert.ok(screen.includes(`relay365 wizard --answers ${join(out, 'wizard-answers.yaml')}`), screen);
      const inventory = JSON.parse(await readFile(join(out, 'inventory.json'), 'utf8'));
      assert.deepEqual(inventory.relays.map((r: { port: number }) => r.port), [port], 'the step under way finished and wrote its inventory whole');
      assert.doesNotMatch(screen, /Add a device that has no config file/, 'no further question was asked');
      assert.deepEqual((await readdir(out)).sort(), ['inventory.json', 'wizard-answers.yaml'], screen);
    } finally {
      silent.close();
    }
  });
});
