// An in-process sandbox for tests (ephemeral ports, a temp state dir removed on stop), and a tiny SMTP client
// that shows exactly what the server said, line by line (for other engineers' tests too).
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { defaultSettings, finishSettings, type SandboxSettings } from '../../src/sandbox/config.js';
import { startSandbox, type Sandbox, type SandboxInfo } from '../../src/sandbox/server.js';
import type { FitnessRecord } from '../../src/sandbox/types.js';

export interface TestSandbox {
  sandbox: Sandbox;
  info: SandboxInfo;
  stateDir: string;
  sessions: FitnessRecord[];
  /** The fitness record of the session on this client port, once the session has ended (null after `ms`). */
  sessionFor(client: SmtpClient | { localPort?: number }, ms?: number): Promise<FitnessRecord | null>;
  stop(): Promise<void>;
}

/** Start a sandbox with default settings changed by `tune`; stop() ends it and removes its state dir. */
export async function startTestSandbox(tune?: (settings: SandboxSettings) => void, options: { stateDir?: string } = {}): Promise<TestSandbox> {
  const stateDir = options.stateDir ?? await mkdtemp(join(tmpdir(), 'relay365-sandbox-'));
  const settings = defaultSettings();
  tune?.(settings);
  const sessions: FitnessRecord[] = [];
  let waiters: { port: number; done: (record: FitnessRecord) => void }[] = [];
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      stateDir, settings: finishSettings(settings),
      onSession: (record) => {
        sessions.push(record);
        const ready = waiters.filter((w) => w.port === record.clientPort);
        waiters = waiters.filter((w) => w.port !== record.clientPort);
        ready.forEach((w) => w.done(record));
      },
    });
  } catch (error) {
    if (!options.stateDir) await rm(stateDir, { recursive: true, force: true });
    throw error;
  }
  return {
    sandbox, info: sandbox.info, stateDir, sessions,
    sessionFor(client, ms = 5000) {
      const port = client.localPort ?? -1;
      const done = sessions.find((r) => r.clientPort === port);
      if (done) return Promise.resolve(done);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), ms);
        waiters.push({ port, done: (record) => { clearTimeout(timer); resolve(record); } });
      });
    },
    async stop() {
      await sandbox.stop();
      if (!options.stateDir) await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** A line-level SMTP client: every reply comes back whole (multi-line joined with \n), nothing hidden. */
export class SmtpClient {
  greeting = '';
  /** The client side's port: sessionFor() finds this connection's fitness record by it. */
  readonly localPort: number | undefined;
  private buffer = '';
  private lines: string[] = [];
  private waiting: ((reply: string) => void) | null = null;
  private closed = false;

  private constructor(private socket: Socket | TLSSocket) {
    this.localPort = socket.localPort;
    this.listen(socket);
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<SmtpClient> {
    const socket = netConnect(port, host);
    await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
    const client = new SmtpClient(socket);
    client.greeting = await client.read();
    return client;
  }

  /** Open with TLS straight away (implicit TLS, as port-465 clients do). */
  static raw(port: number, host = '127.0.0.1'): Socket {
    return netConnect(port, host);
  }

  private listen(socket: Socket | TLSSocket): void {
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
      let end: number;
      while ((end = this.buffer.indexOf('\r\n')) >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        this.lines.push(line);
        if (/^\d{3}( |$)/.test(line) && this.waiting) {
          const reply = this.lines.splice(0).join('\n');
          const waiting = this.waiting;
          this.waiting = null;
          waiting(reply);
        }
      }
    });
    socket.on('close', () => { this.closed = true; this.waiting?.(this.lines.splice(0).join('\n') || '(connection closed)'); this.waiting = null; });
    socket.on('error', () => undefined);
  }

  read(): Promise<string> {
    if (this.lines.length && /^\d{3}( |$)/.test(this.lines[this.lines.length - 1])) return Promise.resolve(this.lines.splice(0).join('\n'));
    if (this.closed) return Promise.resolve('(connection closed)');
    return new Promise((resolve) => { this.waiting = resolve; });
  }

  command(line: string): Promise<string> {
    const reply = this.read();
    this.socket.write(`${line}\r\n`);
    return reply;
  }

  /** STARTTLS, then the TLS handshake with `tls` options; returns the 220 reply, or throws the handshake error. */
  async starttls(tls: ConnectionOptions = {}): Promise<{ reply: string; socket: TLSSocket }> {
    const reply = await this.command('STARTTLS');
    if (!reply.startsWith('220')) return { reply, socket: this.socket as TLSSocket };
    this.socket.removeAllListeners('data');
    const secure = tlsConnect({ socket: this.socket, servername: 'localhost', ...tls });
    await new Promise<void>((resolve, reject) => { secure.once('secureConnect', resolve); secure.once('error', reject); });
    this.socket = secure;
    this.listen(secure);
    return { reply, socket: secure };
  }

  async close(): Promise<void> {
    if (!this.closed) await this.command('QUIT').catch(() => undefined);
    this.socket.destroy();
  }
}

export function xoauth2(user: string, token: string): string {
  return Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`).toString('base64');
}

/** EHLO, STARTTLS (trusting the sandbox CA), EHLO again: the usual opening of a submission session. */
export async function openSubmission(t: TestSandbox, tls: ConnectionOptions = {}): Promise<SmtpClient> {
  const client = await SmtpClient.connect(t.info.submission.port);
  await client.command('EHLO test.client');
  await client.starttls({ ca: t.sandbox.caPem, ...tls });
  await client.command('EHLO test.client');
  return client;
}

/** MAIL, RCPT…, DATA and the message; returns the replies in order (stops at the first refusal). */
export async function sendMessage(client: SmtpClient, from: string, to: string[], message: string): Promise<string[]> {
  const replies = [await client.command(`MAIL FROM:<${from}>`)];
  if (!replies[0].startsWith('250')) return replies;
  for (const rcpt of to) {
    replies.push(await client.command(`RCPT TO:<${rcpt}>`));
    if (!replies[replies.length - 1].startsWith('250')) return replies;
  }
  replies.push(await client.command('DATA'));
  if (!replies[replies.length - 1].startsWith('354')) return replies;
  replies.push(await client.command(`${message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..')}\r\n.`));
  return replies;
}

export function simpleMessage(from: string, to: string, subject: string, extraHeaders = ''): string {
  return `From: ${from}\nTo: ${to}\nSubject: ${subject}\n${extraHeaders ? `${extraHeaders}\n` : ''}\nHello from a relay365 test.\n`;
}
