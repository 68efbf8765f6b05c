// The app token and what it carries (SMTP XOAUTH2 and Graph paths), and the Graph path itself: the mailbox,
// then sendMail with --send. Tokens come from MSAL Node client credentials (certificate or secret).
import { replyEntry } from '../../m365/replies.js';
import type { ItemContext } from '../context.js';
import { sendOnce } from '../send.js';
import { failed, pass, skipped, type Check } from './types.js';

export const READ_ROLES = ['Mail.Read', 'Mail.ReadBasic', 'Mail.ReadWrite', 'Mail.ReadBasic.All'];
const ROLE = { smtp: 'SMTP.SendAsApp', graph: 'Mail.Send' } as const;

function resourceOf(scope: string): string {
  return scope.replace(/\/\.default$/, '').replace(/\/$/, '');
}

export const token: Check = {
  id: 'token', title: 'App token (MSAL)', needs: [], retry: 'step',
  appliesTo: (path) => path.kind === 'graph' || path.auth === 'xoauth2',
  async run(ctx) {
    ctx.token = await ctx.run.tokens.get(ctx.path.scope);
    const t = ctx.token;
    const expires = t.expiresOn ? `, expires ${t.expiresOn.toISOString()}` : '';
    return pass(`token for ${ctx.path.scope} (${t.credential})${expires}`);
  },
};

export const roles: Check = {
  id: 'roles', title: 'Roles in the token', needs: ['token'], retry: 'never',
  appliesTo: (path) => path.kind === 'graph' || path.auth === 'xoauth2',
  async run(ctx) {
    const t = ctx.token!;
    const kind = ctx.path.kind === 'graph' ? 'graph' : 'smtp';
    const reply = `roles: ${t.roles.length ? t.roles.join(', ') : '(none)'}; audience ${t.audience ?? '?'}`;
    if (!t.roles.includes(ROLE[kind])) {
      if (kind === 'graph') {
        const entry = replyEntry('graph-access-denied');
        return failed(`the token has no ${ROLE.graph} application role: ${entry.cause}`, entry.fix, { reply, code: 'no-role' });
      }
      return failed(`the token has no ${ROLE.smtp} application role: Exchange will refuse XOAUTH2 with 535 5.7.3`,
        'add the Office 365 Exchange Online application permission SMTP.SendAsApp and grant admin consent; then New-ServicePrincipal and Add-MailboxPermission -AccessRights FullAccess', { reply, code: 'no-role' });
    }
    const resource = resourceOf(ctx.path.scope);
    if (t.audience && resourceOf(t.audience) !== resource && !/^[0-9a-f-]{36}$/i.test(t.audience)) {
      return { status: 'warn', reply, diagnosis: `the token is for ${t.audience}, not ${resource}`, hint: `request the token with scope ${ctx.path.scope}` };
    }
    return pass(reply);
  },
};

export const mailbox: Check = {
  id: 'mailbox', title: 'Mailbox through Graph', needs: ['roles'], retry: 'step',
  appliesTo: (path) => path.kind === 'graph',
  async run(ctx) {
    const { path, run } = ctx;
    if (!ctx.token!.roles.some((r) => READ_ROLES.includes(r))) {
      return skipped('the app holds Mail.Send only (least privilege): the mailbox is proven by sendMail with --send');
    }
    const client = await run.graph();
    const mailboxId = path.mailbox!;
    await run.graphSlots.use(mailboxId.toLowerCase(), () => client.api(`/users/${encodeURIComponent(mailboxId)}/messages`).top(1).select(['id']).get());
    return pass(`200 OK: /users/${mailboxId} is a mailbox this app may use`);
  },
};

export const sendmail: Check = {
  id: 'sendmail', title: 'sendMail (test message)', needs: ['roles', 'mailbox'], retry: 'step',
  appliesTo: (path) => path.kind === 'graph',
  async run(ctx: ItemContext) {
    if (!ctx.run.settings.send) return skipped('not sent (add --send to deliver a test message)');
    return sendOnce(ctx);
  },
};

export const GRAPH_CHECKS: Check[] = [mailbox, sendmail];
export const TOKEN_CHECKS: Check[] = [token, roles];
