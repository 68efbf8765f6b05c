// Spring Boot application.properties: Graph through GraphMailSender (java.net.http); spring.mail.* goes, the
// password first. Port-25 targets: host/port set, SMTP auth off, STARTTLS on. YAML files use the generic patcher.
import { graphData } from './common.js';
import { genericPatcher } from './generic.js';
import { commentKey, removeKey, setKey, type KeyStyle } from './kv.js';
import { fromLines, toLines } from './lines.js';
import { renderTemplate } from './render.js';
import type { PatchInput, PatchResult, Patcher } from './types.js';

const PROPS: KeyStyle = { line: (key) => new RegExp(`^\\s*(${key.replace(/\./g, '\\.')})\\s*[=:]`), render: (key, value) => `${key}=${value}` };

export const springPatcher: Patcher = {
  format: 'spring',
  patch(input: PatchInput): PatchResult | null {
    const { target, settings, tenant, finding } = input;
    if (!input.content || !/\.properties$/i.test(finding.path)) return genericPatcher.patch(input);
    const t = toLines(input.content);
    if (target === 'graph') {
      removeKey(t, PROPS, 'spring.mail.password');
      for (const key of ['spring.mail.host', 'spring.mail.port', 'spring.mail.username', 'spring.mail.protocol']) commentKey(t, PROPS, key);
      setKey(t, PROPS, 'relay365.graph.mailbox', settings.mailbox ?? '');
      return {
        text: fromLines(t),
        files: [{ path: 'GraphMailSender.java', content: renderTemplate('patches/GraphMailSender.java', graphData(tenant, settings.mailbox)), why: 'sends the MimeMessage through Microsoft Graph instead of JavaMailSender' }],
        instructions: 'Replace JavaMailSender.send(message) with GraphMailSender.sendMime(bytes of message.writeTo), and set AZURE_CLIENT_SECRET in the service environment.',
      };
    }
    if (!settings.host) return null;
    setKey(t, PROPS, 'spring.mail.host', settings.host);
    setKey(t, PROPS, 'spring.mail.port', String(settings.port ?? 25));
    const noAuth = settings.auth === 'none' || settings.auth === 'ip';
    if (noAuth) { removeKey(t, PROPS, 'spring.mail.username'); removeKey(t, PROPS, 'spring.mail.password'); }
    setKey(t, PROPS, 'spring.mail.properties.mail.smtp.auth', noAuth ? 'false' : 'true');
    setKey(t, PROPS, 'spring.mail.properties.mail.smtp.starttls.enable', settings.security === 'starttls' ? 'true' : 'false');
    return { text: fromLines(t) };
  },
};
