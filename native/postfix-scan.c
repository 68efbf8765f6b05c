// The Postfix fast path's byte scanner: a port of PostfixLineScanner.scan (src/logs/parsers/postfix-fast.ts) and of
// what it calls in postfix-bytes.ts, so the pipeline's reader can run in a native thread. It must give the very rows
// the JavaScript gives (postfix-native-scan.test.ts compares them), so it copies the JavaScript's quirks too: reads
// a few bytes past the line's end, fields left over from earlier lines, the header written before it fails.
#define NAPI_VERSION 8
#include "postfix-scan.h"
#include <stdlib.h>
#include <string.h>

// A buffer as JavaScript reads it: an index outside it gives undefined, here -1 (no byte equals it, no class holds it).
typedef struct { const uint8_t *b; long len; } Buf;

static inline int byte_at(const Buf *x, long i) {
  return i >= 0 && i < x->len ? x->b[i] : -1;
}
#define B(i) byte_at(x, (i))

// A fixed part of a line and its length.
#define W(s) (const uint8_t *)(s), (long)(sizeof(s) - 1)

static inline int is_space(int c) { return c == ' ' || (c >= 9 && c <= 13); }
// JavaScript's \s on latin1: Perl's set and NBSP.
static inline int is_js_space(int c) { return is_space(c) || c == 160; }
static inline int is_digit(int c) { return c >= '0' && c <= '9'; }
static inline int is_word(int c) { return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
static inline int is_plain_host(int c) { return is_word(c) || c == '-' || c == '.'; }

static int at(const Buf *x, long i, long end, const uint8_t *w, long n) {
  if (i + n > end) return 0;
  if (i >= 0 && i + n <= x->len) return memcmp(x->b + i, w, n) == 0;
  for (long k = 0; k < n; k++) if (B(i + k) != w[k]) return 0;
  return 1;
}

static int is(const Buf *x, long start, long end, const uint8_t *w, long n) {
  return end - start == n && at(x, start, end, w, n);
}

// The first c in [from, end), or -1; what the JS finds there whether it loops (indexIn) or searches the buffer and
// then requires p < end (NextMatch): bytes outside the buffer match nothing.
static long index_in(const Buf *x, int c, long from, long end) {
  if (from < 0) from = 0;
  if (end > x->len) end = x->len;
  if (from >= end) return -1;
  const uint8_t *p = memchr(x->b + from, c, end - from);
  return p ? p - x->b : -1;
}

// Where w starts wholly inside [from, end), or -1.
static long find(const Buf *x, const uint8_t *w, long n, long from, long end) {
  for (long i = index_in(x, w[0], from, end - n + 1); i != -1; i = index_in(x, w[0], i + 1, end - n + 1))
    if (at(x, i, end, w, n)) return i;
  return -1;
}

// ---- the syslog header (scanHeaderBytes, scanRfc3339, scanHost) ----

static int scan_host(const Buf *x, long s, long e, long start, pf_header *h) {
  long i = start;
  while (i < e && B(i) != ' ') {
    if (!is_plain_host(B(i))) return 0;
    i++;
  }
  if (i == start || i + 1 >= e) return 0;
  h->hostStart = start - s;
  h->hostEnd = i - s;
  h->restStart = i + 1 - s;
  return 1;
}

static int scan_rfc3339(const Buf *x, long s, long e, pf_header *h) {
  static const int digits[] = { 0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18 };
  if (e - s < 24) return 0;
  for (size_t k = 0; k < sizeof digits / sizeof digits[0]; k++) if (!is_digit(B(s + digits[k]))) return 0;
  if (B(s + 4) != '-' || B(s + 7) != '-' || B(s + 10) != 'T' || B(s + 13) != ':' || B(s + 16) != ':') return 0;
  long i = s + 19;
  if (B(i) == '.' && is_digit(B(i + 1))) {
    i += 2;
    while (i < e && is_digit(B(i))) i++;
  }
  int c = B(i); // may be the byte after the line, as in the JS
  if (c == 'Z') i++;
  else if ((c == '+' || c == '-') && is_digit(B(i + 1)) && is_digit(B(i + 2)) && B(i + 3) == ':' && is_digit(B(i + 4)) && is_digit(B(i + 5))) i += 6;
  else return 0;
  if (i >= e || B(i) != ' ') return 0;
  h->kind = 1;
  h->stampEnd = i - s;
  h->dayStart = 8;
  h->timeStart = 11;
  h->hour = (B(s + 11) - '0') * 10 + B(s + 12) - '0';
  h->minute = (B(s + 14) - '0') * 10 + B(s + 15) - '0';
  return scan_host(x, s, e, i + 1, h);
}

static int scan_header(const Buf *x, long s, long e, pf_header *h) {
  if (e - s >= 20 && B(s + 3) == ' ') {
    long i = B(s + 4) == ' ' ? 5 : 4;
    h->dayStart = i; // kept even when the line turns out not to fit (the JS writes it here too)
    if (is_digit(B(s + i))) {
      i += is_digit(B(s + i + 1)) ? 2 : 1;
      long t = s + i + 1;
      if (B(s + i) == ' ' && is_digit(B(t)) && is_digit(B(t + 1)) && B(t + 2) == ':' && is_digit(B(t + 3)) && is_digit(B(t + 4))
        && B(t + 5) == ':' && is_digit(B(t + 6)) && is_digit(B(t + 7)) && B(t + 8) == ' ') {
        h->kind = 0;
        h->stampEnd = i;
        h->timeStart = i + 1;
        h->hour = (B(t) - '0') * 10 + B(t + 1) - '0';
        h->minute = (B(t + 3) - '0') * 10 + B(t + 4) - '0';
        return scan_host(x, s, e, t + 9, h); // a classic stamp with a bad host is not tried as RFC 3339
      }
    }
  }
  return scan_rfc3339(x, s, e, h);
}

// ---- the scanner ----

typedef enum { CMD_SMTPD, CMD_CLEANUP, CMD_QMGR, CMD_PICKUP, CMD_UNTAKEN, CMD_OTHER } Command;

static Command command_of(const Buf *x, long start, long end) {
  switch (end - start) {
    case 4: return at(x, start, end, W("qmgr")) ? CMD_QMGR : CMD_OTHER;
    case 5: return at(x, start, end, W("smtpd")) ? CMD_SMTPD : CMD_OTHER;
    case 6: return at(x, start, end, W("pickup")) ? CMD_PICKUP : at(x, start, end, W("master")) ? CMD_UNTAKEN : CMD_OTHER;
    case 7: return at(x, start, end, W("cleanup")) ? CMD_CLEANUP : CMD_OTHER;
    case 10: return at(x, start, end, W("postscreen")) ? CMD_UNTAKEN : CMD_OTHER;
    default: return CMD_OTHER;
  }
}

static int is_special_qid(const Buf *x, long start, long end) {
  switch (end - start) {
    case 4: return at(x, start, end, W("hold"));
    case 5: return at(x, start, end, W("fatal")) || at(x, start, end, W("panic"));
    case 6: return at(x, start, end, W("reject"));
    case 7: return at(x, start, end, W("warning")) || at(x, start, end, W("discard"));
    case 14: return at(x, start, end, W("reject_warning"));
    default: return 0;
  }
}

// `: (?:client=|reject|hold: |discard: )` after the pid.
static int has_smtpd_marker(const Buf *x, long e, const pf_fields *f) {
  for (long p = index_in(x, ':', f->qidStart - 2, e); p != -1; p = index_in(x, ':', p + 1, e)) {
    if (B(p + 1) != ' ') continue;
    long w = p + 2;
    if (at(x, w, e, W("client=")) || at(x, w, e, W("reject")) || at(x, w, e, W("hold: ")) || at(x, w, e, W("discard: "))) return 1;
  }
  return 0;
}

// `: (?:header|body|END-OF-MESSAGE) ` after the pid.
static int has_cleanup_marker(const Buf *x, long e, const pf_fields *f) {
  for (long p = index_in(x, ':', f->qidStart - 2, e); p != -1; p = index_in(x, ':', p + 1, e)) {
    if (B(p + 1) != ' ') continue;
    long w = p + 2;
    if (at(x, w, e, W("header ")) || at(x, w, e, W("body ")) || at(x, w, e, W("END-OF-MESSAGE "))) return 1;
  }
  return 0;
}

// Anything ending "m=<" (or "o=<") from `from` on: the string path scans whole lines for from=< and to=<.
static int may_hold_address(const Buf *x, long from, long e, int or_to) {
  for (long p = index_in(x, '<', from, e); p != -1; p = index_in(x, '<', p + 1, e))
    if (B(p - 1) == '=' && (B(p - 2) == 'm' || (or_to && B(p - 2) == 'o'))) return 1;
  return 0;
}

static int special(const Buf *x, long q, long qe, long e, Command command) {
  if (command == CMD_CLEANUP || !is(x, q, qe, W("warning"))) return PF_TEXT;
  return find(x, W("authentication failed"), qe, e) == -1 ? PF_NOOP : PF_TEXT;
}

static int pickup(const Buf *x, long p, long e) {
  if (!at(x, p, e, W("uid=")) && !at(x, p, e, W("sender="))) return PF_TEXT;
  long angle = index_in(x, '<', p, e);
  if (angle == -1) return PF_PICKUP;
  if (B(angle - 1) != '=' || B(angle - 2) != 'm' || B(angle - 5) != 'f') return PF_TEXT; // "from=<"
  long close = index_in(x, '>', angle, e);
  return close == e - 1 && index_in(x, '<', angle + 1, e) == -1 ? PF_PICKUP : PF_TEXT;
}

// `client=(.+?)(?:,|$)` and pflogsumm's `sasl_method=…, sasl_username=…`; a and b are set even when it ends 'text'.
static int client(const Buf *x, long start, long e, pf_fields *f) {
  if (start >= e || B(start) == ',') return PF_TEXT;
  long comma = index_in(x, ',', start, e);
  f->a = start;
  f->b = comma == -1 ? e : comma;
  f->methodStart = f->userStart = -1; // their ends keep the last values, as in the JS
  long sasl = find(x, W("sasl_method="), start, e);
  if (sasl != -1) {
    long m = sasl + 12;
    while (m < e && B(m) != ',' && !is_js_space(B(m))) m++;
    if (m == sasl + 12) return PF_TEXT;
    f->methodStart = sasl + 12;
    f->methodEnd = m;
    if (at(x, m, e, W(", sasl_username="))) {
      long end = index_in(x, ',', m + 16, e);
      f->userStart = m + 16;
      f->userEnd = end == -1 ? e : end;
    }
  }
  return PF_CLIENT;
}

static int tls(const Buf *x, long qe, long e, pf_fields *f) {
  if (!at(x, qe, e, W(" TLS connection established from "))) return PF_TEXT;
  long colon = index_in(x, ':', qe + 33, e);
  if (colon == -1 || B(colon + 1) != ' ') return PF_TEXT;
  long i = colon + 2;
  while (i < e && !is_js_space(B(i))) i++;
  if (i == colon + 2 || !at(x, i, e, W(" with cipher"))) return PF_TEXT;
  f->a = colon + 2;
  f->b = i;
  return PF_TLS;
}

static int smtpd(const Buf *x, long e, pf_fields *f) {
  long qe = f->qidEnd, q = f->qidStart;
  if (B(qe) == ':' && B(qe + 1) == ' ' && at(x, qe + 2, e, W("client="))) return client(x, qe + 9, e, f);
  if (has_smtpd_marker(x, e, f)) return PF_TEXT;
  if (is(x, q, qe, W("connect"))) return PF_CONNECT;
  if (is(x, q, qe, W("disconnect")) || is(x, q, qe, W("lost"))) return PF_DISCONNECT;
  if (is(x, q, qe, W("Anonymous")) || is(x, q, qe, W("Trusted")) || is(x, q, qe, W("Untrusted")) || is(x, q, qe, W("Verified")))
    return tls(x, qe, e, f);
  return PF_NOOP;
}

static int has_forwarded(const Buf *x, long from, long e) {
  for (long p = index_in(x, 'f', from, e); p != -1; p = index_in(x, 'f', p + 1, e)) if (at(x, p, e, W("forwarded as "))) return 1;
  return 0;
}

static int from_size(const Buf *x, long a, long e, pf_fields *f) {
  long close = index_in(x, '>', a, e);
  if (close == -1 || !at(x, close + 1, e, W(", size="))) return PF_TEXT;
  long c = close + 8, d = c;
  double size = 0; // as the JS number: exact up to 15 digits, the most taken
  while (d < e && is_digit(B(d))) { size = size * 10 + B(d) - 48; d++; }
  if (d == c || d - c > 15) return PF_TEXT;
  f->a = a;
  f->b = close;
  f->c = c;
  f->d = d;
  f->sizeBytes = size;
  f->sized = !(d - c == 1 && B(c) == '0'); // Perl truthiness: "0" is false
  return PF_FROM;
}

// `,` then the value up to the next comma must be followed by ", ": the index after ", ", or -1.
static long value_then_comma(const Buf *x, long i, long e) {
  long comma = index_in(x, ',', i, e);
  return comma > i && B(comma + 1) == ' ' && comma + 1 < e ? comma + 2 : -1;
}

static int status_of(const Buf *x, long c, long d) {
  if (is(x, c, d, W("sent"))) return 0;
  if (is(x, c, d, W("deferred"))) return 1;
  return is(x, c, d, W("bounced")) ? 2 : 3;
}

static int delivery(const Buf *x, long to, long e, pf_fields *f) {
  if (may_hold_address(x, to + 4, e, 0)) return PF_TEXT;
  long a = to + 4;
  long close = index_in(x, '>', a, e);
  if (close == -1 || B(close + 1) != ',' || B(close + 2) != ' ') return PF_TEXT;
  long i = close + 3;
  if (at(x, i, e, W("orig_to=<"))) {
    long end = index_in(x, '>', i + 9, e);
    if (end != -1 && B(end + 1) == ',' && B(end + 2) == ' ' && at(x, end + 3, e, W("relay="))) i = end + 3;
  }
  if (!at(x, i, e, W("relay="))) return PF_TEXT;
  i = value_then_comma(x, i + 6, e);
  if (i == -1) return PF_TEXT;
  if (at(x, i, e, W("conn_use="))) { long j = value_then_comma(x, i + 9, e); if (j != -1 && at(x, j, e, W("delay="))) i = j; }
  if (!at(x, i, e, W("delay="))) return PF_TEXT;
  i = value_then_comma(x, i + 6, e);
  if (i == -1) return PF_TEXT;
  if (at(x, i, e, W("delays="))) { long j = value_then_comma(x, i + 7, e); if (j != -1) i = j; }
  if (at(x, i, e, W("dsn="))) { long j = value_then_comma(x, i + 4, e); if (j != -1 && at(x, j, e, W("status="))) i = j; }
  if (!at(x, i, e, W("status="))) return PF_TEXT;
  long c = i + 7, d = c;
  while (d < e && !is_space(B(d))) d++;
  if (d == c) return PF_TEXT;
  f->a = a;
  f->b = close;
  f->c = c;
  f->d = d;
  f->status = status_of(x, c, d);
  f->forwarded = f->status == 0 && has_forwarded(x, d, e);
  return PF_TO;
}

void pf_init(pf_header *h, pf_fields *f) {
  memset(h, 0, sizeof *h);
  memset(f, 0, sizeof *f);
  f->status = 3;
  f->methodStart = f->methodEnd = f->userStart = f->userEnd = -1;
}

int pf_scan(const uint8_t *b, long len, long s, long e, pf_header *h, pf_fields *f) {
  const Buf buf = { b, len }, *x = &buf;
  if (find(x, W("ID "), s, e) != -1) return PF_TEXT; // a Solaris "[ID nnn facility]" tag: the string path drops it
  if (!scan_header(x, s, e, h)) return PF_TEXT;
  f->hostStart = s + h->hostStart;
  f->hostEnd = s + h->hostEnd;
  long rest = s + h->restStart;
  if (!at(x, rest, e, W("postfix"))) return PF_NOISE;
  long i = rest + 7;
  if (B(i) != '/') return PF_TEXT; // "postfix-script" and friends
  i++;
  if (B(i) == 's') {
    if (at(x, i, e, W("smtps/"))) i += 6;
    else if (at(x, i, e, W("submission/"))) i += 11;
  }
  long cmd_start = i;
  while (i < e && B(i) != '[' && B(i) != ':') {
    if (!is_plain_host(B(i)) && B(i) != '/') return PF_TEXT;
    i++;
  }
  long cmd_end = i;
  if (B(i) != '[') return PF_TEXT;
  int pid = 0;
  for (i++; i < e && is_digit(B(i)) && i - cmd_end <= 9; i++) pid = pid * 10 + B(i) - '0';
  if (i == cmd_end + 1 || B(i) != ']' || B(i + 1) != ':' || B(i + 2) != ' ') return PF_TEXT;
  long q = i + 3, qe = q;
  while (qe < e && is_word(B(qe))) qe++;
  if (qe == q || qe == e || (B(qe) != ':' && !is_space(B(qe)))) return PF_TEXT;
  Command command = command_of(x, cmd_start, cmd_end);
  if (B(q) >= 'a' && is_special_qid(x, q, qe)) return special(x, q, qe, e, command); // before pid and queue id are kept
  f->pid = pid;
  f->qidStart = q;
  f->qidEnd = qe;
  if (command == CMD_SMTPD) return smtpd(x, e, f);
  // `submissions/smtpd` and the like: the string path books their clients
  if (cmd_end - cmd_start > 6 && B(cmd_end - 6) == '/' && at(x, cmd_end - 5, cmd_end, W("smtpd"))) return PF_TEXT;
  if (command == CMD_CLEANUP) return has_cleanup_marker(x, e, f) || may_hold_address(x, qe, e, 1) ? PF_TEXT : PF_NOOP;
  if (command == CMD_UNTAKEN || B(qe) != ':' || B(qe + 1) != ' ') return PF_TEXT;
  long p = qe + 2;
  if (at(x, p, e, W("from=<"))) return from_size(x, p + 6, e, f);
  if (at(x, p, e, W("to=<"))) return delivery(x, p, e, f);
  if (command == CMD_QMGR && p + 7 == e && at(x, p, e, W("removed"))) return PF_REMOVED;
  if (command == CMD_PICKUP) return pickup(x, p, e);
  return command == CMD_QMGR || may_hold_address(x, qe, e, 1) ? PF_TEXT : PF_NOOP;
}

void pf_write_row(int32_t *rows, double *sizes, long i, int code, long s, long e, int lineNo, const pf_header *h, const pf_fields *f) {
  int32_t *r = rows + i * PF_RECORD;
  // an Int32Array stores a number modulo 2^32
  r[0] = code; r[1] = (int32_t)(uint32_t)s; r[2] = (int32_t)(uint32_t)e; r[3] = lineNo;
  if (code <= PF_NOISE || code == PF_TOO_LONG) return; // nothing more is read back
  r[4] = h->kind; r[5] = h->stampEnd; r[6] = h->dayStart; r[7] = h->hour; r[8] = h->minute;
  r[9] = h->timeStart; r[10] = h->hostStart; r[11] = h->hostEnd; r[12] = h->restStart;
  r[13] = f->hostStart; r[14] = f->hostEnd; r[15] = f->pid; r[16] = f->qidStart; r[17] = f->qidEnd;
  r[18] = f->a; r[19] = f->b; r[20] = f->c; r[21] = f->d; r[22] = f->sized ? 1 : 0;
  r[23] = f->status; r[24] = f->forwarded ? 1 : 0;
  r[25] = f->methodStart; r[26] = f->methodEnd; r[27] = f->userStart; r[28] = f->userEnd;
  sizes[i] = f->sizeBytes;
}

// ---- the test export ----

#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, "relay365 postfix scanner: " #call " failed"); return NULL; } } while (0)

// postfixScanRows(buffer, end = buffer.length): the lines of buffer[0, end) scanned and written as pipeline-worker.ts
// does, with one header and one scanner for them all; no over-long lines (tests only). Scanned in the whole buffer,
// as the worker scans in its whole slot: the bytes past `end` are those a last line without newline may read.
static napi_value scan_rows(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  void *data = NULL;
  size_t size = 0;
  int64_t until = -1;
  napi_valuetype type = napi_undefined;
  if (argc >= 2) CHECK(napi_typeof(env, argv[1], &type));
  if (argc < 1 || napi_get_buffer_info(env, argv[0], &data, &size) != napi_ok
    || (type != napi_undefined && (napi_get_value_int64(env, argv[1], &until) != napi_ok || until < 0 || (uint64_t)until > size))) {
    napi_throw_type_error(env, NULL, "relay365 postfix scanner: postfixScanRows() needs a Buffer, and maybe an end within it");
    return NULL;
  }
  const uint8_t *b = data, *nl;
  long len = (long)size, end = until < 0 ? len : (long)until, n = 0, pos = 0;
  for (; pos < end && (nl = memchr(b + pos, '\n', end - pos)); pos = nl - b + 1) n++;
  if (pos < end) n++; // a last line without its newline
  void *row_data, *size_data;
  napi_value row_buffer, size_buffer, rows, sizes, result;
  CHECK(napi_create_arraybuffer(env, (size_t)n * PF_RECORD * sizeof(int32_t), &row_data, &row_buffer));
  CHECK(napi_create_arraybuffer(env, (size_t)n * sizeof(double), &size_data, &size_buffer));
  // the JS writes only some fields of a row into a new (zeroed) array: the rest must be 0 here too
  memset(row_data, 0, (size_t)n * PF_RECORD * sizeof(int32_t));
  memset(size_data, 0, (size_t)n * sizeof(double));
  pf_header h;
  pf_fields f;
  pf_init(&h, &f);
  long count = 0;
  int line_no = 0;
  for (pos = 0; pos < end && (nl = memchr(b + pos, '\n', end - pos)); pos = nl - b + 1, count++) {
    long e = nl - b;
    pf_write_row(row_data, size_data, count, pf_scan(b, len, pos, e, &h, &f), pos, e, ++line_no, &h, &f);
  }
  if (pos < end) pf_write_row(row_data, size_data, count, pf_scan(b, len, pos, end, &h, &f), pos, end, ++line_no, &h, &f);
  CHECK(napi_create_typedarray(env, napi_int32_array, (size_t)n * PF_RECORD, row_buffer, 0, &rows));
  CHECK(napi_create_typedarray(env, napi_float64_array, (size_t)n, size_buffer, 0, &sizes));
  CHECK(napi_create_object(env, &result));
  CHECK(napi_set_named_property(env, result, "rows", rows));
  CHECK(napi_set_named_property(env, result, "sizes", sizes));
  return result;
}

void pf_scan_register(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "postfixScanRows", NULL, scan_rows, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
}
