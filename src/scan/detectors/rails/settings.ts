// The mail gem's reading of `smtp_settings` (address, port, user_name, password, authentication, enable_starttls_auto,
// enable_starttls, tls/ssl, domain), shared by Rails code, Redmine's configuration.yml and Discourse's settings.
import type { AuthMethod, SecretState, Security } from '../../../inventory/types.js';
import { at, type FindingDraft } from '../../detector.js';
import { parsePort, secretState } from '../../values.js';
import type { RubySettings, RubyValue } from './ruby.js';

/** A setting's value as written: `true`, `"true"`, `:login`, `ENV[...]`; null when not set or not knowable. */
function flag(v: RubyValue | undefined): boolean | null {
  if (!v || v.kind === 'nil') return null;
  if (v.kind === 'env') return v.fallback === null ? null : flag({ ...v, kind: 'string', value: v.fallback });
  const w = v.value.toLowerCase();
  if (w === 'true' || w === 'yes' || w === '1') return true;
  if (w === 'false' || w === 'no' || w === '0') return false;
  return null;
}

function portOf(v: RubyValue | undefined): number | null {
  if (!v) return null;
  if (v.kind === 'env') return parsePort(v.fallback);
  return parsePort(v.value);
}

function securityOf(s: RubySettings, port: number, notes: string[]): Security {
  const tls = flag(s.get('tls')) ?? flag(s.get('ssl'));
  if (tls) return 'tls';
  if (flag(s.get('enable_starttls'))) return 'starttls';
  if (port === 465 && tls === null) {
    notes.push('port 465 without tls: the mail gem (2.8+) uses implicit TLS on 465');
    return 'tls';
  }
  const auto = s.get('enable_starttls_auto');
  if (flag(auto) === false) return 'none';
  if (auto?.kind === 'env') notes.push(`enable_starttls_auto comes from ENV['${auto.value}']`);
  notes.push(`${auto && flag(auto) ? 'enable_starttls_auto: true' : 'enable_starttls_auto not set (the mail gem defaults to true)'}: STARTTLS when offered, plaintext otherwise`);
  return 'starttls';
}

function authOf(s: RubySettings, hasUser: boolean): AuthMethod {
  const mech = s.get('authentication');
  const name = mech && (mech.kind === 'string' || mech.kind === 'symbol') ? mech.value.toLowerCase().replace(/^:/, '') : '';
  if (name === 'xoauth2' || name === 'oauthbearer') return 'oauth2';
  if (name === 'ntlm') return 'ntlm';
  if (name === 'none') return 'none';
  if (name) return 'password';
  return hasUser ? 'password' : 'none';
}

function secretOf(v: RubyValue | undefined, register: (value: string) => void): { secret: SecretState; ref?: string } {
  if (!v || v.kind === 'nil' || v.value === '') return { secret: 'absent' };
  if (v.kind === 'env') return { secret: 'external', ref: `env:${v.value}` };
  if (v.kind === 'credentials') return { secret: 'external', ref: `rails-${v.value.replace('.', ':')}` };
  if (v.kind === 'file') return { secret: 'external', ref: `file:${v.value}` };
  if (v.kind === 'string') return secretState(v.value, register);
  return { secret: 'present' };
}

/**
 * A draft from one smtp_settings hash. The host stays null when it is an environment or credentials reference
 * (the caller marks it unresolved); `valueSources` says where it points.
 */
export function settingsDraft(s: RubySettings, register: (value: string) => void): FindingDraft & { hostRef: string | null; computed: boolean } {
  const address = s.get('address');
  const notes: string[] = [];
  let hostRef: string | null = null;
  let host: string | null = null;
  if (!address) { host = 'localhost'; notes.push('address not set: the mail gem sends to localhost'); }
  else if (address.kind === 'env') { hostRef = `env:${address.value}`; if (address.fallback) notes.push(`ENV['${address.value}'] falls back to ${address.fallback}`); }
  else if (address.kind === 'credentials') hostRef = `rails-${address.value.replace('.', ':')}`;
  else if (address.kind === 'string' || address.kind === 'symbol') host = address.value;
  else notes.push(`address is computed (${address.value}): check it by hand`);
  const computed = Boolean(address) && host === null && hostRef === null;
  const portValue = s.get('port');
  const port = portOf(portValue) ?? 25;
  if (!portValue) notes.push('port not set: the mail gem uses 25');
  else if (portValue.kind === 'env') notes.push(`port comes from ENV['${portValue.value}']${portValue.fallback ? ` (default ${portValue.fallback})` : ''}`);
  const security = securityOf(s, port, notes);
  const user = s.get('user_name');
  const username = user && (user.kind === 'string' || user.kind === 'symbol') && user.value ? user.value : null;
  const userRef = user?.kind === 'env' ? `env:${user.value}` : user?.kind === 'credentials' ? `rails-${user.value.replace('.', ':')}` : null;
  if (userRef) notes.push(`user_name comes from ${userRef}`);
  const secret = secretOf(s.get('password'), register);
  const valueSources: Record<string, string> = {};
  if (hostRef) valueSources.host = hostRef;
  // Only the host's env reference goes to valueSources: the env pass keeps a finding inactive while any env source is undefined.
  if (userRef && !userRef.startsWith('env:')) valueSources.username = userRef;
  return {
    line: address?.line ?? null,
    host,
    hostRef,
    computed,
    port,
    security,
    auth: { method: authOf(s, Boolean(username || userRef)), username, secret: secret.secret },
    secretRef: secret.ref,
    valueSources,
    evidence: address?.text ?? '',
    locations: {
      host: host && address ? at(address.line, host) : undefined,
      port: portValue && portValue.kind !== 'env' ? at(portValue.line, portValue.value) : undefined,
      username: username ? at(user!.line, username) : undefined,
    },
    notes,
    role: 'app',
  };
}
