/*
** sha256.h: SHA-256 (FIPS 180-4), used to store API tokens as hashes so a
** leaked database does not leak usable tokens. Not for anything needing
** speed; no dependencies.
*/
#ifndef PX_SERVE_SHA256_H
#define PX_SERVE_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct px_sha256 {
  uint32_t h[8];
  uint64_t total;     /* bytes hashed so far */
  uint8_t block[64];
  size_t nblock;
} px_sha256;

void px_sha256_init(px_sha256 *c);
void px_sha256_update(px_sha256 *c, const void *data, size_t len);
void px_sha256_final(px_sha256 *c, uint8_t out[32]);
/* One-shot: 64 lowercase hex digits and a NUL into out. */
void px_sha256_hex(const void *data, size_t len, char out[65]);

#endif
