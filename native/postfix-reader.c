// The Postfix log reader: a native thread that reads a plain log, splits and scans its lines (postfix-scan.c,
// a port of postfix-fast.ts) and numbers the values a line names (client, sender, recipient, TLS protocol) as it
// goes, so the parser's thread (src/logs/pipeline.ts) takes rows of integers and looks each distinct value up
// once, not once per line. Written by hand because it replaces the JavaScript reader thread (pipeline-worker.ts),
// whose line scan cost as much CPU as the parser itself; its splitting is that file's, line for line.
//
//   postfixOpen(path, chunkBytes, capacity) → {handle, data: ArrayBuffer[], rows, ids, sizes}: the thread starts
//   postfixTake(handle, waitMs) → null (nothing yet) or {slot, count, lines, end, errno, phase}
//   postfixRelease(handle, slot): the slot's rows are handled; postfixClose(handle): stop and join
//   postfixBytes(handle) → bytes read so far
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "postfix-scan.h"

#define SLOTS 4
#define MAX_LINE 65536 /* read-limits.ts MAX_LINE_CHARS */
#define TABLES 3       /* clients, senders, TLS protocols (restart bits 1, 2, 4); recipients are the parser's (Recipients) */
#define IDS 4          /* per row: the value's id, the tables restarted before it (a bit each), a recipient's domain and host */

// ---- values by their bytes: id = order of first sight ----
typedef struct {
  uint32_t *slots;     // id + 1; 0 free
  uint32_t *hashes;    // per id
  uint32_t *offsets;   // per id: its key is arena[offsets[id], offsets[id + 1])
  uint8_t *arena;
  uint32_t mask, count, limit, arena_cap, ids_cap;
} Table;

static void table_init(Table *t, uint32_t limit) {
  memset(t, 0, sizeof *t);
  t->limit = limit;
}

static void table_free(Table *t) {
  free(t->slots); free(t->hashes); free(t->offsets); free(t->arena);
  memset(t, 0, sizeof *t);
}

static void *grow(void *p, size_t bytes) {
  void *q = realloc(p, bytes);
  if (!q) abort();
  return q;
}

static uint32_t hash_bytes(const uint8_t *b, long n) {
  uint32_t h = 2166136261u;
  for (long i = 0; i < n; i++) h = (h ^ b[i]) * 16777619u;
  return h ^ (h >> 15);
}

static void table_rehash(Table *t, uint32_t slots) {
  free(t->slots);
  t->slots = calloc(slots, sizeof *t->slots);
  if (!t->slots) abort();
  t->mask = slots - 1;
  for (uint32_t id = 0; id < t->count; id++) {
    uint32_t s = t->hashes[id] & t->mask;
    while (t->slots[s]) s = (s + 1) & t->mask;
    t->slots[s] = id + 1;
  }
}

