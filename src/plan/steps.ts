// The Entra, Exchange, DNS and device steps for one item. Exchange commands come from commands.ts, so the
// per-plan setup script (script.ts) runs exactly what the items say.
import type { Tenant } from '../m365/tenant.js';
import * as cmd from './commands.js';
import { domainOf, type Sender } from './sender.js';
import { isAccepted } from './settings.js';
import type { NewSettings, PlanStep, Target } from './types.js';

/** How a sender gets its OAuth token: app-only (client credentials) or signed in once as the mailbox. */
export function oauthMode(sender: Sender): 'app' | 'delegated' {
  return sender.manual || sender.format === 'postfix' || sender.kind === 'relay' ? 'delegated' : 'app';
}

/** Other From addresses the mailbox must be allowed to send as. */
export function sendAsAddresses(sender: Sender, settings: NewSettings, tenant: Tenant): string[] {
  const mailbox = (settings.mailbox ?? settings.username ?? '').toLowerCase();
  return sender.from.filter((f) => f.toLowerCase() !== mailbox && isAccepted(f, tenant)).map((f) => f.toLowerCase());
}

export function stepsFor(target: Target, sender: Sender, settings: NewSettings, tenant: Tenant): PlanStep[] {
  const mailbox = settings.mailbox ?? settings.username;
  const steps: PlanStep[] = [];
  const app = tenant.app.clientId ? `the app registration ${tenant.app.clientId}` : 'an app registration (TODO: app.clientId in tenant.yaml)';
  const secret = tenant.app.certificatePath ? 'its certificate' : `a client secret kept in the environment variable ${tenant.app.secretEnv ?? 'AZURE_CLIENT_SECRET'} on that machine (never in the config file)`;
  switch (target) {
    case 'graph':
      steps.push({ who: 'entra', text: `Use ${app} with ${secret}. Do not grant it the Microsoft Graph Mail.Send application permission in Entra: that would let it send as every mailbox, and Entra grants add to RBAC scopes instead of narrowing them.` });
      steps.push({ who: 'exchange', text: 'Register the app as a service principal in Exchange Online (once per plan; Object ID of the Enterprise application, not of the App registration).', command: cmd.newServicePrincipal() });
      if (mailbox) {
        steps.push({ who: 'exchange', text: `A management scope that holds only ${mailbox}.`, command: cmd.managementScope(mailbox) });
        steps.push({ who: 'exchange', text: `Let the app send as ${mailbox} through Graph with RBAC for Applications (Application Mail.Send on that scope, not an Application Access Policy).`, command: cmd.mailSendAssignment(mailbox) });
        steps.push({ who: 'exchange', text: 'Check the grant is in scope for that mailbox (InScope = True).', command: cmd.testAuthorization(mailbox) });
      }
      steps.push({ who: 'device', text: `Apply the patch; give the process AZURE_TENANT_ID, AZURE_CLIENT_ID and ${tenant.app.certificatePath ? 'AZURE_CLIENT_CERTIFICATE_PATH' : tenant.app.secretEnv ?? 'AZURE_CLIENT_SECRET'}; send a test message; then remove the old SMTP password from wherever it lived.` });
      break;
    case 'smtp-oauth':
    case 'bridge':
      steps.push(...oauthSteps(sender, settings, tenant, app, secret, target));
      break;
    case 'smtp-basic':
      if (mailbox) steps.push({ who: 'exchange', text: `Keep SMTP AUTH enabled for ${mailbox} (Basic auth: disabled by default at the end of December 2026).`, command: cmd.enableSmtpAuth(mailbox) });
      break;
    case 'direct-send':
      steps.push({ who: 'exchange', text: 'Check Reject Direct Send is off (RejectDirectSend : False); if it is on, this sender needs a connector relay instead.', command: cmd.checkRejectDirectSend() });
      steps.push(...spfSteps(sender, settings, tenant));
      steps.push({ who: 'device', text: `Set SMTP server ${settings.host ?? '(MX endpoint)'} port 25, no authentication, STARTTLS if offered, From ${settings.from ?? 'an address in an accepted domain'}.` });
      break;
    case 'connector-relay':
      if (tenant.staticIps.length) steps.push({ who: 'exchange', text: `Create (once per plan) an OnPremises inbound connector that accepts relay from ${tenant.staticIps.join(', ')}.`, command: cmd.inboundConnector(tenant.staticIps) });
      else steps.push({ who: 'exchange', text: 'Create an OnPremises inbound connector for your static public IP or certificate (TODO: staticIps in tenant.yaml).' });
      steps.push(...spfSteps(sender, settings, tenant));
      steps.push({ who: 'device', text: `Send to ${settings.host ?? '(MX endpoint)'}:25 from the static IP, with the envelope sender (P1 MAIL FROM) in an accepted domain; no authentication.` });
      break;
    case 'hve':
      if (settings.username) steps.push({ who: 'exchange', text: `Create the High Volume Email account ${settings.username} (the password is typed at the prompt, never stored by relay365).`, command: cmd.hveAccount(settings.username) });
      steps.push({ who: 'exchange', text: 'Set up an HVE billing policy in the Microsoft 365 admin center (billed since 2026-06-01), or delivery may be interrupted.' });
      steps.push({ who: 'device', text: `Send to ${settings.host}:587 with STARTTLS as ${settings.username ?? 'the HVE account'}; internal recipients only.` });
      break;
    case 'acs':
      steps.push({ who: 'entra', text: 'Create an Azure Communication Services resource with an Email Communication Service, add and verify the sending domain, and link it.' });
      steps.push({ who: 'entra', text: settings.username
        ? `Give ${app} the "Communication and Email Service Owner" role on the ACS resource; its SMTP Username ${settings.username} signs in with the app's client secret.`
        : `Give ${app} the "Communication and Email Service Owner" role on the ACS resource, and create an SMTP Username for it; the SMTP password is the app's client secret.` });
      steps.push({ who: 'device', text: `Send to ${settings.host}:587 with STARTTLS, username = ${settings.username ?? 'the ACS SMTP Username'}, From ${settings.from ?? 'an address'} (a MailFrom address of the verified domain).` });
      break;
  }
  return steps;
}

