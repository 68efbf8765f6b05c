// A client known only from a relay's logs keeps sending through that relay; the relay's own item moves it.
import type { Rule } from './types.js';
import { say } from './types.js';

const messages = {
  keep: 'Seen only in the logs of {relay}, which this plan moves to {target}: the device keeps sending to {relay} and needs no change; move it directly only when {relay} is to be retired.',
};

export const behindRelay: Rule = {
  id: 'behind-relay',
  target: 'connector-relay',
  description: 'a log client of a relay that stays: it follows the relay',
  messages,
  appliesTo: (s) => s.via !== null && !s.findings.length && !s.manual,
  decide(s) {
    if (!s.via?.target || s.via.target === 'direct-send') return null;
    return { target: s.via.target, reason: say(messages.keep, { relay: s.via.name, target: s.via.target }) };
  },
};
