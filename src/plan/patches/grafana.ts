// grafana.ini [smtp]: Grafana has no OAuth for SMTP, so its targets are port 25 (Direct Send, connector) or a
// bridge. `host` carries host:port; user and password go.
import { removeKey, setKey, SPACED_EQUALS } from './kv.js';
import { fromLines, toLines } from './lines.js';
import type { PatchInput, PatchResult, Patcher } from './types.js';

export const grafanaPatcher: Patcher = {
  format: 'grafana',
  patch(input: PatchInput): PatchResult | null {
    const { settings, target } = input;
    if (!settings.host || target === 'graph' || target === 'smtp-oauth') return null;
    const lines = [`host = ${settings.host}:${settings.port ?? 25}`, `startTLS_policy = ${settings.security === 'starttls' ? 'MandatoryStartTLS' : 'NoStartTLS'}`];
    if (!input.content) return { snippet: `[smtp]\nenabled = true\n${lines.join('\n')}`, instructions: 'Remove user and password from [smtp] (or GF_SMTP_USER / GF_SMTP_PASSWORD).' };
    const t = toLines(input.content);
    setKey(t, SPACED_EQUALS, 'enabled', 'true', 'smtp');
    setKey(t, SPACED_EQUALS, 'host', `${settings.host}:${settings.port ?? 25}`, 'smtp');
    setKey(t, SPACED_EQUALS, 'startTLS_policy', settings.security === 'starttls' ? 'MandatoryStartTLS' : 'NoStartTLS', 'smtp');
    const noAuth = settings.auth === 'none' || settings.auth === 'ip';
    if (noAuth) { removeKey(t, SPACED_EQUALS, 'user', 'smtp'); removeKey(t, SPACED_EQUALS, 'password', 'smtp'); }
    else if (settings.username) setKey(t, SPACED_EQUALS, 'user', settings.username, 'smtp');
    if (settings.from) setKey(t, SPACED_EQUALS, 'from_address', settings.from, 'smtp');
    return { text: fromLines(t), instructions: noAuth ? 'Check GF_SMTP_USER / GF_SMTP_PASSWORD are not set in the service environment either (they override grafana.ini).' : undefined };
  },
};
