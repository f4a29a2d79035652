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
/* 1 when header is "Bearer <token>" for a stored token, else 0. */
int px_auth_check(px_store *st, const char *header);

#endif