/** The id of b[s, e); a new one on first sight. *restarted is set when the table was emptied to make room. */
static uint32_t table_id(Table *t, const uint8_t *b, long s, long e, int *restarted) {
  long n = e - s;
  if (!t->slots) table_rehash(t, 1024);
  uint32_t h = hash_bytes(b + s, n);
  uint32_t slot = h & t->mask;
  for (uint32_t id1; (id1 = t->slots[slot]); slot = (slot + 1) & t->mask) {
    uint32_t id = id1 - 1;
    if (t->hashes[id] == h && t->offsets[id + 1] - t->offsets[id] == (uint32_t)n && memcmp(t->arena + t->offsets[id], b + s, n) == 0) return id;
  }
  if (t->count >= t->limit) { // bounded like the parser's own caches: start again, and say so in the row
    t->count = 0;
    memset(t->slots, 0, (size_t)(t->mask + 1) * sizeof *t->slots);
    *restarted = 1;
    slot = h & t->mask;
    while (t->slots[slot]) slot = (slot + 1) & t->mask;
  }
  uint32_t id = t->count++;
  if (t->count + 1 > t->ids_cap) {
    t->ids_cap = t->ids_cap ? t->ids_cap * 2 : 1024;
    t->hashes = grow(t->hashes, (size_t)t->ids_cap * sizeof *t->hashes);
    t->offsets = grow(t->offsets, (size_t)(t->ids_cap + 1) * sizeof *t->offsets);
    if (id == 0) t->offsets[0] = 0;
  }
  if (id == 0) t->offsets[0] = 0;
  uint32_t at = t->offsets[id];
  if (at + n > t->arena_cap) {
    while (at + n > t->arena_cap) t->arena_cap = t->arena_cap ? t->arena_cap * 2 : 1 << 16;
    t->arena = grow(t->arena, t->arena_cap);
  }
  memcpy(t->arena + at, b + s, n);
  t->offsets[id + 1] = at + n;
  t->hashes[id] = h;
  t->slots[slot] = id + 1;
  if ((uint64_t)t->count * 10 > (uint64_t)(t->mask + 1) * 7) table_rehash(t, (t->mask + 1) * 2);
  return id;
}

// ---- recipients: pflogsumm's distinct recipients and their hosts, shared by the parser and its readers ----
// One table per parser (src/logs/parsers/postfix-addresses.ts, NativeRecipients): every reader of its files and
// the parser's own string path number addresses here, under a lock, so an address has one id whichever path
// saw it. Ids only grow (as pflogsumm's own hashes do), so numbering them ahead of the parser changes nothing.
typedef struct {
  pthread_mutex_t lock;
  Table addresses, hosts, domains;  // keys: the address with its domain part folded; its host; its domain
  uint32_t *host_of, *domain_of;    // per address id
  uint8_t *counted, *host_counted;  // per address and host id: a delivery counted it (pflogsumm's recipients)
  uint32_t cap, host_cap, delivered, delivered_hosts;
  uint8_t *scratch;
  long scratch_cap;
  int refs;                         // its JavaScript handle and each reader using it
} Recipients;

static Recipients *recipients_new(void) {
  Recipients *t = calloc(1, sizeof *t);
  if (!t) abort();
  pthread_mutex_init(&t->lock, NULL);
  table_init(&t->addresses, UINT32_MAX);
  table_init(&t->hosts, UINT32_MAX);
  table_init(&t->domains, UINT32_MAX);
  t->refs = 1;
  return t;
}

static void recipients_unref(Recipients *t) {
  pthread_mutex_lock(&t->lock);
  int left = --t->refs;
  pthread_mutex_unlock(&t->lock);
  if (left) return;
  table_free(&t->addresses); table_free(&t->hosts); table_free(&t->domains);
  free(t->host_of); free(t->domain_of); free(t->counted); free(t->host_counted); free(t->scratch);
  pthread_mutex_destroy(&t->lock);
  free(t);
}

/** A delivery (status=sent, not forwarded) counts the address and its host once. Called with the lock held. */
static void count_delivered(Recipients *t, uint32_t id) {
  if (t->counted[id]) return;
  t->counted[id] = 1;
  t->delivered++;
  uint32_t host = t->host_of[id];
  if (host >= t->host_cap) {
    uint32_t cap = t->host_cap ? t->host_cap * 2 : 4096;
    while (cap <= host) cap *= 2;
    t->host_counted = grow(t->host_counted, cap);
    memset(t->host_counted + t->host_cap, 0, cap - t->host_cap);
    t->host_cap = cap;
  }
  if (!t->host_counted[host]) { t->host_counted[host] = 1; t->delivered_hosts++; }
}

/**
 * The id of the address b[s, e) as logged, with its host and domain ids; `deliver`: and count it delivered. The key folds ASCII case after the first
 * '@' (unless it ends the address): pflogsumm's `s/(@.+)/\L$1/`. Host: after the first '@' of the key (all of it
 * when there is none or it leads); domain: after the last '@', without a trailing dot ('' when there is no '@').
 */
