// The native walker: the scan's file-system work (listing directories, reading candidate files) in native threads.
// Written by hand because no library does it: Node's fs calls cost ~2.5× what the kernel does and its worker
// threads take ~0.2 s to boot (measured in issue 2), and the scan's rules (skip lists, symlink loops, FIFOs,
// bounded reads) are its own. It decides nothing about detectors: src/scan/native.ts gives it name rules that
// every file a detector could want passes (a superset, derived from the detectors' file patterns), and a
// keyword filter per rule (derived from their content hints); JavaScript matches the names it reports exactly.
//
//   list(spec) → handle: threads start walking and reading at once
//   listTake(handle) → {records: Buffer of NUL-terminated records (see on_file, enter), data, dataBase, counts, done}: call until done
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "postfix-scan.h"

void pf_reader_register(napi_env env, napi_value exports); // postfix-reader.c

#define MAX_THREADS 16

// ---- growable byte buffer ----
typedef struct { char *data; size_t len, cap; } Bytes;

static void bytes_put(Bytes *b, const void *src, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 1 << 16;
    while (cap < b->len + n) cap *= 2;
    b->data = realloc(b->data, cap);
    if (!b->data) abort();
    b->cap = cap;
  }
  memcpy(b->data + b->len, src, n);
  b->len += n;
}


// A record: one type letter, its text, a NUL.
static void record(Bytes *b, char type, const char *text) {
  bytes_put(b, &type, 1);
  bytes_put(b, text, strlen(text) + 1);
}

// ---- a set of strings (real paths of followed directory links) ----
typedef struct { char **slots; size_t cap, count; } StrSet;

