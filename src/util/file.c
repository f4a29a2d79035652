/*
** file.c: whole-file reads with a cap; sorted recursive folder walks.
*/
#include "util/file.h"
#include "util/err.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

px_rc px_file_read(const char *path, size_t max, char **out, size_t *len,
                   px_err *err) {
  FILE *f = fopen(path, "rb");
  if (!f) return px_err_set(err, PX_EIO, "%s: %s", path, strerror(errno));
  struct stat st;
  if (fstat(fileno(f), &st) != 0) {
    fclose(f);
    return px_err_set(err, PX_EIO, "%s: %s", path, strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    fclose(f);
    return px_err_set(err, PX_EINVAL, "%s: is a folder", path);
  }
  if (max && (unsigned long long)st.st_size > max) {
    fclose(f);
    return px_err_set(err, PX_ETOOBIG, "%s: file is %lld bytes, over the %zu-byte limit",
                      path, (long long)st.st_size, max);
  }
  size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, n = 0;
  char *buf = malloc(cap);
  if (!buf) {
    fclose(f);
    return px_err_set(err, PX_ENOMEM, "%s: out of memory", path);
  }
  for (;;) {
    if (n + 1 >= cap) {  /* files that grow or report no size (pipes) */
      if (max && n >= max) {
        free(buf);
        fclose(f);
        return px_err_set(err, PX_ETOOBIG, "%s: over the %zu-byte limit", path, max);
      }
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        fclose(f);
        return px_err_set(err, PX_ENOMEM, "%s: out of memory", path);
      }
      buf = nb;
      cap *= 2;
    }
    size_t r = fread(buf + n, 1, cap - 1 - n, f);
    n += r;
    if (r == 0) break;
  }
  int bad = ferror(f);
  int saved = errno;
  fclose(f);
  if (bad) {
    free(buf);
    return px_err_set(err, PX_EIO, "%s: %s", path, strerror(saved));
  }
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return PX_OK;
}

px_rc px_file_write(const char *path, const void *data, size_t len,
                    px_err *err) {
  size_t pl = strlen(path);
  char *tmp = malloc(pl + 16);
  if (!tmp) return px_err_set(err, PX_ENOMEM, "out of memory");
  snprintf(tmp, pl + 16, "%s.tmp%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    px_err_set(err, PX_EIO, "%s: %s", tmp, strerror(errno));
    free(tmp);
    return PX_EIO;
  }
  int ok = fwrite(data, 1, len, f) == len;
  ok &= fflush(f) == 0;
  ok &= fclose(f) == 0;
  if (!ok || rename(tmp, path) != 0) {
    px_err_set(err, PX_EIO, "%s: %s", path, strerror(errno));
    unlink(tmp);
    free(tmp);
    return PX_EIO;
  }
  free(tmp);
  return PX_OK;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static px_rc walk(const char *path, int depth, px_walk_fn fn,
                  px_walk_err_fn on_error, void *ud) {
  struct stat st;
  if (stat(path, &st) != 0) {
    if (on_error) on_error(path, strerror(errno), ud);
    return PX_OK;
  }
  if (!S_ISDIR(st.st_mode)) {
    if (!S_ISREG(st.st_mode)) {
      if (on_error) on_error(path, "not a regular file", ud);
      return PX_OK;
    }
    return fn(path, ud);
  }
  if (depth > 64) {
    if (on_error) on_error(path, "folders nested too deeply", ud);
    return PX_OK;
  }
  DIR *d = opendir(path);
  if (!d) {
    if (on_error) on_error(path, strerror(errno), ud);
    return PX_OK;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  px_rc rc = PX_OK;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      size_t nc = cap ? cap * 2 : 32;
      char **nn = realloc(names, nc * sizeof *nn);
      if (!nn) { rc = PX_ENOMEM; break; }
      names = nn;
      cap = nc;
    }
    size_t len = strlen(path) + strlen(e->d_name) + 2;
    names[n] = malloc(len);
    if (!names[n]) { rc = PX_ENOMEM; break; }
    snprintf(names[n], len, "%s%s%s", path,
             path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
    n++;
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, cmp_str);
  for (size_t i = 0; i < n && rc == PX_OK; i++)
    rc = walk(names[i], depth + 1, fn, on_error, ud);
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  return rc;
}

px_rc px_file_walk(const char *path, px_walk_fn fn, px_walk_err_fn on_error,
                   void *ud) {
  return walk(path, 0, fn, on_error, ud);
}
