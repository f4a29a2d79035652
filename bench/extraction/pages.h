/*
** pages.h: loading the benchmark's gzipped pages into memory for the
** extraction bench drivers (shared by extract_bench.c and xml_bench.c).
** Memory: pages_free releases everything pages_load allocated.
*/
#ifndef PX_BENCH_PAGES_H
#define PX_BENCH_PAGES_H

#include <stddef.h>

typedef struct bench_page {
  char *id;     /* file name without .html.gz */
  char *html;
  size_t len;
} bench_page;

/* Loads every *.html.gz under dir, sorted by name. Returns the count,
** or -1 on error (message on stderr). */
long pages_load(const char *dir, bench_page **out);
void pages_free(bench_page *p, long n);
double bench_now(void);
/* CPU seconds used by this process (for runs on a busy machine). */
double bench_cpu(void);
/* Peak resident set size of this process in MB. */
double bench_peak_rss_mb(void);

#endif