static uint32_t recipients_id(Recipients *t, const uint8_t *b, long s, long e, int deliver, uint32_t *host, uint32_t *domain) {
  long n = e - s;
  pthread_mutex_lock(&t->lock);
  if (n > t->scratch_cap) {
    t->scratch_cap = n * 2 + 64;
    t->scratch = grow(t->scratch, t->scratch_cap);
  }
  uint8_t *key = t->scratch;
  long first = -1, last = -1;
  for (long i = 0; i < n; i++) {
    uint8_t c = b[s + i];
    if (first >= 0 && c >= 'A' && c <= 'Z') c += 32;
    key[i] = c;
    if (c == '@') { if (first < 0 && i + 1 < n) first = i; last = i; }
  }
  int restarted = 0;
  uint32_t before = t->addresses.count;
  uint32_t id = table_id(&t->addresses, key, 0, n, &restarted);
  if (t->addresses.count != before) { // first sight: its host and domain
    if (id >= t->cap) {
      uint32_t cap = t->cap ? t->cap * 2 : 1 << 16;
      t->host_of = grow(t->host_of, (size_t)cap * sizeof *t->host_of);
      t->domain_of = grow(t->domain_of, (size_t)cap * sizeof *t->domain_of);
      t->counted = grow(t->counted, cap);
      memset(t->counted + t->cap, 0, cap - t->cap);
      t->cap = cap;
    }
    long at = -1;
    for (long i = 0; i < n; i++) if (key[i] == '@') { at = i; break; }
    long host_from = at > 0 ? at + 1 : 0;
    long domain_from = last < 0 ? n : last + 1;
    long domain_to = n > domain_from && key[n - 1] == '.' ? n - 1 : n;
    t->host_of[id] = table_id(&t->hosts, key, host_from, n, &restarted);
    t->domain_of[id] = table_id(&t->domains, key, domain_from, domain_to, &restarted);
  }
  *host = t->host_of[id];
  *domain = t->domain_of[id];
  if (deliver) count_delivered(t, id);
  pthread_mutex_unlock(&t->lock);
  return id;
}

// ---- the reader ----
enum { EMPTY, FULL };
enum { PHASE_NONE, PHASE_OPEN, PHASE_READ };

typedef struct {
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t changed;
  char *path;
  long chunk, capacity, buffer_bytes;
  uint8_t *data[SLOTS];
  int32_t *rows[SLOTS];
  int32_t *ids[SLOTS];
  double *sizes[SLOTS];
  int state[SLOTS], count[SLOTS], lines[SLOTS], end[SLOTS];
  int error, phase, error_line; // the first read failure (errno), where, after which line
  _Atomic double bytes;
  atomic_int cancel;
  int running, next;
  int refs;                   // the handle and each external buffer: freed with the last
  Table tables[TABLES];
  Recipients *recipients;     // the parser's (a reference held)
} Reader;

static void reader_unref(Reader *r) {
  pthread_mutex_lock(&r->lock);
  int left = --r->refs;
  pthread_mutex_unlock(&r->lock);
  if (left) return;
  for (int i = 0; i < SLOTS; i++) { free(r->data[i]); free(r->rows[i]); free(r->ids[i]); free(r->sizes[i]); }
  for (int t = 0; t < TABLES; t++) table_free(&r->tables[t]);
  recipients_unref(r->recipients);
  pthread_mutex_destroy(&r->lock);
  pthread_cond_destroy(&r->changed);
  free(r->path);
  free(r);
}

/** Wait until the slot is EMPTY; 0 when cancelled. */
static int wait_empty(Reader *r, int slot) {
  pthread_mutex_lock(&r->lock);
  while (r->state[slot] != EMPTY && !atomic_load(&r->cancel)) pthread_cond_wait(&r->changed, &r->lock);
  pthread_mutex_unlock(&r->lock);
  return !atomic_load(&r->cancel);
}

