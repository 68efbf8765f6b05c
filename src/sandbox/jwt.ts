// Compact JWS (RS256 / PS256) over node:crypto: the sandbox signs access tokens and checks client assertions.
// Hand-written because it is 60 lines and no JWT library is a dependency.
import { constants, sign, verify, type KeyObject } from 'node:crypto';

export interface JwtHeader { alg: string; typ?: string; kid?: string; x5t?: string; 'x5t#S256'?: string; [key: string]: unknown }
export type JwtPayload = Record<string, unknown>;

export interface DecodedJwt { header: JwtHeader; payload: JwtPayload; signingInput: string; signature: Buffer }

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

export function signJwt(header: Omit<JwtHeader, 'alg'>, payload: JwtPayload, key: KeyObject): string {
  const signingInput = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', ...header }))}.${b64url(JSON.stringify(payload))}`;
  return `${signingInput}.${b64url(sign('sha256', Buffer.from(signingInput), key))}`;
}

/** Split and parse a compact JWS; null when it is not one. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as JwtHeader;
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as JwtPayload;
    if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object' || typeof header.alg !== 'string') return null;
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return null;
  }
}

/** Check the signature with the public key; only RS256 and PS256 are accepted (never 'none'). */
export function verifySignature(jwt: DecodedJwt, key: KeyObject): boolean {
  const data = Buffer.from(jwt.signingInput);
  try {
    if (jwt.header.alg === 'RS256') return verify('sha256', data, key, jwt.signature);
    if (jwt.header.alg === 'PS256') return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, jwt.signature);
  } catch {
    return false;
  }
  return false;
}

export type TimeProblem = 'expired' | 'not-yet-valid' | null;

/** exp / nbf against now, with a little clock skew allowed as Entra does. */
export function timeProblem(payload: JwtPayload, nowSeconds = Math.floor(Date.now() / 1000), skewSeconds = 300): TimeProblem {
  const exp = typeof payload.exp === 'number' ? payload.exp : null;
  const nbf = typeof payload.nbf === 'number' ? payload.nbf : null;
  if (exp === null || exp + skewSeconds < nowSeconds) return 'expired';
  if (nbf !== null && nbf - skewSeconds > nowSeconds) return 'not-yet-valid';
  return null;
}