static uint64_t hash(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

/** Adds s; returns 0 when it was already there. */
static int set_add(StrSet *set, const char *s) {
  if ((set->count + 1) * 2 > set->cap) {
    size_t cap = set->cap ? set->cap * 2 : 64;
    char **slots = calloc(cap, sizeof(char *));
    for (size_t i = 0; i < set->cap; i++) {
      if (!set->slots[i]) continue;
      size_t j = hash(set->slots[i]) & (cap - 1);
      while (slots[j]) j = (j + 1) & (cap - 1);
      slots[j] = set->slots[i];
    }
    free(set->slots);
    set->slots = slots;
    set->cap = cap;
  }
  size_t i = hash(s) & (set->cap - 1);
  while (set->slots[i]) {
    if (strcmp(set->slots[i], s) == 0) return 0;
    i = (i + 1) & (set->cap - 1);
  }
  set->slots[i] = strdup(s);
  set->count++;
  return 1;
}

static void set_free(StrSet *set) {
  for (size_t i = 0; i < set->cap; i++) free(set->slots[i]);
  free(set->slots);
}

// ---- keyword filters ----
/** One filter's literals (lower case): a file holding one of them is passed on. */
typedef struct { char **literals; size_t *lengths; size_t n; } Filter;

static void filter_init(Filter *f, char **literals, size_t n) {
  f->literals = literals;
  f->n = n;
  f->lengths = calloc(n ? n : 1, sizeof(size_t));
  for (size_t i = 0; i < n; i++) f->lengths[i] = strlen(literals[i]);
}

static inline unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/** Bytes lower-cased at a time for the keyword search (plus the overlap: keywords are short). */
#define WINDOW (64 * 1024)
#define LOWERED_BYTES (WINDOW + 1024)

/** decode.ts weighs control characters in a file's first 4,096 characters only: at most 12 KB of UTF-8. */
#define DECODER_SAMPLE 16384

/**
 * Whether JavaScript must see this file: its decoder decides (BOMs; in the sample, C0 controls other than
 * \t \n \f \r, DEL, the UTF-8 of U+0080–U+009F and of U+FFFD) or one of the keywords is in it.
 * `lowered`: LOWERED_BYTES for a window's lower-case copy (a loop the compiler vectorises; then memmem).
 */
static int worth_passing(const unsigned char *buf, size_t n, const Filter *f, unsigned char *lowered) {
  if (n >= 2 && ((buf[0] == 0xff && buf[1] == 0xfe) || (buf[0] == 0xfe && buf[1] == 0xff))) return 1;
  if (n >= 3 && buf[0] == 0xef && buf[1] == 0xbb && buf[2] == 0xbf) return 1;
  size_t head = n < DECODER_SAMPLE ? n : DECODER_SAMPLE;
  // Branch-free reductions the compiler vectorises; the exact test runs only where a lead byte was seen.
  unsigned bad = 0, lead = 0;
  for (size_t i = 0; i < head; i++) {
    unsigned char c = buf[i];
    bad |= ((c < 0x20) & (c != 9) & (c != 10) & (c != 12) & (c != 13)) | (c == 0x7f);
    lead |= (c == 0xc2) | (c == 0xef);
  }
  if (bad) return 1;
  if (lead) {
    for (size_t i = 0; i < head; i++) {
      if (buf[i] == 0xc2 && i + 1 < n && buf[i + 1] >= 0x80 && buf[i + 1] <= 0x9f) return 1;
      if (buf[i] == 0xef && i + 2 < n && buf[i + 1] == 0xbf && buf[i + 2] == 0xbd) return 1;
    }
  }
  if (!f->n) return 0;
  // In windows of WINDOW bytes, each overlapping the last by the longest keyword less one: the copy stays small.
  size_t longest = 0;
  for (size_t k = 0; k < f->n; k++) if (f->lengths[k] > longest) longest = f->lengths[k];
  if (longest > LOWERED_BYTES - WINDOW) return 1; // a keyword longer than the overlap: no window could be trusted
  size_t overlap = longest ? longest - 1 : 0;
  for (size_t at = 0; at < n; at += WINDOW) {
    size_t from = at >= overlap ? at - overlap : 0;
    size_t end = at + WINDOW < n ? at + WINDOW : n;
    for (size_t i = from; i < end; i++) lowered[i - from] = (unsigned char)(buf[i] + ((unsigned char)(buf[i] - 'A') < 26) * 32);
    for (size_t k = 0; k < f->n; k++) if (memmem(lowered, end - from, f->literals[k], f->lengths[k])) return 1;
  }
  return 0;
}

// ---- the listing ----
typedef struct { char *path; char *abs; } Dir;

typedef struct {
  // rules (read-only while walking)
  char **skip_dirs; size_t n_skip_dirs;
  char **skip_paths; size_t n_skip_paths;
  int skip_docs;
  char **peek_dirs; char **peek_files; size_t n_peek;
  // which files to read: name rules (each with a keyword filter, -1: every byte goes to JavaScript)
  Filter *filters; size_t n_filters;
  char **names; int32_t *name_filter; size_t n_names;     // exact lower-case names, sorted
  char **exts; int32_t *ext_filter; size_t n_exts;        // lower-case extensions with their dot, sorted
  char **name_lits; int32_t *name_lit_filter; size_t n_name_lits; // a literal somewhere in the lower-case name
  char **name_lit_exts;                                   // … and when not "", this extension
  char **path_dirs; int32_t *path_rule; size_t n_path_dirs;       // a literal in the lower-case folder path → rule
  char **path_names; int32_t *path_filter; size_t n_paths;        // per rule: a literal in the name, its filter
  char **suffixes; size_t n_suffixes;                     // example suffixes (`bak`): `main.cf.bak` is tried as `main.cf`
  size_t max_bytes;
  atomic_size_t files, dirs, files_read, bytes_read; // files_read/bytes_read: those read and not reported (no keyword)
  Bytes data;                                             // bytes of the files passed on
  pthread_mutex_t data_lock;
  // the shared stack of directories not yet entered
  pthread_mutex_t lock;
  pthread_cond_t more;
  Dir *stack; size_t depth, cap;
  int busy;     // threads entering a directory now
  int done;
  atomic_int cancelled; // nobody will take the records: stop at the next folder
  StrSet followed;
  pthread_mutex_t followed_lock;
  // per thread output
  int threads;
  pthread_t tid[MAX_THREADS];
  int joined;
  // what the threads have published (whole folders' records) and JavaScript has not taken yet
  pthread_mutex_t queue_lock;
  pthread_cond_t queued;
  Bytes queue;
  int exited;           // threads that have stopped
  size_t data_base;     // bytes of data already taken (offsets in records count from the first byte ever)
} Listing;

typedef struct { Listing *listing; int index; } ThreadArg;

static void push_dir(Listing *l, char *path, char *abs) {
  if (l->depth == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 256;
    l->stack = realloc(l->stack, l->cap * sizeof(Dir));
    if (!l->stack) abort();
  }
  l->stack[l->depth].path = path;
  l->stack[l->depth].abs = abs;
  l->depth++;
}

static char *join(const char *prefix, const char *name) {
  size_t a = strlen(prefix), b = strlen(name);
  char *s = malloc(a + b + 2);
  memcpy(s, prefix, a);
  size_t at = a;
  if (a == 0 || prefix[a - 1] != '/') s[at++] = '/';
  memcpy(s + at, name, b + 1);
  return s;
}

static int in_list(char **list, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++) if (strcmp(list[i], s) == 0) return 1;
  return 0;
}

