/*
** minhash.c: datasketch-style MinHash (see minhash.h). The reduction mod
** the Mersenne prime 2^61-1 uses x mod p = (x & p) + (x >> 61), then one
** conditional subtraction, which equals the '%' numpy performs but lets the
** compiler vectorise the per-permutation loop.
** Memory: the permutation arrays belong to the px_minhash.
*/
#include "dedup/minhash.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

px_rc px_minhash_new(unsigned k, uint64_t seed, px_minhash **out, px_err *err) {
  if (k == 0 || k > 4096)
    return px_err_set(err, PX_EINVAL, "minhash: %u permutations (1..4096)", k);
  px_minhash *m = calloc(1, sizeof *m);
  if (!m) return px_err_set(err, PX_ENOMEM, "minhash: out of memory");
  m->k = k;
  m->a = malloc(k * sizeof *m->a);
  m->b = malloc(k * sizeof *m->b);
  if (!m->a || !m->b) {
    px_minhash_free(m);
    return px_err_set(err, PX_ENOMEM, "minhash: out of memory");
  }
  uint64_t st = seed;
  for (unsigned i = 0; i < k; i++) {
    m->a[i] = 1 + splitmix64(&st) % (PX_MINHASH_PRIME - 1);
    m->b[i] = splitmix64(&st) % PX_MINHASH_PRIME;
  }
  *out = m;
  return PX_OK;
}

void px_minhash_free(px_minhash *m) {
  if (!m) return;
  free(m->a);
  free(m->b);
  free(m);
}

static inline uint64_t mod_mersenne61(uint64_t x) {
  uint64_t r = (x & PX_MINHASH_PRIME) + (x >> 61);
  return r >= PX_MINHASH_PRIME ? r - PX_MINHASH_PRIME : r;
}

void px_minhash_sign(const px_minhash *m, const uint64_t *items, size_t n,
                     uint32_t *sig) {
  const unsigned k = m->k;
  const uint64_t *a = m->a, *b = m->b;
  for (unsigned j = 0; j < k; j++) sig[j] = UINT32_MAX;
  for (size_t i = 0; i < n; i++) {
    const uint64_t hv = items[i] & UINT32_MAX;
    for (unsigned j = 0; j < k; j++) {
      uint32_t v = (uint32_t)mod_mersenne61(a[j] * hv + b[j]);
      sig[j] = v < sig[j] ? v : sig[j];
    }
  }
}

double px_minhash_jaccard(const uint32_t *a, const uint32_t *b, unsigned k) {
  if (k == 0) return 0;
  unsigned eq = 0;
  for (unsigned i = 0; i < k; i++) eq += a[i] == b[i];
  return (double)eq / k;
}

double px_jaccard_exact(const uint64_t *a, size_t na, const uint64_t *b,
                        size_t nb) {
  size_t i = 0, j = 0, inter = 0;
  while (i < na && j < nb) {
    if (a[i] == b[j]) {
      inter++;
      i++;
      j++;
    } else if (a[i] < b[j]) {
      i++;
    } else {
      j++;
    }
  }
  size_t uni = na + nb - inter;
  return uni ? (double)inter / (double)uni : 0.0;
}
