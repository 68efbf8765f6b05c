// JavaMail / Jakarta Mail session properties (`mail.smtp.*`, `mail.smtps.*`, `mail.transport.protocol`): what they say
// about host, port, TLS and sign-in (config-formats.md §3.8).
import type { Security } from '../../../inventory/types.js';
import { parseBool, parsePort } from '../../values.js';

export interface MailProperty { value: string; line: number }

export interface MailSession {
  host: MailProperty | null;
  port: number | null;
  portProperty: MailProperty | null;
  security: Security;
  auth: boolean;
  user: MailProperty | null;
  from: MailProperty | null;
  notes: string[];
}

/** Read a session from its properties (keys lower-cased). */
export function readMailSession(props: Map<string, MailProperty>): MailSession {
  const smtps = props.get('mail.transport.protocol')?.value.trim().toLowerCase() === 'smtps';
  const get = (name: string) => props.get(`mail.${smtps ? 'smtps' : 'smtp'}.${name}`) ?? props.get(`mail.smtp.${name}`) ?? null;
  const flag = (name: string) => parseBool(get(name)?.value ?? null) === true;
  const host = get('host') ?? props.get('mail.host') ?? null;
  const portProperty = get('port');
  const port = parsePort(portProperty?.value) ?? null;
  const notes: string[] = [];
  let security: Security = 'none';
  const socketFactory = /SSLSocketFactory/.test(get('socketfactory.class')?.value ?? '');
  if (smtps || flag('ssl.enable') || socketFactory) security = 'tls';
  else if (flag('starttls.enable')) {
    security = 'starttls';
    if (!flag('starttls.required')) notes.push('mail.smtp.starttls.enable without starttls.required: STARTTLS only when the server offers it');
  } else if (port === 465) security = 'tls';
  return {
    host, port: port ?? (security === 'tls' ? 465 : 25), portProperty, security, notes,
    auth: flag('auth'), user: get('user') ?? props.get('mail.user') ?? null, from: get('from') ?? props.get('mail.from') ?? null,
  };
}

/** `${env.SMTP_HOST:relay}`, `${jboss.mail.server.host:localhost}`, `${smtp.host}`: where the value lives and its default. */
export function expression(raw: string): { ref: string; fallback: string | null } | null {
  const m = /^\$\{([^}:]+)(?::([^}]*))?\}$/.exec(raw.trim());
  if (!m) return null;
  if (m[1].startsWith('VAULT')) return { ref: `wildfly-vault:${m[1]}`, fallback: null };
  return { ref: m[1].startsWith('env.') ? `env:${m[1].slice(4)}` : `property:${m[1]}`, fallback: m[2] ?? null };
}