static void publish(Reader *r, int slot, int count, int lines, int end) {
  pthread_mutex_lock(&r->lock);
  r->count[slot] = count;
  r->lines[slot] = lines;
  r->end[slot] = end;
  r->state[slot] = FULL;
  pthread_cond_broadcast(&r->changed);
  pthread_mutex_unlock(&r->lock);
}

/** The table a shape's value goes to, or -1. */
static int table_of(int code) {
  switch (code) {
    case PF_CLIENT: return 0;
    case PF_FROM: return 1;
    case PF_TLS: return 2;
    default: return -1;
  }
}

/** Row i: the scan's row (postfix-scan.c) and its ids. */
static void row(Reader *r, int slot, long i, int code, long s, long e, int line_no, const pf_header *h, const pf_fields *f) {
  pf_write_row(r->rows[slot], r->sizes[slot], i, code, s, e, line_no, h, f);
  int32_t *ids = r->ids[slot] + i * IDS;
  if (code == PF_TO) {
    uint32_t host, domain;
    // A delivery is counted here, ahead of the parser: whether it counts depends on the line alone (pflogsumm).
    ids[0] = (int32_t)recipients_id(r->recipients, r->data[slot], f->a, f->b, f->status == 0 && !f->forwarded, &host, &domain);
    ids[1] = 0;
    ids[2] = (int32_t)domain;
    ids[3] = (int32_t)host;
    return;
  }
  int t = table_of(code);
  int restarted = 0;
  ids[0] = t < 0 ? -1 : (int32_t)table_id(&r->tables[t], r->data[slot], f->a, f->b, &restarted);
  ids[1] = restarted << (t < 0 ? 0 : t);
}

static void *run(void *arg) {
  Reader *r = arg;
#ifdef __linux__
  pthread_setname_np(pthread_self(), "relay365 logs"); // for top and perf
#endif
  pf_header h;
  pf_fields f;
  pf_init(&h, &f);
  uint8_t *leftover = malloc(r->buffer_bytes);
  if (!leftover) abort();
  long left = 0;
  int line_no = 0, skipping = 0, ended = 0;
  int fd = open(r->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    r->error = errno; r->phase = PHASE_OPEN; r->error_line = 0;
    ended = 1;
  }
  for (int slot = 0; ; slot = (slot + 1) % SLOTS) {
    if (!wait_empty(r, slot)) break;
    uint8_t *buffer = r->data[slot];
    memcpy(buffer, leftover, left);
    long end = left;
    if (!ended && end < r->buffer_bytes) {
      ssize_t n;
      do n = read(fd, buffer + end, r->buffer_bytes - end); while (n < 0 && errno == EINTR);
      if (n < 0) {
        r->error = errno; r->phase = PHASE_READ; r->error_line = line_no;
        ended = 1;
      } else {
        if (n == 0) ended = 1;
        end += n;
        atomic_store(&r->bytes, atomic_load(&r->bytes) + (double)n);
      }
    }
    long count = 0, pos = 0;
    int full = 0;
    for (uint8_t *nl; pos < end && (nl = memchr(buffer + pos, '\n', end - pos)); ) {
      long at = nl - buffer;
      if (count >= r->capacity - 1) { full = 1; break; } // one row kept for an unterminated last line
      line_no++;
      if (skipping) skipping = 0; // the end of a line already reported as too long
      else if (at - pos > MAX_LINE) row(r, slot, count++, PF_TOO_LONG, pos, at, line_no, &h, &f);
      else row(r, slot, count++, pf_scan(buffer, r->buffer_bytes, pos, at, &h, &f), pos, at, line_no, &h, &f);
      pos = at + 1;
    }
    long tail = end - pos;
    left = 0;
    if (full || (!ended && tail <= MAX_LINE)) { memcpy(leftover, buffer + pos, tail); left = tail; }
    else if (tail > MAX_LINE) { // an endless "line" is binary or broken: noted once, skipped to the next newline
      if (!skipping) row(r, slot, count++, PF_TOO_LONG, pos, end, line_no + 1, &h, &f);
      skipping = 1;
    } else if (tail > 0 && !skipping) { // the last line, when the file does not end with a newline
      line_no++;
      row(r, slot, count++, pf_scan(buffer, r->buffer_bytes, pos, end, &h, &f), pos, end, line_no, &h, &f);
    }
    int done = ended && !full;
    publish(r, slot, (int)count, line_no, done);
    if (done) break;
  }
  if (fd >= 0) close(fd);
  free(leftover);
  return NULL;
}

