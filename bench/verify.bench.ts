// verify: 200 planned paths (smtp-oauth, graph, direct-send, connector-relay, hve over 40 mailboxes) against a child
// `relay365 sandbox`, with bounded concurrency against the same checks run one at a time; both must give the same
// statuses. Exchange's limits hold in both runs: 40 mailboxes carry 5 paths each (2 authenticated SMTP sessions and
// 1 Graph path), so 3 connections and 30 messages a minute per mailbox are never what waits.
// BENCH_VERIFY_PATHS (default 200), BENCH_VERIFY_CONCURRENCY (default 8, verify's default), BENCH_SEND=1 to send too.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { SandboxInfo } from '../src/sandbox/server.js';
import { createRunContext, verifyItems } from '../src/verify/runner.js';
import { planItem, sandboxTenant } from '../src/verify/testing.js';
import type { PlanItem, Target } from '../src/plan/types.js';
import type { ItemResult } from '../src/verify/types.js';
import { ratio } from './support/measure.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const paths = Number(process.env.BENCH_VERIFY_PATHS ?? 200);
const concurrency = Number(process.env.BENCH_VERIFY_CONCURRENCY ?? 8);
const send = process.env.BENCH_SEND === '1';
const MAILBOXES = Math.max(1, Math.ceil(paths / 5));
const TARGETS: Target[] = ['smtp-oauth', 'graph', 'direct-send', 'connector-relay', 'hve'];

const state = mkdtempSync(join(tmpdir(), 'relay365-verify-bench-'));
const config = join(state, 'sandbox.yaml');
const mailbox = (i: number) => `m${String(i).padStart(3, '0')}@contoso.com`;
const hveAccount = (i: number) => `hve-${String(i).padStart(3, '0')}@contoso.com`;
writeFileSync(config, `mailboxes:\n${Array.from({ length: MAILBOXES }, (_, i) => `  - address: ${mailbox(i)}\n`).join('')}  - address: it@contoso.com\n`
  + `hveAccounts:\n${Array.from({ length: MAILBOXES }, (_, i) => `  - address: ${hveAccount(i)}\n`).join('')}testRecipient: it@contoso.com\ntestSender: ${mailbox(0)}\n`);

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'sandbox', '--json', '--state', join(state, 'sandbox'), '--config', config,
  '--connector-ip', '127.0.0.1', '--submission-port', '0', '--mx-port', '0', '--hve-port', '0', '--acs-port', '0', '--https-port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
let sandboxLog = ''; // its line per session is noise here; shown only if it fails to start
child.stderr!.on('data', (chunk: Buffer) => { sandboxLog = (sandboxLog + chunk.toString()).slice(-4000); });

try {
  const info = await new Promise<SandboxInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) before it listened:\n${sandboxLog}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line) as SandboxInfo));
  });
  const tenant = sandboxTenant(info);
  const items: PlanItem[] = Array.from({ length: paths }, (_, i) => {
    const target = TARGETS[i % TARGETS.length];
    const box = mailbox(Math.floor(i / TARGETS.length) % MAILBOXES);
    if (target === 'direct-send') return planItem(`p${i}`, target, { from: `device-${i}@contoso.com` });
    if (target === 'connector-relay') return planItem(`p${i}`, target, { from: `relay-${i}@contoso.com` });
    if (target === 'graph') return planItem(`p${i}`, target, { mailbox: box, from: box });
    if (target === 'hve') return planItem(`p${i}`, target, { username: hveAccount(Math.floor(i / TARGETS.length) % MAILBOXES), from: hveAccount(Math.floor(i / TARGETS.length) % MAILBOXES) });
    return planItem(`p${i}`, target, { username: box, from: box });
  });

  async function timed(limit: number, list: PlanItem[]): Promise<{ seconds: number; results: ItemResult[] }> {
    const run = await createRunContext(tenant, { env: { AZURE_CLIENT_SECRET: info.clientSecret ?? '' }, concurrency: limit, send, stepTimeoutMs: 10_000, deadlineMs: 300_000 });
    const started = performance.now();
    const results = await verifyItems(run, list);
    return { seconds: (performance.now() - started) / 1000, results };
  }

  await timed(1, items.slice(0, TARGETS.length)); // warm up: MSAL's app and token cache, TLS, the sandbox's first sessions
  const bounded = await timed(concurrency, items);
  const serial = await timed(1, items);
  const statuses = (results: ItemResult[]) => results.map((r) => `${r.id}:${r.status}:${r.checks.map((c) => c.status[0]).join('')}`);
  const same = JSON.stringify(statuses(bounded.results)) === JSON.stringify(statuses(serial.results));
  const tally = (results: ItemResult[]) => ['pass', 'warn', 'fail', 'skipped'].map((s) => `${results.filter((r) => r.status === s).length} ${s}`).join(', ');
  const checks = bounded.results.reduce((n, r) => n + r.checks.filter((c) => c.status !== 'skipped').length, 0);

  console.log(`${paths} paths (${TARGETS.join(', ')}) over ${MAILBOXES} mailboxes, ${checks} checks that ran${send ? ', test messages sent' : ', nothing sent'}; child sandbox`);
  console.log(`verify, concurrency ${concurrency}: ${bounded.seconds.toFixed(2)} s (${(paths / bounded.seconds).toFixed(1)} paths/s)  ${tally(bounded.results)}`);
  console.log(`one at a time     : ${serial.seconds.toFixed(2)} s (${(paths / serial.seconds).toFixed(1)} paths/s)  ${tally(serial.results)}`);
  console.log(`ratio (one at a time / bounded) time: ${ratio(serial.seconds, bounded.seconds)}  same statuses: ${same ? 'yes' : 'NO'}`);
  if (!same) process.exitCode = 1;
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(state, { recursive: true, force: true });
}
