// Django settings.py: Graph through a small email backend (relay365_graph.GraphEmailBackend); the password
// setting goes. Port-25 targets: EMAIL_HOST/PORT/USE_TLS rewritten, credentials removed.
import { graphData } from './common.js';
import { commentKey, removeKey, setKey, type KeyStyle } from './kv.js';
import { fromLines, toLines } from './lines.js';
import { renderTemplate } from './render.js';
import type { PatchInput, PatchResult, Patcher } from './types.js';

const PY: KeyStyle = { line: (key) => new RegExp(`^(${key})\\s*=`), render: (key, value) => `${key} = ${value}` };

export const djangoPatcher: Patcher = {
  format: 'django',
  patch(input: PatchInput): PatchResult | null {
    const { target, settings, tenant } = input;
    if (!input.content) return null;
    const t = toLines(input.content);
    const g = graphData(tenant, settings.mailbox);
    if (target === 'graph') {
      removeKey(t, PY, 'EMAIL_HOST_PASSWORD');
      for (const key of ['EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'EMAIL_HOST_USER', 'EMAIL_TIMEOUT']) commentKey(t, PY, key);
      setKey(t, PY, 'EMAIL_BACKEND', '"relay365_graph.GraphEmailBackend"');
      if (settings.from) setKey(t, PY, 'DEFAULT_FROM_EMAIL', JSON.stringify(settings.from));
      return {
        text: fromLines(t),
        files: [{ path: 'relay365_graph.py', content: renderTemplate('patches/relay365_graph.py', g), why: 'the Graph email backend (standard library only), importable from the project' }],
        instructions: `Put relay365_graph.py on the Python path, and set AZURE_TENANT_ID, AZURE_CLIENT_ID and ${g.secretEnv} in the service environment.`,
      };
    }
    if (!settings.host) return null;
    setKey(t, PY, 'EMAIL_HOST', JSON.stringify(settings.host));
    setKey(t, PY, 'EMAIL_PORT', String(settings.port ?? 25));
    setKey(t, PY, 'EMAIL_USE_TLS', settings.security === 'starttls' ? 'True' : 'False');
    removeKey(t, PY, 'EMAIL_USE_SSL');
    if (settings.auth === 'none' || settings.auth === 'ip') { removeKey(t, PY, 'EMAIL_HOST_USER'); removeKey(t, PY, 'EMAIL_HOST_PASSWORD'); }
    else if (settings.username) setKey(t, PY, 'EMAIL_HOST_USER', JSON.stringify(settings.username));
    return { text: fromLines(t) };
  },
};
