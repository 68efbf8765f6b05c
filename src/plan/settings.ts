// The new settings a sender gets for a target: host, port, TLS, auth, mailbox, From — from the cloud's
// endpoints and the tenant file. What cannot be known becomes a TODO, never a guess written as fact.
import { CLOUDS } from '../m365/endpoints.js';
import type { Tenant } from '../m365/tenant.js';
import { domainOf, isConsumerAddress, type Sender } from './sender.js';
import { mxEndpointFor } from './tenant-file.js';
import type { NewSettings, Target } from './types.js';

export interface Mailbox { address: string | null; proposed: boolean }

export interface SettingsResult { settings: NewSettings; todo: string[] }

/** In an accepted domain. Subdomains do not count: Exchange accepts them only when the domain is set up for them. */
export function isAccepted(address: string | null | undefined, tenant: Tenant): boolean {
  const d = domainOf(address);
  return d !== null && tenant.acceptedDomains.includes(d);
}

/** The tenant MX endpoint: from tenant.yaml, else derived from the first accepted domain. */
export function mxEndpointOf(tenant: Tenant): string | null {
  if (tenant.mxEndpoint) return tenant.mxEndpoint;
  return tenant.acceptedDomains[0] ? mxEndpointFor(tenant.acceptedDomains[0], tenant.cloud) : null;
}

/** The mailbox a sender authenticates as: its own if in an accepted domain, else one proposed in the first accepted domain. */
export function chooseMailbox(sender: Sender, tenant: Tenant): Mailbox {
  const candidates = [sender.auth.username, ...sender.from].filter((a): a is string => Boolean(a && a.includes('@')));
  const own = candidates.find((a) => isAccepted(a, tenant) && !isConsumerAddress(a));
  if (own) return { address: own.toLowerCase(), proposed: false };
  if (!tenant.acceptedDomains.length) return { address: null, proposed: false };
  const local = (candidates[0]?.split('@')[0] ?? sender.machine ?? 'relay365-sender').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'relay365-sender';
  return { address: `${local}@${tenant.acceptedDomains[0]}`, proposed: true };
}

/** The From address after the move: the sender's own when accepted, else the mailbox. */
function fromFor(sender: Sender, tenant: Tenant, mailbox: Mailbox): string | null {
  return sender.from.find((f) => isAccepted(f, tenant)) ?? mailbox.address;
}

export function settingsFor(target: Target, sender: Sender, tenant: Tenant): SettingsResult {
  const cloud = CLOUDS[tenant.cloud];
  const mailbox = chooseMailbox(sender, tenant);
  const from = fromFor(sender, tenant, mailbox);
  const todo: string[] = [];
  if (!mailbox.address) todo.push(`${sender.name}: pick the mailbox it sends as (no accepted domains in tenant.yaml)`);
  else if (mailbox.proposed && ['graph', 'smtp-oauth', 'smtp-basic', 'bridge'].includes(target)) todo.push(`${sender.name}: create or confirm the mailbox ${mailbox.address} (proposed; its current account is not in an accepted domain)`);
  const mx = mxEndpointOf(tenant);
  switch (target) {
    case 'graph':
      return { settings: { host: new URL(cloud.graph).host, port: 443, security: 'tls', auth: 'oauth2', username: null, from, scope: cloud.graphScope, mailbox: mailbox.address }, todo };
    case 'smtp-oauth':
      return { settings: { host: cloud.submission, port: 587, security: 'starttls', auth: 'oauth2', username: mailbox.address, from, scope: cloud.smtpScope }, todo };
    case 'smtp-basic':
      return { settings: { host: cloud.submission, port: 587, security: 'starttls', auth: 'password', username: mailbox.address, from }, todo };
    case 'direct-send':
    case 'connector-relay':
      if (!mx) todo.push(`${sender.name}: the tenant MX endpoint (mxEndpoint in tenant.yaml, e.g. contoso-com.${cloud.mxSuffix})`);
      return { settings: { host: mx, port: 25, security: 'starttls', auth: target === 'direct-send' ? 'none' : 'ip', username: null, from }, todo };
    case 'hve': {
      const account = tenant.acceptedDomains[0] ? `hve-${(sender.machine ?? mailbox.address?.split('@')[0] ?? 'sender').replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}@${tenant.acceptedDomains[0]}` : null;
      // HVE accounts sign in with their own password (Basic until Sept 2028): the OAuth grant for HVE is not documented in our facts.
      return { settings: { host: cloud.hve, port: 587, security: 'starttls', auth: 'password', username: account, from: account }, todo };
    }
    case 'acs':
      if (!tenant.acsSmtpUsername) todo.push(`${sender.name}: create the ACS Email resource, verify the sending domain and an SMTP Username, then set acsSmtpUsername in tenant.yaml (or settings.username here)`);
      return { settings: { host: cloud.acs, port: 587, security: 'starttls', auth: 'password', username: tenant.acsSmtpUsername, from }, todo };
    case 'bridge':
      todo.push(`${sender.name}: name the bridge host (a Linux machine on the LAN running Postfix + sasl-xoauth2) in override.settings.host`);
      return { settings: { host: null, port: 25, security: 'none', auth: 'none', username: null, from, mailbox: mailbox.address }, todo };
  }
}
