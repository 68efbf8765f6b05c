// startSandbox: every server of the Microsoft 365 look-alike, in-process, on one listen address.
// Used by `relay365 sandbox`, the demo and the tests (which take ephemeral ports and a temp state dir).
import { mkdir } from 'node:fs/promises';
import { isIP, type Server as NetServer } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { mxEndpointFor } from '../plan/tenant-file.js';
import { stringify } from 'yaml';
import { emptyTenant, type Endpoint, type Tenant } from '../m365/tenant.js';
import { writeFileAtomic } from '../util/atomic.js';
import { InputError } from '../util/errors.js';
import { loadOrCreateCa, serverCertificate, storedCertificate } from './ca.js';
import { defaultSettings, finishSettings, type SandboxSettings } from './config.js';
import { findApp, loadDirectory, type Directory } from './directory.js';
import { FitnessLog, fitnessFile } from './fitness.js';
import { createGraphRoutes } from './graph.js';
import { startHttps } from './http.js';
import type { JwtPayload } from './jwt.js';
import { createAcsServer } from './acs.js';
import { createHveServer } from './hve.js';
import { createMxServer } from './mx.js';
import type { SmtpService, SmtpSession } from './smtp.js';
import { MailboxStore } from './store.js';
import { createSubmissionServer } from './submission.js';
import { createTokenService, EXCHANGE_RESOURCE, GRAPH_RESOURCE } from './token.js';
import type { FitnessRecord } from './types.js';

export interface SandboxOptions {
  stateDir: string;
  listen?: string;                                    // default 127.0.0.1
  ports?: { submission?: number; mx?: number; hve?: number; acs?: number; https?: number };   // 0 or absent: ephemeral
  /** A fixed port that is busy falls back to an ephemeral one instead of failing. */
  fallbackToEphemeral?: boolean;
  settings?: SandboxSettings;
  onSession?(record: FitnessRecord): void;
}

/** What `relay365 sandbox --json` prints: enough for a device, a script or relay365 itself to use it. */
export interface SandboxInfo {
  submission: Endpoint;
  mx: Endpoint;
  hve: Endpoint;                                      // like smtp.hve.mx.microsoft:587
  acs: Endpoint;                                      // like smtp.azurecomm.net:587
  hveAccounts: string[];
  acsSmtpUsernames: string[];
  acsSenders: string[];
  authority: string;
  tokenEndpoint: string;
  graphBaseUrl: string;
  caFile: string;
  tenantId: string;
  tenantFile: string;
  clientId: string;
  clientSecret: string | null;                        // the sandbox's own throwaway test secret (null if from a config file)
  mailboxes: string[];
  initialDomain: string;
  acceptedDomains: string[];
  testRecipient: string;
  testSender: string;
  stateDir: string;
}

