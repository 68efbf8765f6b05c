// One mail setting group (a JSON object, an NLog target, a log4net appender) → a finding draft, shared by both readers.
import type { AuthMethod, SecretState, Security, ValueLocation } from '../../../inventory/types.js';
import { at, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, mailKeyKind, parseBool, parsePort, valueReference, type MailKey } from '../../values.js';
import { authenticationWord, secureSocketOptions, systemNetMailSecurity } from '../dotnet-config/security.js';

export interface Setting { key: string; value: string | number | boolean | null; line: number; text: string }

/** Which library reads the group decides what `EnableSsl` means (config-formats.md §0 rule 4). */
export type Library = 'system-net-mail' | 'unknown';

export type Roles = Map<MailKey, Setting[]>;

export function rolesOf(settings: Setting[], onlySpecific = false): Roles {
  const roles: Roles = new Map();
  for (const s of settings) {
    const kind = mailKeyKind(s.key);
    if (!kind || (onlySpecific && !kind.specific)) continue;
    roles.set(kind.kind, [...(roles.get(kind.kind) ?? []), s]);
  }
  return roles;
}

const text = (s: Setting | undefined) => (s === undefined || s.value === null ? '' : String(s.value).trim());

// MailKit's SecureSocketOptions as numbers, for configs that bind the enum by value.
const SOCKET_OPTIONS = ['None', 'Auto', 'SslOnConnect', 'StartTls', 'StartTlsWhenAvailable'];

function securityOf(roles: Roles, port: number | null, library: Library, notes: string[]): Security {
  const all = roles.get('security') ?? [];
  const starttls = all.find((s) => /starttls/i.test(s.key) && parseBool(text(s)) !== null);
  if (starttls) return parseBool(text(starttls)) ? 'starttls' : 'none';
  const word = all.find((s) => parseBool(text(s)) === null && text(s));
  if (word) {
    const v = typeof word.value === 'number' ? SOCKET_OPTIONS[word.value] ?? '' : text(word);
    return secureSocketOptions(v, port, notes) ?? (/^ssl$/i.test(v) ? 'tls' : /^tls$/i.test(v) ? 'starttls' : 'unknown');
  }
  const flag = all.find((s) => parseBool(text(s)) !== null);
  if (flag) {
    const on = parseBool(text(flag)) === true;
    if (library === 'system-net-mail' || !on) return systemNetMailSecurity(on, port, notes);
    if (port === 465) return 'tls';
    notes.push(`${flag.key} = true: STARTTLS with System.Net.Mail; with MailKit's Connect(host, port, true) it means implicit TLS — check the code`);
    return 'starttls';
  }
  if (port === 465) return 'tls';
  notes.push('no TLS setting: System.Net.Mail sends in plaintext, MailKit uses STARTTLS when offered');
  return 'unknown';
}

function secretOf(s: Setting | undefined, ctx: ExtractContext): { secret: SecretState; ref?: string } {
  const v = text(s);
  if (!v) return { secret: 'absent' };
  const ref = valueReference(v);
  if (ref) return { secret: 'external', ref };
  ctx.secret(v);
  return { secret: 'present' };
}

export interface GroupInput {
  roles: Roles;
  library: Library;
  /** NLog and log4net only authenticate when told to (their default is None). */
  authDefault: 'by-username' | 'none';
  /** Resolves `${var:x}`-style indirections before they are judged. */
  resolve?: (value: string) => string;
  ctx: ExtractContext;
  notes: string[];
}

/** The finding draft of one group, or null when it names no host. */
export function draftOf(input: GroupInput): (FindingDraft & { hostText: string }) | null {
  const { roles, ctx, notes } = input;
  const resolve = input.resolve ?? ((v: string) => v);
  const host = roles.get('host')?.[0];
  const hostValue = resolve(text(host));
  if (!host || !hostValue) return null;
  const portSetting = roles.get('port')?.[0];
  const port = parsePort(resolve(text(portSetting)));
  const security = securityOf(roles, port, input.library, notes);
  const userSetting = roles.get('username')?.[0];
  const username = resolve(text(userSetting)) || null;
  const secret = secretOf(roles.get('password')?.[0], ctx);
  const authSetting = (roles.get('auth') ?? []).find((s) => text(s));
  let method: AuthMethod = input.authDefault === 'by-username' && username ? 'password' : 'none';
  if (authSetting && /defaultcredentials/i.test(authSetting.key)) method = parseBool(text(authSetting)) ? 'ntlm' : method;
  else if (authSetting) method = authenticationWord(text(authSetting)) ?? method;
  if (input.authDefault === 'none' && username && method === 'none') notes.push(`${userSetting!.key} is set but authentication is None: no AUTH is sent`);
  const fromSetting = roles.get('from')?.find((s) => emailIn(resolve(text(s))));
  const ref = valueReference(hostValue);
  const loc = (s: Setting | undefined, value: string | null): ValueLocation | undefined => (s ? at(s.line, value) : undefined);
  return {
    line: host.line,
    hostText: hostValue,
    host: ref ? null : hostValue,
    port: port ?? 25,
    security,
    auth: { method, username: method === 'none' ? null : username, secret: secret.secret },
    secretRef: secret.ref,
    from: fromSetting ? emailIn(resolve(text(fromSetting))) : null,
    active: !ref,
    inactiveReason: ref ? 'unresolved' : undefined,
    valueSources: ref ? { host: ref } : undefined,
    evidence: '',
    locations: { host: ref ? undefined : loc(host, hostValue), port: loc(portSetting, text(portSetting)), username: loc(userSetting, username), from: loc(fromSetting, fromSetting ? emailIn(text(fromSetting)) : null) },
    notes,
    role: 'app',
  };
}
