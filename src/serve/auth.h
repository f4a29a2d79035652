/*
** auth.h: API tokens for write operations (add, delete, subscribe,
** takedown). A token is 32 random bytes from getrandom(), shown once as
** "pxt_" + 64 hex digits; the store keeps only its SHA-256, so a copy of
** the database does not grant write access.
*/
#ifndef PX_SERVE_AUTH_H
#define PX_SERVE_AUTH_H

#include <stdint.h>
#include "parallax.h"
#include "store/store.h"

#define PX_TOKEN_LEN 68   /* "pxt_" + 64 hex digits */

px_rc px_auth_init(px_store *st, px_err *err);
/* Makes a token named name (a label for people), stores its hash and
** writes the token itself (NUL-terminated) into out: print it once. */
px_rc px_auth_token_create(px_store *st, const char *name,
                           char out[PX_TOKEN_LEN + 1], px_err *err);
/* The same, valid until expires_utc (seconds since the epoch; 0: never). */
px_rc px_auth_token_create_until(px_store *st, const char *name,
                                 int64_t expires_utc,
                                 char out[PX_TOKEN_LEN + 1], px_err *err);

typedef struct px_token_row {
  int64_t id;
  const char *name, *created_at;  /* borrowed; valid during the callback */
  int64_t expires_utc;            /* 0: never */
} px_token_row;
/* Nonzero from fn stops the walk. */
typedef int (*px_token_fn)(const px_token_row *r, void *ud);
/* Every token, oldest first (never the token itself: only its hash is
** stored). */
px_rc px_auth_token_each(px_store *st, px_token_fn fn, void *ud, px_err *err);
/* Deletes token id at once; PX_ENOTFOUND when there is none. */
px_rc px_auth_token_revoke(px_store *st, int64_t id, px_err *err);
/* 1 when header is "Bearer <token>" for a stored token that has not
** expired, else 0. */
int px_auth_check(px_store *st, const char *header);

#endif
