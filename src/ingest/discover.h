/*
** discover.h: feed autodiscovery. Finds <link rel="alternate"
** type="application/rss+xml|atom+xml|feed+json|json"> tags in an HTML
** page (and rel="feed"), resolving their href against the page URL and any
** <base href>.
**
** A light scanner of tags, not an HTML parser: it skips comments, script
** and style content, and reads attributes quoted or not.
** Memory: results live in the px_discovered's arena; caller frees with
** px_discovered_free.
*/
#ifndef PX_INGEST_DISCOVER_H
#define PX_INGEST_DISCOVER_H

#include <stddef.h>
#include "parallax.h"
#include "util/arena.h"

typedef struct px_feed_ref {
  const char *url;    /* absolute when the page URL allowed it */
  const char *type;   /* lower-cased media type, or NULL (rel="feed") */
  const char *title;
} px_feed_ref;

typedef struct px_discovered {
  px_arena *arena;
  px_feed_ref *refs;  /* in page order, without duplicates */
  size_t n;
} px_discovered;

/* Scans html (len bytes) for feed links. page_url may be NULL. Succeeds
** with n == 0 when there are none. Caller frees *out with
** px_discovered_free. */
px_rc px_discover_feeds(const char *html, size_t len, const char *page_url,
                        px_discovered **out, px_err *err);
void px_discovered_free(px_discovered *d);

#endif
