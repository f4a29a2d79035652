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
  m->alo = malloc(k * sizeof *m->alo);
  m->ahi = malloc(k * sizeof *m->ahi);
  if (!m->a || !m->b || !m->alo || !m->ahi) {
    px_minhash_free(m);
    return px_err_set(err, PX_ENOMEM, "minhash: out of memory");
  }
  uint64_t st = seed;
  for (unsigned i = 0; i < k; i++) {
    m->a[i] = 1 + splitmix64(&st) % (PX_MINHASH_PRIME - 1);
    m->b[i] = splitmix64(&st) % PX_MINHASH_PRIME;
    m->alo[i] = m->a[i] & UINT32_MAX;
    m->ahi[i] = m->a[i] >> 32;
  }
  *out = m;
  return PX_OK;
}

void px_minhash_free(px_minhash *m) {
  if (!m) return;
  free(m->a);
  free(m->b);
  free(m->alo);
  free(m->ahi);
  free(m);
}

/* The inner loop runs over permutations for one item, keeping the
** signature in L1. a*hv is split into 32-bit halves (hv < 2^32, so
** a*hv mod 2^64 = a_lo*hv + (a_hi*hv << 32)): each half is a 32x32->64
** multiply, which SIMD units have, unlike a full 64-bit one. With GCC or
** clang on x86-64 the function is also compiled for AVX2 and AVX-512 and
** picked at load time (target_clones); the results are identical. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(PX_NO_CLONES)
#if defined(__clang__)
#if !__has_feature(address_sanitizer)
#define PX_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
#else
#define PX_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
#endif
#ifndef PX_CLONES
#define PX_CLONES
#endif

/* GCC's -O2 cost model refuses loops that need an epilogue; this one
** pays for itself at any k above 8. Clang vectorises it at -O2 anyway. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize("O3")
#endif
static inline uint32_t perm(uint64_t alo, uint64_t ahi, uint64_t b,
                            uint64_t hv) {
  uint64_t x = alo * hv + ((ahi * hv) << 32) + b;
  uint64_t r = (x & PX_MINHASH_PRIME) + (x >> 61);
  return (uint32_t)(r >= PX_MINHASH_PRIME ? r - PX_MINHASH_PRIME : r);
}

static inline uint32_t min32(uint32_t x, uint32_t y) { return x < y ? x : y; }

PX_CLONES
static void sign_block(const uint64_t *restrict alo, const uint64_t *restrict ahi,
                       const uint64_t *restrict b, unsigned k,
                       const uint64_t *restrict items, size_t n,
                       uint32_t *restrict sig) {
  size_t i = 0;
  /* Four items per pass over the permutations: a quarter of the loads and
  ** stores of the signature and the permutation arrays. */
  for (; i + 4 <= n; i += 4) {
    const uint64_t h0 = items[i] & UINT32_MAX, h1 = items[i + 1] & UINT32_MAX;
    const uint64_t h2 = items[i + 2] & UINT32_MAX, h3 = items[i + 3] & UINT32_MAX;
    for (unsigned j = 0; j < k; j++) {
      uint32_t v = min32(min32(perm(alo[j], ahi[j], b[j], h0),
                               perm(alo[j], ahi[j], b[j], h1)),
                         min32(perm(alo[j], ahi[j], b[j], h2),
                               perm(alo[j], ahi[j], b[j], h3)));
      sig[j] = min32(v, sig[j]);
    }
  }
  for (; i < n; i++) {
    const uint64_t hv = items[i] & UINT32_MAX;
    for (unsigned j = 0; j < k; j++)
      sig[j] = min32(perm(alo[j], ahi[j], b[j], hv), sig[j]);
  }
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif

void px_minhash_sign(const px_minhash *m, const uint64_t *items, size_t n,
                     uint32_t *sig) {
  for (unsigned j = 0; j < m->k; j++) sig[j] = UINT32_MAX;
  sign_block(m->alo, m->ahi, m->b, m->k, items, n, sig);
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
