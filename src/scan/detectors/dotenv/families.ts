// Which environment keys belong together ("families": MAIL_* for Laravel, EMAIL_* for Django, GF_SMTP_* for
// Grafana, SMTP_* and any PREFIX_SMTP_*), what each key means, and each family's own reading of TLS words.
import type { Security } from '../../../inventory/types.js';
import { parseBool } from '../../values.js';

export type Role = 'host' | 'port' | 'user' | 'password' | 'passwordFile' | 'security' | 'from' | 'transport' | 'url' | 'authMethod';

const SUFFIXES: Record<string, Role> = {
  HOST: 'host', SERVER: 'host', ADDRESS: 'host', HOSTNAME: 'host', SMARTHOST: 'host', RELAY: 'host', RELAYHOST: 'host', RELAY_HOST: 'host',
  PORT: 'port',
  USER: 'user', USERNAME: 'user', USER_NAME: 'user', LOGIN: 'user', HOST_USER: 'user', AUTH_USER: 'user',
  PASS: 'password', PASSWORD: 'password', PASSWD: 'password', PWD: 'password', HOST_PASSWORD: 'password', AUTH_PASSWORD: 'password', AUTH_PASS: 'password',
  PASSWORD_FILE: 'passwordFile', PASS_FILE: 'passwordFile', HOST_PASSWORD_FILE: 'passwordFile',
  SECURE: 'security', TLS: 'security', SSL: 'security', STARTTLS: 'security', USE_TLS: 'security', USE_SSL: 'security',
  ENCRYPTION: 'security', SCHEME: 'security', ENABLE_STARTTLS: 'security', ENABLE_STARTTLS_AUTO: 'security', ENABLE_START_TLS: 'security',
  STARTTLS_POLICY: 'security', SECURITY: 'security', ENABLE_SSL: 'security', FORCE_TLS: 'security',
  FROM: 'from', FROM_ADDRESS: 'from', FROM_EMAIL: 'from', FROM_ADDR: 'from', DEFAULT_FROM: 'from', DEFAULT_SENDER: 'from', SENDER: 'from', MAIL_FROM: 'from',
  MAILER: 'transport', DRIVER: 'transport', TRANSPORT: 'transport', DELIVERY_METHOD: 'transport', BACKEND: 'transport', ENABLED: 'transport',
  URL: 'url', DSN: 'url',
  AUTH_METHOD: 'authMethod', AUTHENTICATION: 'authMethod', AUTH_TYPE: 'authMethod', AUTHTYPE: 'authMethod',
};

// Keys of Django's settings that carry no EMAIL_ prefix.
const DJANGO_EXTRA: Record<string, Role> = { DEFAULT_FROM_EMAIL: 'from', SERVER_EMAIL: 'from' };

export interface KeyRole { family: string; role: Role }

/** `GF_SMTP_HOST` → { family: 'GF_SMTP_', role: 'host' }: the leftmost SMTP_/MAIL_/EMAIL_/MAILER_ split with a known suffix. */
export function roleOf(key: string): KeyRole | null {
  const upper = key.toUpperCase();
  if (DJANGO_EXTRA[upper]) return { family: 'EMAIL_', role: DJANGO_EXTRA[upper] };
  const word = /(?:^|_)(SMTP|MAIL|EMAIL|MAILER)_/g;
  for (let m = word.exec(upper); m; m = word.exec(upper)) {
    const family = upper.slice(0, m.index + m[0].length);
    const role = SUFFIXES[upper.slice(family.length)];
    if (role && !/IMAP|POP3?_|INCOMING|INBOUND|RECEIVE/.test(family)) return { family, role };
    word.lastIndex = m.index + 1;
  }
  return null;
}

export type FamilyKind = 'laravel' | 'symfony' | 'django' | 'grafana' | 'flask' | 'generic';

export function familyKind(family: string, keys: string[]): FamilyKind {
  if (family === 'MAILER_') return 'symfony';
  if (family === 'GF_SMTP_') return 'grafana';
  if (family === 'EMAIL_') return 'django';
  if (family === 'MAIL_') {
    if (keys.some((k) => /^MAIL_(MAILER|DRIVER|ENCRYPTION|SCHEME|FROM_ADDRESS|URL)$/.test(k))) return 'laravel';
    if (keys.some((k) => /^MAIL_(SERVER|USE_TLS|USE_SSL|DEFAULT_SENDER)$/.test(k))) return 'flask';
  }
  return 'generic';
}

export const SYSTEM: Record<FamilyKind, string> = {
  laravel: 'Laravel (.env)', symfony: 'Symfony Mailer (.env)', django: 'Django (.env)', grafana: 'Grafana (env)',
  flask: 'Flask-Mail (.env)', generic: 'SMTP settings (.env)',
};

