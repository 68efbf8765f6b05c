// `probeTarget`: talk to a live relay as a client and record what it does — banner, extensions, STARTTLS and its
// certificate, AUTH before and after TLS, SIZE, and whether it relays for us (MAIL, RCPT, RSET: never DATA).
import { performance } from 'node:perf_hooks';
import { formatReply, isSmtpError, SmtpError, SmtpSession, type LookupAll, type SessionOptions, type TlsFacts } from '../smtp/index.js';
import { findingsFor } from './findings.js';
import { parseTarget, type ProbeTarget } from './target.js';
import type { OtherPortCheck, ProbeResult, StartTlsFacts } from './types.js';

export const DEFAULT_MAIL_FROM = 'relay365-probe@example.org';
/** An RFC 2606 domain: a relay that accepts it would relay anywhere, and nothing is ever sent there. */
export const DEFAULT_RCPT_TO = 'relay365-probe@example.net';
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_OTHER_PORTS: OtherPort[] = [{ port: 465, mode: 'implicit-tls' }, { port: 587, mode: 'plain' }];

export interface OtherPort {
  port: number;
  mode: 'implicit-tls' | 'plain';
}

export interface ProbeOptions {
  /** Per-step timeout in milliseconds. */
  timeoutMs?: number;
  mailFrom?: string;
  rcptTo?: string;
  /** EHLO name. */
  clientName?: string;
  /** Ports checked for an answer on the same host; [] skips the check. */
  otherPorts?: OtherPort[];
  /** The name the certificate should carry, when the target is an address. */
  servername?: string;
  lookup?: LookupAll;
  now?: Date;
  /** Live transcript lines, prefixed by nothing: the caller knows the target. */
  onTranscript?(line: string): void;
}

function emptyTls(): StartTlsFacts {
  return { offered: false, negotiated: false, protocol: null, cipher: null, certSubject: null, certIssuer: null, validTo: null, selfSigned: null, hostnameMatch: null };
}

function applyTls(into: StartTlsFacts, facts: TlsFacts | null): void {
  if (!facts) return;
  Object.assign(into, {
    negotiated: true, protocol: facts.protocol, cipher: facts.cipher, certSubject: facts.certSubject, certIssuer: facts.certIssuer,
    validTo: facts.validTo, selfSigned: facts.selfSigned, hostnameMatch: facts.hostnameMatch,
  });
}

function sessionOptions(target: ProbeTarget, port: number, mode: OtherPort['mode'], options: ProbeOptions): SessionOptions {
  return {
    host: target.host, port, mode, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, clientName: options.clientName, lookup: options.lookup,
    // observe, never trust: old protocols allowed and any certificate accepted, because nothing secret is sent
    tls: { rejectUnauthorized: false, minVersion: 'TLSv1', servername: options.servername },
    onTranscript: options.onTranscript,
  };
}

/** Probe one relay. Never throws for network or protocol trouble: that becomes `error` with a diagnosis. */
export async function probeTarget(target: ProbeTarget | string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const t = typeof target === 'string' ? parseTarget(target) : target;
  const started = performance.now();
  const result: ProbeResult = {
    target: t.target, host: t.host, port: t.port, reachable: false, banner: null, extensions: [], starttls: emptyTls(),
    authBeforeTls: [], authAfterTls: [], maxSize: null, openRelay: null, relayReply: null, ms: 0,
    probedAt: (options.now ?? new Date()).toISOString(), error: null, tlsMode: 'none', relayTest: null,
  };
  const sessions: SmtpSession[] = [];
  const others = (options.otherPorts ?? DEFAULT_OTHER_PORTS).filter((o) => o.port !== t.port);
  const [, otherPorts] = await Promise.all([
    dialogue(t, result, options, sessions).catch((error: unknown) => { result.error = describeError(error); }),
    Promise.all(others.map((o) => checkOtherPort(t, o, options))),
  ]);
  for (const session of sessions) session.close();
  result.transcript = sessions.flatMap((s) => s.transcript.lines);
  result.steps = sessions.flatMap((s) => s.steps.map(({ step, ms, ok, code }) => ({ step, ms, ok, code })));
  if (otherPorts.length) result.otherPorts = otherPorts;
  result.ms = Math.round(performance.now() - started);
  result.findings = findingsFor(result, options.now);
  return result;
}

