// Postfix logs (syslog "Mon DD HH:MM:SS", RFC 3339 as Debian 12's rsyslog writes, and maillog_file).
// One pass feeds two things: Grand Totals by pflogsumm's own rules (pflogsumm-rules.ts), and per-client
// facts for the planner (postfix-state.ts). Lines come as bytes (`bytes`): the common shapes are handled
// there without a string (postfix-fast.ts); every other line takes the string path (`line`), which follows
// pflogsumm's branches in its order and is the reference the byte path must agree with. Big files come as rows a
// reader thread has scanned already (`record`, `nativeRecord`: logs/pipeline.ts, logs/native-reader.ts).
import type { FileContext, LogParser, ParserDefinition } from '../parser.js';
import { TotalsCounter } from '../totals.js';
import { latin1 } from '../read.js';
import { CLEANUP_REJECT, COMMAND_SCRIPT, PICKUP, SMTPD_CLIENT, SMTPD_REJECT, SOLARIS_ID, perlTrue } from './pflogsumm-rules.js';
import { NativeRecipients, fromAddress, type FromAddress } from './postfix-addresses.js';
import { PostfixLineScanner, type Shape, type Status } from './postfix-fast.js';
import { RECORD, SHAPES, readRecord, shapeCode } from './postfix-record.js';
import { pidAfter, scanCommand, scanDelivery, scanFromSize, scanHeader, type Command, type Fields } from './postfix-line.js';
import { PostfixState, type Client } from './postfix-state.js';

const TO = shapeCode('to');
const TEXT = shapeCode('text');
const NOISE = shapeCode('noise');

/** `postfix-NAME/` at a line's program: another instance's syslog_name (sticky: matched where the program starts). */
const INSTANCE = /postfix-([\w.-]{1,40})\//y;
const MAX_INSTANCES = 16;
const SASL = /sasl_method=([^,\s]+)(?:, sasl_username=([^,]*))?/;
const REJECT_FROM = / from ([^[\s]*)\[([^\]]*)\](?::\d+)?: /;
const REJECT_SENDER = /; from=<([^>]*)>/;
const TLS_ESTABLISHED = / TLS connection established from [^:]*: (\S+) with cipher/;
/** Necessary for SMTPD_CLIENT or SMTPD_REJECT to match: one scan instead of two. */
const MAYBE_CLIENT_OR_REJECT = /: (?:client=|reject|hold: |discard: )/;
/** Necessary for CLEANUP_REJECT to match. */
const MAYBE_CLEANUP_REJECT = /: (?:header|body|END-OF-MESSAGE) /;
const SASL_FAILED = /warning: ([^[\s]*)\[([^\]]*)\]: SASL \S+ authentication failed/;

export const postfix: ParserDefinition = {
  format: 'postfix',
  detect: (lines) => lines.some((l) => / postfix(?:-[\w-]+)?\/[\w/-]+\[\d+\]: /.test(l)),
  create: (options) => new PostfixParser(options?.native ?? true),
};

export class PostfixParser extends PostfixState implements LogParser {
  readonly format = 'postfix' as const;

  constructor(native = true) {
    super();
    this.native = native;
  }

  private readonly scanner = new PostfixLineScanner(this.h);
  private readonly c: Command = { cmdStart: 0, cmdEnd: 0, qidStart: 0, qidEnd: 0 };
  private readonly f: Fields = { a: 0, b: 0, c: 0, d: 0 };
  /** Parsers of the other Postfix instances whose lines this log holds (see instanceLine). */
  private readonly instances = new Map<string, PostfixParser>();
  private readonly instanceTotals = new TotalsCounter();
  /** The native reader's ids for the row being handled (see nativeRecord). */
  private known: ReaderIds | null = null;
  private valueId = -1;
  /** The string path's queue id as bytes, for the queue (ids are keyed by their bytes). */
  private qidBytes = Buffer.alloc(64);
  private qidLength = 0;

  line(raw: string, lineNo: number): void {
    this.tick();
    this.parseText(raw, lineNo);
  }

  bytes(b: Buffer, s: number, e: number, lineNo: number): void {
    this.tick();
    this.scanned(this.scanner.scan(b, s, e), b, s, e, lineNo);
  }

  /** Row `i` of a pipeline batch: a line the reader thread has scanned, over the same bytes (see logs/pipeline.ts). */
  record(records: Int32Array, sizes: Float64Array, i: number, b: Buffer): void {
    this.tick();
    const o = i * RECORD;
    const code = records[o];
    if (code === 1) return; // noise
    if (code !== 0) readRecord(records, sizes, i, this.scanner, this.h);
    this.scanned(SHAPES[code], b, records[o + 1], records[o + 2], records[o + 3]);
  }

