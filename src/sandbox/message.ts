// A message arriving over SMTP: read the DATA stream (bounded), stamp a Received header like Exchange does.
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

/** The whole message; past the size limit smtp-server sets `sizeExceeded` and the rest is drained, not kept. */
export async function readMessage(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    if (!stream.sizeExceeded) chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function receivedHeader(session: SMTPServerSession, host: string, protocol: string): string {
  const tls = session.tlsOptions ? ` (version=${session.tlsOptions.version ?? session.tlsOptions.standardName}, cipher=${session.tlsOptions.name})` : '';
  const from = `${session.hostNameAppearsAs || 'unknown'} (${session.clientHostname})`;
  return `Received: from ${from} by ${host}${tls} with ${protocol} id ${session.id}; ${new Date().toUTCString()}\r\n`;
}

/** The headers Exchange adds on the way in: Received always, Message-ID when the client sent none. */
export function stamp(raw: Buffer, session: SMTPServerSession, host: string, protocol: string): Buffer {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const hasId = /^message-id:/im.test(end >= 0 ? head.slice(0, end) : head);
  const id = hasId ? '' : `Message-ID: <${session.id}.${session.transaction}.${Date.now().toString(36)}@${host}>\r\n`;
  return Buffer.concat([Buffer.from(receivedHeader(session, host, protocol) + id), raw]);
}
