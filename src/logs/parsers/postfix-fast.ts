// The Postfix fast path: the common line shapes (smtpd client/connect/TLS/disconnect, qmgr from/removed,
// deliveries, cleanup message-id) recognised on raw bytes, before any string exists. A line is only taken
// here when the string path (postfix.ts, pflogsumm's rules) would provably do the same with it; anything
// else — rejects, warnings, Solaris tags, odd hosts, damaged lines — is answered 'text' and goes there.
import { NextMatch, at, bytes, find, indexIn, is, isDigit, isJsSpace, isPlainHost, isSpace, isWord, scanHeaderBytes } from './postfix-bytes.js';
import type { Header } from './postfix-line.js';

/** What the line is; 'text': decode it and let the string path decide; 'noise': another daemon's line. */
export type Shape = 'text' | 'noise' | 'noop' | 'client' | 'connect' | 'disconnect' | 'tls' | 'from' | 'to' | 'removed' | 'pickup';
export type Status = 'sent' | 'deferred' | 'bounced' | 'other';

const SPACE = 32;
const COLON = 58;
const LT = 60;
const GT = 62;
const COMMA = 44;
const BRACKET = 91;
const CLOSE = 93;
const EQUALS = 61;

// The fixed parts of the lines, as bytes.
const [POSTFIX, SMTPS, SUBMISSION, CLIENT, FROM, TO, SIZE, REMOVED, UID, SENDER] =
  ['postfix', 'smtps/', 'submission/', 'client=', 'from=<', 'to=<', ', size=', 'removed', 'uid=', 'sender='].map(bytes);
const [TLS_FROM, WITH_CIPHER, SASL_METHOD, SASL_USER, FORWARDED, AUTH_FAILED] =
  [' TLS connection established from ', ' with cipher', 'sasl_method=', ', sasl_username=', 'forwarded as ', 'authentication failed'].map(bytes);
const [ORIG_TO, RELAY, CONN_USE, DELAY, DELAYS, DSN, STATUS] = ['orig_to=<', 'relay=', 'conn_use=', 'delay=', 'delays=', 'dsn=', 'status='].map(bytes);
const [SMTPD, CLEANUP, QMGR, PICKUP, POSTSCREEN, MASTER] = ['smtpd', 'cleanup', 'qmgr', 'pickup', 'postscreen', 'master'].map(bytes);
const [SENT, DEFERRED, BOUNCED] = ['sent', 'deferred', 'bounced'].map(bytes);
const [HOLD, FATAL, PANIC, REJECT, WARNING, DISCARD, REJECT_WARNING] =
  ['hold', 'fatal', 'panic', 'reject', 'warning', 'discard', 'reject_warning'].map(bytes);
const [CONNECT, DISCONNECT, LOST] = ['connect', 'disconnect', 'lost'].map(bytes);
/** smtpd "queue ids" that are connection events: the TLS handshake kinds. */
const TLS_KINDS = ['Anonymous', 'Trusted', 'Untrusted', 'Verified'].map(bytes);
const [HOLD_COLON, DISCARD_COLON, HEADER, BODY, END_OF_MESSAGE] = ['hold: ', 'discard: ', 'header ', 'body ', 'END-OF-MESSAGE '].map(bytes);

type Command = 'smtpd' | 'cleanup' | 'qmgr' | 'pickup' | 'untaken' | 'other';

/** The Postfix programs whose lines the string path treats in their own ways (postscreen, master: left to it). */
function commandOf(b: Uint8Array, start: number, end: number): Command {
  switch (end - start) {
    case 4: return at(b, start, end, QMGR) ? 'qmgr' : 'other';
    case 5: return at(b, start, end, SMTPD) ? 'smtpd' : 'other';
    case 6: return at(b, start, end, PICKUP) ? 'pickup' : at(b, start, end, MASTER) ? 'untaken' : 'other';
    case 7: return at(b, start, end, CLEANUP) ? 'cleanup' : 'other';
    case 10: return at(b, start, end, POSTSCREEN) ? 'untaken' : 'other';
    default: return 'other';
  }
}

/** Queue ids the string path treats specially (pflogsumm's warning/reject/fatal... branches). */
function isSpecialQid(b: Uint8Array, start: number, end: number): boolean {
  switch (end - start) {
    case 4: return at(b, start, end, HOLD);
    case 5: return at(b, start, end, FATAL) || at(b, start, end, PANIC);
    case 6: return at(b, start, end, REJECT);
    case 7: return at(b, start, end, WARNING) || at(b, start, end, DISCARD);
    case 14: return at(b, start, end, REJECT_WARNING);
    default: return false;
  }
}

