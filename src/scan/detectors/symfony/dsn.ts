// Symfony Mailer DSNs and SwiftMailer MAILER_URLs: scheme → transport kind, host, port and TLS (shared with dotenv).
import type { Security } from '../../../inventory/types.js';
import type { FindingDraft } from '../../detector.js';
import { envReference, isPlaceholder, parseBool, parsePort } from '../../values.js';

export type TransportKind = 'smtp' | 'local' | 'null' | 'api' | 'unknown';

export interface MailerTransport {
  kind: TransportKind;
  scheme: string;
  host: string | null;
  /** Host, port and username exactly as written in the DSN, for value locations. */
  hostText: string | null;
  portText: string | null;
  usernameText: string | null;
  port: number | null;
  security: Security;
  username: string | null;
  /** 'present' when the DSN carries a literal password; 'external' when it names an env var. */
  secret: 'present' | 'absent' | 'external';
  secretRef?: string;
  notes: string[];
  /** Host or password as an env reference that this file does not resolve. */
  unresolvedHost?: string;
}

// Symfony bridges that choose the SMTP host themselves when the DSN says `@default`.
const PROVIDER_HOSTS: Record<string, string> = {
  gmail: 'smtp.gmail.com', sendgrid: 'smtp.sendgrid.net', mailgun: 'smtp.mailgun.org', postmark: 'smtp.postmarkapp.com',
  mailjet: 'in-v3.mailjet.com', brevo: 'smtp-relay.brevo.com', sendinblue: 'smtp-relay.sendinblue.com',
  mandrill: 'smtp.mandrillapp.com', ses: 'email-smtp.us-east-1.amazonaws.com', mailersend: 'smtp.mailersend.net',
  resend: 'smtp.resend.com', sparkpost: 'smtp.sparkpostmail.com', elasticemail: 'smtp.elasticemail.com',
};

interface DsnParts {
  scheme: string;
  user: string | null;
  password: string | null;
  hostText: string;
  portText: string | null;
  params: Record<string, string>;
}

/** Split `scheme://user:pass@host:port/path?query`; the last '@' before the query ends the user info. */
function splitDsn(raw: string): DsnParts | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(raw.trim());
  if (!m) return null;
  const rest = m[2];
  const queryAt = rest.search(/[?#]/);
  const authorityAndPath = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const at = authorityAndPath.lastIndexOf('@');
  const userinfo = at === -1 ? null : authorityAndPath.slice(0, at);
  const hostPath = authorityAndPath.slice(at + 1);
  const slash = hostPath.indexOf('/');
  const hostPort = slash === -1 ? hostPath : hostPath.slice(0, slash);
  const hp = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostPort);
  const params: Record<string, string> = {};
  if (queryAt !== -1 && rest[queryAt] === '?') {
    for (const pair of rest.slice(queryAt + 1).split('#')[0].split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      params[decode(eq === -1 ? pair : pair.slice(0, eq)).toLowerCase()] = decode(eq === -1 ? '' : pair.slice(eq + 1));
    }
  }
  const colon = userinfo?.indexOf(':') ?? -1;
  return {
    scheme: m[1].toLowerCase(),
    user: userinfo === null ? null : colon === -1 ? userinfo : userinfo.slice(0, colon),
    password: userinfo === null || colon === -1 ? null : userinfo.slice(colon + 1),
    hostText: hp ? hp[1] : hostPort,
    portText: hp?.[2] || null,
    params,
  };
}

function decode(value: string): string {
  try { return decodeURIComponent(value); } catch { return value; }
}

/** Every transport in a DSN (`failover(a b)` and `roundrobin(a b)` hold several); null when it is not a DSN. */
export function readMailerDsn(raw: string, flavour: 'symfony' | 'swiftmailer', secret: (value: string) => void): MailerTransport[] | null {
  const value = raw.trim();
  const group = /^(failover|roundrobin)\((.*)\)$/is.exec(value);
  if (group) {
    const list = group[2].split(/\s+/).filter(Boolean).map((dsn) => readOne(dsn, flavour, secret)).filter((t): t is MailerTransport => t !== null);
    for (const t of list) t.notes.push(`one of the ${group[1]} transports`);
    return list.length ? list : null;
  }
  const one = readOne(value, flavour, secret);
  return one ? [one] : null;
}

