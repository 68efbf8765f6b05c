// Scripted SMTP servers on 127.0.0.1:0 that misbehave on purpose (hang, hang up, speak garbage, break TLS), and a
// small polite responder (banner, EHLO, STARTTLS, MAIL, RCPT, RSET, QUIT) for implicit-TLS and legacy-TLS cases.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket, type SecureVersion } from 'node:tls';
import { makeSelfSignedCert } from './postfix.js';

export interface ScriptedServer {
  host: '127.0.0.1';
  port: number;
  /** Every command line the server received, in order, across connections. */
  received: string[];
  close(): Promise<void>;
}

export interface ServerTls {
  key: string;
  cert: string;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
}

export type Misbehaviour =
  | 'silent'               // accepts, never greets
  | 'hang-after-ehlo'      // greets, then never answers EHLO
  | 'close-after-banner'   // greets and hangs up
  | 'garbage'              // sends binary noise instead of a greeting
  | 'ssh'                  // an SSH server on the port
  | 'starttls-garbage'     // offers STARTTLS, says 220, then sends plain text instead of a TLS handshake
  | 'starttls-injection';  // sends a reply queued behind its 220 to STARTTLS

/** `listen(socket, fn)` calls fn with each line received on that socket (and records it in `received`). */
export type Handler = (socket: Socket, listen: (socket: Socket, fn: (line: string) => void) => void) => void;

const EHLO_LINES = ['250-scripted.relay365.test', '250-SIZE 1000000', '250-STARTTLS', '250 8BITMIME'];

const SCRIPTS: Record<Misbehaviour, Handler> = {
  'silent': () => undefined,
  'hang-after-ehlo': (socket, listen) => {
    listen(socket, () => undefined);
    socket.write('220 scripted.relay365.test ESMTP\r\n');
  },
  'close-after-banner': (socket) => socket.end('220 scripted.relay365.test ESMTP\r\n'),
  'garbage': (socket) => socket.write(Buffer.from([0x00, 0x13, 0xfe, 0x47, 0x41, 0x52, 0x42, 0xff, 0x1b, 0x5b, 0x0d, 0x0a])),
  'ssh': (socket) => socket.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'),
  'starttls-garbage': (socket, listen) => {
    socket.write('220 scripted.relay365.test ESMTP\r\n');
    listen(socket, (line) => {
      if (/^EHLO/i.test(line)) socket.write(`${EHLO_LINES.join('\r\n')}\r\n`);
      else if (/^STARTTLS/i.test(line)) {
        socket.write('220 2.0.0 Ready to start TLS\r\n');
        socket.removeAllListeners('data');
        socket.once('data', () => socket.write('this is not a TLS handshake\r\n')); // answer the ClientHello with text
      }
      else socket.write('250 ok\r\n');
    });
  },
  'starttls-injection': (socket, listen) => {
    socket.write('220 scripted.relay365.test ESMTP\r\n');
    listen(socket, (line) => {
      if (/^EHLO/i.test(line)) socket.write(`${EHLO_LINES.join('\r\n')}\r\n`);
      else if (/^STARTTLS/i.test(line)) socket.write('220 2.0.0 Ready to start TLS\r\n250 injected before the handshake\r\n');
    });
  },
};

/** A well-behaved minimal server: greets, answers EHLO (offering STARTTLS when it has a certificate), relays nothing. */
export function responder(options: { tls?: ServerTls; implicitTls?: boolean; rcptReply?: string; auth?: string[] } = {}): Handler {
  return (raw, listen) => {
    let socket: Socket = options.implicitTls && options.tls ? serverTls(raw, options.tls) : raw;
    let secured = Boolean(options.implicitTls);
    const ehlo = () => ['250-responder.relay365.test', '250-SIZE 5242880', ...(options.tls && !secured ? ['250-STARTTLS'] : []),
      ...(options.auth?.length ? [`250-AUTH ${options.auth.join(' ')}`] : []), '250 ENHANCEDSTATUSCODES'];
    const handle = (line: string) => {
      const verb = line.split(' ')[0].toUpperCase();
      if (verb === 'EHLO') socket.write(`${ehlo().join('\r\n')}\r\n`);
      else if (verb === 'STARTTLS' && options.tls && !secured) {
        socket.write('220 2.0.0 Ready to start TLS\r\n');
        socket.removeAllListeners('data');
        socket = serverTls(socket, options.tls);
        secured = true;
        listen(socket, handle);
      } else if (verb === 'RCPT') socket.write(`${options.rcptReply ?? '550 5.7.1 Relaying denied'}\r\n`);
      else if (verb === 'QUIT') socket.end('221 2.0.0 Bye\r\n');
      else socket.write('250 2.0.0 Ok\r\n');
    };
    listen(socket, handle);
    socket.write('220 responder.relay365.test ESMTP\r\n');
  };
}

function serverTls(socket: Socket, tls: ServerTls): TLSSocket {
  const legacy = tls.minVersion === 'TLSv1' || tls.minVersion === 'TLSv1.1';
  const secure = new TLSSocket(socket, {
    isServer: true, key: tls.key, cert: tls.cert, minVersion: tls.minVersion, maxVersion: tls.maxVersion,
    ...(legacy ? { ciphers: 'DEFAULT:@SECLEVEL=0' } : {}),
  });
  secure.on('error', () => secure.destroy());
  return secure;
}

function readLines(socket: Socket, fn: (line: string) => void): void {
  let buffer = '';
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    let at: number;
    while ((at = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, at).replace(/\r$/, '');
      buffer = buffer.slice(at + 1);
      fn(line);
    }
  });
}

/** Start a scripted server on an ephemeral loopback port. */
export async function startScriptedSmtp(script: Misbehaviour | Handler): Promise<ScriptedServer> {
  const handler = typeof script === 'string' ? SCRIPTS[script] : script;
  const received: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    handler(socket, (on, fn) => readLines(on, (line) => { received.push(line); fn(line); }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    host: '127.0.0.1', port, received,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A test file's scripted servers and certificates (CN=scripted.relay365.test, and an expired one), cleaned up together. */
export interface ScriptedKit {
  tls: ServerTls;
  expiredTls: ServerTls;
  serve(script: Misbehaviour | Handler): Promise<ScriptedServer>;
  close(): Promise<void>;
}

export async function scriptedKit(name: string): Promise<ScriptedKit> {
  const dir = await mkdtemp(join(tmpdir(), `relay365-${name}-`));
  const load = async (cn: string, expired: boolean): Promise<ServerTls> => {
    const files = await makeSelfSignedCert(dir, cn, expired);
    return { key: await readFile(files.keyFile, 'utf8'), cert: await readFile(files.certFile, 'utf8') };
  };
  const [tls, expiredTls] = await Promise.all([load('scripted.relay365.test', false), load('expired.relay365.test', true)]);
  const servers: ScriptedServer[] = [];
  return {
    tls, expiredTls,
    async serve(script) {
      const server = await startScriptedSmtp(script);
      servers.push(server);
      return server;
    },
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
