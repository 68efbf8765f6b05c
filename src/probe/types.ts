// What a live relay does, as seen by `relay365 probe` (shared/DESIGN.md "Data").

export interface StartTlsFacts {
  offered: boolean;
  negotiated: boolean;
  protocol: string | null;
  cipher: string | null;
  certSubject: string | null;
  certIssuer: string | null;
  validTo: string | null;
  selfSigned: boolean | null;
  hostnameMatch: boolean | null;
  /** relay365 addition: why STARTTLS failed when it was offered but not negotiated. */
  error?: string | null;
}

export interface ProbeResult {
  target: string;
  host: string;
  port: number;
  reachable: boolean;
  banner: string | null;
  extensions: string[];
  starttls: StartTlsFacts;
  authBeforeTls: string[];
  authAfterTls: string[];
  maxSize: number | null;
  openRelay: boolean | null;
  relayReply: string | null;
  ms: number;
  /** relay365 additions */
  error?: { kind: string; diagnosis: string; step?: string; hint?: string | null } | null;
  transcript?: string[];
  findings?: { severity: 'high' | 'medium' | 'low'; code: string; message: string }[];
  /** When the probe ran (ISO time). */
  probedAt?: string;
  /** Addresses the host resolved to. */
  addresses?: string[];
  /** 'implicit': TLS from the first byte (465); 'starttls': upgraded; 'none': stayed in clear text. */
  tlsMode?: 'implicit' | 'starttls' | 'none';
  /** The envelope of the relay test (MAIL FROM, RCPT TO) and the reply to MAIL FROM. Never DATA. */
  relayTest?: { from: string; to: string; mailReply: string | null } | null;
  /** Each SMTP step with its timing and reply code. */
  steps?: { step: string; ms: number; ok: boolean; code: string | null }[];
  /** Whether the submission ports answer on the same host: 465 (implicit TLS) and 587 (STARTTLS). */
  otherPorts?: OtherPortCheck[];
}

export interface OtherPortCheck {
  port: number;
  mode: 'implicit-tls' | 'plain';
  answers: boolean;
  banner: string | null;
  starttls: boolean | null;
  tlsProtocol: string | null;
  auth: string[];
  /** Failure kind when it does not answer: 'refused', 'timeout', 'tls-handshake', … */
  failure: string | null;
  diagnosis: string | null;
}
