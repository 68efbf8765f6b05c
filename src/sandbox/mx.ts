// The MX endpoint, like <tenant>.mail.protection.outlook.com:25: Direct Send to accepted domains, relay to
// the outside only for OnPremises connectors (IP or certificate), and RejectDirectSend.
import { BlockList, isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { ConnectorSettings } from './config.js';
import { findMailbox, isAcceptedDomain, type Directory } from './directory.js';
import { readMessage, stamp } from './message.js';
import { createSmtpServer, recordTls, sessionOf, smtpError, type SmtpService } from './smtp.js';
import type { MailboxStore } from './store.js';

export interface MxOptions {
  service: SmtpService;
  directory: Directory;
  store: MailboxStore;
  key: string;
  cert: string;
  ca: string;                     // client certificates signed by it can match certificate connectors
}

function connectorByIp(connectors: ConnectorSettings[], ip: string): ConnectorSettings | null {
  const plain = ip.replace(/^::ffff:/, '');
  for (const connector of connectors) {
    const list = new BlockList();
    for (const range of connector.ips) {
      const [net, bits] = range.split('/');
      const type = isIP(net) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) list.addAddress(net, type);
      else list.addSubnet(net, Number(bits), type);
    }
    if (list.check(plain, isIP(plain) === 6 ? 'ipv6' : 'ipv4')) return connector;
  }
  return null;
}

/** Names a verified client certificate carries (CN and DNS SANs). */
function certificateNames(socket: TLSSocket): string[] {
  if (!socket.authorized) return [];
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.subject) return [];
  const sans = (cert.subjectaltname ?? '').split(/,\s*/).filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4));
  return [String(cert.subject.CN ?? ''), ...sans].filter(Boolean).map((n) => n.toLowerCase());
}

function nameMatches(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase();
  return p.startsWith('*.') ? name.endsWith(p.slice(1)) && !name.slice(0, -p.length + 1).includes('.') : name === p;
}

export function createMxServer(options: MxOptions): SMTPServer {
  const { service, directory, store } = options;
  const host = service.name;
  const connectorOf = new Map<string, ConnectorSettings>();

  async function accept(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const state = sessionOf(service, session);
    const raw = await readMessage(stream);
    if (stream.sizeExceeded) throw smtpError('message-too-large', {}, host);
    const stamped = stamp(raw, session, host, session.secure ? 'ESMTPS' : 'ESMTP');
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const [stored] = await store.deliver(stamped, { via: 'mx', envelopeFrom, recipients: session.envelope.rcptTo.map((r) => r.address) });
    state.messages++;
    const reply = `2.6.0 ${stored?.messageId ?? ''} [InternalId=${stored?.id ?? session.id}, Hostname=${host}] Queued mail for delivery`;
    state.reply = `250 ${reply}`;
    return reply;
  }

  return createSmtpServer(service, {
    key: options.key, cert: options.cert, ca: options.ca, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2',
    disabledCommands: ['AUTH'], authOptional: true, size: directory.settings.limits.maxMessageBytes,
    onConnect(session, callback) {
      const connector = connectorByIp(directory.settings.connectors, session.remoteAddress);
      if (connector) {
        connectorOf.set(session.id, connector);
        sessionOf(service, session).connector = connector.name;
      }
      callback();
    },
    onSecure(socket, session, callback) {
      const state = sessionOf(service, session);
      recordTls(state, socket);
      const names = certificateNames(socket as TLSSocket);
      const connector = directory.settings.connectors.find((c) => c.certificateName && names.some((n) => nameMatches(c.certificateName!, n)));
      if (connector && !connectorOf.has(session.id)) {
        connectorOf.set(session.id, connector);
        state.connector = connector.name;
      }
      callback();
    },
    onMailFrom(address, session, callback) {
      sessionOf(service, session).mailFrom = address.address.toLowerCase();
      callback();
    },
    onRcptTo(address, session, callback) {
      const state = sessionOf(service, session);
      const rcpt = address.address.toLowerCase();
      const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      const connector = connectorOf.get(session.id) ?? null;
      if (session.envelope.rcptTo.length >= directory.settings.limits.maxRecipients) return callback(smtpError('too-many-recipients', {}, host));
      if (isAcceptedDomain(directory, rcpt)) {
        if (!findMailbox(directory, rcpt)) return callback(smtpError('recipient-not-found', {}, host));
        // RejectDirectSend: anonymous mail with an accepted P1 MAIL FROM domain needs a connector
        if (directory.settings.rejectDirectSend && !connector && sender && isAcceptedDomain(directory, sender)) return callback(smtpError('direct-send-rejected', {}, host));
      } else {
        if (!connector) return callback(smtpError('relay-denied', {}, host));
        const certDomainAccepted = connector.certificateName ? isAcceptedDomain(directory, `x@${connector.certificateName.replace(/^\*\./, '')}`) : false;
        if (!(sender && isAcceptedDomain(directory, sender)) && !certDomainAccepted) return callback(smtpError('unregistered-domain', {}, host));
      }
      state.rcptTo.push(rcpt);
      callback();
    },
    onData(stream, session, callback) {
      void accept(stream, session).then((reply) => callback(null, reply), (error: Error) => callback(error));
    },
  }, (state) => { if (state.sessionId) connectorOf.delete(state.sessionId); });
}