/** A warning: its code and errno (0: none), the syscall, then its path and (for a loop) the real path. */
static void warn(Bytes *out, const char *code, int err, const char *syscall, const char *path, const char *real) {
  char head[96];
  snprintf(head, sizeof head, "%s\x01%d\x01%s", code, err, syscall ? syscall : "");
  record(out, 'W', head);
  record(out, 'p', path);
  if (real) record(out, 'r', real);
}

static int skipped_path(Listing *l, const char *abs) {
  for (size_t i = 0; i < l->n_skip_paths; i++) {
    size_t n = strlen(l->skip_paths[i]);
    if (strncmp(abs, l->skip_paths[i], n) == 0 && (abs[n] == 0 || abs[n] == '/')) return 1;
  }
  if (l->skip_docs) { // /\/share\/(doc|man|info)$/
    size_t n = strlen(abs);
    const char *tails[] = { "/share/doc", "/share/man", "/share/info" };
    for (int i = 0; i < 3; i++) {
      size_t t = strlen(tails[i]);
      if (n >= t && strcmp(abs + n - t, tails[i]) == 0) return 1;
    }
  }
  return 0;
}

/** A directory reached through a symlink: walked once, and never one that contains the link itself. */
static void follow_link(Listing *l, Bytes *out, const char *path, const char *abs, const char *parent) {
  char *real = realpath(path, NULL);
  if (!real) { warn(out, "symlink-loop", errno, "realpath", path, NULL); return; }
  char *parent_real = realpath(parent, NULL);
  if (!parent_real) { warn(out, "symlink-loop", errno, "realpath", path, NULL); free(real); return; }
  size_t n = strlen(real);
  int contains = strcmp(parent_real, real) == 0 ||
    (strncmp(parent_real, real, n) == 0 && (real[n - 1] == '/' ? 1 : parent_real[n] == '/'));
  free(parent_real);
  if (contains) { warn(out, "symlink-loop", 0, NULL, path, real); free(real); return; }
  pthread_mutex_lock(&l->followed_lock);
  int fresh = set_add(&l->followed, real);
  pthread_mutex_unlock(&l->followed_lock);
  free(real);
  if (!fresh) return;
  pthread_mutex_lock(&l->lock);
  push_dir(l, strdup(path), strdup(abs));
  pthread_cond_signal(&l->more);
  pthread_mutex_unlock(&l->lock);
}

static int by_name(const void *key, const void *item) { return strcmp(key, *(char *const *)item); }

/** The filter of a name in a sorted rule list, or -2 when it is not there. */
static int32_t find_rule(char **list, int32_t *filters, size_t n, const char *name) {
  char **hit = n ? bsearch(name, list, n, sizeof(char *), by_name) : NULL;
  return hit ? filters[hit - list] : -2;
}

static const char *extension(const char *name, size_t len) {
  const char *dot = strrchr(name, '.');
  if (!dot || (dot == name && len == 1)) return NULL;
  return dot;
}

#define MAX_MATCHED 16

/** The folder records are about: announced (E, or D for a file looked into in a skipped folder) before its first record. */
typedef struct { char type; const char *prefix; int announced; } Folder;

static void announce(Bytes *out, Folder *folder) {
  if (folder->announced) return;
  record(out, folder->type, folder->prefix);
  folder->announced = 1;
}

static void add_filter(int32_t *matched, int *n, int32_t f) {
  if (f == -2) return;
  for (int i = 0; i < *n; i++) if (matched[i] == f) return;
  if (*n < MAX_MATCHED) matched[(*n)++] = f;
  else matched[0] = -1; // too many to test one by one: pass the file on
}

/**
 * A regular file (or a link to one): counted; when a rule says a detector could want it, read (bounded,
 * O_NONBLOCK) and reported as R status \x01 bytes \x01 size when truncated (-1) \x01 data offset \x01 name;
 * status 0: read, no keyword in it; 1: passed on (its bytes in data); 2: open failed; 3: read failed (bytes: errno).
 */