/** Scans one line; the fields describe the last line scanned (absolute offsets into its buffer). */
export class PostfixLineScanner {
  hostStart = 0;
  hostEnd = 0;
  pid = 0;
  qidStart = 0;
  qidEnd = 0;
  /** Address (from=/to=/client=): [a, b). */
  a = 0;
  b = 0;
  /** Size digits or status word: [c, d). */
  c = 0;
  d = 0;
  sizeBytes = 0;
  sized = false;
  status: Status = 'other';
  forwarded = false;
  /** SASL method and user ([start, end); -1 when absent), TLS protocol. */
  methodStart = -1;
  methodEnd = -1;
  userStart = -1;
  userEnd = -1;

  private readonly solaris = new NextMatch(bytes('ID '));
  private readonly colons = new NextMatch(COLON);
  private readonly angles = new NextMatch(LT);
  private readonly effs = new NextMatch(102);

  constructor(private readonly h: Header) {}

  scan(b: Buffer, s: number, e: number): Shape {
    if (this.solaris.within(b, s, e)) return 'text'; // a Solaris "[ID nnn facility]" tag is dropped first
    if (!scanHeaderBytes(b, s, e, this.h)) return 'text'; // unknown lines are counted and reported there
    this.hostStart = s + this.h.hostStart;
    this.hostEnd = s + this.h.hostEnd;
    const rest = s + this.h.restStart;
    if (!at(b, rest, e, POSTFIX)) return 'noise';
    let i = rest + 7;
    if (b[i] !== 47) return 'text';                  // "postfix-script" and friends
    i++;
    if (b[i] === 115) {
      if (at(b, i, e, SMTPS)) i += 6;
      else if (at(b, i, e, SUBMISSION)) i += 11;
    }
    const cmdStart = i;
    while (i < e && b[i] !== BRACKET && b[i] !== COLON) {
      if (!isPlainHost(b[i]) && b[i] !== 47) return 'text'; // a pattern the string path looks for could start here
      i++;
    }
    const cmdEnd = i;
    if (b[i] !== BRACKET) return 'text';
    let pid = 0;
    for (i++; i < e && isDigit(b[i]) && i - cmdEnd <= 9; i++) pid = pid * 10 + b[i] - 48;
    if (i === cmdEnd + 1 || b[i] !== CLOSE || b[i + 1] !== COLON || b[i + 2] !== SPACE) return 'text';
    const q = i + 3;
    let qe = q;
    while (qe < e && isWord(b[qe])) qe++;
    if (qe === q || qe === e || (b[qe] !== COLON && !isSpace(b[qe]))) return 'text';
    if (b[q] >= 97 && isSpecialQid(b, q, qe)) return this.special(b, q, qe, e, commandOf(b, cmdStart, cmdEnd));
    this.pid = pid;
    this.qidStart = q;
    this.qidEnd = qe;
    const command = commandOf(b, cmdStart, cmdEnd);
    if (command === 'smtpd') return this.smtpd(b, e);
    // `submissions/smtpd` and the like: outside pflogsumm's rules, the string path books their clients
    if (cmdEnd - cmdStart > 6 && b[cmdEnd - 6] === 47 && at(b, cmdEnd - 5, cmdEnd, SMTPD)) return 'text';
    if (command === 'cleanup') return this.cleanup(b, e);
    if (command === 'untaken' || b[qe] !== COLON || b[qe + 1] !== SPACE) return 'text';
    const p = qe + 2;
    if (at(b, p, e, FROM)) return this.fromSize(b, p + 6, e);
    if (at(b, p, e, TO)) return this.delivery(b, p, e);
    if (command === 'qmgr' && p + 7 === e && at(b, p, e, REMOVED)) return 'removed';
    if (command === 'pickup') return this.pickup(b, p, e);
    return command === 'qmgr' || this.mayHoldAddress(b, qe, e, true) ? 'text' : 'noop';
  }

  /** `: (?:client=|reject|hold: |discard: )` after the pid (the string path tests whole lines; the header holds none). */
  private hasSmtpdMarker(b: Buffer, e: number): boolean {
    for (let p = this.colons.find(b, this.qidStart - 2); p !== -1 && p < e; p = this.colons.find(b, p + 1)) {
      if (b[p + 1] !== SPACE) continue;
      const w = p + 2;
      if (at(b, w, e, CLIENT) || at(b, w, e, REJECT) || at(b, w, e, HOLD_COLON) || at(b, w, e, DISCARD_COLON)) return true;
    }
    return false;
  }

