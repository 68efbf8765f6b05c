// Known SMTP hosts and what they are, as data (shared/reference/config-formats.md §8, microsoft-365-facts.md).
import { isIP } from 'node:net';
import type { EndpointKind } from '../inventory/types.js';

export interface HostRule {
  /** Exact host, or a suffix starting with '.', matched case-insensitively. */
  match: string;
  kind: EndpointKind;
  note: string;
}

export const HOST_RULES: HostRule[] = [
  { match: 'smtp.office365.com', kind: 'm365-submission', note: 'Exchange Online SMTP AUTH client submission (587 STARTTLS)' },
  { match: 'smtp-legacy.office365.com', kind: 'm365-submission', note: 'Opt-in SMTP AUTH endpoint for TLS 1.0/1.1 clients' },
  { match: 'smtp.outlook.office365.com', kind: 'm365-submission', note: 'Non-canonical alias of smtp.office365.com' },
  { match: 'outlook.office365.com', kind: 'm365-submission', note: 'IMAP/POP/EWS host often misused as the SMTP host' },
  { match: 'smtp.office365.us', kind: 'm365-submission', note: 'GCC High / DoD SMTP AUTH submission' },
  { match: 'smtp.partner.outlook.cn', kind: 'm365-submission', note: '21Vianet SMTP AUTH submission' },
  { match: 'smtp-legacy.partner.outlook.cn', kind: 'm365-submission', note: '21Vianet legacy-TLS SMTP AUTH endpoint' },
  { match: 'smtp.hve.mx.microsoft', kind: 'm365-hve', note: 'High Volume Email (587 STARTTLS, internal recipients only)' },
  { match: 'smtp-hve.office365.com', kind: 'm365-hve', note: 'High Volume Email, old name (to be deprecated)' },
  { match: 'smtp.azurecomm.net', kind: 'acs', note: 'Azure Communication Services Email SMTP relay' },
  { match: '.mail.protection.outlook.com', kind: 'm365-mx', note: 'Tenant MX endpoint: Direct Send or connector relay' },
  { match: '.mail.protection.office365.us', kind: 'm365-mx', note: 'GCC High / DoD tenant MX endpoint' },
  { match: '.mail.protection.partner.outlook.cn', kind: 'm365-mx', note: '21Vianet tenant MX endpoint' },
  { match: '.mail.eo.outlook.com', kind: 'm365-mx', note: 'Older EOP MX naming' },
  { match: '.protection.outlook.com', kind: 'm365-mx', note: 'Exchange Online Protection host' },
  { match: 'smtp-mail.outlook.com', kind: 'outlook-consumer', note: 'Outlook.com / Hotmail consumer submission' },
  { match: 'smtp.outlook.com', kind: 'outlook-consumer', note: 'Legacy Outlook.com alias' },
  { match: 'smtp.live.com', kind: 'windows-live', note: 'Legacy Windows Live Hotmail submission' },
  { match: 'smtp.hotmail.com', kind: 'windows-live', note: 'Legacy Hotmail alias' },
  { match: 'smtp.msn.com', kind: 'windows-live', note: 'Legacy MSN alias' },
  { match: 'smtp.mail.microsoftonline.com', kind: 'm365-submission', note: 'BPOS / early Office 365 endpoint, long dead' },
  { match: '.mail.microsoftonline.com', kind: 'm365-submission', note: 'BPOS / early Office 365 endpoint, long dead' },
];

// Public providers: consumer mail, ISPs, hosting and transactional ESPs (config-formats.md §8.3, §8.4).
const PUBLIC_HOSTS = [
  'smtp.gmail.com', 'smtp.googlemail.com', 'smtp-relay.gmail.com', 'aspmx.l.google.com',
  'smtp.mail.yahoo.com', 'smtp.mail.yahoo.co.uk', 'plus.smtp.mail.yahoo.com', 'smtp.att.yahoo.com', 'smtp.aol.com',
  'smtp.mail.me.com', 'smtp.me.com', 'smtp.mac.com', 'smtp.zoho.com', 'smtp.zoho.eu', 'smtppro.zoho.com',
  'mail.gmx.com', 'mail.gmx.net', 'smtp.yandex.ru', 'smtp.mail.ru', 'smtp.qq.com', 'smtp.exmail.qq.com',
  'smtp.163.com', 'smtp.126.com', 'smtp.comcast.net', 'outgoing.verizon.net', 'smtp.charter.net', 'smtp.cox.net',
  'mail.btinternet.com', 'smtp.earthlink.net', 'smtp.1und1.de', 'smtp.ionos.com', 'smtp.1and1.com',
  'smtpout.secureserver.net', 'smtp.asia.secureserver.net', 'smtp.europe.secureserver.net', 'relay-hosting.secureserver.net',
  'smtp.sendgrid.net', 'smtp.mailgun.org', 'smtp.eu.mailgun.org', 'smtp.postmarkapp.com', 'smtp.sparkpostmail.com',
  'smtp-relay.brevo.com', 'smtp-relay.sendinblue.com', 'smtp.mandrillapp.com', 'in-v3.mailjet.com', 'in.mailjet.com',
  'smtp.elasticemail.com', 'mail.smtp2go.com', 'smtp.socketlabs.com', 'smtp.mailersend.net', 'smtp.resend.com',
  'smtp.fastmail.com', 'smtp.protonmail.ch', 'mail.privateemail.com', 'smtp.strato.de', 'securesmtp.t-online.de',
];
const PUBLIC_SUFFIXES = ['.amazonaws.com', '.secureserver.net', '.sendgrid.net', '.mailgun.org'];
const INTERNAL_SUFFIXES = ['.local', '.lan', '.corp', '.internal', '.intranet', '.home', '.localdomain', '.home.arpa', '.ad'];