export interface Sandbox {
  info: SandboxInfo;
  listen: string;                                     // the address the servers are bound to
  directory: Directory;
  store: MailboxStore;
  caPem: string;
  /** An access token signed by the sandbox (tests forge expired or foreign tokens with `claims`). */
  issueToken(resource: 'smtp' | 'graph', options?: { clientId?: string; claims?: JwtPayload }): string;
  /** Wait until every finished session and delivered message is on disk. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/** Names the server certificate must carry so clients can check it however they reach the sandbox. */
function certificateNames(listen: string): string[] {
  const names = ['localhost', '127.0.0.1', '::1', listen];
  if (WILDCARDS.has(listen)) {
    names.push(hostname());
    for (const list of Object.values(networkInterfaces())) for (const nic of list ?? []) if (!nic.internal) names.push(nic.address.replace(/%.*$/, ''));
  }
  return names.filter((n) => n && !WILDCARDS.has(n));
}

async function listen(server: NetServer, port: number, host: string, fallback: boolean): Promise<number> {
  const attempt = (p: number) => new Promise<number>((done, fail) => {
    const onError = (error: Error) => { server.off('listening', onListening); fail(error); };
    const onListening = () => { server.off('error', onError); done((server.address() as { port: number }).port); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(p, host);
  });
  try {
    return await attempt(port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' && fallback && port !== 0) return attempt(0);
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new InputError(`cannot listen on ${host}:${port}: ${code}`);
    throw error;
  }
}

function closeServer(server: NetServer): Promise<void> {
  return new Promise((done) => server.close(() => done()));
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const stateDir = resolve(options.stateDir);
  const bind = options.listen ?? '127.0.0.1';
  const urlHost = WILDCARDS.has(bind) ? '127.0.0.1' : isIP(bind) === 6 ? `[${bind}]` : bind;
  const endpointHost = WILDCARDS.has(bind) ? '127.0.0.1' : bind;
  await mkdir(stateDir, { recursive: true });
  const settings = options.settings ?? finishSettings(defaultSettings());
  const ca = await loadOrCreateCa(stateDir);
  const [tls, signing, directory] = await Promise.all([
    serverCertificate(ca, stateDir, certificateNames(bind)),
    storedCertificate(ca, stateDir, 'token-signing', () => ca.issue('relay365 sandbox token signing', 'client', [], 3650)),
    loadDirectory(stateDir, settings),
  ]);
  const store = new MailboxStore(stateDir);
  const fitness = new FitnessLog(fitnessFile(stateDir));
  let origin = '';
  const tokens = createTokenService(directory, signing, () => origin);
  const https = startHttps({ key: tls.keyPem, cert: tls.certPem, routes: [tokens.routes, createGraphRoutes(directory, tokens, store)] });
  let stopped = false;
  const service = (kind: SmtpService['service']): SmtpService => ({
    service: kind, name: `relay365-sandbox-${kind}`, directory, sessions: new Map<string, SmtpSession>(),
    onSessionEnd: (record) => {
      if (stopped) return; // a straggler after stop(): its state directory may be gone already
      void fitness.append(record);
      options.onSession?.(record);
    },
  });
  const services = [service('submission'), service('mx'), service('hve'), service('acs')];
  const submission = createSubmissionServer({ service: services[0], directory, tokens, store, key: tls.keyPem, cert: tls.certPem });
  const mx = createMxServer({ service: services[1], directory, store, key: tls.keyPem, cert: tls.certPem, ca: ca.certPem });
  const hve = createHveServer({ service: services[2], directory, tokens, store, key: tls.keyPem, cert: tls.certPem });
  const acs = createAcsServer({ service: services[3], directory, store, key: tls.keyPem, cert: tls.certPem });
  const fallback = Boolean(options.fallbackToEphemeral);
  const stops: (() => Promise<void>)[] = [];
  try {
    const httpsPort = await listen(https, options.ports?.https ?? 0, bind, fallback);
    stops.push(() => { https.closeAllConnections(); return closeServer(https); });
    const submissionPort = await listen(submission.server, options.ports?.submission ?? 0, bind, fallback);
    stops.push(() => new Promise((done) => submission.close(() => done())));
    const mxPort = await listen(mx.server, options.ports?.mx ?? 0, bind, fallback);
    stops.push(() => new Promise((done) => mx.close(() => done())));
    const hvePort = await listen(hve.server, options.ports?.hve ?? 0, bind, fallback);
    stops.push(() => new Promise((done) => hve.close(() => done())));
    const acsPort = await listen(acs.server, options.ports?.acs ?? 0, bind, fallback);
    stops.push(() => new Promise((done) => acs.close(() => done())));
    origin = `https://${urlHost}:${httpsPort}`;
    const info: SandboxInfo = {
      submission: { host: endpointHost, port: submissionPort }, mx: { host: endpointHost, port: mxPort },
      hve: { host: endpointHost, port: hvePort }, acs: { host: endpointHost, port: acsPort },
      hveAccounts: settings.hveAccounts.map((a) => a.address), acsSmtpUsernames: settings.acs.smtpUsernames.map((u) => u.username), acsSenders: settings.acs.senders,
      authority: tokens.authority(origin), tokenEndpoint: `${tokens.authority(origin)}/oauth2/v2.0/token`, graphBaseUrl: `${origin}/`,
      caFile: ca.certFile, tenantId: directory.tenantId, tenantFile: join(stateDir, 'tenant.yaml'),
      clientId: directory.ownApp.clientId, clientSecret: directory.ownSecretGenerated ? directory.ownApp.secret : null,
      mailboxes: directory.mailboxes.map((m) => m.address), initialDomain: directory.initialDomain, acceptedDomains: settings.acceptedDomains,
      testRecipient: settings.testRecipient, testSender: settings.testSender, stateDir,
    };
    await writeFileAtomic(info.tenantFile, tenantYaml(info, directory));
    return {
      info, listen: bind, directory, store, caPem: ca.certPem,
      issueToken(resource, { clientId, claims } = {}) {
        const app = clientId ? findApp(directory, clientId) : directory.ownApp;
        if (!app) throw new Error(`no app ${clientId} in the sandbox`);
        return tokens.issue(app, resource === 'smtp' ? EXCHANGE_RESOURCE : GRAPH_RESOURCE, claims);
      },
      async flush() {
        await store.flush();
        await fitness.flush();
      },
      async stop() {
        await Promise.all(stops.map((stop) => stop()));
        // sessions finish (and write their fitness record) just after their sockets close
        for (let i = 0; i < 100 && services.some((s) => s.sessions.size > 0); i++) await new Promise((done) => setTimeout(done, 20));
        stopped = true;
        await store.flush();
        await fitness.flush();
      },
    };
  } catch (error) {
    await Promise.all(stops.map((stop) => stop()));
    throw error;
  }
}

/** tenant.yaml for `relay365 verify --tenant`: the Tenant shape with sandbox endpoints; never the secret. */
function tenantYaml(info: SandboxInfo, directory: Directory): string {
  const { settings } = directory;
  const tenant: Tenant = {
    ...emptyTenant(), tenantId: info.tenantId, initialDomain: info.initialDomain, acceptedDomains: info.acceptedDomains,
    // The tenant's real-looking MX name; endpoints.mx below says where the sandbox stands in for it.
    mxEndpoint: info.acceptedDomains[0] ? mxEndpointFor(info.acceptedDomains[0], 'global') : null,
    staticIps: settings.connectors.flatMap((c) => c.ips), app: { clientId: info.clientId, certificatePath: null, secretEnv: 'AZURE_CLIENT_SECRET' },
    testRecipient: info.testRecipient, testSender: info.testSender, securityDefaults: settings.securityDefaults,
    rejectDirectSend: settings.rejectDirectSend, smtpAuthDisabledOrg: settings.smtpAuthDisabled,
    acsSmtpUsername: settings.acs.smtpUsernames[0]?.username ?? null, acsSenders: settings.acs.senders,
    endpoints: { submission: info.submission, mx: info.mx, hve: info.hve, acs: info.acs, authority: info.authority, tokenEndpoint: info.tokenEndpoint, graphBaseUrl: info.graphBaseUrl, caFile: info.caFile },
  };
  return `# Written by relay365 sandbox (${new Date().toISOString()}). Ports change per run unless fixed.\n`
    + '# The client secret is not stored here: export AZURE_CLIENT_SECRET with the value relay365 sandbox --json printed.\n'
    + stringify(tenant);
}