  /** `: (?:header|body|END-OF-MESSAGE) ` after the pid. */
  private hasCleanupMarker(b: Buffer, e: number): boolean {
    for (let p = this.colons.find(b, this.qidStart - 2); p !== -1 && p < e; p = this.colons.find(b, p + 1)) {
      if (b[p + 1] !== SPACE) continue;
      const w = p + 2;
      if (at(b, w, e, HEADER) || at(b, w, e, BODY) || at(b, w, e, END_OF_MESSAGE)) return true;
    }
    return false;
  }

  /** A "from=<" or "to=<" (or anything ending "m=<" / "o=<") after `from`: the string path scans whole lines for them. */
  private mayHoldAddress(b: Buffer, from: number, e: number, orTo: boolean): boolean {
    for (let p = this.angles.find(b, from); p !== -1 && p < e; p = this.angles.find(b, p + 1)) {
      if (b[p - 1] === EQUALS && (b[p - 2] === 109 || (orTo && b[p - 2] === 111))) return true;
    }
    return false;
  }

  /**
   * A queue id the string path branches on by name. `warning:` lines (other than cleanup's) only matter
   * when they report a failed authentication; the rest (fatal, panic, hold, ...) are the string path's.
   */
  private special(b: Buffer, q: number, qe: number, e: number, command: Command): Shape {
    if (command === 'cleanup' || !is(b, q, qe, WARNING)) return 'text';
    return find(b, AUTH_FAILED, qe, e) === -1 ? 'noop' : 'text';
  }

  /**
   * pickup's `: uid=…` / `: sender=…` line: a message from the local sendmail command — unless a `from=<…>,
   * size=` or a `to=<` on it would take it first: past "from=<…>" closing the line, the string path decides.
   */
  private pickup(b: Buffer, p: number, e: number): Shape {
    if (!at(b, p, e, UID) && !at(b, p, e, SENDER)) return 'text';
    const angle = this.angles.find(b, p);
    if (angle === -1 || angle >= e) return 'pickup';
    if (b[angle - 1] !== EQUALS || b[angle - 2] !== 109 || b[angle - 5] !== 102) return 'text'; // "from=<"
    const close = indexIn(b, GT, angle, e);
    return close === e - 1 && indexIn(b, LT, angle + 1, e) === -1 ? 'pickup' : 'text';
  }

  private smtpd(b: Buffer, e: number): Shape {
    const qe = this.qidEnd;
    if (b[qe] === COLON && b[qe + 1] === SPACE && at(b, qe + 2, e, CLIENT)) return this.client(b, qe + 9, e);
    if (this.hasSmtpdMarker(b, e)) return 'text';
    const q = this.qidStart;
    if (is(b, q, qe, CONNECT)) return 'connect';
    if (is(b, q, qe, DISCONNECT) || is(b, q, qe, LOST)) return 'disconnect';
    for (const kind of TLS_KINDS) if (is(b, q, qe, kind)) return this.tls(b, qe, e);
    return 'noop';
  }

  /** `client=(.+?)(?:,|$)` right after the queue id, and pflogsumm's `sasl_method=…, sasl_username=…`. */
  private client(b: Buffer, start: number, e: number): Shape {
    if (start >= e || b[start] === COMMA) return 'text';
    const comma = indexIn(b, COMMA, start, e);
    this.a = start;
    this.b = comma === -1 ? e : comma;
    this.methodStart = this.userStart = -1;
    const sasl = find(b, SASL_METHOD, start, e);
    if (sasl !== -1) {
      let m = sasl + 12;
      while (m < e && b[m] !== COMMA && !isJsSpace(b[m])) m++;
      if (m === sasl + 12) return 'text'; // an empty method: the regular expression looks further on
      this.methodStart = sasl + 12;
      this.methodEnd = m;
      if (at(b, m, e, SASL_USER)) {
        const end = indexIn(b, COMMA, m + 16, e);
        this.userStart = m + 16;
        this.userEnd = end === -1 ? e : end;
      }
    }
    return 'client';
  }