// ---- JavaScript ----
#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, "relay365 Postfix reader: " #call " failed"); return NULL; } } while (0)

static void stop(Reader *r) {
  if (!r->running) return;
  atomic_store(&r->cancel, 1);
  pthread_mutex_lock(&r->lock);
  pthread_cond_broadcast(&r->changed);
  pthread_mutex_unlock(&r->lock);
  pthread_join(r->thread, NULL);
  r->running = 0;
}

static void handle_free(napi_env env, void *data, void *hint) {
  Reader *r = data;
  stop(r);
  reader_unref(r);
}

static void buffer_free(napi_env env, void *data, void *hint) {
  reader_unref(hint);
}

/** The call's `argc` arguments into argv (missing ones undefined); the reader in argv[0], or NULL when it is not one. */
static Reader *reader_args(napi_env env, napi_callback_info info, napi_value *argv, size_t argc) {
  void *r = NULL;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) { memset(argv, 0, argc * sizeof *argv); return NULL; }
  if (napi_get_value_external(env, argv[0], &r) != napi_ok) return NULL;
  return r;
}

static napi_value external(napi_env env, Reader *r, void *data, size_t bytes, napi_typedarray_type type, size_t length) {
  napi_value buffer, view;
  r->refs++;
  CHECK(napi_create_external_arraybuffer(env, data, bytes, buffer_free, r, &buffer));
  if (type == napi_uint8_array) return buffer;
  CHECK(napi_create_typedarray(env, type, length, buffer, 0, &view));
  return view;
}

