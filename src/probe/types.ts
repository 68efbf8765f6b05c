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
  error?: { kind: string; diagnosis: string } | null;
  transcript?: string[];
  findings?: { severity: 'high' | 'medium' | 'low'; code: string; message: string }[];
}
