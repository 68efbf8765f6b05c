// The SMTP client as an explicit state machine, one method per step, each with its own timeout and timing.
// Written on node:net/tls rather than nodemailer's SMTPConnection: that class runs EHLO/STARTTLS inside connect()
// and MAIL/RCPT/DATA inside send(), so it cannot stop after RCPT or time and classify each step.
import { performance } from 'node:perf_hooks';
import { hostname } from 'node:os';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { diagnoseFailure, diagnoseReply } from './diagnose.js';
import { SmtpError } from './errors.js';
import { formatReply, NO_EXTENSIONS, parseEhlo, replyCode } from './reply.js';
import { credentialSecrets, loginPayloads, plainPayload, xoauth2Error, xoauth2Payload } from './sasl.js';
import { Failure, SocketReader, openSocket, upgradeSocket } from './socket.js';
import { certificateName, describeTls, tlsFacts, untrustedReason } from './tls.js';
import { Transcript } from './transcript.js';
import type { EhloFacts, SessionOptions, SmtpCredentials, SmtpReply, SmtpStep, StepRecord, TlsFacts } from './types.js';

/** Where the dialogue stands; each step names the states it may start from. */
export type SessionState = 'new' | 'resolved' | 'connected' | 'greeted' | 'ready' | 'secured' | 'mail' | 'rcpt' | 'closed';

const DEFAULT_TIMEOUT_MS = 10_000;

export class SmtpSession {
  readonly transcript: Transcript;
  readonly steps: StepRecord[] = [];
  state: SessionState = 'new';
  addresses: string[] = [];
  banner: SmtpReply | null = null;
  ehloFacts: EhloFacts | null = null;
  tls: TlsFacts | null = null;
  private reader: SocketReader | null = null;
  /** The last reply of the step under way, recorded in its StepRecord. */
  private stepReply: SmtpReply | null = null;
  private readonly timeoutMs: number;

  constructor(readonly options: SessionOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.transcript = new Transcript(options.secrets ?? [], options.onTranscript);
  }

  get implicitTls(): boolean {
    return this.options.mode === 'implicit-tls';
  }

  /** TLS is active on the connection (implicit, or after STARTTLS). */
  get encrypted(): boolean { return this.tls !== null && this.state !== 'closed'; }

  async resolve(): Promise<string[]> {
    this.expect('resolve', ['new']);
    const { host } = this.options;
    return this.run('resolve', async () => {
      if (isIP(host)) this.addresses = [host];
      else {
        const lookup = this.options.lookup ?? ((h: string) => dnsLookup(h, { all: true, verbatim: true }));
        const found = await lookup(host).catch((error: NodeJS.ErrnoException) => {
          throw new Failure('dns', error.code ?? error.message, error.code ?? 'dns');
        });
        if (!found.length) throw new Failure('dns', 'no address', 'ENOTFOUND');
        this.addresses = found.map((a) => a.address);
        this.transcript.note(`${host} resolves to ${this.addresses.join(', ')}`);
      }
      this.state = 'resolved';
      return this.addresses;
    });
  }

  /** TCP to the first address that answers; for implicit TLS, the handshake too. */
  async connect(): Promise<void> {
    if (this.state === 'new') await this.resolve();
    this.expect('connect', ['resolved']);
    await this.run('connect', async () => {
      let last: unknown = new Failure('unreachable', 'no address to try');
      for (const address of this.addresses) {
        this.transcript.note(`connecting to ${address}:${this.options.port}${this.implicitTls ? ' (implicit TLS)' : ''}`);
        try {
          const socket = await openSocket(address, this.options);
          this.attach(socket);
          if (this.implicitTls) this.afterHandshake(socket as TLSSocket);
          this.state = 'connected';
          return;
        } catch (error) {
          if (error instanceof Failure && error.kind === 'tls-certificate') throw error;
          last = error;
        }
      }
      throw last;
    });
  }

  /** The 220 greeting. */
  async greeting(): Promise<SmtpReply> {
    this.expect('banner', ['connected']);
    return this.run('banner', async () => {
      const reply = await this.read();
      if (reply.code !== 220) throw this.replyError('banner', reply);
      this.banner = reply;
      this.state = 'greeted';
      return reply;
    });
  }