static napi_value postfix_open(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Recipients *recipients = NULL;
  if (argc < 4 || napi_get_value_external(env, argv[3], (void **)&recipients) != napi_ok || !recipients) {
    napi_throw_type_error(env, NULL, "postfixOpen(path, chunkBytes, capacity, recipients)");
    return NULL;
  }
  size_t path_len;
  CHECK(napi_get_value_string_utf8(env, argv[0], NULL, 0, &path_len));
  int64_t chunk, capacity;
  CHECK(napi_get_value_int64(env, argv[1], &chunk));
  CHECK(napi_get_value_int64(env, argv[2], &capacity));
  Reader *r = calloc(1, sizeof *r);
  if (!r) abort();
  r->path = malloc(path_len + 1);
  if (!r->path) abort();
  CHECK(napi_get_value_string_utf8(env, argv[0], r->path, path_len + 1, &path_len));
  r->chunk = chunk;
  r->capacity = capacity;
  r->buffer_bytes = chunk + MAX_LINE + 1;
  pthread_mutex_init(&r->lock, NULL);
  pthread_cond_init(&r->changed, NULL);
  uint32_t limits[TABLES] = { 1 << 16, 1 << 16, 1 << 10 };
  for (int t = 0; t < TABLES; t++) table_init(&r->tables[t], limits[t]);
  r->refs = 1;
  r->recipients = recipients;
  pthread_mutex_lock(&recipients->lock);
  recipients->refs++;
  pthread_mutex_unlock(&recipients->lock);
  napi_value result, handle, data, rows, ids, sizes;
  CHECK(napi_create_external(env, r, handle_free, NULL, &handle));
  CHECK(napi_create_array_with_length(env, SLOTS, &data));
  CHECK(napi_create_array_with_length(env, SLOTS, &rows));
  CHECK(napi_create_array_with_length(env, SLOTS, &ids));
  CHECK(napi_create_array_with_length(env, SLOTS, &sizes));
  for (int i = 0; i < SLOTS; i++) {
    // Zeroed as the JavaScript reader's shared buffers are: the scan may look at a byte past a line's end.
    r->data[i] = calloc(r->buffer_bytes, 1);
    r->rows[i] = calloc((size_t)capacity * PF_RECORD, sizeof(int32_t));
    r->ids[i] = calloc((size_t)capacity * IDS, sizeof(int32_t));
    r->sizes[i] = calloc((size_t)capacity, sizeof(double));
    if (!r->data[i] || !r->rows[i] || !r->ids[i] || !r->sizes[i]) abort();
    napi_value v;
    if (!(v = external(env, r, r->data[i], r->buffer_bytes, napi_uint8_array, 0))) return NULL;
    CHECK(napi_set_element(env, data, i, v));
    if (!(v = external(env, r, r->rows[i], (size_t)capacity * PF_RECORD * 4, napi_int32_array, (size_t)capacity * PF_RECORD))) return NULL;
    CHECK(napi_set_element(env, rows, i, v));
    if (!(v = external(env, r, r->ids[i], (size_t)capacity * IDS * 4, napi_int32_array, (size_t)capacity * IDS))) return NULL;
    CHECK(napi_set_element(env, ids, i, v));
    if (!(v = external(env, r, r->sizes[i], (size_t)capacity * 8, napi_float64_array, (size_t)capacity))) return NULL;
    CHECK(napi_set_element(env, sizes, i, v));
  }
  if (pthread_create(&r->thread, NULL, run, r) != 0) {
    napi_throw_error(env, NULL, "relay365 Postfix reader: cannot start a thread");
    return NULL;
  }
  r->running = 1;
  CHECK(napi_create_object(env, &result));
  CHECK(napi_set_named_property(env, result, "handle", handle));
  CHECK(napi_set_named_property(env, result, "data", data));
  CHECK(napi_set_named_property(env, result, "rows", rows));
  CHECK(napi_set_named_property(env, result, "ids", ids));
  CHECK(napi_set_named_property(env, result, "sizes", sizes));
  return result;
}

static napi_value postfix_take(napi_env env, napi_callback_info info) {
  napi_value argv[2], result, v;
  Reader *r = reader_args(env, info, argv, 2);
  int64_t wait_ms;
  CHECK(napi_get_value_int64(env, argv[1], &wait_ms));
  if (!r) { napi_throw_type_error(env, NULL, "not a Postfix reader"); return NULL; }
  int slot = r->next;
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += wait_ms / 1000;
  until.tv_nsec += (wait_ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
  pthread_mutex_lock(&r->lock);
  while (r->state[slot] != FULL && r->running) {
    if (pthread_cond_timedwait(&r->changed, &r->lock, &until) == ETIMEDOUT) break;
  }
  int full = r->state[slot] == FULL;
  int count = r->count[slot], lines = r->lines[slot], end = r->end[slot];
  pthread_mutex_unlock(&r->lock);
  if (!full) { CHECK(napi_get_null(env, &result)); return result; }
  r->next = (slot + 1) % SLOTS;
  CHECK(napi_create_object(env, &result));
  CHECK(napi_create_int32(env, slot, &v)); CHECK(napi_set_named_property(env, result, "slot", v));
  CHECK(napi_create_int32(env, count, &v)); CHECK(napi_set_named_property(env, result, "count", v));
  CHECK(napi_create_int32(env, lines, &v)); CHECK(napi_set_named_property(env, result, "lines", v));
  CHECK(napi_get_boolean(env, end, &v)); CHECK(napi_set_named_property(env, result, "end", v));
  if (end && r->error) { // read only after the thread's last slot: it wrote them before publishing it
    CHECK(napi_create_int32(env, r->error, &v)); CHECK(napi_set_named_property(env, result, "errno", v));
    CHECK(napi_create_string_utf8(env, r->phase == PHASE_OPEN ? "open" : "read", NAPI_AUTO_LENGTH, &v)); CHECK(napi_set_named_property(env, result, "phase", v));
    CHECK(napi_create_int32(env, r->error_line, &v)); CHECK(napi_set_named_property(env, result, "errorLine", v));
  }
  return result;
}

static napi_value postfix_release(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  Reader *r = reader_args(env, info, argv, 2);
  int32_t slot;
  CHECK(napi_get_value_int32(env, argv[1], &slot));
  if (!r || slot < 0 || slot >= SLOTS) { napi_throw_type_error(env, NULL, "not a Postfix reader slot"); return NULL; }
  pthread_mutex_lock(&r->lock);
  r->state[slot] = EMPTY;
  pthread_cond_broadcast(&r->changed);
  pthread_mutex_unlock(&r->lock);
  return NULL;
}

static napi_value postfix_close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  Reader *r = reader_args(env, info, argv, 1);
  if (r) stop(r);
  return NULL;
}