  /**
   * Row `i` of a native reader's batch (logs/native-reader.ts): as `record`; `ids` from `at` numbers the row's value
   * (client, sender, TLS protocol: per reader; recipient: this parser's NativeRecipients) — see logs/native.ts.
   */
  nativeRecord(records: Int32Array, sizes: Float64Array, ids: Int32Array, at: number, i: number, b: Buffer, known: ReaderIds): void {
    this.tick();
    const o = i * RECORD;
    const code = records[o];
    if (code === NOISE) return;
    const restarted = ids[at + 1];
    if (restarted !== 0) known.restart(restarted);
    if (code === TO) this.recipients.lastDomain = ids[at + 2];
    else if (code === TEXT) { this.parseText(latin1(b, records[o + 1], records[o + 2]), records[o + 3]); return; }
    readRecord(records, sizes, i, this.scanner, this.h);
    this.known = known;
    this.valueId = ids[at];
    this.scanned(SHAPES[code], b, records[o + 1], records[o + 2], records[o + 3]);
    this.known = null;
  }

  /** The native recipients table native readers number into, or null (then no native reader may be used). */
  nativeRecipients(): unknown {
    return this.recipients instanceof NativeRecipients ? this.recipients.table : null;
  }

  /** What to do with a scanned line: the scanner's fields and `h` describe it. */
  private scanned(shape: Shape, b: Buffer, s: number, e: number, lineNo: number): void {
    if (shape === 'noise') return;
    if (shape === 'text') { this.parseText(latin1(b, s, e), lineNo); return; }
    const sc = this.scanner;
    this.buffer = b;
    this.start = s;
    this.clock.updateBytes(b, s, this.h);
    if (!sameText(b, sc.hostStart, sc.hostEnd, this.relay.name)) this.switchRelayBytes(b, sc.hostStart, sc.hostEnd);
    const known = this.known;
    const id = this.valueId;
    switch (shape) {
      case 'client': {
        let client = known?.clients[id];
        if (!client) {
          client = this.clientsByBytes.get(b, sc.a, sc.b);
          if (!client) { client = this.client(latin1(b, sc.a, sc.b)); this.clientsByBytes.add(b, sc.a, sc.b, client); }
          if (known) known.clients[id] = client;
        }
        const method = sc.methodStart < 0 ? null : latin1(b, sc.methodStart, sc.methodEnd);
        const user = sc.userStart < 0 ? null : latin1(b, sc.userStart, sc.userEnd) || null;
        this.received(b, sc.qidStart, sc.qidEnd, client, method, user, sc.pid);
        break;
      }
      case 'from': {
        let from = known?.froms[id];
        if (!from) {
          from = this.senderAddresses.get(b, sc.a, sc.b);
          if (!from) { from = fromAddress(latin1(b, sc.a, sc.b)); this.senderAddresses.add(b, sc.a, sc.b, from); }
          if (known) known.froms[id] = from;
        }
        this.fromSize(b, sc.qidStart, sc.qidEnd, from, sc.sized, sc.sizeBytes);
        break;
      }
      case 'to': this.delivery(b, sc.qidStart, sc.qidEnd, known ? id : this.recipients.id(b, sc.a, sc.b), sc.status, sc.forwarded, known !== null); break;
      case 'removed': this.queue.remove(b, sc.qidStart, sc.qidEnd); break;
      case 'pickup': this.pickup(b, sc.qidStart, sc.qidEnd); break;
      case 'connect': this.connect(sc.pid); break;
      case 'disconnect': this.disconnect(sc.pid); break;
      case 'tls': {
        let protocol = known?.protocols[id];
        if (protocol === undefined) {
          protocol = this.protocols.get(b, sc.a, sc.b);
          if (protocol === undefined) { protocol = latin1(b, sc.a, sc.b); this.protocols.add(b, sc.a, sc.b, protocol); }
          if (known) known.protocols[id] = protocol;
        }
        this.tls(sc.pid, protocol);
        break;
      }
      case 'noop': break;
    }
    this.buffer = null;
  }

