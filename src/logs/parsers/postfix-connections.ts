// Open smtpd connections per relay, for the TLS a message's client negotiated (the sender table's, not
// pflogsumm's). Keyed by the smtpd pid.
const SLOTS = 1024;
const MAX_CONNECTIONS = 20_000;

/**
 * Open smtpd connections by pid: the TLS they negotiated, and when (epoch minute) they opened. A relay has
 * a handful open at a time, so a slot per pid (mod 1024) holds nearly all, with a Map for the rest; a Map
 * alone cost more than the rest of a connect line. Past MAX_CONNECTIONS (never closed) all are forgotten.
 */
export class Connections {
  private readonly pids = new Int32Array(SLOTS).fill(-1);
  private readonly opened = new Int32Array(SLOTS);
  private readonly protocols: (string | null)[] = new Array<string | null>(SLOTS).fill(null);
  private readonly overflow = new Map<number, { tls: string | null; opened: number }>();
  private inSlots = 0;

  get size(): number { return this.inSlots + this.overflow.size; }

  /** A connect; `pid` < 0 (none logged) records nothing. */
  open(pid: number, minute: number): void {
    if (this.size >= MAX_CONNECTIONS) this.clear();
    if (pid < 0) return;
    const slot = pid & (SLOTS - 1);
    if (this.pids[slot] !== pid && this.pids[slot] !== -1) { this.overflow.set(pid, { tls: null, opened: minute }); return; }
    if (this.pids[slot] === -1) {
      if (this.overflow.size) this.overflow.delete(pid);
      this.inSlots++;
    }
    this.pids[slot] = pid;
    this.opened[slot] = minute;
    this.protocols[slot] = null;
  }

  close(pid: number): void {
    if (pid < 0) return;
    const slot = pid & (SLOTS - 1);
    if (this.pids[slot] === pid) { this.pids[slot] = -1; this.inSlots--; } else if (this.overflow.size) this.overflow.delete(pid);
  }

  /** The connection's TLS ('none' when it had none); undefined when it is not open. */
  tls(pid: number): string | undefined {
    if (pid < 0) return undefined;
    const slot = pid & (SLOTS - 1);
    if (this.pids[slot] === pid) return this.protocols[slot] ?? 'none';
    const conn = this.overflow.size ? this.overflow.get(pid) : undefined;
    return conn ? conn.tls ?? 'none' : undefined;
  }

  setTls(pid: number, protocol: string): void {
    if (pid < 0) return;
    const slot = pid & (SLOTS - 1);
    if (this.pids[slot] === pid) { this.protocols[slot] = protocol; return; }
    const conn = this.overflow.size ? this.overflow.get(pid) : undefined;
    if (conn) conn.tls = protocol;
  }

  /** Forget connections opened before `horizon` (their close was never logged). */
  forget(horizon: number): void {
    for (let slot = 0; slot < SLOTS; slot++) if (this.pids[slot] !== -1 && this.opened[slot] < horizon) { this.pids[slot] = -1; this.inSlots--; }
    for (const [pid, conn] of this.overflow) if (conn.opened < horizon) this.overflow.delete(pid);
  }

  private clear(): void {
    this.pids.fill(-1);
    this.inSlots = 0;
    this.overflow.clear();
  }
}