static void on_file(Listing *l, Bytes *out, int dir_fd, Folder *folder, const char *name, const int32_t *path_rules, size_t n_path_rules, unsigned char *buf) {
  unsigned char *lowered = buf + l->max_bytes + 1;
  atomic_fetch_add(&l->files, 1);
  size_t len = strlen(name);
  char lname[512], stripped[512];
  if (len >= sizeof lname) return; // no detector wants a name this long (NAME_MAX is 255)
  for (size_t i = 0; i <= len; i++) lname[i] = (char)lower((unsigned char)name[i]);
  stripped[0] = 0;
  const char *dot = strrchr(lname, '.');
  if (dot && dot != lname) {
    for (size_t i = 0; i < l->n_suffixes; i++) {
      if (strcmp(dot + 1, l->suffixes[i]) != 0) continue;
      memcpy(stripped, lname, (size_t)(dot - lname));
      stripped[dot - lname] = 0;
      break;
    }
  }
  int32_t matched[MAX_MATCHED];
  int n = 0;
  add_filter(matched, &n, find_rule(l->names, l->name_filter, l->n_names, lname));
  const char *ext = extension(lname, len);
  if (ext) add_filter(matched, &n, find_rule(l->exts, l->ext_filter, l->n_exts, ext));
  if (stripped[0]) {
    add_filter(matched, &n, find_rule(l->names, l->name_filter, l->n_names, stripped));
    const char *stripped_ext = extension(stripped, strlen(stripped));
    if (stripped_ext) add_filter(matched, &n, find_rule(l->exts, l->ext_filter, l->n_exts, stripped_ext));
  }
  const char *sext = stripped[0] ? extension(stripped, strlen(stripped)) : NULL;
  for (size_t i = 0; i < l->n_name_lits; i++) {
    const char *want = l->name_lit_exts[i];
    if (want[0] && !(ext && strcmp(ext, want) == 0) && !(sext && strcmp(sext, want) == 0)) continue;
    if (strstr(lname, l->name_lits[i])) add_filter(matched, &n, l->name_lit_filter[i]);
  }
  for (size_t i = 0; i < n_path_rules; i++) if (strstr(lname, l->path_names[path_rules[i]])) add_filter(matched, &n, l->path_filter[path_rules[i]]);
  if (!n) return;
  char head[128];
  int fd;
  if (dir_fd >= 0) {
    fd = openat(dir_fd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC); // relative to the open folder: no path walk per file
  } else {
    size_t plen = strlen(folder->prefix);
    char *path = malloc(plen + len + 1);
    memcpy(path, folder->prefix, plen);
    memcpy(path + plen, name, len + 1);
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    free(path);
  }
  if (fd < 0) {
    snprintf(head, sizeof head, "2\x01%d\x01-1\x010\x01", errno);
  } else {
    size_t got = 0;
    int failed = 0;
    while (got <= l->max_bytes) {
      size_t want = l->max_bytes + 1 - got;
      ssize_t k = read(fd, buf + got, want);
      if (k < 0) { if (errno == EINTR) continue; failed = errno; break; }
      got += (size_t)k;
      if ((size_t)k < want) break; // a regular file returns less than asked only at its end
    }
    long long size = -1;
    if (!failed && got > l->max_bytes) {
      struct stat st;
      got = l->max_bytes;
      size = fstat(fd, &st) == 0 ? (long long)st.st_size : (long long)got + 1;
    }
    close(fd);
    if (failed) {
      snprintf(head, sizeof head, "3\x01%d\x01-1\x010\x01", failed);
    } else {
      int pass = 0;
      for (int i = 0; i < n && !pass; i++) {
        int32_t f = matched[i];
        pass = f < 0 || (size_t)f >= l->n_filters || worth_passing(buf, got, &l->filters[f], lowered);
      }
      size_t offset = 0;
      if (pass) {
        pthread_mutex_lock(&l->data_lock);
        offset = l->data_base + l->data.len;
        bytes_put(&l->data, buf, got);
        pthread_mutex_unlock(&l->data_lock);
      }
      if (!pass && size < 0) { // read, nothing in it for JavaScript: counted here
        atomic_fetch_add(&l->files_read, 1);
        atomic_fetch_add(&l->bytes_read, got);
        return;
      }
      snprintf(head, sizeof head, "%d\x01%zu\x01%lld\x01%zu\x01", pass, got, size, offset);
    }
  }
  announce(out, folder);
  bytes_put(out, "R", 1);
  bytes_put(out, head, strlen(head));
  bytes_put(out, name, len + 1);
}

/** The path rules whose folder literal is in this folder's lower-case path. */
static size_t active_path_rules(Listing *l, const char *prefix, int32_t *rules) {
  size_t n = 0, len = strlen(prefix);
  char *lpath = malloc(len + 1);
  for (size_t i = 0; i <= len; i++) lpath[i] = (char)lower((unsigned char)prefix[i]);
  for (size_t i = 0; i < l->n_path_dirs; i++) {
    int32_t rule = l->path_rule[i];
    if (!strstr(lpath, l->path_dirs[i])) continue;
    int seen = 0;
    for (size_t j = 0; j < n; j++) if (rules[j] == rule) seen = 1;
    if (!seen) rules[n++] = rule;
  }
  free(lpath);
  return n;
}

