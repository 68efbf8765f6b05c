// The submission endpoint, like smtp.office365.com:587: STARTTLS with TLS 1.2+, AUTH LOGIN/PLAIN answered
// by the tenant's Basic-auth policy, XOAUTH2 with the sandbox's tokens, Send As, and per-mailbox limits.
import type { SMTPServer, SMTPServerAuthentication, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { secretMatches, findApp, findMailbox, appMayUse, maySendAs, type Directory, type Mailbox } from './directory.js';
import { ROLES } from './config.js';
import { addressesIn, headerValue, splitMessage } from './mime.js';
import { CarryOver, ConcurrencyTracker, SlidingWindow } from './limits.js';
import { createSmtpServer, deliverAccepted, exchangeOnSecure, sessionOf, smtpError, type SmtpService, type SmtpSession } from './smtp.js';
import type { MailboxStore } from './store.js';
import { EXCHANGE_RESOURCE, type TokenService } from './token.js';
import { readMessage, stamp } from './message.js';

/** Also the High Volume Email endpoint's (hve.ts). */
export interface SubmissionOptions {
  service: SmtpService;
  directory: Directory;
  tokens: TokenService;
  store: MailboxStore;
  key: string;
  cert: string;
}

// which catalogue replies count as "Basic auth is off" for the fitness record
const BASIC_REFUSALS = new Set(['basic-auth-disabled', 'basic-auth-retired', 'security-defaults', 'conditional-access']);

/** SMTP AUTH switched off for this mailbox, directly or through the organisation (Set-CASMailbox overrides). */
function smtpAuthOff(directory: Directory, mailbox: Mailbox): 'smtp-auth-disabled-mailbox' | 'smtp-auth-disabled-tenant' | null {
  if (mailbox.smtpAuthDisabled === true) return 'smtp-auth-disabled-mailbox';
  if (mailbox.smtpAuthDisabled === null && directory.settings.smtpAuthDisabled) return 'smtp-auth-disabled-tenant';
  return null;
}

export function createSubmissionServer(options: SubmissionOptions): SMTPServer {
  const { service, directory, tokens, store } = options;
  const { limits } = directory.settings;
  const host = service.name;
  const concurrency = new ConcurrencyTracker();
  const recipientsPerDay = new SlidingWindow(24 * 60 * 60 * 1000);
  const rate = new CarryOver();

  function refuse(state: SmtpSession, id: string, outcome: SmtpSession['authOutcome'], vars: Record<string, string> = {}) {
    state.authOutcome = outcome;
    return smtpError(id, vars, host);
  }

  function basic(auth: SMTPServerAuthentication, state: SmtpSession): Mailbox | Error {
    const policy = directory.settings.securityDefaults ? 'security-defaults' : directory.settings.conditionalAccess ? 'conditional-access'
      : directory.settings.basicAuth === 'retired' ? 'basic-auth-retired' : directory.settings.basicAuth === 'off' ? 'basic-auth-disabled' : null;
    if (policy) return refuse(state, policy, BASIC_REFUSALS.has(policy) ? 'basic-disabled' : 'failed');
    const mailbox = findMailbox(directory, auth.username ?? '');
    if (!mailbox) return refuse(state, 'auth-failed', 'failed');
    const off = smtpAuthOff(directory, mailbox);
    if (off) return refuse(state, off, 'failed');
    return secretMatches(mailbox.password, auth.password ?? '') ? mailbox : refuse(state, 'auth-failed', 'failed');
  }

  function oauth(auth: SMTPServerAuthentication, state: SmtpSession): Mailbox | Error {
    const check = tokens.verify(auth.accessToken ?? '', EXCHANGE_RESOURCE);
    if (!check.ok || !check.claims.roles.includes(ROLES.smtp)) return refuse(state, 'auth-failed', 'bad-token');
    const app = findApp(directory, check.claims.appid);
    const mailbox = findMailbox(directory, auth.username ?? '');
    if (!app || !mailbox || !appMayUse(app, mailbox)) return refuse(state, 'auth-failed', 'bad-token');
    const off = smtpAuthOff(directory, mailbox);
    if (off) return refuse(state, off, 'failed');
    state.app = app;
    return mailbox;
  }

  const server = createSmtpServer(service, {
    key: options.key, cert: options.cert, authMethods: ['LOGIN', 'XOAUTH2', 'PLAIN'], authOptional: true, allowInsecureAuth: false,
    // old TLS is let in so it can be told why it is refused (421 4.7.66), as Exchange does
    minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0', size: limits.maxMessageBytes,
    onSecure: exchangeOnSecure(service),
    onAuth(auth, session, callback) {
      const state = sessionOf(service, session);
      const result = auth.method === 'XOAUTH2' ? oauth(auth, state) : basic(auth, state);
      state.user = auth.username ?? null;
      if (result instanceof Error) return callback(result);
      state.authOutcome = 'ok';
      state.mailbox = result;
      state.basicAuth = auth.method !== 'XOAUTH2';
      concurrency.enter(result.address, session.id);
      callback(null, { user: result.address });
    },
    onMailFrom(address, session, callback) {
      const state = sessionOf(service, session);
      state.mailFrom = address.address.toLowerCase();
      if (!state.mailbox) return callback(smtpError('not-authenticated', {}, host));
      if (concurrency.rank(state.mailbox.address, session.id) >= limits.concurrentConnections) return callback(smtpError('concurrency-limit', {}, host));
      callback();
    },
    onRcptTo(address, session, callback) {
      const state = sessionOf(service, session);
      if (session.envelope.rcptTo.length >= limits.maxRecipients) return callback(smtpError('too-many-recipients', {}, host));
      state.rcptTo.push(address.address.toLowerCase());
      callback();
    },
    onData(stream, session, callback) {
      void accept(stream, session).then((reply) => callback(null, reply), (error: Error) => callback(error));
    },
  }, (state) => {
    if (state.mailbox && state.sessionId) concurrency.leave(state.mailbox.address, state.sessionId);
  });

  async function accept(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const state = sessionOf(service, session);
    const raw = await readMessage(stream);
    const mailbox = state.mailbox!;
    if (stream.sizeExceeded) throw smtpError('message-too-large', {}, host);
    const { headers } = splitMessage(raw);
    const grants = state.basicAuth ? mailbox.sendAs : state.app?.sendAs ?? [];
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const senders = [...addressesIn(headerValue(headers, 'from')), ...(envelopeFrom ? [envelopeFrom] : [])];
    const denied = senders.find((from) => !maySendAs(mailbox, from, grants));
    if (denied) throw smtpError('send-as-denied', { auth: mailbox.address, from: denied }, host);
    const recipients = session.envelope.rcptTo.map((r) => r.address);
    if (recipientsPerDay.total(mailbox.address) + recipients.length > limits.recipientsPerDay) throw smtpError('submission-quota', {}, host);
    recipientsPerDay.add(mailbox.address, recipients.length);
    const availableAt = rate.schedule(mailbox.address, limits.messagesPerMinute);
    if (availableAt > Date.now()) state.throttled = true;
    const stamped = stamp(raw, session, host, state.basicAuth ? 'ESMTPSA' : 'ESMTPSA (XOAUTH2)');
    return deliverAccepted(store, state, host, stamped, { via: 'submission', envelopeFrom, recipients, sentBy: mailbox.address, availableAt: new Date(availableAt) });
  }

  return server;
}
