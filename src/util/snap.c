/*
** snap.c: checksummed snapshot files (see snap.h).
**
** Layout: "PXSNAP\r\n", the format version (u32), a byte-order mark
** (u32 0x01020304), the payload, then the XXH64 of the payload (u64).
** Reads go straight into the caller's arrays with the hash updated as they
** go, so loading needs no second copy of a file that may be gigabytes;
** every length is checked against the bytes left before it is allocated.
*/
#include "util/snap.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "util/err.h"

#define MAGIC "PXSNAP\r\n"
#define HEADER 16
#define BOM UINT32_C(0x01020304)

struct px_snap {
  FILE *f;
  XXH64_state_t *h;
  char *path, *tmp;      /* writer: final and temporary names */
  uint64_t left;         /* reader: payload bytes not yet read */
  const char *why;       /* first failure, NULL while all is well */
};

static px_snap *snap_new(const char *path) {
  px_snap *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->h = XXH64_createState();
  s->path = strdup(path);
  if (!s->h || !s->path) {
    XXH64_freeState(s->h);
    free(s->path);
    free(s);
    return NULL;
  }
  XXH64_reset(s->h, 0);
  return s;
}

static void snap_free(px_snap *s) {
  if (s->f) fclose(s->f);
  XXH64_freeState(s->h);
  free(s->path);
  free(s->tmp);
  free(s);
}

void px_snap_fail(px_snap *s, const char *why) {
  if (!s->why) s->why = why;
}

bool px_snap_ok(const px_snap *s) { return s->why == NULL; }

/* ---- writing ------------------------------------------------------------ */

/* Removes "<path>.tmpPID" files left by writers that died mid-write (no
** such process any more): they are never read and can be gigabytes. */
static void sweep_leftovers(const char *path) {
  const char *slash = strrchr(path, '/');
  size_t dlen = slash ? (size_t)(slash - path) : 0;
  const char *base = slash ? slash + 1 : path;
  char *dir = dlen ? strndup(path, dlen) : strdup(slash ? "/" : ".");
  DIR *d = dir ? opendir(dir) : NULL;
  size_t blen = strlen(base);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (strncmp(e->d_name, base, blen) != 0 || strncmp(e->d_name + blen, ".tmp", 4) != 0)
      continue;
    char *end;
    long pid = strtol(e->d_name + blen + 4, &end, 10);
    if (*end || pid <= 0 || pid == (long)getpid()) continue;
    if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
    size_t n = strlen(dir) + strlen(e->d_name) + 2;
    char *full = malloc(n);
    if (full) {
      snprintf(full, n, "%s/%s", dir, e->d_name);
      unlink(full);
      free(full);
    }
  }
  if (d) closedir(d);
  free(dir);
}

px_rc px_snap_create(const char *path, uint32_t version, px_snap **out,
                     px_err *err) {
  px_snap *s = snap_new(path);
  size_t n = strlen(path) + 32;
  if (s) s->tmp = malloc(n);
  if (!s || !s->tmp) {
    if (s) snap_free(s);
    return px_err_set(err, PX_ENOMEM, "out of memory");
  }
  snprintf(s->tmp, n, "%s.tmp%ld", path, (long)getpid());
  sweep_leftovers(path);
  s->f = fopen(s->tmp, "wb");
  if (!s->f) {
    px_err_set(err, PX_EIO, "%s: %s", s->tmp, strerror(errno));
    snap_free(s);
    return PX_EIO;
  }
  uint32_t head[2] = {version, BOM};
  if (fwrite(MAGIC, 1, 8, s->f) != 8 || fwrite(head, 1, 8, s->f) != 8)
    px_snap_fail(s, "write failed");
  *out = s;
  return PX_OK;
}

void px_snap_put(px_snap *s, const void *p, size_t n) {
  if (s->why || n == 0) return;
  if (fwrite(p, 1, n, s->f) != n) {
    px_snap_fail(s, "write failed");
    return;
  }
  XXH64_update(s->h, p, n);
}

void px_snap_put_u64(px_snap *s, uint64_t v) { px_snap_put(s, &v, sizeof v); }
void px_snap_put_f64(px_snap *s, double v) { px_snap_put(s, &v, sizeof v); }

