// .NET mail security and authentication words, one table per library (config-formats.md §0 rule 4: never a global guess).
import type { AuthMethod, Security } from '../../../inventory/types.js';

/** System.Net.Mail `EnableSsl`: STARTTLS only; it cannot do implicit TLS. */
export function systemNetMailSecurity(enableSsl: boolean, port: number | null, notes: string[]): Security {
  if (!enableSsl) return 'none';
  if (port === 465) notes.push('EnableSsl on port 465: System.Net.Mail only does STARTTLS and hangs against implicit TLS');
  return 'starttls';
}

/** MailKit `SecureSocketOptions` (also Serilog's `ConnectionSecurity`, NLog.MailKit's `secureSocketOption`). */
export function secureSocketOptions(value: string, port: number | null, notes: string[]): Security | null {
  switch (value.trim().toLowerCase()) {
    case 'none': return 'none';
    case 'sslonconnect': return 'tls';
    case 'starttls': return 'starttls';
    case 'starttlswhenavailable':
      notes.push('StartTlsWhenAvailable: STARTTLS when offered, plaintext otherwise');
      return 'starttls';
    case 'auto':
      if (port === 465) return 'tls';
      notes.push('SecureSocketOptions.Auto: STARTTLS when offered, plaintext otherwise');
      return 'starttls';
    default: return null;
  }
}

/** NLog `smtpAuthentication`, log4net `authentication`: None (their default), Basic, Ntlm, OAuth2. */
export function authenticationWord(value: string | undefined): AuthMethod | null {
  switch ((value ?? '').trim().toLowerCase()) {
    case 'none': return 'none';
    case 'basic': case 'login': case 'plain': return 'password';
    case 'ntlm': return 'ntlm';
    case 'oauth2': case 'xoauth2': return 'oauth2';
    default: return null;
  }
}

/** A tag rebuilt from its attributes with secret values masked: evidence never carries a password. */
export function maskedTag(name: string, attrs: { name: string; value: string }[]): string {
  return `<${name} ${attrs.map((a) => `${a.name}="${/pass|pwd|secret/i.test(a.name) ? '***' : a.value}"`).join(' ')} />`;
}
