/*
** takedown.h: removing an outlet's or a URL's content from everywhere
** Parallax keeps it: articles and their raw input, the search index,
** story membership (stories left empty are deleted, others get their
** title and analysis recomputed), quotes, claims, copy relations that
** mention it, duplicate-URL records, and so every page and feed. Only an
** audit record (what, when, why, how many) stays, and later inputs from
** that URL or outlet are refused (store/takedown.h).
**
** Deleted bytes are overwritten (secure_delete), the FTS index is
** optimised and the WAL checkpointed, so the content does not survive in
** free pages of the database file either.
*/
#ifndef PX_SERVE_TAKEDOWN_H
#define PX_SERVE_TAKEDOWN_H

#include <stdint.h>
#include "parallax.h"
#include "store/store.h"
#include "store/takedown.h"

/* kind/value: the outlet name or the URL. *removed receives the number of
** articles deleted, *record the audit record's id (both may be NULL).
** Taking down something with no content still records and blocks it. */
px_rc px_serve_takedown(px_store *st, px_takedown_kind kind,
                        const char *value, const char *reason,
                        int64_t *removed, int64_t *record, px_err *err);

#endif
