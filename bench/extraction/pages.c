/*
** pages.c: see pages.h. zlib's gzread reads the pages; the timing loops
** in the drivers never touch the disk.
*/
#include "pages.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <zlib.h>

static int cmp_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

long pages_load(const char *dir, bench_page **out) {
  DIR *d = opendir(dir);
  if (!d) {
    perror(dir);
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(d))) {
    size_t l = strlen(de->d_name);
    if (l < 9 || strcmp(de->d_name + l - 8, ".html.gz") != 0) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 128;
      names = realloc(names, cap * sizeof *names);
    }
    names[n++] = strdup(de->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp_name);
  bench_page *p = calloc(n ? n : 1, sizeof *p);
  for (size_t i = 0; i < n; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    gzFile f = gzopen(path, "rb");
    if (!f) {
      fprintf(stderr, "%s: cannot open\n", path);
      return -1;
    }
    size_t cap2 = 1 << 16, len = 0;
    char *buf = malloc(cap2);
    for (;;) {
      if (cap2 - len < 65536) buf = realloc(buf, cap2 *= 2);
      int r = gzread(f, buf + len, (unsigned)(cap2 - len - 1));
      if (r <= 0) break;
      len += (size_t)r;
    }
    gzclose(f);
    buf[len] = 0;
    names[i][strlen(names[i]) - 8] = 0;
    p[i].id = names[i];
    p[i].html = buf;
    p[i].len = len;
  }
  free(names);
  *out = p;
  return (long)n;
}

void pages_free(bench_page *p, long n) {
  for (long i = 0; i < n; i++) {
    free(p[i].id);
    free(p[i].html);
  }
  free(p);
}

double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bench_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bench_peak_rss_mb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_maxrss / 1024.0;
}
