// Pieces several patchers share: the token endpoint, the token helper script, the bridge config.
import { CLOUDS } from '../../m365/endpoints.js';
import type { Tenant } from '../../m365/tenant.js';
import { renderTemplate } from './render.js';
import { todo, type PatchFile } from './types.js';

export const TOKEN_HELPER = '/usr/local/bin/relay365-oauth-token';
export const SECRET_FILE = '/etc/relay365/client-secret';

export function tokenEndpoint(tenant: Tenant): string {
  return `${CLOUDS[tenant.cloud].authority}/${tenant.tenantId ?? todo('tenant id')}/oauth2/v2.0/token`;
}

export function clientId(tenant: Tenant): string {
  return tenant.app.clientId ?? todo('app client id');
}

/** The script msmtp (or any `passwordeval`-style client) runs to get an app-only token. */
export function tokenHelper(tenant: Tenant, scope: string): PatchFile {
  return {
    path: TOKEN_HELPER,
    content: renderTemplate('patches/oauth-token.sh', {
      scope, clientId: clientId(tenant), tokenEndpoint: tokenEndpoint(tenant), secretEnv: tenant.app.secretEnv ?? 'AZURE_CLIENT_SECRET', secretFile: SECRET_FILE,
    }),
    why: `prints an app-only token (chmod 755); put the client secret in ${SECRET_FILE} (chmod 600) or the environment`,
  };
}

export function saslXoauth2Conf(tenant: Tenant): PatchFile {
  return {
    path: '/etc/sasl-xoauth2.conf',
    content: renderTemplate('patches/sasl-xoauth2.conf', { clientId: clientId(tenant), tokenEndpoint: tokenEndpoint(tenant) }),
    why: 'sasl-xoauth2 settings: the app registration (public client, delegated SMTP.Send) and the tenant token endpoint',
  };
}

export function tokenFileFor(mailbox: string): string {
  return `/etc/tokens/${mailbox}`;
}

export function describeSecurity(security: string): string {
  return security === 'starttls' ? 'STARTTLS (TLS 1.2 or later)' : security === 'tls' ? 'TLS (implicit)' : security === 'none' ? 'none' : 'STARTTLS if offered';
}

/** What the Graph helper templates need: tenant, app, mailbox and the cloud's endpoints (no secret). */
export function graphData(tenant: Tenant, mailbox: string | null | undefined): Record<string, string> {
  const cloud = CLOUDS[tenant.cloud];
  return {
    tenantId: tenant.tenantId ?? todo('tenant id'), clientId: clientId(tenant), secretEnv: tenant.app.secretEnv ?? 'AZURE_CLIENT_SECRET',
    mailbox: mailbox ?? todo('mailbox'), authority: cloud.authority, graph: cloud.graph, scope: cloud.graphScope,
  };
}

/** The bridge a device sends to: Postfix + sasl-xoauth2 on a LAN host, submitting as one mailbox with OAuth. */
export function bridgeFiles(tenant: Tenant, mailbox: string | null, bridgeHost: string | null, clientIps: string[]): PatchFile[] {
  const box = mailbox ?? todo('mailbox');
  return [
    {
      path: '/etc/postfix/main.cf',
      content: renderTemplate('patches/bridge-main.cf', { mailbox: box, bridgeHost: bridgeHost ?? todo('bridge host'), clientIps: clientIps.length ? clientIps : [todo('device IP')], host: CLOUDS[tenant.cloud].submission }),
      why: 'on the bridge host: add to main.cf (plain SMTP in from the devices, OAuth out)',
    },
    {
      path: '/etc/postfix/sasl_passwd',
      content: renderTemplate('patches/postfix-sasl_passwd', { host: CLOUDS[tenant.cloud].submission, port: 587, mailbox: box, tokenFile: tokenFileFor(box), mapPath: '/etc/postfix/sasl_passwd' }),
      why: 'on the bridge host: the token file sasl-xoauth2 signs in with',
    },
    saslXoauth2Conf(tenant),
  ];
}
