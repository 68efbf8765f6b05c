// Shapes of the step-by-step SMTP session shared by probe and verify.
import type { LookupAddress } from 'node:dns';
import type { SecureVersion } from 'node:tls';

/** One step of the dialogue; each has its own timeout and timing. */
export type SmtpStep =
  | 'resolve' | 'connect' | 'banner' | 'ehlo' | 'starttls' | 'auth'
  | 'mail' | 'rcpt' | 'rset' | 'data' | 'quit';

/** Why a step failed. 'tls-certificate': the handshake worked but the certificate is not trusted for this host. */
export type SmtpFailureKind =
  | 'dns' | 'refused' | 'unreachable' | 'timeout' | 'tls-handshake' | 'tls-certificate' | 'protocol' | 'reply';

export interface SmtpReply {
  code: number;
  /** RFC 3463 enhanced status code, e.g. '5.7.1', when the server sent one. */
  enhanced: string | null;
  /** Text of each line without the code prefix. */
  lines: string[];
}

export interface EhloFacts {
  /** Whether the server answered EHLO (false: fell back to HELO, no extensions). */
  esmtp: boolean;
  /** Extension lines as the server wrote them, keyword upper-cased: 'SIZE 10240000', 'AUTH PLAIN LOGIN'. */
  extensions: string[];
  starttls: boolean;
  auth: string[];
  /** SIZE limit in bytes; 0 = no limit announced with the keyword; null = no SIZE. */
  size: number | null;
  pipelining: boolean;
  eightBitMime: boolean;
  smtpUtf8: boolean;
  enhancedStatusCodes: boolean;
}

export interface TlsFacts {
  protocol: string | null;
  cipher: string | null;
  certSubject: string | null;
  certIssuer: string | null;
  validFrom: string | null;
  validTo: string | null;
  selfSigned: boolean | null;
  hostnameMatch: boolean | null;
  /** Chain verified against the trusted CAs (system or the `ca` option). */
  authorized: boolean;
  authorizationError: string | null;
}

export interface StepRecord {
  step: SmtpStep;
  ms: number;
  ok: boolean;
  /** The server's reply, one line per line, secrets redacted. */
  reply: string | null;
  /** '250 2.1.5', 'ECONNREFUSED', 'timeout'. */
  code: string | null;
}

export interface SessionTlsOptions {
  /** Fail the starttls/connect step when the certificate is not trusted or does not match the host (default true). */
  rejectUnauthorized?: boolean;
  ca?: string | Buffer | (string | Buffer)[];
  /** The name checked against the certificate and sent as SNI (default: the host when it is a name). */
  servername?: string;
  /** Lowest protocol to negotiate (default 'TLSv1.2'); probe lowers it to observe what old servers offer. */
  minVersion?: SecureVersion;
}

export type LookupAll = (host: string) => Promise<LookupAddress[]>;

export interface SessionOptions {
  host: string;
  port: number;
  /** 'implicit-tls': TLS from the first byte (port 465); 'plain': clear text, STARTTLS when asked. */
  mode?: 'plain' | 'implicit-tls';
  /** Per-step timeout in milliseconds (default 10000). */
  timeoutMs?: number;
  /** EHLO name (default: this host's name when it is a FQDN, else an address literal). */
  clientName?: string;
  tls?: SessionTlsOptions;
  /** DNS lookup returning every address (default: dns.lookup with all: true, as the OS resolver would). */
  lookup?: LookupAll;
  /** Extra values scrubbed from the transcript and error texts. */
  secrets?: string[];
  /** Called with each transcript line as it is written (for a live `--verbose`). */
  onTranscript?(line: string): void;
}

export type SaslMechanism = 'PLAIN' | 'LOGIN' | 'XOAUTH2';

export interface SmtpCredentials {
  mechanism: SaslMechanism;
  user: string;
  /** For PLAIN and LOGIN. */
  password?: string;
  /** For XOAUTH2: the OAuth access token. */
  accessToken?: string;
}
