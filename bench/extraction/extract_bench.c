/*
** extract_bench.c: runs px_html_extract over the benchmark's pages.
** Usage: extract_bench PAGES_DIR PREDICTIONS.json [ROUNDS]
** Writes {id: {"articleBody": ...}} for score.py and prints one line:
** "parallax pages=N rounds=R pages_per_s=.. mb_per_s=.. peak_rss_mb=..".
** Pages are read into memory first; only extraction is timed.
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/html_extract.h"
#include "pages.h"

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s PAGES_DIR PREDICTIONS.json [ROUNDS]\n", argv[0]);
    return 2;
  }
  int rounds = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 5;
  if (rounds < 1) rounds = 1;
  bench_page *pages;
  long n = pages_load(argv[1], &pages);
  if (n < 0) return 1;
  double mb = 0;
  for (long i = 0; i < n; i++) mb += (double)pages[i].len / 1e6;
  json_t *pred = json_object();
  for (long i = 0; i < n; i++) {
    px_doc *d = NULL;
    px_err err = {0};
    const char *body = "";
    size_t blen = 0;
    if (px_html_extract(pages[i].html, pages[i].len, NULL, NULL, &d, &err) == PX_OK)
      body = px_doc_body(d, &blen);
    else
      fprintf(stderr, "%s: %s\n", pages[i].id, err.msg);
    json_t *o = json_object();
    json_object_set_new(o, "articleBody", json_stringn(body ? body : "", body ? blen : 0));
    if (d && d->title) json_object_set_new(o, "title", json_string(d->title));
    json_object_set_new(pred, pages[i].id, o);
    px_doc_free(d);
  }
  if (json_dump_file(pred, argv[2], JSON_INDENT(1) | JSON_SORT_KEYS) != 0) {
    fprintf(stderr, "%s: cannot write\n", argv[2]);
    return 1;
  }
  json_decref(pred);
  double t0 = bench_now(), c0 = bench_cpu();
  for (int r = 0; r < rounds; r++)
    for (long i = 0; i < n; i++) {
      px_doc *d = NULL;
      if (px_html_extract(pages[i].html, pages[i].len, NULL, NULL, &d, NULL) == PX_OK)
        px_doc_free(d);
    }
  double dt = bench_now() - t0, ct = bench_cpu() - c0;
  printf("parallax pages=%ld rounds=%d pages_per_s=%.1f mb_per_s=%.1f peak_rss_mb=%.1f cpu_pages_per_s=%.1f\n",
         n, rounds, (double)n * rounds / dt, mb * rounds / dt, bench_peak_rss_mb(), (double)n * rounds / ct);
  pages_free(pages, n);
  return 0;
}
