/*
** bench_analyze.c: time px_story_analyze on a synthetic 50-article story
** (target: under 50 ms on one core). The story is built from the
** hand-cleaned articles in tests/fixtures/analyze (the .docs files): each of the 50
** articles takes one source article, shuffles its paragraphs
** deterministically and keeps about 80% of them, so outlets overlap the
** way syndicated copies do without being identical.
** Usage: bench_analyze SEEDS.docs OWN.docs [runs]
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "analyze/analysis.h"
#include "../../tests/analyze/docfile.h"

/* CPU time of this process: the machine is shared, wall time is noisy. */
static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_d(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return a < b ? -1 : a > b;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: bench_analyze SEEDS.docs OWN.docs [runs]\n");
    return 2;
  }
  int runs = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 20;
  if (runs < 1) runs = 1;
  docfile f1, f2;
  if (docfile_load(&f1, argv[1]) != 0 || docfile_load(&f2, argv[2]) != 0) {
    fprintf(stderr, "cannot load the .docs files\n");
    return 1;
  }
  size_t nsrc = f1.n + f2.n;
  enum { N = 50 };
  px_doc *docs[N];
  unsigned seed = 12345;
  size_t paras = 0, bytes = 0;
  for (size_t i = 0; i < N; i++) {
    const px_doc *src = i % nsrc < f1.n ? f1.docs[i % nsrc] : f2.docs[i % nsrc - f1.n];
    px_doc *d = px_doc_new(0);
    char site[32];
    snprintf(site, sizeof site, "Outlet %zu", i);
    px_doc_set(d, &d->site, site, strlen(site));
    char pub[32];
    snprintf(pub, sizeof pub, "2023-06-19T%02zu:%02zu:00Z", i % 24, (i * 7) % 60);
    px_doc_set(d, &d->published, pub, strlen(pub));
    size_t nb = src->nblocks;
    size_t *order = malloc((nb ? nb : 1) * sizeof *order);
    if (!order) return 1;
    for (size_t k = 0; k < nb; k++) order[k] = k;
    for (size_t k = nb; k > 1; k--) {
      seed = seed * 1103515245u + 12345u;
      size_t r = (seed >> 8) % k;
      size_t t = order[k - 1];
      order[k - 1] = order[r];
      order[r] = t;
    }
    for (size_t k = 0; k < nb; k++) {
      seed = seed * 1103515245u + 12345u;
      if ((seed >> 8) % 10 < 2) continue;
      const px_block *b = &src->blocks[order[k]];
      px_doc_add_block(d, b->kind, b->text, b->len);
      paras++;
      bytes += b->len;
    }
    free(order);
    docs[i] = d;
  }
  double *t = malloc((size_t)runs * sizeof *t);
  if (!t) return 1;
  for (int r = 0; r < runs; r++) {
    px_analysis *a = NULL;
    px_err err = {0};
    double t0 = now_ms();
    if (px_story_analyze((const px_doc *const *)docs, NULL, N, &a, &err) != PX_OK) {
      fprintf(stderr, "analyze: %s\n", err.msg);
      return 1;
    }
    t[r] = now_ms() - t0;
    px_analysis_free(a);
  }
  qsort(t, (size_t)runs, sizeof *t, cmp_d);
  printf("analysis of a %d-article story (%zu paragraphs, %zu KiB): median %.1f ms, "
         "min %.1f ms, max %.1f ms over %d runs (CPU time, one thread)\n",
         N, paras, bytes / 1024, t[runs / 2], t[0], t[runs - 1], runs);
  free(t);
  for (size_t i = 0; i < N; i++) px_doc_free(docs[i]);
  docfile_free(&f1);
  docfile_free(&f2);
  return 0;
}
