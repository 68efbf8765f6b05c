// Exchange Online PowerShell lines, built in one place so item steps and the setup script say the same thing.
// Parameters checked against MicrosoftDocs/office-docs-powershell (see script-lint.ts for the table).

/** A single-quoted PowerShell string ('' escapes a quote): no variable expansion, no injection. */
export function ps(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A double-quoted PowerShell string with `$`, backtick and `"` escaped: for OPATH filters that need inner single quotes. */
export function psDouble(value: string): string {
  return `"${value.replace(/[`$"]/g, (c) => `\`${c}`)}"`;
}

export const APP = '$AppId';
export const SP = '$ServicePrincipalObjectId';

export function newServicePrincipal(): string {
  return `New-ServicePrincipal -AppId ${APP} -ObjectId ${SP} -DisplayName 'relay365 senders'`;
}

export function fullAccess(mailbox: string): string {
  return `Add-MailboxPermission -Identity ${ps(mailbox)} -User ${SP} -AccessRights FullAccess`;
}

export function sendAs(address: string, trustee: string): string {
  return `Add-RecipientPermission -Identity ${ps(address)} -Trustee ${trustee.startsWith('$') ? trustee : ps(trustee)} -AccessRights SendAs -Confirm:$false`;
}

export function enableSmtpAuth(mailbox: string): string {
  return `Set-CASMailbox -Identity ${ps(mailbox)} -SmtpClientAuthenticationDisabled $false`;
}

export function scopeName(mailbox: string): string {
  return `relay365 Graph ${mailbox}`.slice(0, 64);
}

export function managementScope(mailbox: string): string {
  return `New-ManagementScope -Name ${ps(scopeName(mailbox))} -RecipientRestrictionFilter ${psDouble(`PrimarySmtpAddress -eq '${mailbox.replace(/'/g, "''")}'`)}`;
}

export function assignmentName(mailbox: string): string {
  return `relay365 Mail.Send ${mailbox}`.slice(0, 64);
}

export function mailSendAssignment(mailbox: string): string {
  return `New-ManagementRoleAssignment -Name ${ps(assignmentName(mailbox))} -App ${SP} -Role 'Application Mail.Send' -CustomResourceScope ${ps(scopeName(mailbox))}`;
}

export function testAuthorization(mailbox: string): string {
  return `Test-ServicePrincipalAuthorization -Identity ${SP} -Resource ${ps(mailbox)}`;
}

export function connectorName(ips: string[]): string {
  return `relay365 relay from ${ips.join(' ')}`.slice(0, 64);
}

export function inboundConnector(ips: string[]): string {
  // RestrictDomainsToIPAddresses and RequireTls apply to Partner connectors only (New-InboundConnector.md).
  return `New-InboundConnector -Name ${ps(connectorName(ips))} -ConnectorType OnPremises -SenderDomains '*' -SenderIPAddresses ${ips.map(ps).join(',')} -Comment 'relay365: SMTP relay for devices and relays that cannot authenticate'`;
}

export function checkRejectDirectSend(): string {
  return 'Get-OrganizationConfig | Format-List RejectDirectSend';
}

export function hveAccount(address: string): string {
  const name = address.split('@')[0];
  return `New-MailUser -HVEAccount -Name ${ps(name)} -PrimarySmtpAddress ${ps(address)} -Password (Read-Host -AsSecureString -Prompt ${ps(`Password for ${address}`)})`;
}

export function spfRecord(ips: string[]): string {
  return `v=spf1${ips.map((ip) => ` ip4:${ip}`).join('')} include:spf.protection.outlook.com ~all`;
}

export function checkSpf(domain: string): string {
  return `Resolve-DnsName -Name ${ps(domain)} -Type TXT`;
}
