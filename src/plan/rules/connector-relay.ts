// No authentication possible, external (or unknown) recipients, and a static public IP: SMTP relay through an
// OnPremises inbound connector on the MX endpoint. Also the way past Reject Direct Send for internal mail.
import { say, type Rule } from './types.js';

const messages = {
  external: 'Without authentication, and {who}: relay through {mx}:25 with an OnPremises inbound connector for the static IP {ips}; From (P1 MAIL FROM) must be in an accepted domain.',
  rejectDirectSend: 'Without authentication; Reject Direct Send is on, so even internal mail needs an inbound connector: relay through {mx}:25 from the static IP {ips}.',
};

export const connectorRelay: Rule = {
  id: 'connector-relay',
  target: 'connector-relay',
  description: 'no OAuth, external or unknown recipients, a static public IP: connector relay',
  messages,
  appliesTo: () => true,
  decide(s, tenant) {
    if (!tenant.staticIps.length) return null;
    const facts = { mx: tenant.mxEndpoint ?? 'the tenant MX endpoint', ips: tenant.staticIps.join(', ') };
    if (s.recipients === 'internal') return tenant.rejectDirectSend === true ? { target: 'connector-relay', reason: say(messages.rejectDirectSend, facts) } : null;
    const who = s.recipients === 'unknown' ? 'its recipients are not known from logs (assume external)' : `sends to ${s.volume?.externalRecipients ?? 'some'} external recipients`;
    return { target: 'connector-relay', reason: say(messages.external, { ...facts, who }) };
  },
};
