/*
** hash.h: 64-bit hashing (xxHash XXH3) for content hashes, shingles and
** hash tables.
*/
#ifndef PX_UTIL_HASH_H
#define PX_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t px_hash64(const void *p, size_t len, uint64_t seed);
/* 32 lowercase hex digits of a 128-bit hash (out: 33 bytes). */
void px_hash128_hex(const void *p, size_t len, char out[33]);

#endif