  /** EHLO, falling back to HELO for servers that do not speak ESMTP. */
  async ehlo(): Promise<EhloFacts> {
    this.expect('ehlo', ['greeted', 'secured', 'ready']);
    return this.run('ehlo', async () => {
      const name = this.options.clientName ?? this.clientName();
      const reply = await this.exchange(`EHLO ${name}`);
      let facts: EhloFacts;
      if (reply.code === 250) facts = parseEhlo(reply);
      else if ([500, 501, 502, 504].includes(reply.code)) {
        const helo = await this.exchange(`HELO ${name}`);
        if (helo.code !== 250) throw this.replyError('ehlo', helo);
        facts = NO_EXTENSIONS;
      } else throw this.replyError('ehlo', reply);
      this.ehloFacts = facts;
      this.state = 'ready';
      return facts;
    });
  }

  /** STARTTLS and the handshake; EHLO must be sent again afterwards. */
  async starttls(): Promise<TlsFacts> {
    this.expect('starttls', ['ready']);
    return this.run('starttls', async () => {
      const reply = await this.exchange('STARTTLS');
      if (reply.code !== 220) throw this.replyError('starttls', reply);
      // bytes already queued behind the 220 would be read as if they came over TLS (CVE-2011-0411 style injection)
      if (this.reader!.pending) throw new Failure('protocol', 'sent data after its 220 to STARTTLS; refusing to continue');
      const plain = this.reader!.release();
      const secure = await upgradeSocket(plain, this.options);
      this.attach(secure);
      this.ehloFacts = null;
      this.state = 'secured';
      return this.afterHandshake(secure);
    });
  }

  async auth(credentials: SmtpCredentials): Promise<SmtpReply> {
    this.expect('auth', ['ready']);
    for (const secret of credentialSecrets(credentials)) this.transcript.addSecret(secret);
    return this.run('auth', async () => {
      const { mechanism, user } = credentials;
      let reply: SmtpReply;
      if (mechanism === 'PLAIN') reply = await this.exchange(`AUTH PLAIN ${plainPayload(user, credentials.password ?? '')}`, 'AUTH PLAIN ***');
      else if (mechanism === 'LOGIN') {
        const [u, p] = loginPayloads(user, credentials.password ?? '');
        reply = await this.exchange('AUTH LOGIN');
        if (reply.code === 334) reply = await this.exchange(u, '***');
        if (reply.code === 334) reply = await this.exchange(p, '***');
      } else {
        reply = await this.exchange(`AUTH XOAUTH2 ${xoauth2Payload(user, credentials.accessToken ?? '')}`, 'AUTH XOAUTH2 ***');
        if (reply.code === 334) {
          const detail = xoauth2Error(reply.lines[0] ?? '');
          reply = await this.exchange('', '(empty line: end of XOAUTH2 exchange)');
          if (reply.code !== 235) throw this.replyError('auth', reply, detail ? `token rejected (${detail})` : undefined);
        }
      }
      if (reply.code !== 235) throw this.replyError('auth', reply);
      return reply;
    });
  }

  async mailFrom(address: string, size?: number): Promise<SmtpReply> {
    this.expect('mail', ['ready']);
    const sizeParam = size !== undefined && this.ehloFacts?.size !== null && this.ehloFacts?.size !== undefined ? ` SIZE=${size}` : '';
    return this.simple('mail', `MAIL FROM:<${address}>${sizeParam}`, [250], 'mail');
  }

  async rcptTo(address: string): Promise<SmtpReply> {
    this.expect('rcpt', ['mail', 'rcpt']);
    return this.simple('rcpt', `RCPT TO:<${address}>`, [250, 251], 'rcpt');
  }

  async rset(): Promise<SmtpReply> {
    this.expect('rset', ['ready', 'mail', 'rcpt']);
    return this.simple('rset', 'RSET', [250], 'ready');
  }

  /** DATA: only when the caller means to send. The body is not recorded in the transcript. */
  async data(message: string | Buffer): Promise<SmtpReply> {
    this.expect('data', ['rcpt']);
    return this.run('data', async () => {
      const go = await this.exchange('DATA');
      if (go.code !== 354) throw this.replyError('data', go);
      const body = dotStuff(typeof message === 'string' ? message : message.toString('utf8'));
      this.transcript.client(`[message: ${Buffer.byteLength(body)} bytes, not recorded]`);
      const reply = await this.exchange(`${body}\r\n.`, '.');
      if (reply.code !== 250) throw this.replyError('data', reply);
      this.state = 'ready';
      return reply;
    });
  }