static void enter(Listing *l, Bytes *out, const char *dir, const char *abs, unsigned char *buf) {
  if (skipped_path(l, abs)) return;
  DIR *d = opendir(dir);
  if (!d) { warn(out, "unreadable", errno, "scandir", dir, NULL); return; }
  size_t dlen = strlen(dir);
  char *prefix = malloc(dlen + 2);
  memcpy(prefix, dir, dlen + 1);
  if (dlen == 0 || dir[dlen - 1] != '/') { prefix[dlen] = '/'; prefix[dlen + 1] = 0; }
  atomic_fetch_add(&l->dirs, 1);
  Folder folder = { 'E', prefix, 0 };
  int32_t *rules = malloc((l->n_paths ? l->n_paths : 1) * sizeof(int32_t));
  size_t n_rules = active_path_rules(l, prefix, rules);
  Dir *subdirs = NULL; size_t nsub = 0, capsub = 0;
  char **peeks = NULL; size_t npeek = 0;
  struct dirent *e;
  errno = 0;
  while ((e = readdir(d))) {
    const char *name = e->d_name;
    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
    char *path = join(prefix, name);
    unsigned char type = e->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st;
      if (lstat(path, &st) == 0) type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : S_ISLNK(st.st_mode) ? DT_LNK : DT_FIFO;
    }
    if (type == DT_DIR) {
      if (!in_list(l->skip_dirs, l->n_skip_dirs, name)) {
        if (nsub == capsub) { capsub = capsub ? capsub * 2 : 16; subdirs = realloc(subdirs, capsub * sizeof(Dir)); }
        subdirs[nsub].path = path;
        subdirs[nsub].abs = join(abs, name);
        nsub++;
        continue;
      }
      for (size_t i = 0; i < l->n_peek; i++) {
        if (strcmp(l->peek_dirs[i], name) != 0) continue;
        char *file = join(path, l->peek_files[i]);
        struct stat st;
        if (stat(file, &st) == 0 && S_ISREG(st.st_mode)) {
          peeks = realloc(peeks, (npeek + 2) * sizeof(char *));
          peeks[npeek++] = join(path, "");
          peeks[npeek++] = strdup(l->peek_files[i]);
        }
        free(file);
      }
    } else if (type == DT_REG) {
      on_file(l, out, dirfd(d), &folder, name, rules, n_rules, buf);
    } else if (type == DT_LNK) {
      struct stat st;
      if (stat(path, &st) != 0) {
        if (errno == ELOOP) warn(out, "symlink-loop", ELOOP, "stat", path, NULL);
      } else if (S_ISDIR(st.st_mode)) {
        if (!in_list(l->skip_dirs, l->n_skip_dirs, name)) {
          char *link_abs = join(abs, name);
          follow_link(l, out, path, link_abs, dir);
          free(link_abs);
        }
      } else if (S_ISREG(st.st_mode)) {
        on_file(l, out, dirfd(d), &folder, name, rules, n_rules, buf);
      } else {
        announce(out, &folder);
        record(out, 'L', name);
      }
    } else {
      announce(out, &folder);
      record(out, 'S', name);
    }
    free(path);
  }
  closedir(d);
  for (size_t i = 0; i < npeek; i += 2) {
    Folder peeked = { 'D', peeks[i], 0 };
    size_t n_peek_rules = active_path_rules(l, peeks[i], rules);
    on_file(l, out, -1, &peeked, peeks[i + 1], rules, n_peek_rules, buf);
    folder.announced = 0; // JavaScript now reads records as of the peeked folder
    free(peeks[i]);
    free(peeks[i + 1]);
  }
  free(peeks);
  free(prefix);
  free(rules);
  if (nsub) {
    pthread_mutex_lock(&l->lock);
    // Entered in directory order: the last pushed is popped first.
    for (size_t i = nsub; i-- > 0;) push_dir(l, subdirs[i].path, subdirs[i].abs);
    pthread_cond_broadcast(&l->more);
    pthread_mutex_unlock(&l->lock);
  }
  free(subdirs);
}

/** Records JavaScript takes at a time (fewer only at the end): enough to keep its calls few. */
#define TAKE_AT_LEAST (256 * 1024)