async function dialogue(t: ProbeTarget, result: ProbeResult, options: ProbeOptions, sessions: SmtpSession[]): Promise<void> {
  const implicit = t.implicitTls;
  let session = new SmtpSession(sessionOptions(t, t.port, implicit ? 'implicit-tls' : 'plain', options));
  sessions.push(session);
  await open(session, result);
  const first = session.ehloFacts!;
  result.extensions = first.extensions;
  result.maxSize = first.size;
  if (implicit) {
    result.tlsMode = 'implicit';
    applyTls(result.starttls, session.tls);
    result.authAfterTls = first.auth;
  } else {
    result.authBeforeTls = first.auth;
    result.starttls.offered = first.starttls;
  }
  if (!implicit && first.starttls) {
    try {
      applyTls(result.starttls, await session.starttls());
      result.tlsMode = 'starttls';
      const second = await session.ehlo();
      result.authAfterTls = second.auth;
      result.maxSize = second.size ?? result.maxSize;
    } catch (error) {
      if (!isSmtpError(error) || error.step !== 'starttls') throw error;
      if (session.tls) applyTls(result.starttls, session.tls);
      result.starttls.negotiated = false;
      result.starttls.error = describeError(error).diagnosis;
      if (error.kind !== 'reply') {
        // the handshake broke the connection: test relaying on a fresh one, in clear text
        session = new SmtpSession(sessionOptions(t, t.port, 'plain', options));
        sessions.push(session);
        session.transcript.note('reconnecting without STARTTLS for the relay test');
        await open(session, result);
      }
    }
  }
  await relayTest(session, result, options);
  await session.quit();
}

/** Connect, greeting, EHLO; the banner is kept even when the server refuses us in it. */
async function open(session: SmtpSession, result: ProbeResult): Promise<void> {
  try {
    await session.connect();
    result.reachable = true;
    result.addresses = session.addresses;
    result.banner = formatReply(await session.greeting());
    await session.ehlo();
  } catch (error) {
    if (isSmtpError(error) && error.step === 'banner' && error.reply) result.banner = formatReply(error.reply);
    if (session.addresses.length) result.addresses = session.addresses;
    throw error;
  }
}

/** MAIL FROM a test address, RCPT TO an outside domain, then RSET. Never DATA, so nothing is ever sent. */
async function relayTest(session: SmtpSession, result: ProbeResult, options: ProbeOptions): Promise<void> {
  const test = { from: options.mailFrom ?? DEFAULT_MAIL_FROM, to: options.rcptTo ?? DEFAULT_RCPT_TO, mailReply: null as string | null };
  result.relayTest = test;
  try {
    test.mailReply = formatReply(await session.mailFrom(test.from));
  } catch (error) {
    if (!isSmtpError(error) || error.kind !== 'reply' || !error.reply) throw error;
    test.mailReply = error.replyText;
    result.relayReply = error.replyText;
    // refused before any recipient: closed to us when it wants authentication or TLS, undecided otherwise
    result.openRelay = error.reply.code === 530 || /^5\.7\./.test(error.reply.enhanced ?? '') ? false : null;
    return;
  }
  try {
    const rcpt = await session.rcptTo(test.to);
    result.openRelay = true;
    result.relayReply = formatReply(rcpt);
  } catch (error) {
    if (!isSmtpError(error) || error.kind !== 'reply' || !error.reply) throw error;
    result.relayReply = error.replyText;
    result.openRelay = error.reply.code >= 500 ? false : null; // 4xx (greylisting, busy): not decided
  }
  await session.rset();
}

/** Does this port answer with an SMTP greeting (and, for 465, a TLS handshake)? */
async function checkOtherPort(t: ProbeTarget, other: OtherPort, options: ProbeOptions): Promise<OtherPortCheck> {
  const session = new SmtpSession({ ...sessionOptions(t, other.port, other.mode, options), onTranscript: undefined });
  const check: OtherPortCheck = { port: other.port, mode: other.mode, answers: false, banner: null, starttls: null, tlsProtocol: null, auth: [], failure: null, diagnosis: null };
  try {
    await session.connect();
    check.tlsProtocol = session.tls?.protocol ?? null;
    check.banner = formatReply(await session.greeting());
    check.answers = true;
    const ehlo = await session.ehlo();
    check.starttls = ehlo.starttls;
    check.auth = ehlo.auth;
  } catch (error) {
    const described = describeError(error);
    check.failure = described.kind;
    check.diagnosis = described.diagnosis;
  }
  await session.quit();
  return check;
}

function describeError(error: unknown): NonNullable<ProbeResult['error']> {
  if (error instanceof SmtpError) {
    return { kind: error.kind, step: error.step, diagnosis: error.replyText ? `${error.replyText}: ${error.diagnosis}` : error.diagnosis, hint: error.hint };
  }
  // a bug, not the server: still a result, never an abort of the other probes
  return { kind: 'crash', diagnosis: error instanceof Error ? error.message : String(error), hint: null };
}