/** Normalise a host as written in a config: strip brackets, port, trailing dot, case. */
export function normaliseHost(raw: string): string {
  let host = raw.trim().toLowerCase();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    host = end > 0 ? host.slice(1, end) : host.slice(1);
  } else if ((host.match(/:/g) ?? []).length === 1) {
    host = host.slice(0, host.indexOf(':'));
  }
  return host.replace(/\.$/, '');
}

function isPrivateIPv4(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number);
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
}

export function ruleFor(host: string): HostRule | undefined {
  const h = normaliseHost(host);
  return HOST_RULES.find((r) => (r.match.startsWith('.') ? h.endsWith(r.match) : h === r.match));
}

/** What kind of endpoint a configured SMTP host is. `null`/empty host → 'unknown'. */
export function classifyHost(raw: string | null | undefined): EndpointKind {
  if (!raw) return 'unknown';
  const host = normaliseHost(raw);
  if (!host) return 'unknown';
  if (host === 'localhost' || host === 'localhost.localdomain' || host === '::1' || host.startsWith('127.') || host === '0.0.0.0') return 'local';
  const rule = ruleFor(host);
  if (rule) return rule.kind;
  // only a string with ':' can be IPv6: node's IPv6 pattern costs ~10 ms to compile on its first use (every scan)
  const ipVersion = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? isIP(host) : host.includes(':') ? isIP(host) : 0;
  if (ipVersion === 4) return isPrivateIPv4(host) ? 'internal' : 'other-public';
  if (ipVersion === 6) return /^(fc|fd|fe80)/.test(host) ? 'internal' : 'other-public';
  if (PUBLIC_HOSTS.includes(host) || PUBLIC_SUFFIXES.some((s) => host.endsWith(s))) return 'other-public';
  if (!host.includes('.')) return /^[a-z0-9-]+$/.test(host) ? 'internal' : 'unknown';
  if (INTERNAL_SUFFIXES.some((s) => host.endsWith(s))) return 'internal';
  // RFC 2606 names are documentation, not anybody's relay.
  if (/(^|\.)example\.(com|net|org)$|\.(example|test|invalid)$/.test(host)) return 'unknown';
  // iis01.corp.contoso.com: an internal zone inside the public name.
  if (/\.(corp|internal|intranet|lan|local|ad|int)\./.test(host)) return 'internal';
  // A dotted name we do not know: most often the organisation's own relay (mail.contoso.com, exchange.contoso.com).
  if (/^(smtp|mail|mailhost|relay|mailrelay|smtprelay|exchange|exch|mx|postfix|mta)\d*[.-]/.test(host)) return 'internal';
  return 'unknown';
}

/** Microsoft 365 endpoints per cloud (microsoft-365-facts.md §1, §3, §5, §6). */
export interface CloudEndpoints {
  submission: string;
  mxSuffix: string;
  hve: string | null;
  acs: string | null;
  graph: string;
  authority: string;
  smtpScope: string;
  graphScope: string;
}

export type Cloud = 'global' | 'gcc-high' | 'dod' | 'china';

export const CLOUDS: Record<Cloud, CloudEndpoints> = {
  global: {
    submission: 'smtp.office365.com', mxSuffix: 'mail.protection.outlook.com', hve: 'smtp.hve.mx.microsoft', acs: 'smtp.azurecomm.net',
    graph: 'https://graph.microsoft.com', authority: 'https://login.microsoftonline.com',
    smtpScope: 'https://outlook.office365.com/.default', graphScope: 'https://graph.microsoft.com/.default',
  },
  'gcc-high': {
    submission: 'smtp.office365.us', mxSuffix: 'mail.protection.office365.us', hve: null, acs: null,
    graph: 'https://graph.microsoft.us', authority: 'https://login.microsoftonline.us',
    smtpScope: 'https://outlook.office365.us/.default', graphScope: 'https://graph.microsoft.us/.default',
  },
  dod: {
    submission: 'smtp.office365.us', mxSuffix: 'mail.protection.office365.us', hve: null, acs: null,
    graph: 'https://dod-graph.microsoft.us', authority: 'https://login.microsoftonline.us',
    smtpScope: 'https://outlook-dod.office365.us/.default', graphScope: 'https://dod-graph.microsoft.us/.default',
  },
  china: {
    submission: 'smtp.partner.outlook.cn', mxSuffix: 'mail.protection.partner.outlook.cn', hve: null, acs: null,
    graph: 'https://microsoftgraph.chinacloudapi.cn', authority: 'https://login.chinacloudapi.cn',
    smtpScope: 'https://partner.outlook.cn/.default', graphScope: 'https://microsoftgraph.chinacloudapi.cn/.default',
  },
};
