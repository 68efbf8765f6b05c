// The Postfix line scanner (src/logs/parsers/postfix-fast.ts, PostfixLineScanner.scan) in C, for the pipeline's
// native reader thread. A port, byte for byte: the same shape and the same row (postfix-record.ts) for every
// line, including what the JavaScript object keeps from the lines before (see pf_scan).
#ifndef POSTFIX_SCAN_H
#define POSTFIX_SCAN_H

#include <node_api.h>
#include <stdint.h>

/** The Header of postfix-line.ts (kind: 0 classic, 1 RFC 3339); offsets relative to the line start. */
typedef struct { int kind, stampEnd, dayStart, hour, minute, timeStart, hostStart, hostEnd, restStart; } pf_header;
/** The scanner's fields (absolute offsets into the buffer); status: 0 sent, 1 deferred, 2 bounced, 3 other. */
typedef struct { int hostStart, hostEnd, pid, qidStart, qidEnd, a, b, c, d; double sizeBytes; int sized, status, forwarded, methodStart, methodEnd, userStart, userEnd; } pf_fields;

/** Shape codes: the index in SHAPES of postfix-record.ts; PF_TOO_LONG is its TOO_LONG. */
enum { PF_TEXT, PF_NOISE, PF_NOOP, PF_CLIENT, PF_CONNECT, PF_DISCONNECT, PF_TLS, PF_FROM, PF_TO, PF_REMOVED, PF_PICKUP, PF_TOO_LONG };

/** Int32 fields per row (RECORD in postfix-record.ts). */
#define PF_RECORD 29

/** The state of a new scanner and header, as their JavaScript constructors leave them. */
void pf_init(pf_header *h, pf_fields *f);

/**
 * Scan the line b[s, e) of a buffer of `len` bytes (bytes outside [0, len) are "undefined" as in JS); the shape code.
 * h and f persist across lines like the JavaScript objects: a field a shape does not set keeps the last value,
 * and a header that fails may have been partly written. Reads may touch bytes just past e, as the JS does.
 */
int pf_scan(const uint8_t *b, long len, long s, long e, pf_header *h, pf_fields *f);

/** Row i exactly as writeRecord in postfix-record.ts. */
void pf_write_row(int32_t *rows, double *sizes, long i, int code, long s, long e, int lineNo, const pf_header *h, const pf_fields *f);

/** Registers the test export postfixScanRows(buffer, end?) → { rows: Int32Array, sizes: Float64Array } on the addon's exports. */
void pf_scan_register(napi_env env, napi_value exports);

#endif
