// The Azure Communication Services Email SMTP relay, like smtp.azurecomm.net:587 (microsoft-365-facts.md §6):
// STARTTLS with TLS 1.2 or later, AUTH LOGIN with an SMTP Username (or the older `resource|app id|tenant id`)
// and the linked Entra app's client secret, From a MailFrom address of a linked domain, external recipients
// allowed, 50 recipients and 10 MB per message.
import type { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { findApp, secretMatches, type App, type Directory } from './directory.js';
import { addressesIn, headerValue, splitMessage } from './mime.js';
import { readMessage, stamp } from './message.js';
import { createSmtpServer, deliverAccepted, recordTls, sessionOf, smtpError, type SmtpService, type SmtpSession } from './smtp.js';
import type { MailboxStore } from './store.js';

export interface AcsOptions {
  service: SmtpService;
  directory: Directory;
  store: MailboxStore;
  key: string;
  cert: string;
}

/** microsoft-365-facts.md §6 (service limits): 50 recipients per email, 10 MB per request. */
export const ACS_LIMITS = { maxRecipients: 50, maxMessageBytes: 10 * 1024 * 1024 };

function appNamed(directory: Directory, name: string): App | null {
  const key = name.toLowerCase();
  return findApp(directory, name) ?? directory.apps.find((a) => a.displayName.toLowerCase() === key) ?? null;
}

/**
 * The app an ACS SMTP username stands for: an SMTP Username resource, or the older pipe-delimited
 * `<resource>|<app id>|<tenant id>`, accepted for apps that hold an SMTP Username (the sandbox's stand-in
 * for "has the Communication and Email Service Owner role on the resource").
 */
export function acsApp(directory: Directory, username: string): App | null {
  const { acs } = directory.settings;
  const named = acs.smtpUsernames.find((u) => u.username.toLowerCase() === username.trim().toLowerCase());
  if (named) return appNamed(directory, named.app);
  const parts = username.split('|');
  if (parts.length !== 3 || parts[0].toLowerCase() !== acs.resource.toLowerCase() || parts[2].toLowerCase() !== directory.tenantId.toLowerCase()) return null;
  const app = findApp(directory, parts[1]);
  return app && acs.smtpUsernames.some((u) => appNamed(directory, u.app) === app) ? app : null;
}

export function acsMaySendAs(directory: Directory, address: string): boolean {
  return directory.settings.acs.senders.includes(address.toLowerCase());
}

export function createAcsServer(options: AcsOptions): SMTPServer {
  const { service, directory, store } = options;
  const host = service.name;
  const signedIn = new Map<string, App>(); // session id → the app whose secret signed in

  function refuse(state: SmtpSession) {
    state.authOutcome = 'failed';
    return smtpError('auth-failed', {}, host);
  }

  async function accept(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const state = sessionOf(service, session);
    const raw = await readMessage(stream);
    if (stream.sizeExceeded) throw smtpError('message-too-large', {}, host);
    const { headers } = splitMessage(raw);
    const denied = addressesIn(headerValue(headers, 'from')).find((from) => !acsMaySendAs(directory, from));
    if (denied) throw smtpError('acs-sender-not-allowed', { from: denied }, host);
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const stamped = stamp(raw, session, host, 'ESMTPSA');
    return deliverAccepted(store, state, host, stamped, { via: 'acs', envelopeFrom, recipients: session.envelope.rcptTo.map((r) => r.address) });
  }

  return createSmtpServer(service, {
    // AUTH LOGIN only: clients that try PLAIN are refused ([3P] github.com/QuantumNous/new-api pull 598)
    key: options.key, cert: options.cert, authMethods: ['LOGIN'], authOptional: true, allowInsecureAuth: false,
    minVersion: 'TLSv1.2', size: ACS_LIMITS.maxMessageBytes,
    onSecure(socket, session, callback) {
      recordTls(sessionOf(service, session), socket);
      callback();
    },
    onAuth(auth, session, callback) {
      const state = sessionOf(service, session);
      state.user = auth.username ?? null;
      const app = acsApp(directory, auth.username ?? '');
      if (!app || !secretMatches(app.secret, auth.password ?? '')) return callback(refuse(state));
      state.authOutcome = 'ok';
      state.basicAuth = true;
      state.app = app;
      signedIn.set(session.id, app);
      callback(null, { user: auth.username ?? '' });
    },
    onMailFrom(address, session, callback) {
      const state = sessionOf(service, session);
      state.mailFrom = address.address.toLowerCase();
      if (!signedIn.has(session.id)) return callback(smtpError('not-authenticated', {}, host));
      if (!acsMaySendAs(directory, address.address)) return callback(smtpError('acs-sender-not-allowed', { from: address.address }, host));
      callback();
    },
    onRcptTo(address, session, callback) {
      const state = sessionOf(service, session);
      if (session.envelope.rcptTo.length >= ACS_LIMITS.maxRecipients) return callback(smtpError('too-many-recipients', {}, host));
      state.rcptTo.push(address.address.toLowerCase());
      callback();
    },
    onData(stream, session, callback) {
      void accept(stream, session).then((reply) => callback(null, reply), (error: Error) => callback(error));
    },
  }, (state) => { if (state.sessionId) signedIn.delete(state.sessionId); });
}
