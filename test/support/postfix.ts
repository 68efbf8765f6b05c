// Private Postfix instances (Debian package) on 127.0.0.1 for tests: each in its own temp dir with its own
// config, queue, data dir and log file; started with `postfix -c DIR start`, stopped and removed after.
// Shapes: an open relay for 127.0.0.1, a closed relay, STARTTLS with a self-signed certificate, and an
// authenticated submission server (STARTTLS + Cyrus SASL PLAIN/LOGIN from a sasldb).
import { execFile, spawnSync } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const POSTFIX = '/usr/sbin/postfix';

export type PostfixShape = 'open-relay' | 'closed-relay' | 'starttls-self-signed' | 'submission-auth';

export interface PostfixOptions {
  /** submission-auth only: offer AUTH before STARTTLS too (smtpd_tls_auth_only = no). */
  authBeforeTls?: boolean;
  /** STARTTLS shapes: the protocols smtpd accepts, e.g. '<=TLSv1.1' to play an old relay. */
  tlsProtocols?: string;
}

export interface PostfixUser {
  /** The SASL login, user@realm. */
  login: string;
  password: string;
}

export interface PostfixInstance {
  shape: PostfixShape;
  host: '127.0.0.1';
  port: number;
  dir: string;
  /** myhostname: the name in the banner and in the certificate. */
  hostname: string;
  /** The self-signed certificate (PEM path) of the TLS shapes; trust it as a CA to verify. */
  certFile: string | null;
  user: PostfixUser | null;
  log(): Promise<string>;
  /** Files left in the queue (incoming, active, deferred, hold, maildrop, corrupt): none after a probe. */
  queueFiles(): Promise<string[]>;
  /** Log lines that show a message accepted for delivery (cleanup message-id=, qmgr from=). */
  acceptedForDelivery(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Why Postfix cannot run here, or null when it can. */
export function postfixUnavailable(): string | null {
  if (!existsSync(POSTFIX)) return 'postfix is not installed (Debian package postfix)';
  if (process.getuid?.() !== 0) return 'starting private Postfix instances needs root';
  if (spawnSync('id', ['-u', 'postfix']).status !== 0) return 'there is no postfix user';
  if (spawnSync('getent', ['group', 'postdrop']).status !== 0) return 'there is no postdrop group';
  return null;
}

function idOf(args: string[]): number {
  const found = spawnSync(args[0], args.slice(1), { encoding: 'utf8' });
  return Number(args[0] === 'getent' ? found.stdout.split(':')[2] : found.stdout.trim());
}

/** The queue and data dirs as Debian's postfix-files lays them out, so `postfix start` may skip its slow checks. */
async function createQueue(dir: string): Promise<void> {
  const owner = idOf(['id', '-u', 'postfix']);
  const postdrop = idOf(['getent', 'group', 'postdrop']);
  const layout: [string, number, number, number][] = [
    ['queue', 0, 0, 0o755], ['queue/pid', 0, 0, 0o755], ['data', owner, 0, 0o700],
    ['queue/maildrop', owner, postdrop, 0o730], ['queue/public', owner, postdrop, 0o710],
    ...['active', 'bounce', 'corrupt', 'defer', 'deferred', 'flush', 'hold', 'incoming', 'private', 'saved', 'trace']
      .map((name): [string, number, number, number] => [`queue/${name}`, owner, 0, 0o700]),
  ];
  for (const [path, uid, gid, mode] of layout) {
    await mkdir(join(dir, path));
    await chown(join(dir, path), uid, gid);
    await chmod(join(dir, path), mode);
  }
  await writeFile(join(dir, 'queue', 'quick-start'), '');
}

const live = new Set<{ etc: string; dir: string }>();
// A test that dies before its after-hook must not leave a master running or a temp dir behind.
process.once('exit', () => {
  for (const instance of live) {
    spawnSync(POSTFIX, ['-c', instance.etc, 'abort'], { stdio: 'ignore' });
    rmSync(instance.dir, { recursive: true, force: true });
  }
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A self-signed certificate for `cn` (expired: valid until yesterday). */
export async function makeSelfSignedCert(dir: string, cn: string, expired = false): Promise<{ certFile: string; keyFile: string }> {
  await mkdir(dir, { recursive: true });
  const keyFile = join(dir, `${cn}.key.pem`);
  const certFile = join(dir, `${cn}.cert.pem`);
  const subject = ['-subj', `/CN=${cn}`];
  if (!expired) {
    await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', ...subject, '-addext', `subjectAltName=DNS:${cn}`]);
    return { certFile, keyFile };
  }
  const csr = join(dir, `${cn}.csr`);
  await run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', csr, ...subject]);
  await run('openssl', ['x509', '-req', '-in', csr, '-signkey', keyFile, '-days', '-1', '-out', certFile]);
  return { certFile, keyFile };
}

const MASTER_CF = `
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`;

function mainCf(dir: string, shape: PostfixShape, hostname: string, options: PostfixOptions): string {
  const tls = shape === 'starttls-self-signed' || shape === 'submission-auth';
  const lines = [
    'compatibility_level = 3.6',
    `queue_directory = ${dir}/queue`,
    `data_directory = ${dir}/data`,
    'mail_owner = postfix',
    'setgid_group = postdrop',
    'inet_interfaces = 127.0.0.1',
    'inet_protocols = ipv4',
    `myhostname = ${hostname}`,
    'mydomain = relay365.test',
    'mydestination =',
    'alias_maps =',
    'alias_database =',
    'biff = no',
    // only the open relay trusts 127.0.0.1; the others trust a documentation network no test comes from
    `mynetworks = ${shape === 'open-relay' ? '127.0.0.0/8' : '192.0.2.0/24'}`,
    'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
    // nothing may ever leave a test instance, even if a message were accepted
    'relayhost = [127.0.0.1]:9',
    'defer_transports = smtp, relay',
    `maillog_file = ${dir}/maillog`,
    `maillog_file_prefixes = ${dir}`,
    'smtpd_banner = $myhostname ESMTP relay365-test',
  ];
  if (tls) {
    lines.push(`smtpd_tls_cert_file = ${dir}/tls/${hostname}.cert.pem`, `smtpd_tls_key_file = ${dir}/tls/${hostname}.key.pem`,
      'smtpd_tls_security_level = may', 'smtpd_tls_loglevel = 1');
    if (options.tlsProtocols) {
      // OpenSSL 3 disables TLS 1.0/1.1 at its default security level: an old relay needs level 0
      lines.push(`smtpd_tls_protocols = ${options.tlsProtocols}`, 'tls_medium_cipherlist = DEFAULT:@SECLEVEL=0');
    }
  }
  if (shape === 'submission-auth') {
    lines.push('smtpd_sasl_auth_enable = yes', 'smtpd_sasl_type = cyrus', 'smtpd_sasl_path = smtpd',
      `cyrus_sasl_config_path = ${dir}/etc/sasl`, `smtpd_tls_auth_only = ${options.authBeforeTls ? 'no' : 'yes'}`,
      'smtpd_sasl_security_options = noanonymous');
  }
  return `${lines.join('\n')}\n`;
}

async function prepare(dir: string, shape: PostfixShape, hostname: string): Promise<{ user: PostfixUser | null; certFile: string | null }> {
  let certFile: string | null = null;
  if (shape === 'starttls-self-signed' || shape === 'submission-auth') certFile = (await makeSelfSignedCert(join(dir, 'tls'), hostname)).certFile;
  if (shape !== 'submission-auth') return { user: null, certFile };
  const realm = 'relay365.test';
  const user: PostfixUser = { login: `printer@${realm}`, password: `R365CANARY-sasl-${process.pid}-${Date.now()}` };
  // Debian's Postfix reads $config_directory/sasl/smtpd.conf whatever cyrus_sasl_config_path says (its patch 07_sasl_config)
  const saslDir = join(dir, 'etc', 'sasl');
  await mkdir(saslDir, { recursive: true });
  await mkdir(join(dir, 'sasl'));
  const sasldb = join(dir, 'sasl', 'sasldb2');
  await writeFile(join(saslDir, 'smtpd.conf'), `pwcheck_method: auxprop\nauxprop_plugin: sasldb\nmech_list: PLAIN LOGIN\nsasldb_path: ${sasldb}\n`);
  const made = spawnSync('saslpasswd2', ['-c', '-p', '-f', sasldb, '-u', realm, 'printer'], { input: user.password });
  if (made.status !== 0) throw new Error(`saslpasswd2 failed: ${made.stderr.toString().trim()}`);
  await chown(sasldb, idOf(['id', '-u', 'postfix']), -1); // smtpd reads it as the postfix user
  return { user, certFile };
}

/** Run `postfix -c ETC <command>` without blocking the event loop, so instances start side by side. */
function postfix(etc: string, command: 'start' | 'stop' | 'abort'): Promise<number> {
  return new Promise((resolve) => {
    execFile(POSTFIX, ['-c', etc, command], (error) => resolve(error ? Number((error as { code?: number }).code ?? 1) : 0));
  });
}

async function stopMaster(etc: string, pidFile: string): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!pid) {
    await postfix(etc, 'stop');
    return;
  }
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  for (let i = 0; i < 200; i++) {
    try { process.kill(pid, 0); } catch { return; }
    await new Promise((r) => setTimeout(r, 25));
  }
  await postfix(etc, 'abort');
}

/** Start one private instance in the given shape. Throws with the log's tail when Postfix will not start. */
export async function startPostfix(shape: PostfixShape, options: PostfixOptions = {}): Promise<PostfixInstance> {
  const dir = await mkdtemp(join(tmpdir(), `relay365-postfix-${shape}-`));
  await chmod(dir, 0o755); // the postfix user must reach its queue below this dir
  const etc = join(dir, 'etc');
  const entry = { etc, dir };
  live.add(entry);
  const hostname = `${shape}.relay365.test`;
  const logFile = join(dir, 'maillog');
  try {
    await mkdir(etc);
    await createQueue(dir);
    const { user, certFile } = await prepare(dir, shape, hostname);
    await writeFile(join(etc, 'main.cf'), mainCf(dir, shape, hostname, options));
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      await writeFile(join(etc, 'master.cf'), `127.0.0.1:${port} inet n - n - - smtpd\n${MASTER_CF}`);
      const status = await postfix(etc, 'start');
      if (status === 0) break;
      const log = await readFile(logFile, 'utf8').catch(() => '');
      if (attempt < 3 && /Address already in use/.test(log)) continue; // the free port was taken meanwhile
      throw new Error(`postfix -c ${etc} start failed (exit ${status}): ${log.split('\n').slice(-6).join('\n')}`);
    }
    const instance: PostfixInstance = {
      shape, host: '127.0.0.1', port, dir, hostname, certFile, user,
      log: () => readFile(logFile, 'utf8').catch(() => ''),
      async queueFiles() {
        const found: string[] = [];
        for (const sub of ['incoming', 'active', 'deferred', 'hold', 'maildrop', 'corrupt']) found.push(...await listFiles(join(dir, 'queue', sub)));
        return found;
      },
      async acceptedForDelivery() {
        return (await instance.log()).split('\n').filter((l) => /postfix\/(qmgr\[\d+\]: \w+: from=|cleanup\[\d+\]: \w+: message-id=)/.test(l));
      },
      async stop() {
        if (!live.has(entry)) return;
        live.delete(entry);
        // SIGTERM to the master is what `postfix stop` sends, without its second of shell start-up
        await stopMaster(etc, join(dir, 'queue', 'pid', 'master.pid'));
        await rm(dir, { recursive: true, force: true });
      },
    };
    return instance;
  } catch (error) {
    await postfix(etc, 'abort');
    live.delete(entry);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...await listFiles(path));
    else out.push(path);
  }
  return out;
}