static void *walk_thread(void *arg) {
  ThreadArg *t = arg;
  Listing *l = t->listing;
  Bytes out = { NULL, 0, 0 }; // one folder's records, published whole: a record's folder is the last E or D before it
  unsigned char *buf = malloc(l->max_bytes + 1 + LOWERED_BYTES); // the file, then a window of it in lower case
  pthread_mutex_lock(&l->lock);
  for (;;) {
    while (!l->depth && l->busy && !l->done) pthread_cond_wait(&l->more, &l->lock);
    if (!l->depth || atomic_load(&l->cancelled)) { // nothing left and nobody who could add more, or nobody listening
      l->done = 1;
      pthread_cond_broadcast(&l->more);
      break;
    }
    Dir dir = l->stack[--l->depth];
    l->busy++;
    pthread_mutex_unlock(&l->lock);
    enter(l, &out, dir.path, dir.abs, buf);
    free(dir.path);
    free(dir.abs);
    if (out.len) {
      pthread_mutex_lock(&l->queue_lock);
      bytes_put(&l->queue, out.data, out.len);
      if (l->queue.len >= TAKE_AT_LEAST) pthread_cond_signal(&l->queued);
      pthread_mutex_unlock(&l->queue_lock);
      out.len = 0;
    }
    pthread_mutex_lock(&l->lock);
    l->busy--;
    if (!l->busy) pthread_cond_broadcast(&l->more);
  }
  pthread_mutex_unlock(&l->lock);
  free(out.data);
  free(buf);
  free(t);
  pthread_mutex_lock(&l->queue_lock);
  l->exited++;
  pthread_cond_broadcast(&l->queued);
  pthread_mutex_unlock(&l->queue_lock);
  return NULL;
}

// ---- N-API glue ----
#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, "relay365 native walker: " #call " failed"); return NULL; } } while (0)

static char *get_string(napi_env env, napi_value v) {
  size_t n;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &n) != napi_ok) return NULL;
  char *s = malloc(n + 1);
  napi_get_value_string_utf8(env, v, s, n + 1, &n);
  return s;
}

static char **get_strings(napi_env env, napi_value obj, const char *key, size_t *count) {
  napi_value arr;
  uint32_t n = 0;
  *count = 0;
  if (napi_get_named_property(env, obj, key, &arr) != napi_ok || napi_get_array_length(env, arr, &n) != napi_ok) return NULL;
  char **list = calloc(n ? n : 1, sizeof(char *));
  for (uint32_t i = 0; i < n; i++) {
    napi_value item;
    napi_get_element(env, arr, i, &item);
    list[i] = get_string(env, item);
    if (!list[i]) list[i] = strdup("");
  }
  *count = n;
  return list;
}

static int32_t *get_ints(napi_env env, napi_value obj, const char *key, size_t *count) {
  napi_value arr;
  uint32_t n = 0;
  *count = 0;
  if (napi_get_named_property(env, obj, key, &arr) != napi_ok || napi_get_array_length(env, arr, &n) != napi_ok) return NULL;
  int32_t *list = calloc(n ? n : 1, sizeof(int32_t));
  for (uint32_t i = 0; i < n; i++) {
    napi_value item;
    napi_get_element(env, arr, i, &item);
    if (napi_get_value_int32(env, item, &list[i]) != napi_ok) list[i] = -1;
  }
  *count = n;
  return list;
}

static void free_strings(char **list, size_t n) {
  for (size_t i = 0; i < n; i++) free(list[i]);
  free(list);
}

static void listing_join(Listing *l) {
  if (l->joined) return;
  for (int i = 0; i < l->threads; i++) pthread_join(l->tid[i], NULL);
  l->joined = 1;
}

