// The High Volume Email endpoint, like smtp.hve.mx.microsoft:587 (microsoft-365-facts.md §5): STARTTLS with
// TLS 1.2+, HVE accounts only — their own password (Basic is kept for HVE until September 2028, whatever the
// tenant's SMTP AUTH settings) or an XOAUTH2 token — internal recipients only (550 5.5.105), From the account.
import type { SMTPServer, SMTPServerAuthentication, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { ROLES, type HveAccountSettings } from './config.js';
import { findApp, isAcceptedDomain, secretMatches, type Directory } from './directory.js';
import { addressesIn, headerValue, splitMessage } from './mime.js';
import { readMessage, stamp } from './message.js';
import { createSmtpServer, deliverAccepted, exchangeOnSecure, sessionOf, smtpError, type SmtpSession } from './smtp.js';
import type { SubmissionOptions } from './submission.js';
import { EXCHANGE_RESOURCE } from './token.js';


/** [3P] limits (microsoft-365-facts.md §5): up to 50 recipients per message, 10 MB per message. */
export const HVE_LIMITS = { maxRecipients: 50, maxMessageBytes: 10 * 1024 * 1024 };

export function findHveAccount(directory: Directory, address: string): HveAccountSettings | null {
  const key = address.toLowerCase();
  return directory.settings.hveAccounts.find((a) => a.address === key) ?? null;
}

export function createHveServer(options: SubmissionOptions): SMTPServer {
  const { service, directory, tokens, store } = options;
  const host = service.name;
  const accounts = new Map<string, HveAccountSettings>(); // session id → the signed-in HVE account

  function refuse(state: SmtpSession, outcome: SmtpSession['authOutcome']) {
    state.authOutcome = outcome;
    return smtpError('auth-failed', {}, host);
  }

  function signIn(auth: SMTPServerAuthentication, state: SmtpSession): HveAccountSettings | Error {
    const account = findHveAccount(directory, auth.username ?? '');
    if (auth.method !== 'XOAUTH2') return account && secretMatches(account.password, auth.password ?? '') ? account : refuse(state, 'failed');
    const check = tokens.verify(auth.accessToken ?? '', EXCHANGE_RESOURCE);
    if (!check.ok || !check.claims.roles.includes(ROLES.smtp)) return refuse(state, 'bad-token');
    const app = findApp(directory, check.claims.appid);
    if (!app || !account || !(app.mailboxes.includes('*') || app.mailboxes.includes(account.address))) return refuse(state, 'bad-token');
    state.app = app;
    return account;
  }

  async function accept(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const state = sessionOf(service, session);
    const raw = await readMessage(stream);
    const account = accounts.get(session.id)!;
    if (stream.sizeExceeded) throw smtpError('message-too-large', {}, host);
    const { headers } = splitMessage(raw);
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    // an HVE account sends as itself: it has no Send As rights to grant
    const denied = [...addressesIn(headerValue(headers, 'from')), ...(envelopeFrom ? [envelopeFrom] : [])].find((from) => from.toLowerCase() !== account.address);
    if (denied) throw smtpError('send-as-denied', { auth: account.address, from: denied }, host);
    const stamped = stamp(raw, session, host, state.app ? 'ESMTPSA (XOAUTH2)' : 'ESMTPSA');
    return deliverAccepted(store, state, host, stamped, { via: 'hve', envelopeFrom, recipients: session.envelope.rcptTo.map((r) => r.address) });
  }

  return createSmtpServer(service, {
    key: options.key, cert: options.cert, authMethods: ['LOGIN', 'XOAUTH2', 'PLAIN'], authOptional: true, allowInsecureAuth: false,
    // old TLS is let in so it can be told why it is refused (421 4.7.66), as on smtp.office365.com
    minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0', size: Math.min(HVE_LIMITS.maxMessageBytes, directory.settings.limits.maxMessageBytes),
    onSecure: exchangeOnSecure(service),
    onAuth(auth, session, callback) {
      const state = sessionOf(service, session);
      state.user = auth.username ?? null;
      const result = signIn(auth, state);
      if (result instanceof Error) return callback(result);
      state.authOutcome = 'ok';
      state.basicAuth = auth.method !== 'XOAUTH2';
      accounts.set(session.id, result);
      callback(null, { user: result.address });
    },
    onMailFrom(address, session, callback) {
      sessionOf(service, session).mailFrom = address.address.toLowerCase();
      callback(accounts.has(session.id) ? undefined : smtpError('not-authenticated', {}, host));
    },
    onRcptTo(address, session, callback) {
      const state = sessionOf(service, session);
      const rcpt = address.address.toLowerCase();
      if (session.envelope.rcptTo.length >= HVE_LIMITS.maxRecipients) return callback(smtpError('too-many-recipients', {}, host));
      if (!isAcceptedDomain(directory, rcpt)) return callback(smtpError('hve-external', {}, host));
      state.rcptTo.push(rcpt);
      callback();
    },
    onData(stream, session, callback) {
      void accept(stream, session).then((reply) => callback(null, reply), (error: Error) => callback(error));
    },
  }, (state) => { if (state.sessionId) accounts.delete(state.sessionId); });
}
