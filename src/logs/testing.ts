// Synthetic Postfix logs for tests and the benchmark: deterministic (seeded), realistic line shapes, with
// the cases pflogsumm counts differently (multi-recipient, deferrals, bounces, NOQUEUE rejects, pickup,
// forwards, interleaved relays, other daemons' noise, a start in the middle of a message).
import { closeSync, openSync, writeSync } from 'node:fs';

export interface SyntheticClient {
  host: string;
  ip: string;
  sasl?: string;
  tls?: string;
  from: string[];
  /** Share of recipients outside the internal domain (0..1). */
  external: number;
  weight: number;
}

export interface SyntheticLogOptions {
  messages?: number;
  /** Stop starting messages once this many bytes are written (benchmark sizes). */
  targetBytes?: number;
  relays?: string[];
  style?: 'classic' | 'rfc3339' | 'maillog';
  seed?: number;
  /** First timestamp (read as local time of the relay). */
  start?: string;
  /** Seconds between message starts, on average. */
  spacing?: number;
  maxRecipients?: number;
  deferRate?: number;
  bounceRate?: number;
  rejectRate?: number;
  saslFailRate?: number;
  pickupRate?: number;
  forwardRate?: number;
  noiseRate?: number;
  /** Drop this many lines from the start: the log begins in the middle of messages. */
  skipLines?: number;
  internalDomain?: string;
  clients?: SyntheticClient[];
}

export const DEFAULT_CLIENTS: SyntheticClient[] = [
  { host: 'mfp-3rdfloor.corp.contoso.com', ip: '10.20.1.15', tls: 'TLSv1', from: ['scanner@contoso.com'], external: 0, weight: 3 },
  { host: 'unknown', ip: '10.20.1.30', from: ['warehouse-scans@contoso.com'], external: 0, weight: 2 },
  { host: 'app01.corp.contoso.com', ip: '10.20.2.10', tls: 'TLSv1.2', from: ['noreply@contoso.com', 'NoReply@Contoso.COM'], external: 0.9, weight: 8 },
  { host: 'backup01.corp.contoso.com', ip: '10.20.3.7', sasl: 'backup01', tls: 'TLSv1.2', from: ['backup-reports@hotmail.com'], external: 1, weight: 1 },
  { host: 'web02.corp.contoso.com', ip: '10.20.2.20', tls: 'TLSv1.3', from: ['orders@contoso.com', ''], external: 0.95, weight: 4 },
];

interface Pending { t: number; seq: number; relay: string; text: string }

