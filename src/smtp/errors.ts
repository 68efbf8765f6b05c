// The one error a session step throws: what failed, at which step, why, and what the server said.
import { formatReply } from './reply.js';
import type { SmtpFailureKind, SmtpReply, SmtpStep } from './types.js';

export class SmtpError extends Error {
  override name = 'SmtpError';
  constructor(
    readonly kind: SmtpFailureKind,
    readonly step: SmtpStep,
    /** One line a human can act on. */
    readonly diagnosis: string,
    readonly hint: string | null,
    readonly transient: boolean,
    /** The reply that failed the step (kind 'reply'). */
    readonly reply: SmtpReply | null = null,
    /** 'ECONNREFUSED', 'timeout', '554 5.7.1'. */
    readonly code: string | null = null,
  ) {
    super(reply ? `${step}: ${formatReply(reply)} — ${diagnosis}` : `${step}: ${diagnosis}`);
  }

  /** '550 5.7.1 …' for a reply, otherwise the diagnosis. */
  get replyText(): string | null {
    return this.reply ? formatReply(this.reply) : null;
  }
}

export function isSmtpError(error: unknown): error is SmtpError {
  return error instanceof SmtpError;
}

/** Which failure kind a socket-level error code means during connect. */
export function kindOfSocketError(code: string | undefined): 'refused' | 'unreachable' | 'dns' {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_NODATA' || code === 'EAI_FAIL') return 'dns';
  return 'unreachable';
}
