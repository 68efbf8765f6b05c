// Bulk to internal recipients: High Volume Email (internal only since June 2025; no per-mailbox limits).
import { CLOUDS } from '../../m365/endpoints.js';
import { LIMITS } from '../facts.js';
import type { Sender } from '../sender.js';
import { plural, say, type Rule } from './types.js';

const messages = {
  bulk: 'Sends {volume}, over the mailbox limits ({limits}), and only to internal recipients: High Volume Email ({host}:587) has no per-mailbox rate limit and takes internal recipients only.',
};

/**
 * Bulk: more recipients a day than one mailbox may send to. A burst over 30 messages a minute alone is not bulk
 * (a scanner emptying its queue): it is a risk for mailbox targets, not a reason for HVE or ACS.
 * A relay is judged by its clients, one by one, not by their sum.
 */
export function overMailboxLimits(s: Sender): boolean {
  return s.kind !== 'relay' && s.volume !== null && s.volume.recipientsPerDay > LIMITS.recipientsPerDay;
}

export function describeVolume(s: Sender): string {
  if (!s.volume) return 'an unknown volume';
  return `up to ${plural(s.volume.recipientsPerDay, 'recipient')} a day and ${plural(s.volume.peakPerMinute, 'message')} a minute`;
}

export const LIMITS_TEXT = `${LIMITS.recipientsPerDay.toLocaleString('en-US')} recipients/day, ${LIMITS.messagesPerMinute} messages/minute`;

export const hve: Rule = {
  id: 'bulk-internal',
  target: 'hve',
  description: 'bulk mail to internal recipients goes to High Volume Email',
  messages,
  appliesTo: overMailboxLimits,
  decide(s, tenant) {
    const host = CLOUDS[tenant.cloud].hve;
    if (!host || s.recipients !== 'internal') return null;
    return { target: 'hve', reason: say(messages.bulk, { volume: describeVolume(s), limits: LIMITS_TEXT, host }) };
  },
};
