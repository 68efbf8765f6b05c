// `relay365 sandbox`: run the Microsoft 365 look-alike until SIGINT/SIGTERM; print its endpoints once all listen.
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { loadSettings } from '../sandbox/config.js';
import { startSandbox, type Sandbox, type SandboxInfo } from '../sandbox/server.js';
import type { FitnessRecord } from '../sandbox/types.js';
import { writeFileAtomic } from '../util/atomic.js';
import { UsageError } from '../util/errors.js';
import { createOutput, paint, type Output } from '../util/term.js';

export interface SandboxCommandOptions {
  listen?: string;
  state?: string;
  json?: boolean;
  config?: string;
  basicAuth?: string;
  rejectDirectSend?: boolean;
  smtpAuthDisabled?: boolean;
  securityDefaults?: boolean;
  connectorIp?: string[];
  submissionPort?: number;
  mxPort?: number;
  hvePort?: number;
  acsPort?: number;
  httpsPort?: number;
  caFile?: string;
  /** Tests and the demo: resolve instead of waiting for a signal. */
  until?: Promise<unknown>;
}

// fixed defaults a lab can point devices at; taken ports fall back to ephemeral ones
export const DEFAULT_PORTS = { submission: 2587, mx: 2525, hve: 2588, acs: 2589, https: 8443 } as const;

function port(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new UsageError(`--${name} must be a port number (0 for any free port)`);
  return value;
}

export async function sandboxCommand(options: SandboxCommandOptions): Promise<number> {
  const out = createOutput(Boolean(options.json));
  // listen for the signal first: a SIGTERM that arrives while starting (or right after the JSON line) still stops cleanly
  const stopped = options.until ?? untilSignal();
  const ports = {
    submission: port(options.submissionPort, 'submission-port'), mx: port(options.mxPort, 'mx-port'),
    hve: port(options.hvePort, 'hve-port'), acs: port(options.acsPort, 'acs-port'), https: port(options.httpsPort, 'https-port'),
  };
  const settings = await loadSettings(options.config, {
    basicAuth: options.basicAuth, rejectDirectSend: options.rejectDirectSend, connectorIps: options.connectorIp,
    smtpAuthDisabled: options.smtpAuthDisabled, securityDefaults: options.securityDefaults,
  });
  const explicit = Object.values(ports).some((p) => p !== undefined);
  const sandbox = await startSandbox({
    stateDir: resolve(options.state ?? 'relay365-sandbox'), listen: options.listen, settings,
    ports: {
      submission: ports.submission ?? DEFAULT_PORTS.submission, mx: ports.mx ?? DEFAULT_PORTS.mx,
      hve: ports.hve ?? DEFAULT_PORTS.hve, acs: ports.acs ?? DEFAULT_PORTS.acs, https: ports.https ?? DEFAULT_PORTS.https,
    },
    fallbackToEphemeral: !explicit,
    onSession: (record) => sessionLine(out, record),
  });
  try {
    if (options.caFile) await writeFileAtomic(resolve(options.caFile), sandbox.caPem);
    if (options.json) process.stdout.write(`${JSON.stringify(sandbox.info)}\n`);
    else out.info(renderPanel(sandbox, out));
    await stopped;
  } finally {
    await sandbox.stop();
  }
  if (!options.json) out.info('sandbox stopped');
  return 0;
}

function untilSignal(): Promise<void> {
  return new Promise((done) => {
    const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); done(); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** One line per client session: human text (stderr when --json owns stdout). */
function sessionLine(out: Output, r: FitnessRecord): void {
  const time = r.at.slice(11, 19);
  const tls = r.tls.used ? r.tls.protocol : r.tls.refused ? `TLS refused` : 'no TLS';
  const auth = r.authTried.length ? `${r.authTried.join('/')} ${r.authOutcome}` : 'no auth';
  const verdict = r.verdict.ready ? paint(out.color, 'green', `ready for ${r.verdict.target}`) : paint(out.color, 'yellow', `→ ${r.verdict.target}`);
  const line = `${time} ${r.service} ${r.clientName ?? '-'} ${r.clientIp}: ${tls}, ${auth}, ${r.outcome}${r.reply ? ` (${r.reply.slice(0, 90)})` : ''} ${verdict}`;
  if (out.json) process.stderr.write(`${line}\n`);
  else out.info(line);
}

function listensEverywhere(sandbox: Sandbox): boolean {
  return sandbox.listen === '0.0.0.0' || sandbox.listen === '::';
}

function labAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).filter((nic) => !nic.internal && nic.family === 'IPv4').map((nic) => nic.address));
}

function renderPanel(sandbox: Sandbox, out: Output): string {
  const info: SandboxInfo = sandbox.info;
  const s = sandbox.directory.settings;
  const b = (text: string) => paint(out.color, 'bold', text);
  const row = (label: string, value: string) => `  ${label.padEnd(17)} ${value}`;
  const secret = info.clientSecret ? `secret ${info.clientSecret} (throwaway, this sandbox only)` : 'secret from the config file (not shown)';
  return [
    `${b('relay365 sandbox')}: a local Microsoft 365 look-alike for tenant ${info.initialDomain} (${info.tenantId})`,
    row('SMTP submission', `${info.submission.host}:${info.submission.port}  like smtp.office365.com:587 (STARTTLS, TLS 1.2+, Basic auth ${s.basicAuth})`),
    row('MX endpoint', `${info.mx.host}:${info.mx.port}  like ${s.tenantName}-com.mail.protection.outlook.com:25 (RejectDirectSend ${s.rejectDirectSend ? 'on' : 'off'}, ${s.connectors.length} connector(s))`),
    row('High Volume Email', `${info.hve.host}:${info.hve.port}  like smtp.hve.mx.microsoft:587 (HVE accounts: ${info.hveAccounts.join(', ') || 'none; add hveAccounts to the config'}; internal recipients only)`),
    row('ACS Email SMTP', `${info.acs.host}:${info.acs.port}  like smtp.azurecomm.net:587 (SMTP Username ${info.acsSmtpUsernames.join(', ') || '-'} with the app secret; From ${info.acsSenders.join(', ') || '-'})`),
    row('Token endpoint', info.tokenEndpoint),
    row('Graph', info.graphBaseUrl),
    row('CA certificate', `${info.caFile}  (trust it where a client checks certificates)`),
    row('Tenant file', `${info.tenantFile}  (relay365 verify --tenant; AZURE_CLIENT_SECRET from below)`),
    row('Test app', `client id ${info.clientId}, ${secret}`),
    row('Mailboxes', info.mailboxes.join(', ')),
    ...(listensEverywhere(sandbox) ? [row('Lab devices', `point them at ${labAddresses().join(' or ') || 'this machine'} (same ports)`)] : []),
    row('Delivered mail', `${info.stateDir}/mailboxes/<address>/ ; device fitness in ${info.stateDir}/fitness.jsonl`),
    '',
    'Sessions are listed below as clients connect. Ctrl+C stops the sandbox.',
  ].join('\n');
}