  private parseText(raw: string, lineNo: number): void {
    this.buffer = null;
    const text = raw.includes(': [ID ') ? raw.replace(SOLARIS_ID, ': ') : raw;
    const { h, c } = this;
    if (!scanHeader(text, h)) { this.ctx.unknown(lineNo, raw); return; }
    if (!text.startsWith('postfix', h.restStart)) return; // another daemon's line: normal noise in mail.log
    if (text.charCodeAt(h.restStart + 7) === 45) { // "postfix-out/smtpd[…]": another instance's line
      INSTANCE.lastIndex = h.restStart;
      const instance = INSTANCE.exec(text);
      if (instance) { this.instanceLine(text, instance[1], lineNo); return; }
    }
    if (!scanCommand(text, h.restStart, c)) {
      const m = COMMAND_SCRIPT.exec(text.slice(h.restStart));
      if (!m) return;
      c.cmdStart = c.cmdEnd = 0; // "postfix-script": a command no branch below names
      c.qidStart = text.indexOf(m[2], h.restStart);
      c.qidEnd = c.qidStart + m[2].length;
    }
    this.text = text;
    this.clock.update(text, h);
    const hostLength = h.hostEnd - h.hostStart;
    if (hostLength !== this.relay.name.length || !text.startsWith(this.relay.name, h.hostStart)) this.switchRelay(text.slice(h.hostStart, h.hostEnd));
    this.qidLength = c.qidEnd - c.qidStart;
    if (this.qidLength > this.qidBytes.length) this.qidBytes = Buffer.alloc(this.qidLength);
    for (let i = 0; i < this.qidLength; i++) this.qidBytes[i] = text.charCodeAt(c.qidStart + i);
    this.dispatch(text);
  }

  /**
   * A line of another Postfix instance (`postmulti`, syslog_name `postfix-out`). pflogsumm counts none of it unless
   * told the name, so the totals stay as they are; its clients are senders all the same. Each instance has a parser
   * of its own (its own queue; its totals kept apart, never reported) booking into the same sender table under the
   * relay "host/postfix-out".
   */
  private instanceLine(text: string, name: string, lineNo: number): void {
    let instance = this.instances.get(name);
    if (!instance) {
      if (this.instances.size >= MAX_INSTANCES) return;
      instance = new PostfixParser(this.native);
      instance.startFile(this.instanceContext());
      this.instances.set(name, instance);
    }
    // "relay01 postfix-out/smtpd[1]: …" is read as "relay01/postfix-out postfix/smtpd[1]: …"
    const { h } = this;
    instance.line(`${text.slice(0, h.hostEnd)}/postfix-${name} postfix/${text.slice(h.restStart + name.length + 9)}`, lineNo);
  }

  /** This file's context for an instance's parser: the same file, book and relay list; totals of its own. */
  private instanceContext(): FileContext {
    return Object.create(this.ctx, { totals: { value: this.instanceTotals } }) as FileContext;
  }

  override startFile(ctx: FileContext): void {
    super.startFile(ctx);
    for (const instance of this.instances.values()) instance.startFile(this.instanceContext());
  }

  private cmdIs(name: string): boolean {
    const { c } = this;
    return c.cmdEnd - c.cmdStart === name.length && this.text.startsWith(name, c.cmdStart);
  }

  private qidIs(name: string): boolean {
    const { c } = this;
    return c.qidEnd - c.qidStart === name.length && this.text.startsWith(name, c.qidStart);
  }

  /** pflogsumm's branches, in its order. */
  private dispatch(text: string): void {
    const { totals } = this.ctx;
    const q = this.qidBytes;
    const n = this.qidLength;
    if (this.cmdIs('cleanup') && MAYBE_CLEANUP_REJECT.test(text)) {
      const r = CLEANUP_REJECT.exec(text.slice(this.h.restStart));
      if (r) {
        if (r[1] === 'reject' || r[1] === 'milter-reject') this.cleanupReject(q, 0, n);
        return;
      }
    }
    if (this.qidIs('warning')) { if (text.includes('authentication failed')) this.saslFailure(text); return; }
    if (this.qidIs('reject')) { totals.rejected++; this.reject(text); return; }
    if (this.qidIs('fatal') || this.qidIs('panic') || this.qidIs('reject_warning') || this.qidIs('hold') || this.qidIs('discard') || this.cmdIs('master')) return;
    if (this.cmdIs('smtpd') || this.cmdIs('postscreen')) { this.smtpd(text); return; }

    const f = this.f;
    if (scanFromSize(text, f)) {
      const size = text.slice(f.c, f.d);
      this.fromSize(q, 0, n, fromAddress(text.slice(f.a, f.b)), perlTrue(size), Number(size));
      return;
    }
    if (scanDelivery(text, f)) {
      const status = text.slice(f.c, f.d);
      const known: Status = status === 'sent' || status === 'deferred' || status === 'bounced' ? status : 'other';
      const address = Buffer.from(text.slice(f.a, f.b), 'latin1');
      this.delivery(q, 0, n, this.recipients.id(address, 0, address.length), known, known === 'sent' && text.indexOf('forwarded as ', f.d) !== -1);
      return;
    }
    if (this.cmdIs('pickup') && PICKUP.test(text)) { this.pickup(q, 0, n); return; }
    if (this.cmdIs('qmgr') && text.endsWith(': removed')) { this.queue.remove(q, 0, n); return; }
    // Past pflogsumm's branches: an smtpd under another service name (`-o syslog_name=postfix/submissions`, as
    // Postfix 3.5+ names port 465; `postfix/465/smtpd`). pflogsumm counts none of its lines; its clients are
    // still senders to move, so they are booked without a total (its rejects are left out with the totals).
    if (this.cmdEndsWith('/smtpd')) this.otherSmtpd(text);
  }

