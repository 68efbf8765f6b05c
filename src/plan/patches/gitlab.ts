// gitlab.rb: GitLab has a built-in Microsoft Graph mailer (gitlab_rails['microsoft_graph_mailer_*']); SMTP is
// switched off and its password line removed. The client secret is read from the environment at reconfigure.
import { CLOUDS } from '../../m365/endpoints.js';
import { graphData } from './common.js';
import { removeKey, setKey, type KeyStyle } from './kv.js';
import { fromLines, toLines } from './lines.js';
import type { PatchInput, PatchResult, Patcher } from './types.js';

const RB: KeyStyle = {
  line: (key) => new RegExp(`^\\s*(gitlab_rails\\[['"]${key}['"]\\])\\s*=`),
  render: (key, value) => `${key.startsWith('gitlab_rails') ? key : `gitlab_rails['${key}']`} = ${value}`,
};

const rb = (s: string) => `"${s.replace(/["\\#]/g, (c) => `\\${c}`)}"`;

export const gitlabPatcher: Patcher = {
  format: 'gitlab',
  patch(input: PatchInput): PatchResult | null {
    const { target, settings, tenant } = input;
    if (!input.content) return null;
    const t = toLines(input.content);
    if (target === 'graph') {
      const g = graphData(tenant, settings.mailbox);
      const cloud = CLOUDS[tenant.cloud];
      removeKey(t, RB, 'smtp_password');
      setKey(t, RB, 'smtp_enable', 'false');
      const values: [string, string][] = [
        ['microsoft_graph_mailer_enabled', 'true'], ['microsoft_graph_mailer_user_id', rb(g.mailbox)], ['microsoft_graph_mailer_tenant', rb(g.tenantId)],
        ['microsoft_graph_mailer_client_id', rb(g.clientId)], ['microsoft_graph_mailer_client_secret', `ENV[${rb(g.secretEnv)}]`],
        ['microsoft_graph_mailer_azure_ad_endpoint', rb(cloud.authority)], ['microsoft_graph_mailer_graph_endpoint', rb(cloud.graph)],
      ];
      for (const [key, value] of values) setKey(t, RB, key, value);
      if (settings.from) setKey(t, RB, 'gitlab_email_from', rb(settings.from));
      return { text: fromLines(t), instructions: `Run \`${g.secretEnv}=… gitlab-ctl reconfigure\` with the secret from your vault (GitLab copies it into its own config), then send a test mail from the admin area.` };
    }
    if (!settings.host) return null;
    setKey(t, RB, 'smtp_enable', 'true');
    setKey(t, RB, 'smtp_address', rb(settings.host));
    setKey(t, RB, 'smtp_port', String(settings.port ?? 25));
    if (settings.auth === 'none' || settings.auth === 'ip') {
      for (const key of ['smtp_user_name', 'smtp_password']) removeKey(t, RB, key);
      setKey(t, RB, 'smtp_authentication', 'false');
    }
    setKey(t, RB, 'smtp_enable_starttls_auto', settings.security === 'starttls' ? 'true' : 'false');
    setKey(t, RB, 'smtp_tls', 'false');
    return { text: fromLines(t) };
  },
};
