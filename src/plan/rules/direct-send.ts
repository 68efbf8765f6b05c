// No authentication possible and only internal recipients: Direct Send to the tenant MX endpoint on port 25.
import { say, type Rule } from './types.js';

const messages = {
  internal: 'Without authentication, and sending only to internal recipients ({internal} in the logs, none external): Direct Send to {mx}:25 needs no mailbox and no password; From must be in an accepted domain.',
};

export const directSend: Rule = {
  id: 'direct-send',
  target: 'direct-send',
  description: 'no OAuth, only internal recipients, Reject Direct Send off: Direct Send',
  messages,
  appliesTo: (s) => s.recipients === 'internal',
  decide(s, tenant) {
    if (tenant.rejectDirectSend === true) return null;
    if (s.kind === 'relay' && tenant.staticIps.length) return null; // a relay with a static IP is better on a connector
    return { target: 'direct-send', reason: say(messages.internal, { internal: s.volume?.internalRecipients, mx: tenant.mxEndpoint ?? 'the tenant MX endpoint' }) };
  },
};