static void listing_free(napi_env env, void *data, void *hint) {
  (void)env; (void)hint;
  Listing *l = data;
  atomic_store(&l->cancelled, 1); // dropped unread (a listing started ahead for another scan, or the process ends)
  listing_join(l);
  free(l->queue.data);
  pthread_mutex_destroy(&l->queue_lock);
  pthread_cond_destroy(&l->queued);
  for (size_t i = 0; i < l->depth; i++) { free(l->stack[i].path); free(l->stack[i].abs); }
  free(l->stack);
  free_strings(l->skip_dirs, l->n_skip_dirs);
  free_strings(l->skip_paths, l->n_skip_paths);
  free_strings(l->peek_dirs, l->n_peek);
  free_strings(l->peek_files, l->n_peek);
  set_free(&l->followed);
  for (size_t i = 0; i < l->n_filters; i++) { free_strings(l->filters[i].literals, l->filters[i].n); free(l->filters[i].lengths); }
  free(l->filters);
  free_strings(l->names, l->n_names); free(l->name_filter);
  free_strings(l->exts, l->n_exts); free(l->ext_filter);
  free_strings(l->name_lits, l->n_name_lits); free(l->name_lit_filter); free_strings(l->name_lit_exts, l->n_name_lits);
  free_strings(l->path_dirs, l->n_path_dirs); free(l->path_rule);
  free_strings(l->path_names, l->n_paths); free(l->path_filter);
  free_strings(l->suffixes, l->n_suffixes);
  free(l->data.data);
  pthread_mutex_destroy(&l->data_lock);
  pthread_mutex_destroy(&l->lock);
  pthread_mutex_destroy(&l->followed_lock);
  pthread_cond_destroy(&l->more);
  free(l);
}

static napi_value list(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  napi_value spec = argv[0];
  Listing *l = calloc(1, sizeof(Listing));
  size_t n_roots, n_abs, n_peek_files;
  char **roots = get_strings(env, spec, "roots", &n_roots);
  char **abs = get_strings(env, spec, "rootsAbs", &n_abs);
  l->skip_dirs = get_strings(env, spec, "skipDirs", &l->n_skip_dirs);
  l->skip_paths = get_strings(env, spec, "skipPaths", &l->n_skip_paths);
  l->peek_dirs = get_strings(env, spec, "peekDirs", &l->n_peek);
  l->peek_files = get_strings(env, spec, "peekFiles", &n_peek_files);
  size_t counts[8];
  l->names = get_strings(env, spec, "names", &l->n_names);
  l->name_filter = get_ints(env, spec, "nameFilters", &counts[0]);
  l->exts = get_strings(env, spec, "exts", &l->n_exts);
  l->ext_filter = get_ints(env, spec, "extFilters", &counts[1]);
  l->name_lits = get_strings(env, spec, "nameLiterals", &l->n_name_lits);
  l->name_lit_filter = get_ints(env, spec, "nameLiteralFilters", &counts[2]);
  l->name_lit_exts = get_strings(env, spec, "nameLiteralExts", &counts[5]);
  l->path_dirs = get_strings(env, spec, "pathDirs", &l->n_path_dirs);
  l->path_rule = get_ints(env, spec, "pathDirRules", &counts[3]);
  l->path_names = get_strings(env, spec, "pathNames", &l->n_paths);
  l->path_filter = get_ints(env, spec, "pathFilters", &counts[4]);
  l->suffixes = get_strings(env, spec, "suffixes", &l->n_suffixes);
  napi_value filters;
  uint32_t nf = 0;
  if (napi_get_named_property(env, spec, "filters", &filters) == napi_ok && napi_get_array_length(env, filters, &nf) == napi_ok) {
    l->filters = calloc(nf ? nf : 1, sizeof(Filter));
    l->n_filters = nf;
    for (uint32_t i = 0; i < nf; i++) {
      napi_value list;
      size_t k = 0;
      napi_get_element(env, filters, i, &list);
      napi_value wrapper;
      napi_create_object(env, &wrapper);
      napi_set_named_property(env, wrapper, "l", list);
      char **literals = get_strings(env, wrapper, "l", &k);
      filter_init(&l->filters[i], literals ? literals : calloc(1, sizeof(char *)), k);
    }
  }
  napi_value v;
  bool docs = false;
  int32_t threads = 2;
  int64_t max_bytes = 2 * 1024 * 1024;
  if (napi_get_named_property(env, spec, "maxBytes", &v) == napi_ok) napi_get_value_int64(env, v, &max_bytes);
  l->max_bytes = max_bytes < 0 ? 0 : (size_t)max_bytes;
  if (napi_get_named_property(env, spec, "skipDocs", &v) == napi_ok) napi_get_value_bool(env, v, &docs);
  if (napi_get_named_property(env, spec, "threads", &v) == napi_ok) napi_get_value_int32(env, v, &threads);
  if (!roots || !abs || n_roots != n_abs || !l->skip_dirs || !l->skip_paths || !l->peek_dirs || n_peek_files != l->n_peek ||
      !l->names || counts[0] != l->n_names || !l->exts || counts[1] != l->n_exts || !l->name_lits || counts[2] != l->n_name_lits || !l->name_lit_exts || counts[5] != l->n_name_lits ||
      !l->path_dirs || counts[3] != l->n_path_dirs || !l->path_names || counts[4] != l->n_paths || !l->suffixes || !l->filters) {
    napi_throw_type_error(env, NULL, "relay365 native walker: list() needs roots, rootsAbs, skip and peek lists, and name rules with one filter each");
    return NULL;
  }
  l->skip_docs = docs;
  l->threads = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
  pthread_mutex_init(&l->lock, NULL);
  pthread_mutex_init(&l->followed_lock, NULL);
  pthread_mutex_init(&l->data_lock, NULL);
  pthread_mutex_init(&l->queue_lock, NULL);
  pthread_cond_init(&l->queued, NULL);
  atomic_init(&l->files, 0);
  atomic_init(&l->cancelled, 0);
  atomic_init(&l->dirs, 0);
  atomic_init(&l->files_read, 0);
  atomic_init(&l->bytes_read, 0);
  pthread_cond_init(&l->more, NULL);
  // Roots in reverse: the first root is entered first.
  for (size_t i = n_roots; i-- > 0;) push_dir(l, roots[i], abs[i]);
  free(roots);
  free(abs);
  for (int i = 0; i < l->threads; i++) {
    ThreadArg *t = malloc(sizeof(ThreadArg));
    t->listing = l;
    t->index = i;
    if (pthread_create(&l->tid[i], NULL, walk_thread, t) != 0) { free(t); l->threads = i; break; }
  }
  if (l->threads == 0) { // no thread could start: walk here
    ThreadArg *t = malloc(sizeof(ThreadArg));
    t->listing = l;
    t->index = 0;
    l->threads = 1;
    walk_thread(t);
    l->joined = 1;
  }
  napi_value handle;
  CHECK(napi_create_external(env, l, listing_free, NULL, &handle));
  return handle;
}

