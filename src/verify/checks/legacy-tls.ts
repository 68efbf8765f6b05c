// Rehearse a device that speaks TLS only up to 1.0 or 1.1: STARTTLS capped at its version, then EHLO, to hear what
// the server says to it (smtp.office365.com: 421 4.7.66). nodemailer's SMTPConnection is used because it takes
// any tls.connect option (maxVersion); the shared session always negotiates TLS 1.2 or later, as it should.
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import type { SecureVersion } from 'node:tls';
import type { ItemContext } from '../context.js';
import { connectionOptions, DialogueLog, outcomeOfNodemailerError } from '../nodemailer.js';
import type { LegacyTls } from '../path.js';
import type { CheckOutcome } from './types.js';

const VERSIONS: Record<LegacyTls, SecureVersion> = { '1.0': 'TLSv1', '1.1': 'TLSv1.1' };

/** null: the server took the old TLS and answered EHLO over it; else the failure as the device would meet it. */
export async function rehearseLegacyTls(ctx: ItemContext, version: LegacyTls): Promise<CheckOutcome | null> {
  const log = new DialogueLog((t) => ctx.run.redactor.scrub(t));
  const base = connectionOptions(ctx, log);
  // the certificate is judged by the main STARTTLS; OpenSSL 3 needs security level 0 to speak TLS 1.0 at all
  const connection = new SMTPConnection({ ...base, requireTLS: true, tls: { ...base.tls, minVersion: 'TLSv1', maxVersion: VERSIONS[version], ciphers: 'DEFAULT:@SECLEVEL=0', rejectUnauthorized: false } });
  try {
    await new Promise<void>((resolve, reject) => {
      connection.once('error', reject);
      connection.connect((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    return null;
  } catch (error) {
    const outcome = outcomeOfNodemailerError(error, (t) => ctx.run.redactor.scrub(t));
    const heard = outcome.reply && /^\d{3}/.test(outcome.reply) ? '' : ' (no reply: the handshake itself failed)';
    return { ...outcome, transient: false, diagnosis: `a TLS ${version} client is refused${heard}: ${outcome.diagnosis ?? ''}`.trim() };
  } finally {
    connection.close();
  }
}
