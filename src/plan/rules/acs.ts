// Bulk or transactional mail to external recipients: Azure Communication Services Email.
import { CLOUDS } from '../../m365/endpoints.js';
import { describeVolume, LIMITS_TEXT, overMailboxLimits } from './hve.js';
import { say, type Rule } from './types.js';

const messages = {
  bulk: 'Sends {volume}, over the mailbox limits ({limits}), {external} external recipients in the logs: Azure Communication Services Email ({host}:587) is built for bulk and transactional mail to the internet; HVE takes internal recipients only.',
};

export const acs: Rule = {
  id: 'bulk-external',
  target: 'acs',
  description: 'bulk mail with external recipients goes to ACS Email',
  messages,
  appliesTo: overMailboxLimits,
  decide(s, tenant) {
    const host = CLOUDS[tenant.cloud].acs;
    if (!host || (s.recipients !== 'external' && s.recipients !== 'mixed')) return null;
    return { target: 'acs', reason: say(messages.bulk, { volume: describeVolume(s), limits: LIMITS_TEXT, external: s.volume?.externalRecipients, host }) };
  },
};