  /** ` TLS connection established from [^:]*: (\S+) with cipher` right after the queue id. */
  private tls(b: Buffer, qe: number, e: number): Shape {
    if (!at(b, qe, e, TLS_FROM)) return 'text';
    const colon = indexIn(b, COLON, qe + TLS_FROM.length, e);
    if (colon === -1 || b[colon + 1] !== SPACE) return 'text';
    let i = colon + 2;
    while (i < e && !isJsSpace(b[i])) i++;
    if (i === colon + 2 || !at(b, i, e, WITH_CIPHER)) return 'text';
    this.a = colon + 2;
    this.b = i;
    return 'tls';
  }

  /** "forwarded as " after the status word (`local` delivering to a .forward or alias). */
  private hasForwarded(b: Buffer, from: number, e: number): boolean {
    for (let p = this.effs.find(b, from); p !== -1 && p < e; p = this.effs.find(b, p + 1)) if (at(b, p, e, FORWARDED)) return true;
    return false;
  }

  private cleanup(b: Buffer, e: number): Shape {
    return this.hasCleanupMarker(b, e) || this.mayHoldAddress(b, this.qidEnd, e, true) ? 'text' : 'noop';
  }

  /** `from=<([^>]*)>, size=(\d+)` right after the queue id. */
  private fromSize(b: Buffer, a: number, e: number): Shape {
    const close = indexIn(b, GT, a, e);
    if (close === -1 || !at(b, close + 1, e, SIZE)) return 'text';
    const c = close + 8;
    let d = c;
    let size = 0;
    while (d < e && isDigit(b[d])) size = size * 10 + b[d++] - 48;
    if (d === c || d - c > 15) return 'text'; // longer numbers: Number() of the text decides how they round
    this.a = a;
    this.b = close;
    this.c = c;
    this.d = d;
    this.sizeBytes = size;
    this.sized = !(d - c === 1 && b[c] === 48); // Perl truthiness: "0" is false
    return 'from';
  }

  /** Port of `scanDelivery` (postfix-line.ts) at the first "to=<", when no "from=<" could come first. */
  private delivery(b: Buffer, to: number, e: number): Shape {
    if (this.mayHoldAddress(b, to + 4, e, false)) return 'text'; // only a from=<…>, size= would come first
    const a = to + 4;
    const close = indexIn(b, GT, a, e);
    if (close === -1 || b[close + 1] !== COMMA || b[close + 2] !== SPACE) return 'text';
    let i = close + 3;
    if (at(b, i, e, ORIG_TO)) {
      const end = indexIn(b, GT, i + 9, e);
      if (end !== -1 && b[end + 1] === COMMA && b[end + 2] === SPACE && at(b, end + 3, e, RELAY)) i = end + 3;
    }
    if (!at(b, i, e, RELAY)) return 'text';
    i = valueThenComma(b, i + 6, e);
    if (i === -1) return 'text';
    if (at(b, i, e, CONN_USE)) { const j = valueThenComma(b, i + 9, e); if (j !== -1 && at(b, j, e, DELAY)) i = j; }
    if (!at(b, i, e, DELAY)) return 'text';
    i = valueThenComma(b, i + 6, e);
    if (i === -1) return 'text';
    if (at(b, i, e, DELAYS)) { const j = valueThenComma(b, i + 7, e); if (j !== -1) i = j; }
    if (at(b, i, e, DSN)) { const j = valueThenComma(b, i + 4, e); if (j !== -1 && at(b, j, e, STATUS)) i = j; }
    if (!at(b, i, e, STATUS)) return 'text';
    const c = i + 7;
    let d = c;
    while (d < e && !isSpace(b[d])) d++;
    if (d === c) return 'text';
    this.a = a;
    this.b = close;
    this.c = c;
    this.d = d;
    this.status = statusOf(b, c, d);
    this.forwarded = this.status === 'sent' && this.hasForwarded(b, d, e);
    return 'to';
  }
}

/** `,` then the value up to the next comma must be followed by ", ": the index after ", ", or -1. */
function valueThenComma(b: Buffer, i: number, e: number): number {
  const comma = indexIn(b, COMMA, i, e);
  return comma > i && b[comma + 1] === SPACE && comma + 1 < e ? comma + 2 : -1;
}

function statusOf(b: Buffer, c: number, d: number): Status {
  if (is(b, c, d, SENT)) return 'sent';
  if (is(b, c, d, DEFERRED)) return 'deferred';
  return is(b, c, d, BOUNCED) ? 'bounced' : 'other';
}
