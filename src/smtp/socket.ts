// The wire under a session: open (TCP or implicit TLS), upgrade (STARTTLS), and read replies off a socket.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { kindOfSocketError } from './errors.js';
import { NotSmtpError, ReplyParser } from './reply.js';
import { tlsConnectOptions } from './tls.js';
import type { Transcript } from './transcript.js';
import type { SessionOptions, SmtpFailureKind, SmtpReply } from './types.js';

/** A failure below the reply level; the session turns it into an SmtpError with a diagnosis. */
export class Failure extends Error {
  override name = 'Failure';
  constructor(readonly kind: Exclude<SmtpFailureKind, 'reply'>, readonly detail: string, readonly code: string | null = null) {
    super(detail);
  }
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException)?.code;
}

/** OpenSSL's short reason ('wrong version number') rather than its long error string. */
function tlsDetail(error: unknown): string {
  const e = error as Error & { reason?: string; code?: string };
  return e.reason ?? e.message.replace(/^[0-9A-F]+:error:[0-9A-F]+:SSL routines:[^:]*:/i, '').replace(/:[^:]*\.c:\d+:.*$/, '');
}

/** TCP (or TCP + TLS handshake for implicit TLS) to one address. */
export function openSocket(address: string, options: SessionOptions): Promise<Socket | TLSSocket> {
  const implicit = options.mode === 'implicit-tls';
  return new Promise((resolve, reject) => {
    let tcpUp = false;
    const socket = implicit
      ? tlsConnect({ host: address, port: options.port, ...tlsConnectOptions(options.host, options.tls) })
      : netConnect({ host: address, port: options.port });
    socket.once('connect', () => {
      tcpUp = true;
      if (!implicit) settle();
    });
    if (implicit) socket.once('secureConnect', settle);
    socket.on('error', onError);
    function settle(): void {
      socket.removeListener('error', onError);
      socket.on('error', () => undefined); // until the reader's own handler is attached
      resolve(socket);
    }
    function onError(error: Error): void {
      socket.destroy();
      const code = errnoCode(error);
      if (tcpUp) reject(new Failure('tls-handshake', tlsDetail(error), code ?? 'tls'));
      else reject(new Failure(kindOfSocketError(code), code ?? error.message, code ?? null));
    }
  });
}

/** STARTTLS: the handshake over the connected socket. */
export function upgradeSocket(plain: Socket, options: SessionOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({ socket: plain, ...tlsConnectOptions(options.host, options.tls) });
    const onError = (error: Error) => {
      secure.destroy();
      reject(new Failure('tls-handshake', tlsDetail(error), errnoCode(error) ?? 'tls'));
    };
    secure.on('error', onError);
    secure.once('secureConnect', () => {
      secure.removeListener('error', onError);
      secure.on('error', () => undefined);
      resolve(secure);
    });
  });
}

/** Replies in order as they arrive; a failure (close, reset, garbage) is kept and given to every later read. */
export class SocketReader {
  private readonly parser = new ReplyParser();
  private readonly queue: SmtpReply[] = [];
  private waiter: { resolve(reply: SmtpReply): void; reject(error: Failure): void } | null = null;
  private failure: Failure | null = null;

  constructor(private readonly socket: Socket, private readonly transcript: Transcript) {
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }

  /** Whether anything arrived that no command has read yet. */
  get pending(): boolean {
    return this.queue.length > 0 || this.parser.buffered > 0;
  }

  next(): Promise<SmtpReply> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => { this.waiter = { resolve, reject }; });
  }

  write(text: string): void {
    if (!this.failure) this.socket.write(text);
  }

  /** Hand the raw socket over (for the TLS upgrade); this reader stops listening. */
  release(): Socket {
    this.socket.removeListener('data', this.onData);
    this.socket.removeListener('error', this.onError);
    this.socket.removeListener('close', this.onClose);
    return this.socket;
  }

  destroy(): void {
    this.fail(new Failure('protocol', 'connection closed by the client'));
    this.socket.destroy();
  }

  private readonly onData = (chunk: Buffer): void => {
    let replies: SmtpReply[];
    try {
      replies = this.parser.feed(chunk);
    } catch (error) {
      if (!(error instanceof NotSmtpError)) throw error;
      this.transcript.note(`received: ${error.sample}`);
      this.fail(new Failure('protocol', `sent ${error.message}: '${error.sample}'`, 'not-smtp'));
      this.socket.destroy();
      return;
    }
    for (const reply of replies) {
      this.transcript.server(reply.lines, reply.code);
      if (this.waiter) {
        const { resolve } = this.waiter;
        this.waiter = null;
        resolve(reply);
      } else this.queue.push(reply);
    }
  };

  private readonly onError = (error: Error): void => {
    const code = errnoCode(error);
    this.fail(new Failure('protocol', code === 'ECONNRESET' ? 'reset the connection' : `broke the connection (${code ?? error.message})`, code ?? null));
  };

  private readonly onClose = (): void => {
    this.fail(new Failure('protocol', 'closed the connection', 'closed'));
  };

  private fail(failure: Failure): void {
    this.failure ??= failure;
    if (!this.waiter) return;
    const { reject } = this.waiter;
    this.waiter = null;
    reject(this.failure);
  }
}
