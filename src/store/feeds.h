/*
** feeds.h: feed subscriptions in the store, and the fetch round that keeps
** them fed.
**
** State (tables feeds, feed_entries, feed_pending; created by
** px_store_feeds_init with CREATE TABLE IF NOT EXISTS):
**   - feeds: URL (updated only after permanent redirects), validators
**     (ETag, Last-Modified), last/next fetch, interval, consecutive
**     failures and the last error, counters;
**   - feed_entries: (feed, entry key) pairs already taken, so each entry
**     is stored once even across restarts;
**   - feed_pending: new entries accepted from a parsed feed but not yet
**     through the pipeline (their article page may still need fetching).
**     A feed's new entries and its new validators are committed together,
**     so a crash or SIGTERM never loses an entry: whatever was accepted is
**     either pending or done.
**
** The round (px_feeds_round): fetch every due feed (conditional GET,
** polite limits), parse each 200 once, queue new entries, then work the
** pending queue: an entry whose feed carries the full article goes to the
** pipeline as is; otherwise its page is fetched (robots.txt honoured and
** cached) and extracted; when the page cannot be had, the feed's summary
** is used. Then each feed's next fetch is scheduled (ingest/schedule.h).
**
** Memory: rows are heap objects freed with px_feed_row_free.
*/
#ifndef PX_STORE_FEEDS_H
#define PX_STORE_FEEDS_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include "parallax.h"
#include "ingest/schedule.h"
#include "store/pipeline.h"
#include "store/store.h"

px_rc px_store_feeds_init(px_store *s, px_err *err);

typedef struct px_feed_row {
  int64_t id;
  char *url;            /* fetched URL (after permanent redirects) */
  char *added_url;      /* as subscribed */
  char *title, *site_url, *category;
  char *etag, *last_modified;
  char *last_error;     /* NULL when the last fetch worked */
  int64_t last_fetch, last_ok, next_fetch;  /* unix seconds; 0: never */
  int64_t interval;
  int failures;
  int last_status;      /* HTTP status of the last fetch; 0: none */
  int64_t entries_total, fetches, not_modified;
} px_feed_row;
void px_feed_row_free(px_feed_row *r);

/* Subscribes to url (trimmed). *created is false when it was already
** there (then title etc. are filled in only where empty). id and created
** may be NULL. The new feed is due at once. */
px_rc px_store_feed_subscribe(px_store *s, const char *url, const char *title,
                              const char *site_url, const char *category,
                              int64_t *id, bool *created, px_err *err);
/* Removes a feed (by id, or by URL when id is 0) and its entry records;
** stored articles stay. PX_ENOTFOUND when there is no such feed. */
px_rc px_store_feed_unsubscribe(px_store *s, int64_t id, const char *url,
                                px_err *err);

/* Calls fn for every feed in id order (due_before > 0: only feeds with
** next_fetch <= due_before). fn returns nonzero to stop. Rows are freed
** after fn returns. */
typedef int (*px_feed_row_fn)(const px_feed_row *r, void *ud);
px_rc px_store_feed_each(px_store *s, int64_t due_before, px_feed_row_fn fn,
                         void *ud, px_err *err);
px_rc px_store_feed_count(px_store *s, int64_t *feeds, int64_t *pending,
                          px_err *err);
/* The earliest next_fetch of any feed (0 when there are none). */
px_rc px_store_feed_next_due(px_store *s, int64_t *when, px_err *err);

/* ---- the round ---------------------------------------------------------- */

typedef struct px_feeds_stats {
  size_t due;            /* feeds fetched this round */
  size_t ok, not_modified, failed, moved;
  size_t parsed;         /* feed documents parsed (one per 200) */
  size_t parse_failed;
  size_t entries_new;    /* entries accepted into the pending queue */
  size_t entries_seen;   /* entries skipped as already taken */
  size_t added, unchanged, duplicates, rejected;  /* pipeline outcomes */
  size_t pages_fetched, pages_failed, robots_blocked, robots_fetched;
  size_t pending_left;   /* still queued when the round ended (stop) */
  double fetch_seconds;  /* fetching, parsing and queueing the feeds */
  double seconds;        /* the whole round, pipeline included */
} px_feeds_stats;

/* Reports progress lines ("feed 12 http://...: 304") when non-NULL. */
typedef void (*px_feeds_log_fn)(const char *line, void *ud);

typedef struct px_feeds_opts {
  int max_total;          /* concurrent requests; 0: 16 */
  int max_per_host;       /* 0: 1 */
  long timeout_ms;        /* per request; 0: 30 s */
  size_t max_bytes;       /* per response; 0: 32 MiB */
  bool all;               /* fetch every feed, due or not */
  bool fetch_pages;       /* fetch article pages for summary-only entries */
  size_t full_text_min;   /* content this long (bytes of HTML) counts as
                             the full article; 0: 1500 */
  int64_t now;            /* 0: time(NULL) (tests pass their own) */
  px_sched_cfg sched;     /* zeroed: px_sched_defaults */
  volatile sig_atomic_t *stop;  /* set by a signal: finish in-flight work */
  struct px_robots_cache *robots;  /* kept across rounds by the caller (the
                                      daemon); NULL: one for this round */
  px_feeds_log_fn log;
  void *log_ud;
} px_feeds_opts;

/* One round over due feeds, then the pending queue. Per-feed and
** per-entry failures are recorded in the feeds table and the stats, not
** returned; the return code is for store failures. */
px_rc px_feeds_round(px_store *s, px_pipeline *p, const px_feeds_opts *o,
                     px_feeds_stats *stats, px_err *err);

#endif
