/*
** run.h: test helpers for driving the parallax command: run it with
** arguments, capture stdout/stderr and the exit code; make temp folders.
** Header-only so each test executable stays one file.
*/
#ifndef PX_TEST_RUN_H
#define PX_TEST_RUN_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct run_result {
  int code;        /* exit code, or 128+signal */
  char *out, *err; /* caller frees with run_free */
} run_result;

static __attribute__((unused)) char *slurp_fd(FILE *f) {
  size_t cap = 4096, n = 0, r;
  char *b = malloc(cap);
  while (b && (r = fread(b + n, 1, cap - n - 1, f)) > 0) {
    n += r;
    if (n + 1 >= cap) {
      char *nb = realloc(b, cap * 2);
      if (!nb) { free(b); return NULL; }
      b = nb;
      cap *= 2;
    }
  }
  if (b) b[n] = '\0';
  return b;
}

/* Seconds on the monotonic clock, for tests that time what they drive. */
static __attribute__((unused)) double mono_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static __attribute__((unused)) const char *px_bin(void) {
  static char path[8400];
  const char *root = getenv("PX_BUILD_ROOT");
  snprintf(path, sizeof path, "%s/src/cli/parallax", root ? root : "build");
  return path;
}

static __attribute__((unused)) const char *src_path(const char *rel) {
  static char path[4][4096];
  static int k;
  const char *root = getenv("PX_SOURCE_ROOT");
  k = (k + 1) % 4;
  snprintf(path[k], sizeof path[k], "%s/%s", root ? root : ".", rel);
  return path[k];
}

/* Runs the parallax binary with a NULL-terminated argument list. */
static __attribute__((unused)) run_result run_px(const char *first, ...) {
  const char *argv[64];
  int argc = 0;
  argv[argc++] = px_bin();
  va_list ap;
  va_start(ap, first);
  for (const char *a = first; a && argc < 63; a = va_arg(ap, const char *))
    argv[argc++] = a;
  va_end(ap);
  argv[argc] = NULL;
  char outp[] = "/tmp/pxoutXXXXXX", errp[] = "/tmp/pxerrXXXXXX";
  int ofd = mkstemp(outp), efd = mkstemp(errp);
  run_result r = {-1, NULL, NULL};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(ofd, 1);
    dup2(efd, 2);
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  FILE *fo = fopen(outp, "rb"), *fe = fopen(errp, "rb");
  r.out = fo ? slurp_fd(fo) : NULL;
  r.err = fe ? slurp_fd(fe) : NULL;
  if (fo) fclose(fo);
  if (fe) fclose(fe);
  close(ofd);
  close(efd);
  unlink(outp);
  unlink(errp);
  if (!r.out) r.out = calloc(1, 1);
  if (!r.err) r.err = calloc(1, 1);
  return r;
}

static __attribute__((unused)) void run_free(run_result *r) {
  free(r->out);
  free(r->err);
}

/* A fresh temporary folder; returns its path (static storage per call
** site is the caller's job: copy it). */
static __attribute__((unused)) char *make_tmpdir(void) {
  char *p = strdup("/tmp/pxtestXXXXXX");
  if (p && !mkdtemp(p)) {
    free(p);
    return NULL;
  }
  return p;
}

static __attribute__((unused)) void write_file(const char *dir, const char *name, const void *data,
                       size_t len) {
  char path[8400];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f) return;
  fwrite(data, 1, len, f);
  fclose(f);
}

static __attribute__((unused)) void rm_rf(const char *dir) {
  if (!dir || strncmp(dir, "/tmp/pxtest", 11)) return;
  pid_t pid = fork();
  if (pid == 0) {
    execlp("rm", "rm", "-rf", dir, (char *)NULL);
    _exit(127);
  }
  int st;
  waitpid(pid, &st, 0);
}

static __attribute__((unused)) size_t count_substr(const char *hay, const char *needle) {
  size_t n = 0, len = strlen(needle);
  for (const char *p = hay; (p = strstr(p, needle)); p += len) n++;
  return n;
}

#endif