  private cmdEndsWith(suffix: string): boolean {
    const { c } = this;
    return c.cmdEnd - c.cmdStart > suffix.length && this.text.startsWith(suffix, c.cmdEnd - suffix.length);
  }

  private otherSmtpd(text: string): void {
    const client = text.includes(': client=') ? SMTPD_CLIENT.exec(text) : null;
    if (client) this.clientLine(text, client[1], false);
    else this.connectionEvent(text);
  }

  /** `QID: client=…[, sasl_method=…, sasl_username=…]`: a message received (`counted`: in pflogsumm's totals). */
  private clientLine(text: string, client: string, counted: boolean): void {
    const sasl = text.includes('sasl_method=') ? SASL.exec(text) : null;
    this.received(this.qidBytes, 0, this.qidLength, this.client(client), sasl ? sasl[1] : null, sasl?.[2] || null, pidAfter(text, this.c.cmdEnd), counted);
  }

  private smtpd(text: string): void {
    if (MAYBE_CLIENT_OR_REJECT.test(text)) {
      const client = SMTPD_CLIENT.exec(text);
      if (client) { this.clientLine(text, client[1], true); return; }
      const r = SMTPD_REJECT.exec(text);
      if (r) {
        if (r[1] === 'reject') { this.ctx.totals.rejected++; this.reject(text); }
        return;
      }
    }
    this.connectionEvent(text);
  }

  /** connect, disconnect/lost and TLS handshakes: the state of an smtpd connection, by its pid. */
  private connectionEvent(text: string): void {
    if (this.qidIs('connect')) this.connect(pidAfter(text, this.c.cmdEnd));
    else if (this.qidIs('disconnect') || this.qidIs('lost')) this.disconnect(pidAfter(text, this.c.cmdEnd));
    else if (this.qidIs('Anonymous') || this.qidIs('Trusted') || this.qidIs('Untrusted') || this.qidIs('Verified')) {
      const tls = TLS_ESTABLISHED.exec(text);
      if (tls) this.tls(pidAfter(text, this.c.cmdEnd), tls[1]);
    }
  }

  private reject(text: string): void {
    const { book } = this.ctx;
    const iso = this.iso();
    book.day(iso).rejected++;
    const from = REJECT_FROM.exec(text);
    if (!from) return;
    const sender = book.sender(this.ref(from[1], from[2]));
    book.reject(sender, text.includes('Relay access denied') ? 'relayDenied' : 'other', iso);
    const envelope = REJECT_SENDER.exec(text);
    if (envelope) book.envelopeFrom(sender, envelope[1]);
  }

  private saslFailure(text: string): void {
    // Postfix lost its own auth service (Dovecot down): no word about the client's credentials.
    if (text.includes('Connection lost to authentication server')) return;
    const failed = SASL_FAILED.exec(text);
    if (!failed) return;
    const { book } = this.ctx;
    book.reject(book.sender(this.ref(failed[1], failed[2])), 'authFailed', this.iso());
  }
}

/** `b[start, end)` holds exactly the characters of `text` (latin1). */
function sameText(b: Buffer, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * What one native reader's ids stand for (native/postfix-reader.c numbers each distinct client, sender and TLS
 * protocol of a file by its bytes). Per reader, filled on first sight; a table the reader restarted (they are
 * bounded like this parser's own caches) is forgotten here at the same row.
 */
export class ReaderIds {
  clients: (Client | undefined)[] = [];
  froms: (FromAddress | undefined)[] = [];
  protocols: (string | undefined)[] = [];

  /** The reader's tables restarted (a bit each, in postfix-reader.c's order). */
  restart(tables: number): void {
    if (tables & 1) this.clients = [];
    if (tables & 2) this.froms = [];
    if (tables & 4) this.protocols = [];
  }
}