export interface SecurityReading { security: Security; note?: string }

/** One family's TLS keys → security. `values` maps the key's suffix (USE_TLS, ENCRYPTION, …) to its value. */
export function securityOf(kind: FamilyKind, values: Map<string, string>, port: number | null): SecurityReading {
  const word = (suffix: string) => values.get(suffix)?.trim().toLowerCase();
  const flag = (suffix: string) => parseBool(values.get(suffix));
  if (kind === 'laravel') {
    // Laravel: MAIL_ENCRYPTION ssl = implicit TLS, tls = STARTTLS; Laravel 11 MAIL_SCHEME smtps|smtp.
    const enc = word('ENCRYPTION');
    const scheme = word('SCHEME');
    if (enc === 'ssl' || scheme === 'smtps' || port === 465) return { security: 'tls' };
    if (enc === 'tls' || enc === 'starttls') return { security: 'starttls' };
    return { security: 'starttls', note: 'STARTTLS is opportunistic (Symfony Mailer uses it when the server offers it)' };
  }
  if (kind === 'grafana') {
    const policy = word('STARTTLS_POLICY');
    if (port === 465) return { security: 'tls' };
    if (policy === 'nostarttls') return { security: 'none' };
    if (policy === 'mandatorystarttls') return { security: 'starttls' };
    return { security: 'starttls', note: 'Grafana OpportunisticStartTLS: STARTTLS only when offered' };
  }
  if (kind === 'django' || kind === 'flask') {
    // Django and Flask-Mail: USE_TLS = STARTTLS, USE_SSL = implicit TLS, neither = plain text.
    if (flag('USE_SSL')) return { security: 'tls' };
    if (flag('USE_TLS')) return { security: 'starttls' };
    if (values.has('USE_SSL') || values.has('USE_TLS')) return { security: 'none' };
    return port === 465 ? { security: 'tls' } : { security: 'none', note: 'no EMAIL_USE_TLS/EMAIL_USE_SSL: plain SMTP' };
  }
  return genericSecurity(values, port);
}

/** SMTP_* conventions of Node, Python, Ruby and Docker images; `SMTP_TLS` alone is ambiguous and read by port. */
function genericSecurity(values: Map<string, string>, port: number | null): SecurityReading {
  const word = (suffix: string) => values.get(suffix)?.trim().toLowerCase();
  const flag = (suffix: string) => parseBool(values.get(suffix));
  const words = ['ENCRYPTION', 'SECURITY', 'SECURE', 'TLS', 'SSL'].map(word).filter(Boolean);
  if (words.some((w) => w === 'ssl' || w === 'smtps' || w === 'implicit')) return { security: 'tls' };
  if (words.some((w) => w === 'starttls')) return { security: 'starttls' };
  if (word('SECURE') === 'tls' || word('ENCRYPTION') === 'tls' || word('SECURITY') === 'tls') return { security: 'starttls' };
  if (flag('SSL') || flag('USE_SSL') || flag('FORCE_TLS') || flag('ENABLE_SSL')) return { security: 'tls' };
  if (flag('SECURE')) return { security: 'tls', note: 'SMTP_SECURE=true read as implicit TLS (nodemailer convention)' };
  if (flag('SECURE') === false && values.size === 1) return { security: 'starttls', note: 'SMTP_SECURE=false: STARTTLS when the server offers it (nodemailer convention)' };
  const starttls = word('ENABLE_STARTTLS') ?? word('STARTTLS') ?? word('USE_TLS') ?? word('ENABLE_STARTTLS_AUTO') ?? word('ENABLE_START_TLS');
  if (starttls === 'auto') return { security: 'starttls', note: 'STARTTLS is opportunistic (auto)' };
  if (starttls === 'always' || parseBool(starttls) === true) return { security: 'starttls' };
  if (flag('TLS')) return port === 465 ? { security: 'tls' } : port === 587 ? { security: 'starttls', note: 'SMTP_TLS=true on 587 read as STARTTLS' } : { security: 'tls', note: 'SMTP_TLS=true read as implicit TLS (Rails/Mastodon convention); some apps mean STARTTLS' };
  if (starttls === 'never' || parseBool(starttls) === false || flag('TLS') === false || word('ENCRYPTION') === 'none') return port === 465 ? { security: 'tls' } : { security: 'none' };
  if (port === 465) return { security: 'tls' };
  if (port === 587) return { security: 'starttls', note: 'TLS inferred from port 587' };
  return { security: 'unknown' };
}
