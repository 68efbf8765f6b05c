// The last resort: cannot do TLS 1.2 or OAuth, and neither Direct Send nor a connector fits. A local relay the
// customer runs (Postfix + sasl-xoauth2) takes plain SMTP on the LAN and submits with OAuth.
import { tlsBelow12 } from '../sender.js';
import { say, type Rule } from './types.js';

const messages = {
  tls: 'Never negotiated TLS 1.2 (best seen: {tls}), which every Microsoft 365 endpoint but port-25 Direct Send requires: send to a local bridge (Postfix + sasl-xoauth2) on the LAN, which submits with OAuth over TLS 1.2.',
  noPath: 'Cannot authenticate with OAuth, {why}: send to a local bridge (Postfix + sasl-xoauth2) that submits with OAuth as one mailbox.',
  fallback: 'A local bridge (Postfix + sasl-xoauth2 on the LAN) could take plain SMTP from it and submit with OAuth as one mailbox: the fallback when nothing else fits.',
};

export const bridge: Rule = {
  id: 'bridge',
  target: 'bridge',
  description: 'none of the above fits: a local relay that submits with OAuth',
  messages,
  appliesTo: () => true,
  decide(s, tenant) {
    if (tlsBelow12(s) && s.recipients !== 'internal') return { target: 'bridge', reason: say(messages.tls, { tls: s.tls.best === 'none' ? 'plaintext only' : `TLS ${s.tls.best}` }) };
    if (tenant.staticIps.length) return { target: 'bridge', reason: messages.fallback };
    const why = tenant.rejectDirectSend === true && s.recipients === 'internal'
      ? 'Reject Direct Send is on and there is no static public IP for a connector'
      : s.recipients === 'unknown' ? 'its recipients are unknown (no logs) and there is no static public IP for a connector'
      : 'it sends to external recipients and there is no static public IP for a connector';
    return { target: 'bridge', reason: say(messages.noPath, { why }) };
  },
};
