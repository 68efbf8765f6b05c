// Code the customer can change (scripts, in-house apps) sends through Microsoft Graph sendMail, app-only,
// scoped with RBAC for Applications: no SMTP AUTH to keep switched on, no password in the code.
import { profileOf } from '../formats.js';
import { chooseMailbox } from '../settings.js';
import { say, type Rule } from './types.js';

const messages = {
  code: '{system} is code you can change: send through Microsoft Graph sendMail with an app-only token (client credentials), scoped by RBAC for Applications to {mailbox}; no SMTP AUTH, no password in the code. {why}',
  builtIn: '{system} has a built-in Microsoft Graph mailer: configuration only, app-only Mail.Send scoped by RBAC for Applications to {mailbox}. {why}',
};

export const graph: Rule = {
  id: 'code-graph',
  target: 'graph',
  description: 'scripts and apps you can change, and software with a built-in Graph mailer, use Graph sendMail',
  messages,
  appliesTo: (s) => {
    const p = profileOf(s.format);
    return s.format !== null && (p.code || p.graphBuiltIn);
  },
  decide(s, tenant) {
    const p = profileOf(s.format);
    const mailbox = chooseMailbox(s, tenant).address ?? 'its sending mailbox';
    return { target: 'graph', reason: say(p.graphBuiltIn ? messages.builtIn : messages.code, { system: s.system, mailbox, why: p.note }).trim() };
  },
};
