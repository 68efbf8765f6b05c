// TLS for the session: connect options, and the facts of a negotiated connection (protocol, cipher, certificate).
import { isIP } from 'node:net';
import { checkServerIdentity, type ConnectionOptions, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import type { SessionTlsOptions, TlsFacts } from './types.js';

/** The name the certificate must carry: the configured servername, else the host as given. */
export function certificateName(host: string, tls: SessionTlsOptions = {}): string {
  return tls.servername ?? host;
}

/** Options for tls.connect. Trust is judged after the handshake, so the facts are known even for a bad certificate. */
export function tlsConnectOptions(host: string, tls: SessionTlsOptions = {}): ConnectionOptions {
  const minVersion = tls.minVersion ?? 'TLSv1.2';
  const name = certificateName(host, tls);
  // OpenSSL 3 refuses TLS 1.0/1.1 at its default security level: lowered only to observe what old servers offer
  const legacy = minVersion === 'TLSv1' || minVersion === 'TLSv1.1';
  return {
    ...(isIP(name) ? {} : { servername: name }),
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
    minVersion,
    ...(legacy ? { ciphers: 'DEFAULT:@SECLEVEL=0' } : {}),
    ...(tls.ca ? { ca: tls.ca } : {}),
  };
}

/** 'CN=relay01.corp.example.com, O=Contoso' from Node's subject/issuer object. */
export function distinguishedName(name: Record<string, string | string[] | undefined> | undefined): string | null {
  if (!name) return null;
  const parts = Object.entries(name).flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).filter((v) => v !== undefined).map((v) => `${key}=${v}`));
  return parts.length ? parts.join(', ') : null;
}

function isoDate(text: string | undefined): string | null {
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** What was negotiated and what the peer's certificate says, checked against `name`. */
export function tlsFacts(socket: TLSSocket, name: string): TlsFacts {
  const cert = socket.getPeerCertificate(true) as DetailedPeerCertificate | undefined;
  const hasCert = Boolean(cert && cert.raw);
  const subject = hasCert ? distinguishedName(cert!.subject as unknown as Record<string, string>) : null;
  const issuer = hasCert ? distinguishedName(cert!.issuer as unknown as Record<string, string>) : null;
  const authorizationError = socket.authorizationError ? String(socket.authorizationError) : null;
  let selfSigned: boolean | null = null;
  if (hasCert) {
    const parent = cert!.issuerCertificate;
    selfSigned = authorizationError === 'DEPTH_ZERO_SELF_SIGNED_CERT'
      || (parent ? parent.fingerprint256 === cert!.fingerprint256 : subject !== null && subject === issuer);
  }
  return {
    protocol: socket.getProtocol() ?? null,
    cipher: socket.getCipher()?.name ?? null,
    certSubject: subject,
    certIssuer: issuer,
    validFrom: hasCert ? isoDate(cert!.valid_from) : null,
    validTo: hasCert ? isoDate(cert!.valid_to) : null,
    selfSigned,
    hostnameMatch: hasCert ? checkServerIdentity(name, cert!) === undefined : null,
    authorized: socket.authorized,
    authorizationError,
  };
}

/** Why these facts fail verification, or null when the certificate is trusted for the name and current. */
export function untrustedReason(facts: TlsFacts, name: string, now = new Date()): string | null {
  if (!facts.authorized) return facts.authorizationError ?? 'certificate chain not trusted';
  if (facts.hostnameMatch === false) return `certificate is for ${facts.certSubject ?? 'another name'}, not ${name}`;
  if (facts.validTo && new Date(facts.validTo) < now) return `certificate expired ${facts.validTo}`;
  return null;
}

/** A short human line for the transcript: 'TLSv1.3 TLS_AES_256_GCM_SHA384, CN=x (issuer CN=x), valid to …'. */
export function describeTls(facts: TlsFacts): string {
  const cert = facts.certSubject ? `, certificate ${facts.certSubject} (issuer ${facts.certIssuer ?? '?'}), valid to ${facts.validTo ?? '?'}` : ', no certificate';
  return `TLS ${facts.protocol ?? '?'} ${facts.cipher ?? '?'}${cert}`;
}