static napi_value postfix_bytes(napi_env env, napi_callback_info info) {
  napi_value argv[1], v;
  Reader *r = reader_args(env, info, argv, 1);
  CHECK(napi_create_double(env, r ? atomic_load(&r->bytes) : 0, &v));
  return v;
}

static void recipients_handle_free(napi_env env, void *data, void *hint) {
  recipients_unref(data);
}

static napi_value recipients_create(napi_env env, napi_callback_info info) {
  napi_value handle;
  CHECK(napi_create_external(env, recipients_new(), recipients_handle_free, NULL, &handle));
  return handle;
}

/** The recipients table in argv[0] and `n` integers after it; NULL (an exception pending) when they are not. */
static Recipients *table_args(napi_env env, napi_callback_info info, napi_value *argv, size_t argc, int32_t *ints, size_t n) {
  void *t = NULL;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < n + 1
      || napi_get_value_external(env, argv[0], &t) != napi_ok || !t) {
    napi_throw_type_error(env, NULL, "not a recipients table");
    return NULL;
  }
  for (size_t i = 0; i < n; i++) {
    if (napi_get_value_int32(env, argv[i + 1], &ints[i]) != napi_ok) { napi_throw_type_error(env, NULL, "not an integer"); return NULL; }
  }
  return t;
}

/** A key of the table as latin1 text. */
static napi_status key_text(napi_env env, const Table *table, uint32_t id, napi_value *result) {
  return napi_create_string_latin1(env, (const char *)table->arena + table->offsets[id], table->offsets[id + 1] - table->offsets[id], result);
}

/** recipientId(table, buffer, start, end, out: Int32Array[3]): out = [id, domain, host]. */
static napi_value recipient_id(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  Recipients *t = table_args(env, info, argv, 5, NULL, 0);
  if (!t) return NULL;
  void *data, *out_data;
  size_t len, out_len;
  napi_typedarray_type type;
  int64_t s, e;
  CHECK(napi_get_buffer_info(env, argv[1], &data, &len));
  CHECK(napi_get_value_int64(env, argv[2], &s));
  CHECK(napi_get_value_int64(env, argv[3], &e));
  CHECK(napi_get_typedarray_info(env, argv[4], &type, &out_len, &out_data, NULL, NULL));
  if (s < 0 || e < s || (size_t)e > len || type != napi_int32_array || out_len < 3) { napi_throw_range_error(env, NULL, "recipientId: bad range"); return NULL; }
  uint32_t host, domain;
  int32_t *out = out_data;
  out[0] = (int32_t)recipients_id(t, data, s, e, 0, &host, &domain);
  out[1] = (int32_t)domain;
  out[2] = (int32_t)host;
  return NULL;
}

