// Risks the planner raises, each a small check declared as data (microsoft-365-facts.md §1, §3, §4, §8, §9).
import type { Tenant } from '../m365/tenant.js';
import { BASIC_AUTH_RETIREMENT, HVE_FACTS, LIMITS } from './facts.js';
import { domainOf, isConsumerAddress, tlsBelow12, type Sender } from './sender.js';
import { isAccepted } from './settings.js';
import type { NewSettings, Risk, Target } from './types.js';

export interface RiskContext { sender: Sender; target: Target; settings: NewSettings; tenant: Tenant }

interface RiskCheck {
  code: string;
  check(ctx: RiskContext): Pick<Risk, 'severity' | 'text'> | null;
}

const MAILBOX_TARGETS: Target[] = ['smtp-oauth', 'smtp-basic', 'graph', 'bridge'];
const SMTP_AUTH_TARGETS: Target[] = ['smtp-oauth', 'smtp-basic'];
const TLS_TARGETS: Target[] = ['smtp-oauth', 'smtp-basic', 'hve', 'acs'];

export const RISK_CHECKS: RiskCheck[] = [
  {
    code: 'tls-below-1.2',
    check: ({ sender, target }) => {
      if (!tlsBelow12(sender)) return null;
      const best = sender.tls.best === 'none' ? 'plaintext only' : `TLS ${sender.tls.best}`;
      return TLS_TARGETS.includes(target)
        ? { severity: 'high', text: `Best TLS seen is ${best}; ${target} needs TLS 1.2 or later (smtp.office365.com answers 421 4.7.66). Update the firmware or use a bridge.` }
        : { severity: 'low', text: `Best TLS seen is ${best}: fine for ${target} on port 25 (TLS optional), but the device cannot move to any authenticated endpoint later.` };
    },
  },
  {
    code: 'port-465',
    check: ({ sender }) => (sender.port === 465 || sender.security === 'tls'
      ? { severity: 'high', text: 'Uses port 465 (implicit TLS), which smtp.office365.com does not support: use 587 with STARTTLS (a 465-only device answers "451 5.7.3 STARTTLS is required"; it needs a bridge).' }
      : null),
  },
  {
    code: 'basic-auth-retirement',
    check: ({ sender, target }) => {
      if (target === 'smtp-basic') return { severity: 'high', text: `Stays on Basic SMTP AUTH: disabled by default ${BASIC_AUTH_RETIREMENT.disabledByDefault}, removed on ${BASIC_AUTH_RETIREMENT.finalRemoval} (${BASIC_AUTH_RETIREMENT.source}); then "550 5.7.30 Basic authentication is not supported for Client Submission".` };
      if (sender.auth.method === 'password' && sender.endpointKind === 'm365-submission') return { severity: 'high', text: `Today it uses Basic SMTP AUTH on ${sender.host}: it stops working when Basic auth is disabled by default ${BASIC_AUTH_RETIREMENT.disabledByDefault} (${BASIC_AUTH_RETIREMENT.source}). Move before then.` };
      if (target === 'hve') return { severity: 'low', text: `HVE accepts Basic auth with the HVE account's password only until ${HVE_FACTS.basicAuthUntil}; HVE costs ${HVE_FACTS.price}.` };
      return null;
    },
  },
  {
    code: 'direct-send-external',
    check: ({ sender, target }) => {
      if (target !== 'direct-send') return null;
      if (sender.recipients === 'external' || sender.recipients === 'mixed') return { severity: 'high', text: `Direct Send delivers to the tenant's own mailboxes only; the ${sender.volume?.externalRecipients} external recipients in the logs would not get mail. Use a connector relay.` };
      if (sender.recipients === 'unknown') return { severity: 'medium', text: 'Recipients are unknown (no logs): Direct Send reaches only internal mailboxes. Check before cutover.' };
      return null;
    },
  },
  {
    code: 'reject-direct-send',
    check: ({ target, tenant }) => {
      if (target !== 'direct-send') return null;
      if (tenant.rejectDirectSend === true) return { severity: 'high', text: 'Reject Direct Send is on: this mail is refused with "550 5.7.68 TenantInboundAttribution". Use a connector relay.' };
      if (tenant.rejectDirectSend === null) return { severity: 'low', text: 'Check Reject Direct Send is off (Get-OrganizationConfig | Format-List RejectDirectSend); turning it on later breaks this sender.' };
      return null;
    },
  },
  {
    code: 'volume-recipients',
    check: ({ sender, target }) => (MAILBOX_TARGETS.includes(target) && sender.volume && sender.volume.recipientsPerDay > LIMITS.recipientsPerDay
      ? { severity: 'high', text: `Up to ${sender.volume.recipientsPerDay.toLocaleString('en-US')} recipients a day through one mailbox: over the 10,000 recipients/day limit (then "5.2.2 Submission quota exceeded"). Split mailboxes, or use HVE (internal) / ACS (external).` }
      : null),
  },
  {
    code: 'volume-rate',
    check: ({ sender, target }) => (MAILBOX_TARGETS.includes(target) && sender.volume && sender.volume.peakPerMinute > LIMITS.messagesPerMinute
      ? { severity: target === 'graph' ? 'medium' : 'high', text: `Peaks at ${sender.volume.peakPerMinute} messages a minute: over the 30 messages/minute limit per mailbox${target === 'graph' ? ' (Graph queues and throttles with 429)' : ' (SMTP client submission rejects the excess)'}.` }
      : null),
  },
  {
    code: 'from-outside-accepted',
    check: ({ sender, target, tenant }) => {
      if (!tenant.acceptedDomains.length || target === 'acs') return null;
      const outside = sender.from.filter((f) => !isAccepted(f, tenant));
      if (!outside.length) return null;
      const why = target === 'direct-send' || target === 'connector-relay'
        ? 'relay and Direct Send need the P1 MAIL FROM in an accepted domain ("5.7.750 Client blocked from sending from unregistered domain")'
        : 'a mailbox can only send as addresses of the tenant';
      const fix = sender.kind === 'relay' ? 'Rewrite it on the relay (Postfix: smtp_generic_maps or sender_canonical_maps), or add the domain to the tenant' : 'Change the From, or add the domain to the tenant';
      return { severity: 'high', text: `From outside the accepted domains (${tenant.acceptedDomains.join(', ')}): ${outside.slice(0, 5).join(', ')}${outside.length > 5 ? ` and ${outside.length - 5} more` : ''}; ${why}. ${fix}.` };
    },
  },
  {
    code: 'acs-mail-from',
    check: ({ sender, target, tenant }) => {
      if (target !== 'acs') return null;
      if (!tenant.acsSenders.length) return { severity: 'medium', text: `ACS sends only From the MailFrom addresses configured on its verified domains: add ${sender.from.slice(0, 3).join(', ') || 'the From address'} there (or list them as acsSenders in tenant.yaml so the plan can check).` };
      const missing = sender.from.filter((f) => !tenant.acsSenders.includes(f.toLowerCase()));
      return missing.length
        ? { severity: 'high', text: `From ${missing.slice(0, 5).join(', ')} is not a MailFrom address of the ACS domains (${tenant.acsSenders.slice(0, 5).join(', ')}): ACS refuses it. Add it as a MailFrom address, or change the From.` }
        : null;
    },
  },
  {
    code: 'several-from',
    check: ({ sender, target, tenant, settings }) => {
      if (!MAILBOX_TARGETS.includes(target)) return null;
      const mailbox = (settings.mailbox ?? settings.username ?? '').toLowerCase();
      const others = sender.from.filter((f) => f.toLowerCase() !== mailbox && (isAccepted(f, tenant) || !tenant.acceptedDomains.length));
      return others.length
        ? { severity: 'medium', text: `Sends as ${others.length + 1} From addresses through one mailbox: grant Send As on ${others.slice(0, 5).join(', ')} (Add-RecipientPermission, in the setup script), or mail fails with "5.7.60" / "554 5.2.252 SendAsDenied".` }
        : null;
    },
  },
  {
    code: 'consumer-account',
    // A relay's clients' From addresses are covered by from-outside-accepted; here only the account it signs in with.
    check: ({ sender }) => (sender.endpointKind === 'windows-live' || sender.endpointKind === 'outlook-consumer' || isConsumerAddress(sender.auth.username) || (sender.kind !== 'relay' && sender.from.some(isConsumerAddress))
      ? { severity: 'high', text: 'Sends through a personal Outlook.com / Hotmail / Live account: outside the tenant, its password is owned by a person, and consumer Basic auth is going away. Move it to a tenant mailbox.' }
      : null),
  },
  {
    code: 'security-defaults',
    check: ({ target, tenant }) => {
      if (!SMTP_AUTH_TARGETS.includes(target)) return null;
      if (tenant.securityDefaults === true) return { severity: target === 'smtp-basic' ? 'high' : 'medium', text: 'Entra security defaults are on: Basic SMTP AUTH is refused ("535 5.7.139 … security defaults policy") and SMTP AUTH is usually off for the organisation; the setup script enables it for this mailbox only (Set-CASMailbox).' };
      if (tenant.securityDefaults === null) return { severity: 'low', text: 'Unknown whether Entra security defaults are on (set securityDefaults in tenant.yaml): they refuse Basic SMTP AUTH.' };
      return null;
    },
  },
  {
    code: 'smtp-auth-disabled-org',
    check: ({ target, tenant }) => (SMTP_AUTH_TARGETS.includes(target) && tenant.smtpAuthDisabledOrg === true
      ? { severity: 'low', text: 'SMTP AUTH is off for the organisation (Set-TransportConfig): the setup script enables it for this mailbox only, which overrides the org setting.' }
      : null),
  },
  {
    code: 'no-static-ip',
    check: ({ target, tenant }) => (target === 'connector-relay' && !tenant.staticIps.length
      ? { severity: 'high', text: 'A connector relay needs a static public IP (or a certificate) that belongs only to you: none in tenant.yaml (staticIps).' }
      : null),
  },
  {
    code: 'moera-sender',
    check: ({ sender }) => (sender.from.some((f) => /\.onmicrosoft\.(com|us)$/i.test(domainOf(f) ?? '')) && sender.recipients !== 'internal'
      ? { severity: 'medium', text: `Sends from an *.onmicrosoft.com address: such senders may reach only ${LIMITS.moeraExternalPerDay} external recipients a day per organisation ("550 5.7.236"). Use a custom domain.` }
      : null),
  },
  {
    code: 'legacy-endpoint',
    check: ({ sender }) => {
      const host = sender.host ?? '';
      if (/^smtp-legacy\./i.test(host)) return { severity: 'high', text: `Uses ${host}, the opt-in endpoint for TLS 1.0/1.1 clients (AllowLegacyTLSClients): same Basic auth retirement, and not available in GCC High/DoD.` };
      if (/mail\.microsoftonline\.com$/i.test(host)) return { severity: 'medium', text: `Points at ${host}, a BPOS / early Office 365 endpoint that no longer exists: this sender is probably broken or unused. Check before moving it.` };
      return null;
    },
  },
  {
    code: 'refused-by-relay',
    check: ({ sender }) => {
      const denied = sender.logs.reduce((n, l) => n + (l.rejected?.relayDenied ?? 0), 0);
      const authFailed = sender.logs.reduce((n, l) => n + (l.rejected?.authFailed ?? 0), 0);
      if (!denied && !authFailed) return null;
      const delivered = sender.logs.reduce((n, l) => n + l.messages, 0);
      const what = [denied ? `relay denied ${denied} times` : '', authFailed ? `authentication failed ${authFailed} times` : ''].filter(Boolean).join(', ');
      return { severity: delivered ? 'medium' : 'high', text: `The relay refused it (${what})${delivered ? '' : ' and none of its mail got through'}: it is probably misconfigured or broken today. Find its owner before moving it.` };
    },
  },
  {
    code: 'bridge-single-point',
    check: ({ target }) => (target === 'bridge'
      ? { severity: 'medium', text: 'The bridge becomes a relay you run: monitor its queue and keep sasl-xoauth2 and its token file healthy; restrict mynetworks to the devices that need it.' }
      : null),
  },
];

export function risksFor(ctx: RiskContext): Risk[] {
  const risks: Risk[] = [];
  for (const { code, check } of RISK_CHECKS) {
    const hit = check(ctx);
    if (hit) risks.push({ code, ...hit });
  }
  const order = { high: 0, medium: 1, low: 2 } as const;
  return risks.sort((a, b) => order[a.severity] - order[b.severity]);
}