  /** QUIT and close. Never throws: a server that hangs up first has still ended the session. */
  async quit(): Promise<void> {
    if (this.state === 'closed' || !this.reader) return this.close();
    await this.simple('quit', 'QUIT', [221], 'closed').catch(() => undefined); // recorded in steps; it ends either way
    this.close();
  }

  close(): void {
    this.reader?.destroy();
    this.reader = null;
    this.state = 'closed';
  }

  private async simple(step: SmtpStep, line: string, accept: number[], next: SessionState): Promise<SmtpReply> {
    return this.run(step, async () => {
      const reply = await this.exchange(line);
      if (!accept.includes(reply.code)) throw this.replyError(step, reply);
      this.state = next;
      return reply;
    });
  }

  private async exchange(line: string, logged = line): Promise<SmtpReply> {
    this.transcript.client(logged);
    this.reader!.write(`${line}\r\n`);
    return this.read();
  }

  private async read(): Promise<SmtpReply> {
    this.stepReply = await this.reader!.next();
    return this.stepReply;
  }

  private attach(socket: Socket | TLSSocket): void {
    this.reader = new SocketReader(socket, this.transcript);
  }

  private afterHandshake(socket: TLSSocket): TlsFacts {
    const name = certificateName(this.options.host, this.options.tls);
    const facts = tlsFacts(socket, name);
    this.tls = facts;
    this.transcript.note(describeTls(facts));
    const reason = untrustedReason(facts, name);
    if (reason && this.options.tls?.rejectUnauthorized !== false) throw new Failure('tls-certificate', reason);
    return facts;
  }

  /** This host's name when it is a FQDN, else an address literal (servers may refuse a bare name). */
  private clientName(): string {
    const own = hostname();
    const local = this.reader?.localAddress ?? '127.0.0.1';
    return own.includes('.') ? own : isIP(local) === 6 ? `[IPv6:${local}]` : `[${local}]`;
  }

  private expect(step: SmtpStep, states: SessionState[]): void {
    if (!states.includes(this.state)) throw new Error(`SMTP session: cannot ${step} in state '${this.state}' (needs ${states.join(' or ')})`);
  }

  private replyError(step: SmtpStep, reply: SmtpReply, detail?: string): SmtpError {
    const d = diagnoseReply(reply, step);
    return new SmtpError('reply', step, detail ? `${d.diagnosis}: ${detail}` : d.diagnosis, d.hint, d.transient, reply, replyCode(reply));
  }

  /** Run one step under its own timeout; record its timing and outcome; turn every failure into an SmtpError. */
  private async run<T>(step: SmtpStep, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    this.stepReply = null;
    let timer: NodeJS.Timeout | undefined;
    const attempt = work();
    attempt.catch(() => undefined); // a step that loses the race to its timeout still settles later
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Failure('timeout', `no answer within ${this.timeoutMs} ms`, 'timeout')), this.timeoutMs);
    });
    try {
      const result = await Promise.race([attempt, timeout]);
      this.record(step, started, true, this.stepReply);
      return result;
    } catch (error) {
      const failure = this.classify(step, error);
      this.record(step, started, false, failure.reply ?? null, failure.code);
      this.transcript.note(`${step} failed: ${failure.diagnosis}`);
      if (failure.kind !== 'reply') this.close();
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }

  private classify(step: SmtpStep, error: unknown): SmtpError {
    if (error instanceof SmtpError) return error;
    const failure = error instanceof Failure ? error : new Failure('protocol', `failed unexpectedly (${(error as Error)?.message ?? String(error)})`);
    const { host, port } = this.options;
    const d = diagnoseFailure(failure.kind, step, this.transcript.scrub(failure.detail), { host, port, timeoutMs: this.timeoutMs, implicitTls: this.implicitTls });
    return new SmtpError(failure.kind, step, d.diagnosis, d.hint, d.transient, null, failure.code ?? failure.kind);
  }

  private record(step: SmtpStep, started: number, ok: boolean, reply: SmtpReply | null, code: string | null = null): void {
    const text = reply ? this.transcript.scrub(formatReply(reply)) : null;
    this.steps.push({ step, ms: Math.round(performance.now() - started), ok, reply: text, code: code ?? (reply ? replyCode(reply) : null) });
  }
}

/** CRLF line ends and a leading dot doubled (RFC 5321 §4.5.2). */
export function dotStuff(message: string): string {
  return message.replace(/\r?\n/g, '\r\n').replace(/\r\n$/, '').split('\r\n').map((l) => (l.startsWith('.') ? `.${l}` : l)).join('\r\n');
}