/** recipientText(table, which: 0 address, 1 host, 2 domain, id) → its key as latin1 text. */
static napi_value recipient_text(napi_env env, napi_callback_info info) {
  napi_value argv[3], result;
  int32_t ints[2];
  Recipients *t = table_args(env, info, argv, 3, ints, 2);
  if (!t) return NULL;
  int32_t which = ints[0], id = ints[1];
  pthread_mutex_lock(&t->lock);
  Table *table = which == 0 ? &t->addresses : which == 1 ? &t->hosts : &t->domains;
  napi_status status = id >= 0 && (uint32_t)id < table->count ? key_text(env, table, id, &result) : napi_invalid_arg;
  pthread_mutex_unlock(&t->lock);
  if (status != napi_ok) { napi_throw_range_error(env, NULL, "recipientText: no such id"); return NULL; }
  return result;
}

/** recipientCount(table, id): a delivery the parser's string path read. */
static napi_value recipient_count(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int32_t id;
  Recipients *t = table_args(env, info, argv, 2, &id, 1);
  if (!t) return NULL;
  pthread_mutex_lock(&t->lock);
  int ok = id >= 0 && (uint32_t)id < t->addresses.count;
  if (ok) count_delivered(t, id);
  pthread_mutex_unlock(&t->lock);
  if (!ok) napi_throw_range_error(env, NULL, "recipientCount: no such id");
  return NULL;
}

/** recipientDelivered(table, which: 0 addresses, 1 hosts, keys: boolean) → how many deliveries counted, or their keys. */
static napi_value recipient_delivered(napi_env env, napi_callback_info info) {
  napi_value argv[3], result;
  int32_t which;
  bool keys;
  Recipients *t = table_args(env, info, argv, 3, &which, 1);
  if (!t) return NULL;
  CHECK(napi_get_value_bool(env, argv[2], &keys));
  pthread_mutex_lock(&t->lock);
  Table *table = which == 0 ? &t->addresses : &t->hosts;
  uint8_t *counted = which == 0 ? t->counted : t->host_counted;
  uint32_t n = which == 0 ? t->delivered : t->delivered_hosts;
  napi_status status = keys ? napi_create_array_with_length(env, n, &result) : napi_create_uint32(env, n, &result);
  uint32_t limit = which == 0 ? t->addresses.count : (t->host_cap < t->hosts.count ? t->host_cap : t->hosts.count);
  for (uint32_t id = 0, k = 0; keys && status == napi_ok && id < limit; id++) {
    if (!counted[id]) continue;
    napi_value key;
    status = key_text(env, table, id, &key);
    if (status == napi_ok) status = napi_set_element(env, result, k++, key);
  }
  pthread_mutex_unlock(&t->lock);
  if (status != napi_ok) { napi_throw_error(env, NULL, "recipientDelivered failed"); return NULL; }
  return result;
}

void pf_reader_register(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "postfixOpen", NULL, postfix_open, NULL, NULL, NULL, napi_default, NULL },
    { "postfixTake", NULL, postfix_take, NULL, NULL, NULL, napi_default, NULL },
    { "postfixRelease", NULL, postfix_release, NULL, NULL, NULL, napi_default, NULL },
    { "postfixClose", NULL, postfix_close, NULL, NULL, NULL, napi_default, NULL },
    { "postfixBytes", NULL, postfix_bytes, NULL, NULL, NULL, napi_default, NULL },
    { "recipientsCreate", NULL, recipients_create, NULL, NULL, NULL, napi_default, NULL },
    { "recipientId", NULL, recipient_id, NULL, NULL, NULL, napi_default, NULL },
    { "recipientText", NULL, recipient_text, NULL, NULL, NULL, napi_default, NULL },
    { "recipientCount", NULL, recipient_count, NULL, NULL, NULL, napi_default, NULL },
    { "recipientDelivered", NULL, recipient_delivered, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
}
