// HTTPS to Microsoft (or the sandbox standing in for it) trusting the public roots plus an extra CA.
import { Agent } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';

/**
 * An agent trusting the public roots and `extraCaPems`, with one TLS context for all its requests: a `ca` option
 * per request makes Node parse ~140 root certificates each time.
 */
export function agentTrusting(extraCaPems: string[]): Agent {
  return new Agent({ secureContext: createSecureContext({ ca: [...rootCertificates, ...extraCaPems] }) });
}
