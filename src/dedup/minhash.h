/*
** minhash.h: MinHash signatures with the permutation scheme of the
** datasketch library: for each of k permutations (a, b), a 32-bit item
** hash hv maps to ((a*hv + b) mod (2^61-1)) & 0xFFFFFFFF, with a*hv + b
** computed in wrapping 64-bit arithmetic exactly as numpy does, and the
** signature keeps the minimum per permutation. Items are shingle hashes
** (their low 32 bits are hv). An empty set's signature is all 0xFFFFFFFF.
** Memory: a px_minhash owns its permutation arrays.
*/
#ifndef PX_DEDUP_MINHASH_H
#define PX_DEDUP_MINHASH_H

#include <stddef.h>
#include <stdint.h>
#include "parallax.h"

#define PX_MINHASH_PRIME ((UINT64_C(1) << 61) - 1)

typedef struct px_minhash {
  unsigned k;
  uint64_t *a, *b;   /* a in [1, prime), b in [0, prime) */
  uint64_t *alo, *ahi; /* a's low and high 32 bits */
} px_minhash;

/* Draws k permutations from seed (deterministic). Caller frees with
** px_minhash_free. */
px_rc px_minhash_new(unsigned k, uint64_t seed, px_minhash **out, px_err *err);
void px_minhash_free(px_minhash *m);

/* Writes the k-value signature of the n item hashes into sig. */
void px_minhash_sign(const px_minhash *m, const uint64_t *items, size_t n,
                     uint32_t *sig);

/* Fraction of equal positions: the Jaccard estimate. */
double px_minhash_jaccard(const uint32_t *a, const uint32_t *b, unsigned k);

/* Exact Jaccard of two sorted, duplicate-free hash sets (for tests). */
double px_jaccard_exact(const uint64_t *a, size_t na, const uint64_t *b,
                        size_t nb);

#endif