/**
 * The records published since the last call (waiting until there are enough or the walk is over), the data
 * passed on meanwhile (`dataBase`: the offset of its first byte), the files seen so far, and whether the walk is over.
 */
static napi_value list_take(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Listing *l;
  CHECK(napi_get_value_external(env, argv[0], (void **)&l));
  // Back with what there is after 150 ms at most, so a progress line can move on a tree whose files hold nothing.
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_nsec += 150 * 1000 * 1000;
  if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
  pthread_mutex_lock(&l->queue_lock);
  while (l->queue.len < TAKE_AT_LEAST && l->exited < l->threads) {
    if (pthread_cond_timedwait(&l->queued, &l->queue_lock, &until) == ETIMEDOUT) break;
  }
  int done = l->exited >= l->threads;
  void *data;
  napi_value records, bytes, base, files, dirs, files_read, bytes_read, over, result;
  napi_status status = napi_create_buffer_copy(env, l->queue.len, l->queue.len ? l->queue.data : "", NULL, &records);
  l->queue.len = 0;
  pthread_mutex_unlock(&l->queue_lock);
  CHECK(status);
  // after the records: every passed file a taken record names is in the data by now
  pthread_mutex_lock(&l->data_lock);
  status = napi_create_buffer_copy(env, l->data.len, l->data.len ? l->data.data : "", &data, &bytes);
  double data_base = (double)l->data_base;
  l->data_base += l->data.len;
  l->data.len = 0;
  pthread_mutex_unlock(&l->data_lock);
  CHECK(status);
  if (done) listing_join(l);
  CHECK(napi_create_double(env, data_base, &base));
  CHECK(napi_create_double(env, (double)atomic_load(&l->files), &files));
  CHECK(napi_create_double(env, (double)atomic_load(&l->dirs), &dirs));
  CHECK(napi_create_double(env, (double)atomic_load(&l->files_read), &files_read));
  CHECK(napi_create_double(env, (double)atomic_load(&l->bytes_read), &bytes_read));
  CHECK(napi_get_boolean(env, done, &over));
  CHECK(napi_create_object(env, &result));
  CHECK(napi_set_named_property(env, result, "records", records));
  CHECK(napi_set_named_property(env, result, "data", bytes));
  CHECK(napi_set_named_property(env, result, "dataBase", base));
  CHECK(napi_set_named_property(env, result, "files", files));
  CHECK(napi_set_named_property(env, result, "dirs", dirs));
  CHECK(napi_set_named_property(env, result, "filesRead", files_read));
  CHECK(napi_set_named_property(env, result, "bytesRead", bytes_read));
  CHECK(napi_set_named_property(env, result, "done", over));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "list", NULL, list, NULL, NULL, NULL, napi_default, NULL },
    { "listTake", NULL, list_take, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  pf_scan_register(env, exports);
  pf_reader_register(env, exports);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
