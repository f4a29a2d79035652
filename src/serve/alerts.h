/*
** alerts.h: saved searches that deliver new matching stories to a webhook
** (HTTP POST of JSON) and/or as an email digest over SMTP (libcurl).
**
** Each (alert, story, channel) is sent at most once: successful sends are
** recorded in alert_sent in the store, so a restart does not send again.
** Failed sends are retried with exponential backoff within a run and are
** tried again on the next run. Webhook posts carry an
** X-Parallax-Delivery id (alert + stories) so a receiver can drop a
** repeat if the process died between sending and recording.
*/
#ifndef PX_SERVE_ALERTS_H
#define PX_SERVE_ALERTS_H

#include <stddef.h>
#include <stdint.h>
#include "parallax.h"
#include "store/store.h"

typedef struct px_alert_opts {
  const char *smtp_url;     /* e.g. "smtp://127.0.0.1:25"; NULL: no email */
  const char *mail_from;    /* envelope and From: address */
  const char *base_url;     /* for links, e.g. "http://127.0.0.1:8080" */
  unsigned max_attempts;    /* per send, default 4 */
  unsigned backoff_ms;      /* first retry delay, doubled each time; 250 */
  unsigned timeout_s;       /* per attempt, default 10 */
  unsigned digest_every_s;  /* at most one email per alert this often;
                               default 86400 (daily) */
  int64_t now;              /* 0: the clock (tests pin it) */
  /* Told of every delivery that failed after all retries: which alert,
  ** "webhook" or "email", where to, and why ("HTTP 500", "Couldn't
  ** connect to server"). NULL: failures are only counted. */
  void (*on_failure)(int64_t alert_id, const char *channel, const char *target,
                     const char *why, void *ud);
  void *failure_ud;
} px_alert_opts;

void px_alert_opts_init(px_alert_opts *o);

px_rc px_alerts_init(px_store *st, px_err *err);

/* Saves an alert. query uses search syntax (checked now); webhook must be
** an http(s) URL, email a plain address; at least one of them. */
px_rc px_alert_add(px_store *st, const char *query, const char *webhook,
                   const char *email, int64_t *id, px_err *err);
px_rc px_alert_delete(px_store *st, int64_t id, px_err *err);

typedef struct px_alert_row {
  int64_t id;
  const char *query, *webhook, *email, *created_at;
  int64_t last_digest;      /* epoch seconds of the last email, 0: never */
} px_alert_row;
typedef int (*px_alert_fn)(const px_alert_row *r, void *ud);
px_rc px_alert_each(px_store *st, px_alert_fn fn, void *ud, px_err *err);

typedef struct px_alerts_report {
  size_t webhooks, emails;  /* successful deliveries */
  size_t stories;           /* story notifications delivered */
  size_t failures;          /* deliveries that failed after all retries */
} px_alerts_report;

/* Checks every alert once and delivers what is new. Delivery failures are
** counted in rep (and retried next run), not returned as errors. */
px_rc px_alerts_run(px_store *st, const px_alert_opts *o,
                    px_alerts_report *rep, px_err *err);

#endif