void px_snap_abort(px_snap *s) {
  if (!s) return;
  if (s->f) fclose(s->f);
  s->f = NULL;
  if (s->tmp) unlink(s->tmp);
  snap_free(s);
}

px_rc px_snap_commit(px_snap *s, px_err *err) {
  uint64_t sum = XXH64_digest(s->h);
  if (!s->why && fwrite(&sum, 1, sizeof sum, s->f) != sizeof sum)
    px_snap_fail(s, "write failed");
  if (!s->why && fflush(s->f) != 0) px_snap_fail(s, "write failed");
  int saved = errno;
  if (fclose(s->f) != 0 && !s->why) px_snap_fail(s, "write failed");
  s->f = NULL;
  if (!s->why && rename(s->tmp, s->path) != 0) {
    saved = errno;
    px_snap_fail(s, "rename failed");
  }
  px_rc rc = PX_OK;
  if (s->why) {
    rc = px_err_set(err, PX_EIO, "%s: %s (%s)", s->path, s->why, strerror(saved));
    unlink(s->tmp);
  }
  snap_free(s);
  return rc;
}

/* ---- reading ------------------------------------------------------------ */

px_rc px_snap_open(const char *path, uint32_t version, px_snap **out,
                   px_err *err) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    if (errno == ENOENT) return px_err_set(err, PX_ENOTFOUND, "%s: no snapshot", path);
    return px_err_set(err, PX_EIO, "%s: %s", path, strerror(errno));
  }
  struct stat sb;
  char magic[8];
  uint32_t head[2];
  if (fstat(fileno(f), &sb) != 0 || sb.st_size < HEADER + 8 ||
      fread(magic, 1, 8, f) != 8 || memcmp(magic, MAGIC, 8) != 0 ||
      fread(head, 1, 8, f) != 8 || head[0] != version || head[1] != BOM) {
    fclose(f);
    return px_err_set(err, PX_EPARSE, "%s: not a snapshot of this version", path);
  }
  px_snap *s = snap_new(path);
  if (!s) {
    fclose(f);
    return px_err_set(err, PX_ENOMEM, "out of memory");
  }
  s->f = f;
  s->left = (uint64_t)sb.st_size - HEADER - 8;
  *out = s;
  return PX_OK;
}

bool px_snap_get(px_snap *s, void *p, size_t n) {
  if (s->why) return false;
  if (n > s->left) {
    px_snap_fail(s, "truncated");
    return false;
  }
  if (n && fread(p, 1, n, s->f) != n) {
    px_snap_fail(s, "read failed");
    return false;
  }
  XXH64_update(s->h, p, n);
  s->left -= n;
  return true;
}

uint64_t px_snap_get_u64(px_snap *s) {
  uint64_t v = 0;
  if (!px_snap_get(s, &v, sizeof v)) v = 0;
  return v;
}

double px_snap_get_f64(px_snap *s) {
  double v = 0;
  if (!px_snap_get(s, &v, sizeof v)) v = 0;
  return v;
}

bool px_snap_expect(px_snap *s, uint64_t count, size_t each) {
  if (s->why) return false;
  if (each && count > s->left / each) {
    px_snap_fail(s, "length beyond the end of the file");
    return false;
  }
  return true;
}

void *px_snap_get_array(px_snap *s, size_t count, size_t size) {
  if (s->why || count == 0) return NULL;
  if (size == 0 || count > s->left / size) {
    px_snap_fail(s, "length beyond the end of the file");
    return NULL;
  }
  void *p = malloc(count * size);
  if (!p) {
    px_snap_fail(s, "out of memory");
    return NULL;
  }
  if (!px_snap_get(s, p, count * size)) {
    free(p);
    return NULL;
  }
  return p;
}

px_rc px_snap_finish(px_snap *s, px_err *err) {
  uint64_t sum = 0;
  if (!s->why && s->left != 0) px_snap_fail(s, "unread bytes at the end");
  if (!s->why && fread(&sum, 1, sizeof sum, s->f) != sizeof sum)
    px_snap_fail(s, "truncated");
  if (!s->why && sum != XXH64_digest(s->h)) px_snap_fail(s, "checksum mismatch");
  px_rc rc = PX_OK;
  if (s->why) rc = px_err_set(err, PX_EPARSE, "%s: %s", s->path, s->why);
  snap_free(s);
  return rc;
}
