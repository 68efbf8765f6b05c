// --confirm: find the test message in the recipient's mailbox through Graph by its X-Relay365-Test-Id, polling
// with backoff inside its own deadline, and report the end-to-end latency.
import { findMessageByTestId } from '../../m365/graph.js';
import { CLOUDS } from '../../m365/endpoints.js';
import { backoffMs } from '../retry.js';
import { READ_ROLES } from './graph.js';
import { failed, pass, skipped, type Check } from './types.js';

export const confirm: Check = {
  id: 'confirm', title: 'Delivered (found by Test-Id)', needs: ['data', 'sendmail'], retry: 'never', appliesTo: () => true,
  async run(ctx) {
    const { path, run } = ctx;
    if (!run.settings.confirm) return skipped('add --confirm (with --send) to find the message in the recipient mailbox');
    if (!ctx.sent) return skipped('nothing was sent on this path, so there is nothing to find');
    if (!path.confirmable) return skipped(`${path.recipient} is outside the tenant: Graph cannot look into its mailbox`);
    const token = await run.tokens.get((CLOUDS[run.tenant.cloud] ?? CLOUDS.global).graphScope);
    if (!token.roles.some((r) => READ_ROLES.includes(r))) {
      return failed('the app has no Mail.Read application role, so the recipient mailbox cannot be searched', 'add Mail.Read (scoped to the test recipient) for --confirm, or verify without it', { code: 'no-role' });
    }
    const client = await run.graph();
    const recipient = path.recipient!;
    const { at, testId } = ctx.sent;
    const until = Math.min(Date.now() + run.settings.confirmTimeoutMs, ctx.deadline);
    for (let poll = 1; ; poll++) {
      const found = await run.graphSlots.use(recipient.toLowerCase(), () => findMessageByTestId(client, recipient, testId));
      if (found) {
        const received = found.receivedDateTime ? Date.parse(found.receivedDateTime) : NaN;
        // the server's receive time when the clocks agree; what we observed otherwise
        const latency = Number.isFinite(received) && received >= at - 5_000 ? Math.max(0, received - at) : Date.now() - at;
        ctx.latencyMs = latency;
        return pass(`found in ${recipient} after ${latency} ms: "${found.subject}"${found.receivedDateTime ? `, received ${found.receivedDateTime}` : ''}`);
      }
      const wait = backoffMs(poll, { baseMs: 1000, capMs: 10_000 });
      if (Date.now() + wait > until) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return failed(`no message with Test-Id ${testId} reached ${recipient} within ${Math.round((until - at) / 1000)} s`,
      'look at the message trace in the Exchange admin center (it may be queued, filtered as spam or quarantined)', { code: 'not-found' });
  },
};