function oauthSteps(sender: Sender, settings: NewSettings, tenant: Tenant, app: string, secret: string, target: Target): PlanStep[] {
  const mailbox = settings.mailbox ?? settings.username;
  const steps: PlanStep[] = [];
  const delegated = target === 'bridge' || oauthMode(sender) === 'delegated';
  if (delegated) {
    steps.push({ who: 'entra', text: `In ${app}: add the delegated permission SMTP.Send (Microsoft Graph), grant admin consent, and allow public client flows; ${target === 'bridge' ? 'the bridge' : sender.name} signs in once as ${mailbox ?? 'its mailbox'} and keeps a refresh token.` });
  } else {
    steps.push({ who: 'entra', text: `In ${app}: add the application permission SMTP.SendAsApp (Office 365 Exchange Online) and grant admin consent; use ${secret}.` });
    steps.push({ who: 'exchange', text: 'Register the app as a service principal in Exchange Online (once per plan; Object ID of the Enterprise application).', command: cmd.newServicePrincipal() });
    if (mailbox) steps.push({ who: 'exchange', text: `Let the app send as ${mailbox} over SMTP (FullAccess on the mailbox).`, command: cmd.fullAccess(mailbox) });
  }
  for (const address of sendAsAddresses(sender, settings, tenant)) {
    steps.push({ who: 'exchange', text: `Allow sending as ${address} through ${mailbox ?? 'the mailbox'}.`, command: cmd.sendAs(address, delegated ? mailbox ?? address : cmd.SP) });
  }
  if (mailbox) steps.push({ who: 'exchange', text: `Enable SMTP AUTH for ${mailbox} only (it stays off for the rest of the organisation).`, command: cmd.enableSmtpAuth(mailbox) });
  if (target === 'bridge') {
    steps.push({ who: 'device', text: `On the bridge host (${settings.host ?? 'TODO: name it'}): install Postfix and sasl-xoauth2 with the bridge files in the patch, get the first token, and allow only this device in mynetworks.` });
    steps.push({ who: 'device', text: `Point the device at the bridge: ${settings.host ?? '(bridge host)'}:25, no authentication.` });
  } else {
    steps.push({ who: 'device', text: delegated && sender.format === 'postfix'
      ? `Install sasl-xoauth2, apply the patch, then get the first token as ${mailbox ?? 'the mailbox'}: sasl-xoauth2-tool get-token outlook --tenant=${tenant.tenantId ?? '<tenant id>'} --client-id=${tenant.app.clientId ?? '<client id>'} <token file> (older packages call it sasl-xoauth2-token-tool).`
      : 'Apply the patch, send a test message, then remove the old password from wherever it lived.' });
  }
  return steps;
}

/** SPF: one record per From domain, with the static IPs and Exchange Online Protection. */
function spfSteps(sender: Sender, settings: NewSettings, tenant: Tenant): PlanStep[] {
  const domains = [...new Set([settings.from, ...sender.from].map(domainOf).filter((d): d is string => d !== null && tenant.acceptedDomains.includes(d)))];
  return domains.map((domain) => ({
    who: 'dns' as const,
    text: tenant.staticIps.length
      ? `SPF for ${domain}: merge into its one TXT record: "${cmd.spfRecord(tenant.staticIps)}".`
      : `SPF for ${domain}: include spf.protection.outlook.com and the public IP this sender leaves from (TODO: staticIps in tenant.yaml).`,
    command: cmd.checkSpf(domain),
  }));
}
