/*
** minhash_bench.c: times MinHash signatures (px_minhash_sign) over the
** shingles of a JSON-lines file of articles, and writes the shingle
** hashes, permutations and signatures to a binary file so
** minhash_numpy.py can compute the same signatures the way datasketch
** does (numpy, vectorised per document) and check they are identical.
** Usage: minhash_bench DOCS.jsonl OUT.bin [num_perm [repeats]]
** File layout (little endian): u32 ndocs, u32 k, u64 a[k], u64 b[k], then
** per doc: u32 n, u32 hv[n], u32 sig[k].
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dedup/minhash.h"
#include "dedup/shingle.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s DOCS.jsonl OUT.bin [num_perm [repeats]]\n", argv[0]);
    return 2;
  }
  unsigned k = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 128;
  int reps = argc > 4 ? (int)strtol(argv[4], NULL, 10) : 20;
  FILE *in = fopen(argv[1], "r");
  if (!in) return 1;
  px_shingles *docs = NULL;
  size_t n = 0, cap = 0, total = 0;
  char *line = NULL;
  size_t lcap = 0;
  ssize_t len;
  while ((len = getline(&line, &lcap, in)) > 0) {
    json_t *j = json_loadb(line, (size_t)len, 0, NULL);
    if (!j) continue;
    const char *t = json_string_value(json_object_get(j, "text"));
    if (t) {
      if (n == cap) {
        cap = cap ? cap * 2 : 1024;
        docs = realloc(docs, cap * sizeof *docs);
      }
      px_shingles_init(&docs[n]);
      px_shingles_text(t, strlen(t), 5, &docs[n], NULL);
      px_shingles_to_set(&docs[n]);
      total += docs[n].n;
      n++;
    }
    json_decref(j);
  }
  free(line);
  fclose(in);
  px_minhash *m = NULL;
  if (px_minhash_new(k, 42, &m, NULL) != PX_OK) return 1;
  uint32_t *sigs = malloc(n * k * sizeof *sigs);
  /* Items as datasketch sees them: 32-bit hash values. */
  uint64_t **items = malloc(n * sizeof *items);
  for (size_t i = 0; i < n; i++) {
    items[i] = malloc((docs[i].n + 1) * sizeof **items);
    for (size_t q = 0; q < docs[i].n; q++) items[i][q] = docs[i].h[q] & 0xFFFFFFFFu;
  }
  double best = 1e9;
  for (int r = 0; r < reps; r++) {
    double t0 = now();
    for (size_t i = 0; i < n; i++) px_minhash_sign(m, items[i], docs[i].n, sigs + i * k);
    double dt = now() - t0;
    if (dt < best) best = dt;
  }
  printf("C        %zu docs, %zu shingles, %u permutations: %.4f s (best of %d), "
         "%.0f docs/s, %.1f ns per shingle x permutation\n",
         n, total, k, best, reps, n / best, best * 1e9 / ((double)total * k));
  FILE *out = fopen(argv[2], "wb");
  if (!out) return 1;
  uint32_t hdr[2] = {(uint32_t)n, k};
  fwrite(hdr, sizeof hdr, 1, out);
  fwrite(m->a, sizeof *m->a, k, out);
  fwrite(m->b, sizeof *m->b, k, out);
  for (size_t i = 0; i < n; i++) {
    uint32_t c = (uint32_t)docs[i].n;
    fwrite(&c, 4, 1, out);
    for (size_t q = 0; q < c; q++) {
      uint32_t hv = (uint32_t)items[i][q];
      fwrite(&hv, 4, 1, out);
    }
    fwrite(sigs + i * k, 4, k, out);
    free(items[i]);
    px_shingles_reset(&docs[i]);
  }
  fclose(out);
  printf("C_SECONDS %.6f\n", best);
  free(items);
  free(docs);
  free(sigs);
  px_minhash_free(m);
  return 0;
}
