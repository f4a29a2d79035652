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
#include "extract/outlets.h"
#include "util/buf.h"

typedef enum { PX_TAKEDOWN_SOURCE = 0, PX_TAKEDOWN_URL } px_takedown_kind;

/* Checks the store can keep takedowns (the tables are schema 7's). */
px_rc px_takedown_init(px_store *st, px_err *err);

/* 1 when url or source has been taken down, else 0. Either may be NULL.
** Call before storing an input and refuse it (PX_EREFUSED) when 1.
** A URL is blocked when its key (px_takedown_url_key) is a taken-down
** URL's, one of a taken-down outlet's articles' URLs, or its host is or
** is below a taken-down outlet's domain; a source when its name key
** (px_takedown_name_key) is a taken-down outlet's. */
int px_takedown_is_blocked(px_store *st, const char *url, const char *source);

/* Appends an audit record and the key it blocks (the outlet's name key or
** the URL's key hash). ids_json: a JSON array of removed article ids (may
** be NULL). *id (may be NULL) receives the record's id. */
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

/* More refusals under record id: kind "url" (the key hash of url, e.g.
** an outlet's article URLs, kept as a hash so the audit log holds no
** link to the removed text) or "host" (a domain: it and every host below
** it; "www." and a trailing dot do not matter). */
px_rc px_takedown_block(px_store *st, int64_t id, const char *kind,
                        const char *value, px_err *err);

/* The form a URL is compared in: px_url_normalize's key (scheme, host
** case, www., default port, tracking parameters, percent-escapes,
** fragment and trailing slash do not matter). Appended to out. */
px_rc px_takedown_url_key(const char *url, size_t len, px_buf *out);

/* What the refusal list keeps of a URL: 32 hex digits of its key's hash
** (out: 33 bytes). Returns PX_ENOMEM when the key cannot be built. */
px_rc px_takedown_url_hash(const char *url, size_t len, char out[33]);

/* The form an outlet name is compared in, appended to out: Unicode NFKC,
** default-ignorable characters (zero-width spaces, soft hyphens) and
** controls dropped, Cyrillic and Greek letters that look Latin made
** Latin, case folded, a leading "The" dropped, then the outlet
** directory's name for it (extract/outlets.h) folded the same way, with
** no white space at all: "The  Іnquirer\u00a0News " and "inquirernews"
** have one key. Invalid UTF-8 bytes count as U+FFFD. */
px_rc px_takedown_name_key(const char *name, size_t len, px_buf *out);

/* The outlet directory's entry for name as px_takedown_name_key reads it
** (so a look-alike spelling finds it too), or NULL. Static. */
const px_outlet *px_takedown_outlet(const char *name, size_t len);

#endif
