/*
** opml.h: OPML subscription lists: import (nested outlines; xmlUrl,
** htmlUrl, title/text, category) and export (OPML 2.0, one folder level
** per category).
**
** Memory: a parsed px_opml owns its strings in its arena; caller frees
** with px_opml_free. Export appends to a caller's px_buf.
*/
#ifndef PX_INGEST_OPML_H
#define PX_INGEST_OPML_H

#include <stddef.h>
#include "parallax.h"
#include "util/arena.h"
#include "util/buf.h"

typedef struct px_opml_sub {
  const char *xml_url;   /* the feed (absolute when the file allowed it) */
  const char *html_url;  /* the site, or NULL */
  const char *title;     /* title, else text, else NULL */
  const char *category;  /* enclosing folders joined with "/", then the
                            category attribute; NULL when none */
} px_opml_sub;

typedef struct px_opml {
  px_arena *arena;
  const char *title;     /* head/title */
  px_opml_sub *subs;
  size_t nsubs;
} px_opml;

/* Parses an OPML file (any outline holding an xmlUrl is a subscription;
** duplicates of the same xmlUrl are kept once). PX_EPARSE when it is not
** OPML. Caller frees *out with px_opml_free. */
px_rc px_opml_parse(const char *data, size_t len, px_opml **out, px_err *err);
void px_opml_free(px_opml *o);

/* Writes an OPML 2.0 document listing subs, grouped into one folder
** outline per category (in order of first appearance). */
px_rc px_opml_write(const char *title, const px_opml_sub *subs, size_t n,
                    px_buf *out);

#endif
