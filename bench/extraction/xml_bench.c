/*
** xml_bench.c: the reference point: libxml2's bare htmlReadMemory (tree
** building only, no extraction) over the same pages.
** Usage: xml_bench PAGES_DIR [ROUNDS]
*/
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>

#include "pages.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s PAGES_DIR [ROUNDS]\n", argv[0]);
    return 2;
  }
  int rounds = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 3;
  if (rounds < 1) rounds = 1;
  bench_page *pages;
  long n = pages_load(argv[1], &pages);
  if (n < 0) return 1;
  double mb = 0;
  for (long i = 0; i < n; i++) mb += (double)pages[i].len / 1e6;
  double t0 = bench_now(), c0 = bench_cpu();
  for (int r = 0; r < rounds; r++)
    for (long i = 0; i < n; i++) {
      htmlDocPtr doc = htmlReadMemory(pages[i].html, (int)pages[i].len, NULL, NULL,
                                      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                      HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
      xmlFreeDoc(doc);
    }
  double dt = bench_now() - t0, ct = bench_cpu() - c0;
  printf("libxml2 pages=%ld rounds=%d pages_per_s=%.1f mb_per_s=%.1f peak_rss_mb=%.1f cpu_pages_per_s=%.1f\n",
         n, rounds, (double)n * rounds / dt, mb * rounds / dt, bench_peak_rss_mb(), (double)n * rounds / ct);
  pages_free(pages, n);
  return 0;
}
