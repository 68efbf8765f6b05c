// Whatever a check throws becomes a result: SMTP, token and Graph errors keep their reply and catalogue diagnosis;
// anything else is a crash of relay365 itself — a failed result with the reason, never an aborted run.
import { diagnoseGraphError } from '../../m365/graph.js';
import { TokenError } from '../../m365/token.js';
import { isSmtpError } from '../../smtp/index.js';
import { retryAfterMs } from '../retry.js';
import { CheckFailure, type CheckOutcome } from './types.js';

/** A check that ran out of time (the step's own timeout, or the guard around a whole check). */
export class StepTimeout extends Error {
  override name = 'StepTimeout';
}

export function outcomeOfError(error: unknown, scrub: (text: string) => string): CheckOutcome {
  if (error instanceof CheckFailure) return error.outcome;
  if (isSmtpError(error)) {
    return { status: 'fail', reply: error.replyText ? scrub(error.replyText) : null, code: error.code, diagnosis: scrub(error.diagnosis), hint: error.hint, transient: error.transient };
  }
  if (error instanceof TokenError) {
    const d = error.diagnosis;
    return { status: 'fail', reply: scrub(error.message).slice(0, 300), code: error.code, diagnosis: d.cause, hint: d.fix, transient: d.transient };
  }
  if (error instanceof StepTimeout) {
    return { status: 'fail', reply: null, code: 'timeout', diagnosis: scrub(error.message), hint: 'the server or the network stopped answering; a longer --timeout may help', transient: true };
  }
  const graph = error as { statusCode?: number; message?: string; headers?: Headers };
  if (typeof graph?.statusCode === 'number' && graph.statusCode > 0) {
    const d = diagnoseGraphError(error);
    return {
      status: 'fail', reply: scrub(`${d.status} ${graph.message ?? ''}`.trim()).slice(0, 300), code: d.code, diagnosis: d.cause, hint: d.fix,
      transient: d.transient, retryAfterMs: retryAfterMs(graph.headers?.get?.('retry-after')),
    };
  }
  const message = scrub(error instanceof Error ? error.message : String(error));
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|certificate|self[- ]signed/i.test(message)) {
    const d = diagnoseGraphError(error);
    return { status: 'fail', reply: message.slice(0, 300), code: d.code, diagnosis: d.cause, hint: d.fix, transient: d.transient };
  }
  return { status: 'fail', reply: message.slice(0, 300), code: 'crash', diagnosis: `relay365 failed inside this check: ${message}`, hint: 'a relay365 bug: please report it with the audit log (it holds no secrets)', transient: false };
}
