/*
** robots.h: robots.txt (RFC 9309) parsing and matching, and a small cache
** of parsed files per origin.
**
** Matching follows RFC 9309 and Google's documented behaviour: the group
** whose user-agent token is found in our product token (case-insensitive)
** applies, else the "*" group; groups naming the same agent are merged;
** the longest matching rule wins and Allow wins a tie; "*" matches any run
** of characters and a final "$" anchors the end. /robots.txt itself is
** always allowed.
**
** Memory: a px_robots owns its rules; caller frees with px_robots_free.
*/
#ifndef PX_INGEST_ROBOTS_H
#define PX_INGEST_ROBOTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "parallax.h"

typedef struct px_robots px_robots;

/* Parses text for the agent whose product token is `agent` (e.g.
** "Parallax"). Never fails on content: garbage lines are ignored. NULL
** only when out of memory. Files over 500 KiB are read up to that point
** (RFC 9309's minimum). Caller frees with px_robots_free. */
px_robots *px_robots_parse(const char *text, size_t len, const char *agent);
/* A robots.txt that allows (allow_all) or disallows everything: what a
** 4xx (allow) or a 5xx / unreachable file (disallow) means. */
px_robots *px_robots_new_all(bool allow_all);
void px_robots_free(px_robots *r);

/* path is the URL's path and query ("/a/b?x=1"), percent-encoded as sent. */
bool px_robots_allowed(const px_robots *r, const char *path, size_t len);
/* Crawl-delay for our group in seconds, 0 when none. */
double px_robots_crawl_delay(const px_robots *r);

/* ---- cache ----------------------------------------------------------- */

typedef struct px_robots_cache px_robots_cache;

/* ttl: seconds a parsed file stays valid (RFC 9309 suggests <= 24 h).
** Caller frees with px_robots_cache_free. NULL when out of memory. */
px_robots_cache *px_robots_cache_new(int64_t ttl);
void px_robots_cache_free(px_robots_cache *c);
/* The rules for origin ("https://example.com") when cached and fresh at
** `now`, else NULL (fetch <origin>/robots.txt, then _put). Borrowed; valid
** until the next _put for that origin or px_robots_cache_free. */
const px_robots *px_robots_cache_get(px_robots_cache *c, const char *origin,
                                     int64_t now);
/* Stores the outcome of fetching origin's robots.txt: status is the HTTP
** status (0: unreachable). 2xx parses body; 4xx allows all; 5xx and
** unreachable disallow all (for a shorter while: retried after ttl/24).
** Takes nothing: body is copied. Returns the stored rules, or NULL when
** out of memory. */
const px_robots *px_robots_cache_put(px_robots_cache *c, const char *origin,
                                     int status, const char *body, size_t len,
                                     const char *agent, int64_t now);

#endif
