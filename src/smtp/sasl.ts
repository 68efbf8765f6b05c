// SASL payloads for AUTH: PLAIN (RFC 4616), LOGIN, XOAUTH2 (microsoft-365-facts.md §2.1).
import type { SmtpCredentials } from './types.js';

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** base64("\0user\0password"). */
export function plainPayload(user: string, password: string): string {
  return b64(`\u0000${user}\u0000${password}`);
}

/** base64("user=" + user + "^Aauth=Bearer " + token + "^A^A"), ^A = 0x01. */
export function xoauth2Payload(user: string, accessToken: string): string {
  return b64(`user=${user}\u0001auth=Bearer ${accessToken}\u0001\u0001`);
}

export function loginPayloads(user: string, password: string): [string, string] {
  return [b64(user), b64(password)];
}

/** Every form a secret of these credentials could take on the wire: scrubbed from transcripts and errors. */
export function credentialSecrets(credentials: SmtpCredentials): string[] {
  const { user, password, accessToken } = credentials;
  const secrets: string[] = [];
  if (password) secrets.push(password, plainPayload(user, password), b64(password));
  if (accessToken) secrets.push(accessToken, xoauth2Payload(user, accessToken));
  return secrets;
}

/** Decode the JSON error a server sends in a 334 after a failed XOAUTH2 (Google and others do; Microsoft answers 535). */
export function xoauth2Error(challenge: string): string | null {
  try {
    const decoded = Buffer.from(challenge.trim(), 'base64').toString('utf8');
    const json = JSON.parse(decoded) as { status?: string; schemes?: string; scope?: string };
    return json && typeof json === 'object' ? [json.status && `status ${json.status}`, json.scope && `scope ${json.scope}`].filter(Boolean).join(', ') || decoded : null;
  } catch {
    return null;
  }
}
