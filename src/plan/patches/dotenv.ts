// .env files: Laravel (MAIL_*), Symfony (MAILER_DSN), Django (EMAIL_*), Grafana (GF_SMTP_*), generic SMTP_*.
// Graph: Symfony's official microsoft-graph-mailer bridge (MAILER_DSN=microsoftgraph+api://…); the secret is a
// ${VAR} reference to the real environment, never its value. Port-25 targets: host/port set, credentials removed.
import { graphData } from './common.js';
import { EQUALS, removeKey, setKey } from './kv.js';
import { fromLines, toLines, type TextLines } from './lines.js';
import { renderTemplate } from './render.js';
import type { PatchInput, PatchResult, Patcher } from './types.js';

const ROLE_KEYS = {
  host: ['HOST', 'SERVER'], port: ['PORT'], user: ['USERNAME', 'USER', 'HOST_USER'], password: ['PASSWORD', 'PASS', 'HOST_PASSWORD'],
  security: ['ENCRYPTION', 'SCHEME', 'USE_TLS', 'USE_SSL', 'STARTTLS_POLICY'], from: ['FROM_ADDRESS', 'FROM', 'DEFAULT_FROM_EMAIL'],
};

/** The key prefix of the family the finding came from: MAIL_, EMAIL_, GF_SMTP_, SMTP_ …, or MAILER_ for a DSN. */
function familyOf(t: TextLines, input: PatchInput): string {
  const anchor = t.lines[(input.finding.locations?.host?.line ?? input.finding.line ?? 1) - 1] ?? '';
  const key = /^\s*(?:export\s+)?([A-Z0-9_]+)\s*=/.exec(anchor)?.[1] ?? 'MAIL_HOST';
  if (/^MAILER_(DSN|URL)$/.test(key)) return 'MAILER_';
  return /^(.*?)(HOST|SERVER|DSN|URL)$/.exec(key)?.[1] ?? 'MAIL_';
}

function has(t: TextLines, key: string): boolean {
  return t.lines.some((l) => EQUALS.line(key).test(l));
}

export const dotenvPatcher: Patcher = {
  format: 'dotenv',
  patch(input: PatchInput): PatchResult | null {
    const { target, settings, tenant } = input;
    if (!input.content) return null;
    const t = toLines(input.content);
    const family = familyOf(t, input);
    const g = graphData(tenant, settings.mailbox);
    const dsn = `microsoftgraph+api://${g.clientId}:\${${g.secretEnv}}@default?tenantId=${g.tenantId}`;
    if (target === 'graph') {
      if (family === 'MAILER_') {
        setKey(t, EQUALS, 'MAILER_DSN', dsn);
        return { text: fromLines(t), instructions: `composer require symfony/microsoft-graph-mailer symfony/http-client; set ${g.secretEnv} in the server environment (the DSN only references it); the sender address must be ${settings.mailbox ?? 'the scoped mailbox'}.` };
      }
      for (const role of ['host', 'port', 'user', 'password', 'security'] as const) for (const suffix of ROLE_KEYS[role]) removeKey(t, EQUALS, `${family}${suffix}`);
      removeKey(t, EQUALS, `${family}URL`);
      setKey(t, EQUALS, `${family}MAILER`, 'microsoft-graph');
      if (settings.from) setKey(t, EQUALS, `${family}FROM_ADDRESS`, settings.from);
      setKey(t, EQUALS, 'AZURE_TENANT_ID', g.tenantId);
      setKey(t, EQUALS, 'AZURE_CLIENT_ID', g.clientId);
      const provider = { path: 'relay365-graph-mailer.php', content: renderTemplate('patches/laravel-graph-provider.php', g), why: 'registers the microsoft-graph mailer (official Symfony bridge) in Laravel' };
      return { text: fromLines(t), files: [provider], instructions: `Register the mailer (see relay365-graph-mailer.php), and set ${g.secretEnv} in the server environment, not in this file.` };
    }
    if (!settings.host) return null;
    if (family === 'MAILER_') {
      const scheme = settings.security === 'tls' ? 'smtps' : 'smtp';
      const auth = settings.auth === 'password' && settings.username ? `${encodeURIComponent(settings.username)}:\${SMTP_PASSWORD}@` : '';
      setKey(t, EQUALS, 'MAILER_DSN', `${scheme}://${auth}${settings.host}:${settings.port ?? 25}`);
      return { text: fromLines(t) };
    }
    setKey(t, EQUALS, `${family}${has(t, `${family}SERVER`) ? 'SERVER' : 'HOST'}`, settings.host);
    setKey(t, EQUALS, `${family}PORT`, String(settings.port ?? 25));
    const noAuth = settings.auth === 'none' || settings.auth === 'ip';
    if (noAuth) for (const suffix of [...ROLE_KEYS.user, ...ROLE_KEYS.password]) removeKey(t, EQUALS, `${family}${suffix}`);
    else if (settings.username) setKey(t, EQUALS, `${family}USERNAME`, settings.username);
    if (has(t, `${family}ENCRYPTION`)) setKey(t, EQUALS, `${family}ENCRYPTION`, settings.security === 'starttls' ? 'tls' : 'null');
    if (settings.from && has(t, `${family}FROM_ADDRESS`)) setKey(t, EQUALS, `${family}FROM_ADDRESS`, settings.from);
    return { text: fromLines(t), instructions: noAuth ? 'No password any more: the username and password keys are removed.' : undefined };
  },
};