function readOne(raw: string, flavour: 'symfony' | 'swiftmailer', secret: (value: string) => void): MailerTransport | null {
  // A DSN never holds raw whitespace: anything after it is a broken file's next line.
  const parts = splitDsn(raw.trim().split(/\s/)[0]);
  if (!parts) return null;
  const { scheme, params } = parts;
  const [provider, protocol = ''] = scheme.split('+');
  const notes: string[] = [];
  const password = parts.password !== null ? decode(parts.password) : params.password ?? null;
  const username = parts.user !== null && parts.user !== '' ? decode(parts.user) : params.username ?? null;
  const isApi = protocol === 'api' || protocol === 'https' || protocol === 'http';
  // An API DSN carries its key as the user part: a secret, not a user name.
  for (const s of [password, parts.password, isApi ? username : null, isApi ? parts.user : null]) if (s && !isPlaceholder(s) && !envReference(s)) secret(s);
  const transport: MailerTransport = {
    kind: 'unknown', scheme, host: null, hostText: null, portText: parts.portText, usernameText: isApi ? null : parts.user || null,
    port: parsePort(parts.portText), security: 'unknown', username: isApi ? null : username,
    secret: 'absent', notes,
  };
  const passwordRef = password ? envReference(password) : null;
  if (passwordRef) { transport.secret = 'external'; transport.secretRef = `env:${passwordRef.name}`; }
  else if (password && !isPlaceholder(password)) transport.secret = 'present';
  if (scheme === 'null') { transport.kind = 'null'; notes.push('null transport: mail is discarded, nothing is sent'); return transport; }
  if (scheme === 'sendmail' || scheme === 'native' || scheme === 'mail') {
    Object.assign(transport, { kind: 'local', host: 'localhost', security: 'none' });
    notes.push(`${scheme} transport: hands mail to the local sendmail binary; the local MTA's relay setting applies`);
    return transport;
  }
  const host = parts.hostText.replace(/^\[|\]$/g, '');
  const hostRef = envReference(host);
  if (hostRef) transport.unresolvedHost = hostRef.name;
  if (isApi) {
    // `default`: the provider's own API endpoint, whatever the bridge (Symfony's convention), never a host name.
    Object.assign(transport, { kind: 'api', host: host === 'default' ? null : host || null });
    notes.push(API_NOTES[provider] ?? `${provider} HTTP API transport, not SMTP`);
    return transport;
  }
  const smtpLike = provider === 'smtp' || provider === 'smtps' || protocol === 'smtp' || protocol === 'smtps' || PROVIDER_HOSTS[provider] !== undefined;
  if (!smtpLike) return { ...transport, kind: 'unknown', host: host || null, hostText: parts.hostText || null };
  transport.kind = 'smtp';
  const bridge = PROVIDER_HOSTS[provider] !== undefined && (host === 'default' || (flavour === 'swiftmailer' && provider === 'gmail'));
  if (bridge && flavour === 'symfony') {
    transport.host = provider === 'ses' && params.region ? `email-smtp.${params.region}.amazonaws.com` : provider === 'mailgun' && params.region === 'eu' ? 'smtp.eu.mailgun.org' : PROVIDER_HOSTS[provider];
    notes.push(`${provider} bridge: host, port and TLS are chosen by the mailer, not written in the DSN`);
    return transport;
  }
  transport.host = bridge ? PROVIDER_HOSTS[provider] : hostRef ? null : host || null;
  transport.hostText = bridge ? null : parts.hostText || null;
  transport.security = flavour === 'symfony' ? symfonySecurity(scheme, transport.port, params, notes) : swiftSecurity(provider, transport.port, params);
  transport.port ??= transport.security === 'tls' ? 465 : 25;
  return transport;
}

/** API bridges that already send the way relay365 moves senders to. */
const API_NOTES: Record<string, string> = {
  microsoftgraph: 'Microsoft Graph API transport (symfony/microsoft-graph-mailer): already sends through Graph sendMail, not SMTP',
  azure: 'Azure Communication Services Email API transport (symfony/azure-mailer): already sends through ACS, not SMTP',
};

/** Symfony EsmtpTransport: smtps or port 465 = implicit TLS; otherwise STARTTLS whenever offered unless auto_tls=false. */
function symfonySecurity(scheme: string, port: number | null, params: Record<string, string>, notes: string[]): Security {
  if (scheme.endsWith('smtps') || port === 465) return 'tls';
  if (parseBool(params.auto_tls) === false) return 'none';
  if (parseBool(params.require_tls) === true) return 'starttls';
  notes.push('STARTTLS is opportunistic (used when the server offers it; require_tls=true makes it required)');
  return 'starttls';
}

/** SwiftMailer: `encryption=ssl` = implicit TLS, `encryption=tls` = STARTTLS, nothing = plain text. */
function swiftSecurity(provider: string, port: number | null, params: Record<string, string>): Security {
  const encryption = (params.encryption ?? '').toLowerCase();
  if (encryption === 'ssl' || provider === 'gmail' || port === 465) return 'tls';
  if (encryption === 'tls') return 'starttls';
  return 'none';
}

/** The finding fields a transport decides: host, port, TLS, auth, endpoint kind and why it may be inactive. */
export function transportDraft(t: MailerTransport): Omit<FindingDraft, 'line' | 'evidence'> {
  const draft: Omit<FindingDraft, 'line' | 'evidence'> = {
    host: t.host, port: t.port, security: t.security,
    auth: { method: t.username || t.secret !== 'absent' ? 'password' : 'none', username: t.username, secret: t.secret },
    secretRef: t.secretRef, notes: [...t.notes],
  };
  if (t.kind === 'local') draft.endpointKind = 'local';
  if (t.kind === 'null') Object.assign(draft, { active: false, inactiveReason: 'disabled', security: 'none', auth: { method: 'none', username: null, secret: 'absent' } });
  if (t.kind === 'api') draft.endpointKind = 'other-public';
  if (t.unresolvedHost) Object.assign(draft, { active: false, inactiveReason: 'unresolved', valueSources: { host: `env:${t.unresolvedHost}` } });
  return draft;
}
