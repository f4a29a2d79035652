/*
** fetch.h: polite HTTP fetching with libcurl's multi interface.
**
** Requests are queued with px_fetcher_add and run by px_fetcher_run, which
** keeps at most max_total transfers going and at most max_per_host per
** host, and calls back once per request when it is done. Each request
** may carry validators (ETag, Last-Modified) for a conditional GET; a 304
** comes back as not_modified. Bodies are decompressed (gzip, deflate, br:
** whatever this libcurl supports) and capped at max_bytes of *decoded*
** data, so a compression bomb stops early. Redirects are followed here,
** hop by hop, up to max_redirects; moved_permanently says whether every
** hop was a 301 or 308, the only case in which a subscription's stored URL
** should change. Only http and https are ever requested.
**
** Robots.txt is not consulted here (feeds are fetched by subscription);
** callers fetching article pages check ingest/robots.h first and pass its
** Crawl-delay to px_fetcher_host_delay.
**
** Memory: the fetcher copies what it is given. A px_fetch_res and all its
** strings are borrowed: valid only during the callback.
*/
#ifndef PX_INGEST_FETCH_H
#define PX_INGEST_FETCH_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "parallax.h"

#define PX_FETCH_USER_AGENT \
  "Parallax/" PX_VERSION " (news aggregator; +https://github.com/parallax-news/parallax)"
/* The token robots.txt groups are matched against. */
#define PX_FETCH_ROBOTS_AGENT "Parallax"

/* Response header bytes accepted per response. */
#define PX_FETCH_MAX_HEADER ((size_t)256 << 10)

typedef struct px_fetch_opts {
  const char *user_agent;   /* NULL: PX_FETCH_USER_AGENT */
  const char *accept;       /* NULL: feed types first, then anything */
  long connect_timeout_ms;  /* 0: 10 s */
  long timeout_ms;          /* whole transfer; 0: 30 s */
  long low_speed_bytes;     /* abort when slower than this for */
  long low_speed_secs;      /*   that long (0: 1 byte/s for 20 s) */
  size_t max_bytes;         /* decoded body cap; 0: PX_FEED_MAX_BYTES (32 MiB),
                               the feed parser's own cap */
  int max_redirects;        /* 0: 5; -1: none followed */
  int max_total;            /* concurrent transfers; 0: 16 */
  int max_per_host;         /* 0: 1 */
} px_fetch_opts;

typedef struct px_fetch_req {
  const char *url;
  const char *etag;           /* sent as If-None-Match, or NULL */
  const char *last_modified;  /* sent as If-Modified-Since, or NULL */
  void *ud;                   /* handed back in the callback */
} px_fetch_req;

typedef struct px_fetch_res {
  px_rc rc;             /* PX_OK for 2xx and for 304 to a conditional
                           request; PX_ENET otherwise (a 304 nobody asked
                           for included); PX_ETOOBIG over max_bytes or
                           over PX_FETCH_MAX_HEADER of headers */
  const char *error;    /* a human reason when rc != PX_OK */
  long status;          /* last HTTP status seen; 0 when none */
  bool not_modified;    /* 304 */
  const char *body;     /* decoded body (NUL-terminated), "" when none */
  size_t len;
  const char *url;           /* as requested */
  const char *final_url;     /* after redirects */
  int redirects;             /* hops followed */
  bool moved_permanently;    /* redirects > 0 and every hop was 301/308 */
  const char *etag, *last_modified, *content_type;  /* NULL when absent */
  const char *content_location, *content_language;  /* NULL when absent */
  int64_t retry_after;  /* seconds asked by a 429/503, 0 when none */
  double seconds;       /* wall time of the whole request */
} px_fetch_res;

typedef void (*px_fetch_done_fn)(const px_fetch_req *req,
                                 const px_fetch_res *res, void *ud);

typedef struct px_fetcher px_fetcher;

/* opts may be NULL. Caller frees with px_fetcher_free. */
px_rc px_fetcher_new(const px_fetch_opts *opts, px_fetcher **out, px_err *err);
void px_fetcher_free(px_fetcher *f);

/* Queues a request (strings are copied). PX_EINVAL for a URL that is not
** http(s). */
px_rc px_fetcher_add(px_fetcher *f, const px_fetch_req *req, px_err *err);
/* Requests queued and not yet started. */
size_t px_fetcher_queued(const px_fetcher *f);

/* Longest per-host delay honoured, in seconds: a robots.txt asking for
** more gets this (and its pages simply take longer). */
#define PX_FETCH_MAX_DELAY 60.0
/* Spaces requests to host (case-insensitive; as in the URL, without port)
** at least secs apart, one at a time, counted from the previous request's
** start and from its answer: robots.txt's Crawl-delay. Calling again keeps
** the larger delay. */
px_rc px_fetcher_host_delay(px_fetcher *f, const char *host, double secs,
                            px_err *err);

/* Runs transfers until every queued request is done, calling done for
** each. When *stop (may be NULL) becomes nonzero, no new transfer starts;
** those in flight finish (and are reported) and the queued rest stay
** queued. Returns PX_ENOMEM / PX_ENET only for failures of the machinery
** itself; per-request failures go to the callback. */
px_rc px_fetcher_run(px_fetcher *f, px_fetch_done_fn done, void *ud,
                     volatile sig_atomic_t *stop, px_err *err);

/* One request, synchronously, through a temporary fetcher. */
px_rc px_fetch_one(const px_fetch_opts *opts, const px_fetch_req *req,
                   px_fetch_done_fn done, void *ud, px_err *err);

#endif
