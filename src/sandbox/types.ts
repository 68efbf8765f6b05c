// Device fitness: what each client that talked to the sandbox could do (one JSON line per session in fitness.jsonl).

/** The EHLO name prefix of relay365 verify's own sessions (see verify/nodemailer.ts): not a device's. */
export const VERIFY_CLIENT = 'relay365-verify';

export function isVerifySession(r: Pick<FitnessRecord, 'clientName'>): boolean {
  return r.clientName !== null && r.clientName.toLowerCase().startsWith(`${VERIFY_CLIENT}.`);
}

export interface FitnessRecord {
  at: string;                     // ISO time the session started
  service: 'submission' | 'mx' | 'hve' | 'acs';
  clientIp: string;
  clientName: string | null;      // EHLO name
  tls: { used: boolean; protocol: string | null; cipher: string | null; refused: string | null };
  authTried: string[];            // 'LOGIN', 'PLAIN', 'XOAUTH2'
  authOutcome: 'none' | 'ok' | 'basic-disabled' | 'bad-token' | 'failed';
  user: string | null;
  mailFrom: string | null;
  rcptTo: string[];
  outcome: 'delivered' | 'rejected' | 'disconnected';
  reply: string | null;           // the last reply that decided the outcome
  /** Can this client move to smtp.office365.com as it is, and if not, which target fits. */
  verdict: { ready: boolean; target: 'smtp-oauth' | 'direct-send' | 'connector-relay' | 'bridge' | 'graph' | 'hve' | 'acs'; reason: string };
  // relay365 additions (optional):
  sessionId?: string;
  port?: number;                  // the sandbox port the client connected to
  clientPort?: number;            // the client's source port (tells one connection from the next)
  messages?: number;              // messages accepted in the session
  implicitTls?: boolean;          // spoke TLS first on a STARTTLS port (port 465 habits)
  connector?: string | null;      // MX: the inbound connector the client matched (IP or certificate)
  throttled?: boolean;            // a message was held by the 30-messages-a-minute limit
}
