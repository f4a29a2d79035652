/*
** takedown.h: the takedown record (audit log) and the refusal list.
**
** A takedown removes an outlet's or a URL's content everywhere (that is
** src/serve/takedown.c, which can reach the search index); this part lives
** in the store stage so the ingest pipeline can ask, before storing
** anything, whether the input was taken down and must be refused.
** The table keeps only what was removed (the URL or outlet name, how many
** articles, their ids), when and why: never the content.
*/
#ifndef PX_STORE_TAKEDOWN_H
#define PX_STORE_TAKEDOWN_H

#include <stdint.h>
#include "parallax.h"
#include "store/store.h"

typedef enum { PX_TAKEDOWN_SOURCE = 0, PX_TAKEDOWN_URL } px_takedown_kind;

/* Creates the takedowns table when missing (idempotent). */
px_rc px_takedown_init(px_store *st, px_err *err);

/* 1 when url (compared without a trailing slash or #fragment) or source
** (case-insensitive) has been taken down, else 0. Either may be NULL.
** Call before storing an input and refuse it (PX_EREFUSED) when 1. */
int px_takedown_is_blocked(px_store *st, const char *url, const char *source);

/* Appends an audit record. ids_json: a JSON array of removed article ids
** (may be NULL). *id (may be NULL) receives the record's id. */
px_rc px_takedown_record(px_store *st, px_takedown_kind kind,
                         const char *value, const char *reason,
                         int64_t narticles, const char *ids_json, int64_t *id,
                         px_err *err);

/* Calls fn for each record, newest first; fn returns nonzero to stop. */
typedef struct px_takedown_row {
  int64_t id;
  const char *kind, *value, *reason, *removed_at, *ids_json;
  int64_t narticles;
} px_takedown_row;
typedef int (*px_takedown_fn)(const px_takedown_row *r, void *ud);
px_rc px_takedown_each(px_store *st, px_takedown_fn fn, void *ud,
                       px_err *err);

/* The form a URL is compared in: no #fragment, no trailing '/'. Writes
** into out (at least strlen(url)+1 bytes). */
void px_takedown_url_key(const char *url, char *out);

#endif
