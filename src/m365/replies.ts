// The reply catalogue: what Exchange Online, Entra ID and Microsoft Graph answer, why, and what fixes it.
// One table shared by verify, probe, report and the sandbox (which builds its own replies from it).
// Texts: shared/reference/microsoft-365-facts.md §9 unless an entry's `source` says otherwise.

export type ReplyKind = 'smtp' | 'graph' | 'token' | 'network';

export interface ReplyEntry {
  id: string;
  kind: ReplyKind;
  /** SMTP reply code or HTTP status (null for network errors). */
  code: number | null;
  /** Enhanced status code (smtp), error code (graph), AADSTS number (token) or errno (network). */
  detail: string | null;
  /** The exact text after the codes; `{name}` placeholders are filled by `replyText`. */
  text: string;
  /** Recognises the entry in a reply or error message someone else produced. */
  match: RegExp;
  cause: string;
  fix: string;
  /** Set only where the code class misleads (421 4.7.66 is 4xx, yet retrying never helps). */
  retry?: boolean;
  source: string;
}

export interface Diagnosis {
  id: string | null;
  code: string;          // '535 5.7.139', 'graph 403 ErrorAccessDenied', 'AADSTS7000215', 'ECONNREFUSED'
  cause: string;
  fix: string;
  transient: boolean;
  source: string | null;
}

export type ReplyInput = string | { status: number; code?: string; message?: string };

const F = 'microsoft-365-facts.md';
const SEC9 = `${F} §9`;
const SUBMISSION_LIMITS = 'https://learn.microsoft.com/exchange/troubleshoot/send-emails/smtp-submission-improvements';
const CONTINUOUS = 'https://learn.microsoft.com/exchange/mail-flow-best-practices/continuous-error-throttling-smtp-auth-submissions';
const OBSERVED = 'Exchange Online transcripts (EHLO after STARTTLS offers AUTH LOGIN XOAUTH2); not in the facts file';
const ENABLE_SMTP_AUTH = 'Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false';
const TO_OAUTH = 'move the sender to OAuth (XOAUTH2 with SMTP.SendAsApp) or Graph sendMail';

function smtp(id: string, code: number, detail: string, text: string, match: RegExp, cause: string, fix: string, source: string, retry?: boolean): ReplyEntry {
  return { id, kind: 'smtp', code, detail, text, match, cause, fix, source, ...(retry === undefined ? {} : { retry }) };
}
function graph(id: string, status: number, code: string, text: string, match: RegExp, cause: string, fix: string, source: string): ReplyEntry {
  return { id, kind: 'graph', code: status, detail: code, text, match, cause, fix, source };
}
function token(id: string, status: number, aadsts: string, text: string, cause: string, fix: string): ReplyEntry {
  return { id, kind: 'token', code: status, detail: aadsts, text, match: new RegExp(`\\b${aadsts}\\b`), cause, fix, source: `${F} §10; Entra ID error codes (AADSTS)` };
}
function network(id: string, errno: string, match: RegExp, cause: string, fix: string, retry: boolean): ReplyEntry {
  return { id, kind: 'network', code: null, detail: errno, text: errno, match, cause, fix, retry, source: 'Node.js / OpenSSL error codes' };
}

