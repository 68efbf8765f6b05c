// One PowerShell script per plan: the Exchange Online commands of every item's steps, grouped, deduplicated
// and guarded (a second run skips what exists), rendered from templates/scripts/exchange-setup.ps1.eta.
import type { Cloud } from '../m365/endpoints.js';
import { toolVersion } from '../util/version.js';
import { renderTemplate } from './patches/render.js';
import { effectiveTarget, type Plan } from './types.js';

interface Section { title: string; why: string; cmdlets: string[]; commands: { line: string; notes: string[] }[] }

const SECTIONS: Omit<Section, 'commands'>[] = [
  { title: 'The app as a service principal in Exchange Online', why: 'Needed for app-only SMTP (SMTP.SendAsApp) and for Graph with RBAC for Applications.', cmdlets: ['New-ServicePrincipal'] },
  { title: 'Graph sendMail: RBAC for Applications, one scope per mailbox', why: 'Application Mail.Send on a management scope (not an Application Access Policy, which is legacy).', cmdlets: ['New-ManagementScope', 'New-ManagementRoleAssignment', 'Test-ServicePrincipalAuthorization'] },
  { title: 'SMTP with OAuth: mailbox and Send As permissions', why: 'FullAccess lets the app sign in as the mailbox over SMTP; Send As covers the other From addresses.', cmdlets: ['Add-MailboxPermission', 'Add-RecipientPermission'] },
  { title: 'SMTP AUTH on for these mailboxes only', why: 'Only where SMTP AUTH stays (OAuth); the organisation setting is left as it is.', cmdlets: ['Set-CASMailbox'] },
  { title: 'Connector relay', why: 'An OnPremises inbound connector: mail from these IPs may relay to the internet (P1 MAIL FROM in an accepted domain).', cmdlets: ['New-InboundConnector'] },
  { title: 'Direct Send', why: 'Direct Send fails with 550 5.7.68 when Reject Direct Send is on: check it is False.', cmdlets: ['Get-OrganizationConfig'] },
  { title: 'High Volume Email accounts', why: 'HVE accounts sign in to smtp.hve.mx.microsoft:587; their passwords are typed at the prompt.', cmdlets: ['New-MailUser'] },
];

const ENVIRONMENT: Record<Cloud, string | null> = { global: null, 'gcc-high': 'O365USGovGCCHigh', dod: 'O365USGovDoD', china: 'O365China' };

/** Make a creation command safe to run twice: skip it when the object exists. */
function guard(line: string): string {
  const name = (param: string) => new RegExp(`-${param} ('(?:[^']|'')*')`).exec(line)?.[1];
  const wrap = (check: string) => `if (-not (${check} -ErrorAction SilentlyContinue)) { ${line} }`;
  if (line.startsWith('New-ServicePrincipal')) return wrap('Get-ServicePrincipal -Identity $AppId');
  if (line.startsWith('New-ManagementScope') && name('Name')) return wrap(`Get-ManagementScope -Identity ${name('Name')}`);
  if (line.startsWith('New-ManagementRoleAssignment') && name('Name')) return wrap(`Get-ManagementRoleAssignment -Identity ${name('Name')}`);
  if (line.startsWith('New-InboundConnector') && name('Name')) return wrap(`Get-InboundConnector -Identity ${name('Name')}`);
  if (line.startsWith('New-MailUser') && name('PrimarySmtpAddress')) return wrap(`Get-MailUser -Identity ${name('PrimarySmtpAddress')}`);
  if (line.startsWith('Test-ServicePrincipalAuthorization')) return `${line} | Format-Table RoleName, GrantedPermissions, InScope`;
  return line;
}

export interface ScriptOptions { planFile?: string; generatedAt?: string }

export function buildSetupScript(plan: Plan, options: ScriptOptions = {}): string {
  const sections: Section[] = SECTIONS.map((s) => ({ ...s, commands: [] }));
  const seen = new Set<string>();
  const entra = new Set<string>();
  const dns = new Map<string, { text: string; check: string }>();
  const live = plan.items.filter((i) => i.status !== 'vanished' && !i.override?.skip);
  for (const item of live) {
    for (const step of item.steps ?? []) {
      if (step.who === 'entra') entra.add(`${item.name}: ${step.text}`);
      if (step.who === 'dns' && step.command) dns.set(step.text, { text: step.text, check: step.command });
      if (step.who !== 'exchange' || !step.command) continue;
      const cmdlet = step.command.split(/\s/)[0];
      const section = sections.find((s) => s.cmdlets.includes(cmdlet));
      if (!section) continue;
      if (seen.has(step.command)) continue;
      seen.add(step.command);
      section.commands.push({ line: guard(step.command), notes: [`${item.name} (${effectiveTarget(item)}): ${step.text}`] });
    }
  }
  const used = sections.filter((s) => s.commands.length);
  const needsSp = used.some((s) => s.commands.some((c) => c.line.includes('$ServicePrincipalObjectId') || c.line.includes('$AppId')));
  const text = renderTemplate('scripts/exchange-setup.ps1', {
    tenantName: plan.tenant.initialDomain ?? plan.tenant.acceptedDomains[0] ?? plan.tenant.tenantId ?? 'your tenant',
    itemCount: live.length,
    version: toolVersion(),
    generatedAt: options.generatedAt ?? plan.generatedAt,
    planFile: options.planFile ?? 'plan.yaml',
    entra: [...entra],
    needsSp,
    appId: plan.tenant.app.clientId,
    environment: ENVIRONMENT[plan.tenant.cloud] ?? null,
    sections: used,
    dns: [...dns.values()],
  });
  // Template control lines leave blank runs behind: keep at most one blank line.
  return `${text.replace(/\r\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
