/*
** schedule.h: when to fetch a feed next. Pure functions of the feed's
** state and the outcome of the last fetch, so the policy is testable
** without a clock or a network.
**
** Policy. A healthy feed is polled at an interval that follows how often
** it publishes: half the mean gap between its recent entries (so a new
** item waits on average a quarter of a gap), clamped to [min, max]. A
** fetch that brought nothing new stretches the interval by 1.5x (up to
** max); one that did shrinks it toward the observed rate. A failing feed
** backs off exponentially, interval * 2^(failures), capped at
** max_backoff, and a server's Retry-After is honoured when it is longer.
** A feed is slowed, never dropped. A per-feed jitter of up to +-10%
** spreads feeds that were subscribed together.
*/
#ifndef PX_INGEST_SCHEDULE_H
#define PX_INGEST_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct px_sched_cfg {
  int64_t min_interval;      /* seconds; default 300 */
  int64_t max_interval;      /* default 86400 */
  int64_t default_interval;  /* before anything is known; default 3600 */
  int64_t max_backoff;       /* cap for failing feeds; default 7 days */
} px_sched_cfg;

/* Fills cfg with the defaults above. */
void px_sched_defaults(px_sched_cfg *cfg);

/* The interval a feed's publishing rate suggests, from the publish times
** (seconds, any order, zeros ignored) of its entries; the 20 most recent
** are used. Returns 0 when fewer than two distinct times are known. */
int64_t px_sched_rate_interval(const int64_t *pub, size_t n,
                               const px_sched_cfg *cfg);

typedef struct px_sched_outcome {
  bool ok;                /* fetched (200 or 304) */
  bool got_new;           /* new entries arrived */
  int64_t rate_interval;  /* px_sched_rate_interval of the feed, or 0 */
  int64_t retry_after;    /* seconds the server asked for, 0 when none */
} px_sched_outcome;

typedef struct px_sched_state {
  int64_t interval;       /* current polling interval (0: not set yet) */
  int failures;           /* consecutive failed fetches */
} px_sched_state;

/* Updates st for the outcome and returns the delay, in seconds from now,
** until the next fetch. `jitter_key` (e.g. the feed id) makes the jitter
** stable per feed. */
int64_t px_sched_next(px_sched_state *st, const px_sched_outcome *o,
                      const px_sched_cfg *cfg, uint64_t jitter_key);

/* Parses an HTTP Retry-After value (delta-seconds or an HTTP-date) into
** seconds from now (0 when absent or unreadable; never negative). */
int64_t px_sched_retry_after(const char *value, int64_t now);

#endif