/** A binary heap of pending lines ordered by time, then by the order they were scheduled. */
class LineQueue {
  private readonly heap: Pending[] = [];
  get size(): number { return this.heap.length; }
  peek(): Pending | undefined { return this.heap[0]; }
  push(item: Pending): void {
    const h = this.heap;
    h.push(item);
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): Pending {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Pending, b: Pending): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Generate the log, handing each chunk of lines to `write`. Returns the number of lines and bytes. */
export function generatePostfixLog(options: SyntheticLogOptions, write: (chunk: string) => void): { lines: number; bytes: number; messages: number } {
  const rnd = random(options.seed ?? 1);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  const relays = options.relays ?? ['relay01'];
  const clients = options.clients ?? DEFAULT_CLIENTS;
  const totalWeight = clients.reduce((s, c) => s + c.weight, 0);
  const internal = options.internalDomain ?? 'contoso.com';
  const startMs = Date.parse(`${options.start ?? '2026-11-23T06:00:00'}Z`);
  const spacing = options.spacing ?? 2;
  const style = options.style ?? 'classic';
  const queue = new LineQueue();
  let seq = 0;
  let qidCounter = 0x2a3f10000;
  const qid = () => (qidCounter += 7).toString(16).toUpperCase();
  const pid = () => 1000 + Math.floor(rnd() * 60000);
  const at = (t: number, relay: string, text: string) => queue.push({ t, seq: seq++, relay, text });
  let stampSecond = -1;
  let stampText = '';
  const stamp = (t: number) => {
    const second = Math.floor(t);
    if (second !== stampSecond) {
      const d = new Date(startMs + second * 1000);
      const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      if (style === 'rfc3339') stampText = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${time}`;
      else stampText = `${MONTHS[d.getUTCMonth()]} ${style === 'maillog' ? p2(d.getUTCDate()) : String(d.getUTCDate()).padStart(2, ' ')} ${time}`;
      stampSecond = second;
    }
    if (style !== 'rfc3339') return stampText;
    return `${stampText}.${String(Math.floor((t - Math.floor(t)) * 1e6)).padStart(6, '0')}+01:00`;
  };
  const recipient = (external: boolean) => external
    ? `${pick(['anna', 'ben', 'chris', 'dana', 'erik', 'fay', 'gus', 'hana'])}.${Math.floor(rnd() * 4000)}@${pick(['gmail.com', 'outlook.com', 'yahoo.com', 'GMX.net', 'web.de'])}${rnd() < 0.3 ? '' : `.cust${Math.floor(rnd() * 300)}.example`}`
    : `${pick(['it', 'sales', 'ops', 'hr', 'finance', 'warehouse'])}${Math.floor(rnd() * 50)}@${rnd() < 0.05 ? internal.toUpperCase() : internal}`;
  const upstream = 'relay=smtp.office365.com[52.96.91.34]:587';

  function deliver(t: number, relay: string, id: string, to: string, status: 'sent' | 'deferred' | 'bounced' | 'forwarded', size: number): void {
    const d = (0.2 + rnd() * 3).toFixed(1);
    const tail = status === 'sent' ? `dsn=2.0.0, status=sent (250 2.0.0 OK <${id}@contoso.com> [Hostname=AM0PR01MB1234.eurprd01.prod.outlook.com])`
      : status === 'deferred' ? 'dsn=4.4.1, status=deferred (connect to smtp.office365.com[52.96.91.34]:587: Connection timed out)'
        : status === 'bounced' ? `dsn=5.1.1, status=bounced (host smtp.office365.com[52.96.91.34] said: 550 5.1.1 RESOLVER.ADR.RecipNotFound; not found (in reply to RCPT TO command))`
          : `dsn=2.0.0, status=sent (forwarded as ${qid()})`;
    const via = status === 'forwarded' ? 'relay=local' : upstream;
    at(t, relay, `postfix/${status === 'forwarded' ? 'local' : 'smtp'}[${pid()}]: ${id}: to=<${to}>, ${status === 'forwarded' ? `orig_to=<${to.split('@')[0]}>, ` : ''}${via}, delay=${d}, delays=0.1/0/0.3/${size % 7}, ${tail}`);
  }

  function message(t: number, relay: string): void {
    const id = qid();
    const size = 800 + Math.floor(rnd() * 120000);
    if (rnd() < (options.pickupRate ?? 0.03)) {
      at(t, relay, `postfix/pickup[${pid()}]: ${id}: uid=0 from=<root>`);
      at(t + 0.01, relay, `postfix/cleanup[${pid()}]: ${id}: message-id=<${id}@${relay}.corp.contoso.com>`);
      at(t + 0.02, relay, `postfix/qmgr[${pid()}]: ${id}: from=<root@${relay}.corp.contoso.com>, size=${size}, nrcpt=1 (queue active)`);
      deliver(t + 0.3, relay, id, `root@${relay}.corp.contoso.com`, rnd() < (options.forwardRate ?? 0.5) ? 'forwarded' : 'sent', size);
      at(t + 0.4, relay, `postfix/qmgr[${pid()}]: ${id}: removed`);
      return;
    }
    let r = rnd() * totalWeight;
    const client = clients.find((c) => (r -= c.weight) < 0) ?? clients[0];
    const spid = pid();
    const who = `${client.host}[${client.ip}]`;
    at(t, relay, `postfix/smtpd[${spid}]: connect from ${who}`);
    if (client.tls) at(t + 0.01, relay, `postfix/smtpd[${spid}]: Anonymous TLS connection established from ${who}: ${client.tls} with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)`);
    at(t + 0.02, relay, `postfix/smtpd[${spid}]: ${id}: client=${who}${client.sasl ? `, sasl_method=PLAIN, sasl_username=${client.sasl}` : ''}`);
    at(t + 0.03, relay, `postfix/cleanup[${pid()}]: ${id}: message-id=<${id}.${Math.floor(rnd() * 1e9)}@${client.host}>`);
    const count = 1 + (rnd() < 0.3 ? Math.floor(rnd() * (options.maxRecipients ?? 5)) : 0);
    const to = [...new Set(Array.from({ length: count }, () => recipient(rnd() < client.external)))];
    const from = pick(client.from);
    at(t + 0.04, relay, `postfix/qmgr[${pid()}]: ${id}: from=<${from}>, size=${size}, nrcpt=${to.length} (queue active)`);
    at(t + 0.05, relay, `postfix/smtpd[${spid}]: disconnect from ${who} ehlo=1${client.tls ? ' starttls=1' : ''} mail=1 rcpt=${to.length} data=1 quit=1 commands=${4 + to.length}`);
    let end = t + 1;
    const retry = t + 300 + rnd() * 600;
    let retried = false;
    for (const rcpt of to) {
      const roll = rnd();
      if (roll < (options.deferRate ?? 0.04)) {
        deliver(t + 0.5, relay, id, rcpt, 'deferred', size);
        if (!retried) at(retry, relay, `postfix/qmgr[${pid()}]: ${id}: from=<${from}>, size=${size}, nrcpt=${to.length} (queue active)`);
        retried = true;
        const bounce = rnd() < 0.3;
        deliver(retry + 0.5, relay, id, rcpt, bounce ? 'bounced' : 'sent', size);
        if (bounce) notify(retry + 0.6, relay, id, from);
        end = Math.max(end, retry + 1);
      } else if (roll < (options.deferRate ?? 0.04) + (options.bounceRate ?? 0.02)) {
        deliver(t + 0.5, relay, id, rcpt, 'bounced', size);
        notify(t + 0.6, relay, id, from);
      } else deliver(t + 0.5 + rnd() * 0.4, relay, id, rcpt, 'sent', size);
    }
    at(end, relay, `postfix/qmgr[${pid()}]: ${id}: removed`);
  }

  function notify(t: number, relay: string, original: string, sender: string): void {
    if (!sender) return; // no notification for a bounce of a bounce
    const id = qid();
    at(t, relay, `postfix/cleanup[${pid()}]: ${id}: message-id=<${id}@${relay}.corp.contoso.com>`);
    at(t + 0.01, relay, `postfix/bounce[${pid()}]: ${original}: sender non-delivery notification: ${id}`);
    at(t + 0.02, relay, `postfix/qmgr[${pid()}]: ${id}: from=<>, size=${3000 + Math.floor(rnd() * 2000)}, nrcpt=1 (queue active)`);
    deliver(t + 0.3, relay, id, sender, 'sent', 4000);
    at(t + 0.4, relay, `postfix/qmgr[${pid()}]: ${id}: removed`);
  }

  function noise(t: number, relay: string): void {
    const roll = rnd();
    const spid = pid();
    if (roll < (options.rejectRate ?? 0.03)) {
      at(t, relay, `postfix/smtpd[${spid}]: connect from unknown[10.20.9.99]`);
      at(t + 0.1, relay, `postfix/smtpd[${spid}]: NOQUEUE: reject: RCPT from unknown[10.20.9.99]: 554 5.7.1 <${recipient(true)}>: Relay access denied; from=<invoice@billing-update.example> to=<${recipient(true)}> proto=ESMTP helo=<WIN-7Q2B>`);
      at(t + 0.2, relay, `postfix/smtpd[${spid}]: disconnect from unknown[10.20.9.99] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4`);
    } else if (roll < (options.rejectRate ?? 0.03) + (options.saslFailRate ?? 0.01)) {
      at(t, relay, `postfix/smtpd[${spid}]: warning: unknown[10.20.9.99]: SASL LOGIN authentication failed: UGFzc3dvcmQ6`);
    } else {
      at(t, relay, pick([
        `CRON[${spid}]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)`,
        `dovecot: imap-login: Disconnected (no auth attempts in 0 secs): user=<>, rip=10.20.4.4, lip=10.20.1.5`,
        `postfix/anvil[${spid}]: statistics: max connection rate 2/60s for (smtp:10.20.2.10) at ${stamp(t).slice(0, 15)}`,
        `postfix/smtpd[${spid}]: warning: hostname printer-x.corp.contoso.com does not resolve to address 10.20.1.77`,
        `postfix/scache[${spid}]: statistics: start interval ${stamp(t).slice(0, 15)}`,
        `systemd[1]: Started session-${spid}.scope - Session ${spid} of User root.`,
        `kernel: [${spid}.123456] audit: type=1400 audit(1700000000.000:${spid}): apparmor="STATUS"`,
      ]));
    }
  }

  let lines = 0;
  let bytes = 0;
  let messages = 0;
  let buffer = '';
  let skip = options.skipLines ?? 0;
  const flushUntil = (t: number) => {
    while (queue.size && queue.peek()!.t <= t) {
      const item = queue.pop();
      if (skip > 0) { skip--; continue; }
      const line = `${stamp(item.t)} ${item.relay} ${item.text}\n`;
      buffer += line;
      lines++;
      bytes += line.length;
      if (buffer.length > 1 << 20) { write(buffer); buffer = ''; }
    }
  };
  at(0, relays[0], 'postfix/master[1042]: daemon started -- version 3.7.11, configuration /etc/postfix');
  at(0.001, relays[0], 'postfix/postfix-script[1040]: starting the Postfix mail system');
  let t = 1;
  const limit = options.messages ?? (options.targetBytes ? Number.POSITIVE_INFINITY : 500);
  while (messages < limit && !(options.targetBytes && bytes >= options.targetBytes)) {
    const relay = relays.length === 1 ? relays[0] : pick(relays);
    message(t, relay);
    messages++;
    if (rnd() < (options.noiseRate ?? 0.15)) noise(t + rnd() * spacing, pick(relays));
    t += spacing * (0.2 + rnd() * 1.6);
    flushUntil(t - 1);
  }
  flushUntil(Number.POSITIVE_INFINITY);
  if (buffer) write(buffer);
  return { lines, bytes, messages };
}

export function syntheticPostfixLog(options: SyntheticLogOptions): string {
  let text = '';
  generatePostfixLog(options, (chunk) => { text += chunk; });
  return text;
}

export function writeSyntheticPostfixLog(path: string, options: SyntheticLogOptions): { lines: number; bytes: number; messages: number } {
  const fd = openSync(path, 'w');
  try {
    return generatePostfixLog(options, (chunk) => { writeSync(fd, chunk, null, 'latin1'); });
  } finally {
    closeSync(fd);
  }
}