export const REPLIES: ReplyEntry[] = [
  // SMTP AUTH (smtp.office365.com)
  smtp('basic-auth-disabled', 535, '5.7.139', 'Authentication unsuccessful, basic authentication is disabled.', /5\.7\.139 Authentication unsuccessful, basic authentication is disabled/i,
    'Basic authentication (username + password) is turned off for SMTP AUTH in this tenant: the default for existing tenants from the end of December 2026.',
    `${TO_OAUTH}; until the final removal an administrator can turn Basic auth for SMTP AUTH back on`, `${SEC9}; ${F} §1.4`),
  smtp('smtp-auth-disabled-tenant', 535, '5.7.139', 'Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.', /SmtpClientAuthentication is disabled for the Tenant/i,
    'SMTP AUTH is turned off for the organisation (Set-TransportConfig -SmtpClientAuthenticationDisabled $true) and the mailbox does not override it.',
    `${ENABLE_SMTP_AUTH} (keeps the organisation default off)`, `${SEC9}; ${F} §1.2`),
  smtp('smtp-auth-disabled-mailbox', 535, '5.7.139', 'Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.', /SmtpClientAuthentication is disabled for the Mailbox/i,
    'SMTP AUTH is turned off for this mailbox (Set-CASMailbox -SmtpClientAuthenticationDisabled $true).', ENABLE_SMTP_AUTH, `${SEC9}; ${F} §1.2`),
  smtp('security-defaults', 535, '5.7.139', "Authentication unsuccessful, user is locked by your organization's security defaults policy. Contact your administrator.", /security defaults policy/i,
    'Entra ID security defaults are on; they block SMTP AUTH with a password.', `${TO_OAUTH}, or replace security defaults with Conditional Access policies`, SEC9),
  smtp('conditional-access', 535, '5.7.139', 'Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator.', /did not meet the criteria to be authenticated/i,
    'A Conditional Access or authentication policy refused the sign-in (legacy-auth block, MFA, location); the password itself may be right.',
    `read the user's Entra sign-in log for the policy that applied; ${TO_OAUTH}`, SEC9),
  smtp('org-config-denies', 535, '5.7.139', 'Authentication unsuccessful, the organization configuration does not allow this authentication request.', /organization configuration does not allow this authentication/i,
    'An authentication policy refuses Basic auth for SMTP (AllowBasicAuthSmtp is off).', `Set-AuthenticationPolicy -AllowBasicAuthSmtp for the policy assigned to the user, or ${TO_OAUTH}`, SEC9),
  smtp('federated-sts', 535, '5.7.139', 'Authentication unsuccessful, federated STS service was unreachable.', /federated STS/i,
    'The user is federated (AD FS) and Exchange Online could not reach, or use, the on-premises STS.', 'fix the AD FS endpoint (reachable over HTTPS), or use a cloud-only mailbox for the device', SEC9),
  smtp('auth-failed', 535, '5.7.3', 'Authentication unsuccessful', /5\.7\.3 Authentication unsuccessful/i,
    'Wrong username or password, or an XOAUTH2 token Exchange refused: wrong audience, no SMTP.SendAsApp role, expired, or the app has no FullAccess on the mailbox in user=.',
    'for OAuth: scope https://outlook.office365.com/.default, New-ServicePrincipal with the Enterprise application object id, Add-MailboxPermission -AccessRights FullAccess; for Basic: the password', `${SEC9}; ${F} §2.1, §2.3`),
  smtp('token-expiring', 535, '5.7.142', 'Token will expire soon', /5\.7\.142/,
    'The OAuth token is about to expire.', 'fetch a fresh token before each session (MSAL caches and renews it)', `${F} §2.4`),
  smtp('token-expired', 535, '5.7.143', 'Expired token', /5\.7\.143/,
    'The OAuth token has expired.', 'fetch a fresh token before each session (MSAL caches and renews it)', `${F} §2.4`),
  smtp('xoauth2-invalid-argument', 501, '5.5.121', 'Invalid XOAUTH2 argument', /5\.5\.12[1-6]/,
    'The XOAUTH2 string is malformed (bad base64, no user=, no "auth=Bearer ").', 'send base64("user=" + mailbox + "\\x01auth=Bearer " + token + "\\x01\\x01")', `${F} §2.1, §2.4`),
  smtp('basic-auth-retired', 550, '5.7.30', 'Basic authentication is not supported for Client Submission.', /5\.7\.30/,
    'Basic authentication for SMTP AUTH has been removed for good.', TO_OAUTH, `${SEC9}; ${F} §1.4`),
  smtp('not-authenticated', 530, '5.7.57', 'Client not authenticated to send mail.', /5\.7\.57/,
    'MAIL FROM without a successful AUTH on smtp.office365.com (anonymous mail is refused there).',
    'give the device credentials (OAuth), or point a device that cannot authenticate at the MX endpoint (Direct Send, connector relay)', `${SEC9}; ${F} §3`),
  smtp('starttls-required', 451, '5.7.3', 'STARTTLS is required to send mail', /STARTTLS is required/i,
    'The client skipped STARTTLS, used implicit TLS (port 465 style) against a STARTTLS port, or the TLS handshake failed.', 'use port 587 with STARTTLS (not "SSL"/implicit TLS), TLS 1.2 or later', SEC9, false),
  smtp('auth-not-offered', 504, '5.7.4', 'Unrecognized authentication type', /5\.7\.4 Unrecognized authentication type/i,
    'AUTH before STARTTLS, or a mechanism Exchange does not offer (it offers LOGIN and XOAUTH2 after STARTTLS).', 'run STARTTLS first and use XOAUTH2', OBSERVED),
  smtp('send-as-ndr', 550, '5.7.60', 'SMTP; Client does not have permissions to send as this sender', /5\.7\.60/,
    'The From address is not the authenticated mailbox and the mailbox (or app) has no Send As right on it.', 'Add-RecipientPermission -Identity <from> -Trustee <mailbox or app> -AccessRights SendAs, or send From the mailbox', SEC9),
  smtp('send-as-throttled', 550, '5.2.252', 'Sender throttled due to continuous send as denied errors.', /5\.2\.25[1-5] Sender throttled/i,
    'Exchange throttles the mailbox after repeated errors of one kind (Send As, mailbox full, licence, recipients).', 'fix the underlying error (usually Send As), then wait for the throttle to lift', CONTINUOUS),
  smtp('send-as-denied', 554, '5.2.252', 'SendAsDenied; {auth} not allowed to send as {from}; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message Cannot submit message.', /SendAsDenied/i,
    'The message From (or envelope sender) is not the authenticated mailbox, and no Send As right covers it.', 'Add-RecipientPermission -Identity <from> -Trustee <mailbox or app> -AccessRights SendAs, or send From the mailbox', SEC9),
  smtp('concurrency-limit', 432, '4.3.2', 'STOREDRV.ClientSubmit; sender thread limit exceeded', /4\.3\.2 (STOREDRV\.ClientSubmit|Concurrent connection)/i,
    'More than 3 connections submit for one mailbox at the same time.', 'send over at most 3 connections per mailbox (queue, or a connection pool of 3); retry later', `${SEC9}; ${F} §8; ${SUBMISSION_LIMITS}`),
  smtp('service-unavailable', 421, '4.3.2', 'Service not available', /4\.3\.2 Service not available/i, 'A transient service problem.', 'retry later', SEC9),
  smtp('temporary-error', 451, '4.7.0', 'Temporary server error', /4\.7\.0 Temporary server error/i, 'A transient service problem.', 'retry later', SEC9),
  smtp('submission-quota', 554, '5.2.0', 'STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message due to a permanent exception with message Cannot submit message.', /SubmissionQuotaExceeded|Submission quota exceeded|5\.1\.90/i,
    'The mailbox went over its recipient rate limit (10,000 recipients a day).', 'spread the volume over several mailboxes, or move bulk mail to HVE (internal) or ACS (external)', `${SEC9}; ${F} §8; ${SUBMISSION_LIMITS}`),
  smtp('mailbox-full', 554, '5.2.2', 'mailbox full; STOREDRV.Submission.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded', /5\.2\.2 mailbox full/i,
    'The sending mailbox is full (SMTP AUTH saves every message to Sent Items).', 'empty Sent Items, or give it a retention policy', SUBMISSION_LIMITS),
  smtp('message-too-large', 552, '5.3.4', 'Message size exceeds fixed maximum message size', /5\.3\.4/,
    'The message is over the size limit (35 MB by default for a mailbox).', 'send smaller attachments, or raise MaxSendSize/MaxReceiveSize (up to 150 MB)', `${F} §8`),
  smtp('too-many-recipients', 452, '4.5.3', 'Too many recipients', /4\.5\.3/, 'Over 200 envelope recipients for one domain in one message.', 'split the recipients over several messages', SEC9),
  // MX endpoint (<tenant>.mail.protection.outlook.com)
  smtp('relay-denied', 550, '5.7.64', 'TenantAttribution; Relay Access Denied', /5\.7\.64/,
    'Relay to an outside domain from an IP address or certificate that no OnPremises inbound connector matches.', 'New-InboundConnector -ConnectorType OnPremises -SenderIPAddresses <public IP> (or -TlsSenderCertificateName), and a MAIL FROM in an accepted domain', `${SEC9}; ${F} §4`),
  smtp('direct-send-rejected', 550, '5.7.68', 'TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources', /5\.7\.68/,
    'RejectDirectSend is on and this anonymous sender matches no inbound connector.', 'create a partner inbound connector for the sender IP or certificate, or Set-OrganizationConfig -RejectDirectSend $false', `${SEC9}; ${F} §3`),
  smtp('unregistered-domain', 550, '5.7.750', 'Client blocked from sending from unregistered domain', /5\.7\.750/,
    'Relay with a MAIL FROM domain that is not an accepted domain of the tenant.', 'send with a MAIL FROM in an accepted domain (required for relay since November 2023)', `${SEC9}; ${F} §4`),
  smtp('unable-to-relay', 550, '5.7.1', 'Unable to relay', /5\.7\.1 Unable to relay/i,
    'Anonymous relay to a domain that is not accepted, with no connector authorising it.', 'use a connector relay (OnPremises inbound connector) or SMTP AUTH submission', SEC9),
  smtp('recipient-not-found', 550, '5.4.1', 'Recipient address rejected: Access denied. For more information see https://aka.ms/EXOSmtpErrors', /5\.4\.1 Recipient address rejected/i,
    'The recipient is in an accepted domain but no mailbox or contact has that address (directory-based edge blocking).', 'correct the recipient address', 'Exchange Online Protection directory-based edge blocking; not in the facts file'),
  smtp('legacy-tls', 421, '4.7.66', 'TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls', /4\.7\.66/,
    'The client negotiated TLS 1.0 or 1.1; smtp.office365.com requires TLS 1.2 or later.',
    'update the device firmware for TLS 1.2; else smtp-legacy.office365.com after Set-TransportConfig -AllowLegacyTLSClients $true, or a local relay (bridge)', `${SEC9}; ${F} §1.1`, false),
  smtp('ip-blocked', 550, '5.7.708', 'Access denied, traffic not accepted from this IP', /5\.7\.708/, 'The sending IP has a poor reputation (often trial tenants).', 'contact Microsoft support', SEC9),
  smtp('tenant-threshold', 550, '5.7.705', 'Access denied, tenant has exceeded threshold', /5\.7\.705/, 'The tenant is blocked for spam or compromise.', 'contact Microsoft support after cleaning up', SEC9),
  smtp('bad-outbound-sender', 550, '5.1.8', 'Access denied, bad outbound sender', /5\.1\.8/, 'The account is in Restricted entities (sent spam).', 'secure the account, then release it in the Defender portal', SEC9),
  smtp('ip-throttled', 451, '4.7.500', 'Access denied, please try again later', /4\.7\.[56]\d\d/, 'IP throttling or greylisting after a change in volume.', 'retry; for on-premises relays set up a connector', SEC9),
  smtp('hve-external', 550, '5.5.105', 'External sending is not supported for High Volume Email accounts', /5\.5\.105/,
    'High Volume Email sends to internal recipients only.', 'send external bulk mail through Azure Communication Services Email', `${SEC9}; ${F} §5`),
  smtp('acs-sender-not-allowed', 550, '5.7.1', 'Sender {from} is not a MailFrom address of a domain linked to this Communication Services resource', /not a MailFrom address of a domain linked/i,
    'Azure Communication Services sends only From addresses configured (MailFrom) on a verified domain linked to the resource.',
    'add the address as a MailFrom address of the linked domain (Email Communication Service > Provision domains), or send From one that is', `${F} §6; relay365 sandbox wording (ACS's own reply text is not documented)`),
  smtp('wrong-region', 451, '4.4.62', 'Mail sent to the wrong Office 365 region', /4\.4\.62/, 'The connector or MX record points at another region.', 'use the tenant\'s own MX endpoint', `${F} §4`),
  smtp('send-hello-first', 503, '5.5.2', 'Send hello first', /5\.5\.2 Send hello first/i, 'A command before EHLO (often a missing EHLO after STARTTLS).', 'send EHLO again after STARTTLS', OBSERVED),
  // Microsoft Graph
  graph('graph-invalid-recipients', 400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.', /ErrorInvalidRecipients/, 'A recipient address is missing or malformed.', 'give toRecipients with valid emailAddress.address values', `${F} §7`),
  graph('graph-bad-json', 400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.', /BadRequest|RequestBodyRead|Unable to read JSON/,
    'The sendMail body is not valid JSON.', 'send {"message": {...}, "saveToSentItems": false} with Content-Type: application/json', `${F} §7`),
  graph('graph-bad-payload', 400, 'ErrorInvalidRequest', 'Cannot read the request body.', /ErrorInvalidRequest/,
    'The sendMail body has no message object.', 'send {"message": {...}, "saveToSentItems": false}', `${F} §7`),
  graph('graph-bad-header', 400, 'InvalidInternetMessageHeader', "The internet message header name '{name}' should start with 'x-' or 'X-'.", /InvalidInternetMessageHeader/,
    'A custom internetMessageHeaders name does not start with X-.', 'name custom headers X-Something', `${F} §7`),
  graph('graph-bad-mime', 400, 'ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.', /ErrorMimeContentInvalidBase64String/,
    'A text/plain sendMail body must be the whole MIME message in base64.', 'base64-encode the MIME message', `${F} §7`),
  graph('graph-invalid-token', 401, 'InvalidAuthenticationToken', 'Access token validation failure.', /InvalidAuthenticationToken/,
    'The bearer token is missing, expired, signed by someone else or for another audience.', 'request the token with scope https://graph.microsoft.com/.default', `${F} §7, §10`),
  graph('graph-raop', 403, 'ErrorAccessDenied', 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.', /Access to OData is disabled|AppOnly AccessPolicy/i,
    'The mailbox is outside the application\'s scope (RBAC for Applications or an Application Access Policy).',
    'New-ManagementRoleAssignment -App <service principal> -Role "Application Mail.Send" -CustomResourceScope <scope covering the mailbox>; check with Test-ServicePrincipalAuthorization', `${F} §7.1`),
  graph('graph-send-as-denied', 403, 'ErrorSendAsDenied', 'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.', /ErrorSendAsDenied/,
    'message.from is not the mailbox in the URL and the mailbox has no Send As right on it.', 'Add-RecipientPermission -AccessRights SendAs, or leave message.from empty', `${F} §7`),
  graph('graph-access-denied', 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.', /ErrorAccessDenied|Authorization_RequestDenied/,
    'The token has no Mail.Send (or Mail.Read) application permission.', 'add the Microsoft Graph application permission Mail.Send and grant admin consent', `${F} §7`),
  graph('graph-invalid-user', 404, 'ErrorInvalidUser', "The requested user '{user}' is invalid.", /ErrorInvalidUser|ResourceNotFound/, 'No mailbox has that address or id.', 'check the mailbox address in the plan', `${F} §7`),
  graph('graph-rest-disabled', 404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.', /MailboxNotEnabledForRESTAPI/,
    'The mailbox is on-premises, unlicensed or inactive, so Graph cannot reach it.', 'license the mailbox in Exchange Online (or move it) before using Graph', `${F} §7`),
  graph('graph-too-large', 413, 'RequestEntityTooLarge', 'Request Entity Too Large', /RequestEntityTooLarge|Request Entity Too Large/i,
    'The sendMail request is over about 4 MB.', 'send large attachments with an upload session (draft + createUploadSession)', `${F} §7`),
  graph('graph-throttled', 429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', /ApplicationThrottled|TooManyRequests/,
    'Graph throttles per app and mailbox (10,000 requests per 10 minutes, 4 at once).', 'wait for Retry-After, then send fewer requests at once', `${F} §7`),
  graph('graph-unavailable', 503, 'ServiceUnavailable', 'Service Unavailable', /ServiceUnavailable|GatewayTimeout/, 'A transient Graph problem.', 'retry after Retry-After', `${F} §10.3`),
  // Entra ID token endpoint
  token('token-bad-secret', 401, 'AADSTS7000215', 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app \'{client}\'.',
    'The client secret is wrong (often the secret ID was copied instead of its value).', 'create a new client secret and store its value in AZURE_CLIENT_SECRET'),
  token('token-secret-expired', 401, 'AADSTS7000222', 'The provided client secret keys for app \'{client}\' are expired.', 'The client secret has expired.', 'create a new client secret'),
  token('token-no-app', 400, 'AADSTS700016', "Application with identifier '{client}' was not found in the directory '{tenant}'.", 'No app registration with this client id in this tenant.', 'check AZURE_CLIENT_ID and AZURE_TENANT_ID, or consent the app in this tenant'),
  token('token-no-tenant', 400, 'AADSTS90002', "Tenant '{tenant}' not found.", 'The tenant id or domain is wrong.', 'use the tenant GUID or its onmicrosoft.com domain'),
  token('token-bad-assertion', 401, 'AADSTS700027', 'Client assertion failed signature validation.', 'The certificate that signed the client assertion is not registered on the app, or the signature is wrong.', 'upload the certificate (public part) to the app registration'),
  token('token-assertion-time', 401, 'AADSTS700024', 'Client assertion is not within its valid time range.', 'The client assertion is expired or not yet valid (clock skew).', 'sync the clock of the machine that signs'),
  token('token-bad-scope', 400, 'AADSTS1002012', "The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", 'The scope is not <resource>/.default.', 'use https://outlook.office365.com/.default (SMTP) or https://graph.microsoft.com/.default (Graph)'),
  token('token-no-resource', 400, 'AADSTS500011', "The resource principal named {resource} was not found in the tenant named {tenant}.", 'The resource in the scope does not exist in this tenant.', 'use https://outlook.office365.com/.default or https://graph.microsoft.com/.default'),
  token('token-missing-parameter', 400, 'AADSTS900144', "The request body must contain the following parameter: '{parameter}'.", 'The token request lacks a parameter.', 'send grant_type=client_credentials, client_id, scope and a credential'),
  token('token-unsupported-grant', 400, 'AADSTS70003', 'The app requested an unsupported grant type.', 'Only client_credentials is used for app-only mail.', 'send grant_type=client_credentials'),
  // Network and TLS (not Microsoft replies, but what verify and probe meet first)
  network('net-refused', 'ECONNREFUSED', /ECONNREFUSED/, 'Nothing listens on that host and port.', 'check the host, the port (587 for submission, 25 for MX) and outbound firewall rules', false),
  network('net-timeout', 'ETIMEDOUT', /ETIMEDOUT|ESOCKETTIMEDOUT|timed? ?out/i, 'No answer in time: a firewall dropping the port (ISPs often block 25), or a slow network.', 'allow outbound 587/25 to Microsoft 365; retry', true),
  network('net-dns', 'ENOTFOUND', /ENOTFOUND|EAI_AGAIN/, 'The host name does not resolve.', 'check the host name and DNS', false),
  network('net-reset', 'ECONNRESET', /ECONNRESET|socket hang up/i, 'The connection was cut, often by a TLS-inspecting proxy or a middlebox.', 'retry; if it persists, exempt the mail endpoints from TLS inspection', true),
  network('tls-untrusted', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT|self[- ]signed certificate/i,
    'The server certificate is not trusted: a private CA, a sandbox, or TLS inspection on the way.', 'pass the CA with --ca-file (or NODE_EXTRA_CA_CERTS)', false),
  network('tls-wrong-name', 'ERR_TLS_CERT_ALTNAME_INVALID', /ERR_TLS_CERT_ALTNAME_INVALID|Hostname\/IP does not match/i, 'The certificate is for another name (an IP address instead of the DNS name?).', 'connect by the DNS name the certificate carries (smtp.office365.com)', false),
  network('tls-on-plain-port', 'ERR_SSL_WRONG_VERSION_NUMBER', /wrong version number|WRONG_VERSION_NUMBER/i, 'Implicit TLS was tried on a STARTTLS port (or the reverse).', 'use port 587 with STARTTLS; port 465 is not supported by smtp.office365.com', false),
];

const BY_ID = new Map(REPLIES.map((entry) => [entry.id, entry]));

export function replyEntry(id: string): ReplyEntry {
  const entry = BY_ID.get(id);
  if (!entry) throw new Error(`unknown reply id ${id}`);
  return entry;
}

/** The entry's text with `{name}` placeholders filled (unknown names stay as they are). */
export function replyText(id: string, vars: Record<string, string> = {}): string {
  return replyEntry(id).text.replace(/\{(\w+)\}/g, (all, name: string) => vars[name] ?? all);
}

/** A full SMTP reply line as Exchange writes it: `535 5.7.139 Authentication unsuccessful, … [host]`. */
export function smtpReply(id: string, vars: Record<string, string> = {}, host?: string): string {
  const entry = replyEntry(id);
  return `${entry.code} ${entry.detail} ${replyText(id, vars)}${host ? ` [${host}]` : ''}`;
}

/** Find the catalogue entry a reply (SMTP line, error message, or HTTP error) stands for. */
export function findReply(reply: ReplyInput): ReplyEntry | null {
  if (typeof reply === 'string') return REPLIES.find((entry) => entry.match.test(reply)) ?? null;
  const text = `${reply.code ?? ''} ${reply.message ?? ''}`;
  const aadsts = /AADSTS\d+/.exec(text);
  if (aadsts) return REPLIES.find((entry) => entry.kind === 'token' && entry.detail === aadsts[0]) ?? null;
  const candidates = REPLIES.filter((entry) => entry.kind === 'graph' && entry.code === reply.status);
  return candidates.find((entry) => entry.match.test(text)) ?? (candidates.length === 1 ? candidates[0] : null)
    ?? REPLIES.find((entry) => entry.kind === 'network' && entry.match.test(text)) ?? null;
}

/** The one place that decides whether trying again can help. */
export function isTransient(reply: ReplyInput): boolean {
  const entry = findReply(reply);
  if (entry?.retry !== undefined) return entry.retry;
  if (typeof reply !== 'string') return isTransientCode(reply.status, 'http');
  const code = smtpCodeOf(reply);
  return code !== null && isTransientCode(code, 'smtp');
}

function isTransientCode(code: number, kind: 'smtp' | 'http'): boolean {
  if (kind === 'smtp') return code >= 400 && code < 500;
  return code === 408 || code === 429 || code === 500 || code === 502 || code === 503 || code === 504;
}

function smtpCodeOf(text: string): number | null {
  const m = /(?:^|\D)([245]\d\d)[ -](?:[245]\.\d{1,3}\.\d{1,3})?/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Cause, fix and transience of a reply; unknown replies get a generic reading by their code class. */
export function diagnose(reply: ReplyInput): Diagnosis {
  const entry = findReply(reply);
  const transient = isTransient(reply);
  if (entry) return { id: entry.id, code: codeLabel(entry, reply), cause: entry.cause, fix: entry.fix, transient, source: entry.source };
  if (typeof reply !== 'string') {
    const label = `graph ${reply.status}${reply.code ? ` ${reply.code}` : ''}`;
    return { id: null, code: label, cause: reply.message ?? `HTTP ${reply.status}`, fix: transient ? 'retry later' : 'read the error message', transient, source: null };
  }
  const code = smtpCodeOf(reply);
  const enhanced = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1];
  const label = code ? `${code}${enhanced ? ` ${enhanced}` : ''}` : reply.slice(0, 40);
  const cause = code === null ? 'An error relay365 does not know.' : code < 400 ? 'Accepted.' : transient ? 'A temporary failure.' : 'A permanent failure.';
  return { id: null, code: label, cause, fix: transient ? 'retry later' : 'read the server reply', transient, source: null };
}

function codeLabel(entry: ReplyEntry, reply: ReplyInput): string {
  if (entry.kind === 'graph') return `graph ${entry.code} ${entry.detail}`;
  if (entry.kind === 'token' || entry.kind === 'network') return entry.detail ?? entry.id;
  const seen = typeof reply === 'string' ? /\b([245]\d\d)[ -]([245]\.\d{1,3}\.\d{1,3})/.exec(reply) : null;
  return seen ? `${seen[1]} ${seen[2]}` : `${entry.code} ${entry.detail}`;
}
