/*
** feeds.c: subscription state in SQLite and the fetch round (feeds.h).
**
** Transactions: a feed's accepted entries (feed_entries + feed_pending)
** and its new validators/schedule are written in one transaction, so a
** 200 is never "half taken". Each pending entry then goes through
** px_pipeline_add (its own transaction) and is retired in a second small
** one; a crash between the two re-runs the pipeline on restart, which is
** idempotent for identical input. The pipeline is never called inside our
** own transaction, because its rollback on a bad input would undo ours.
**
** Memory: rows loaded for a round live in arrays owned by the round and
** are freed before it returns; fetch results are borrowed during their
** callback only and copied into the store before it returns.
*/
#include "store/feeds.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest/feed.h"
#include "ingest/fetch.h"
#include "ingest/robots.h"
#include "ingest/url.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/str.h"

static const char feeds_ddl[] =
    "CREATE TABLE IF NOT EXISTS feeds("
    "  id INTEGER PRIMARY KEY,"
    "  url TEXT NOT NULL UNIQUE,"
    "  added_url TEXT NOT NULL,"
    "  title TEXT, site_url TEXT, category TEXT,"
    "  etag TEXT, last_modified TEXT,"
    "  last_fetch INTEGER NOT NULL DEFAULT 0,"
    "  last_ok INTEGER NOT NULL DEFAULT 0,"
    "  next_fetch INTEGER NOT NULL DEFAULT 0,"
    "  interval INTEGER NOT NULL DEFAULT 0,"
    "  failures INTEGER NOT NULL DEFAULT 0,"
    "  last_status INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT,"
    "  entries_total INTEGER NOT NULL DEFAULT 0,"
    "  fetches INTEGER NOT NULL DEFAULT 0,"
    "  not_modified INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX IF NOT EXISTS feeds_next ON feeds(next_fetch);"
    "CREATE TABLE IF NOT EXISTS feed_entries("
    "  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
    "  key TEXT NOT NULL,"
    "  article_id INTEGER,"
    "  published INTEGER NOT NULL DEFAULT 0,"
    "  seen_at INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY(feed_id, key)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS feed_pending("
    "  id INTEGER PRIMARY KEY,"
    "  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
    "  key TEXT NOT NULL,"
    "  link TEXT, title TEXT, published TEXT, source TEXT,"
    "  content TEXT, content_type TEXT, full INTEGER NOT NULL DEFAULT 0);";

/* Columns added to feed_pending since it was first made (its rows are
** work in progress, so an older store may hold some). */
static const char feeds_ddl_meta[] = "ALTER TABLE feed_pending ADD COLUMN meta TEXT;";

static px_rc db_fail(px_store *s, px_err *err, const char *what) {
  return px_err_set(err, PX_EDB, "feeds: %s: %s", what, sqlite3_errmsg(px_store_sqlite(s)));
}

px_rc px_store_feeds_init(px_store *s, px_err *err) {
  if (s && !px_store_sqlite(s)) return px_store_unsupported(s, "feeds", err);
  char *msg = NULL;
  if (sqlite3_exec(px_store_sqlite(s), feeds_ddl, NULL, NULL, &msg) != SQLITE_OK) {
    px_rc rc = px_err_set(err, PX_EDB, "feeds: creating tables: %s", msg ? msg : "?");
    sqlite3_free(msg);
    return rc;
  }
  sqlite3_stmt *probe = NULL;
  if (sqlite3_prepare_v2(px_store_sqlite(s), "SELECT meta FROM feed_pending LIMIT 0", -1,
                         &probe, NULL) != SQLITE_OK &&
      sqlite3_exec(px_store_sqlite(s), feeds_ddl_meta, NULL, NULL, &msg) != SQLITE_OK) {
    px_rc rc = px_err_set(err, PX_EDB, "feeds: adding the entry metadata column: %s",
                          msg ? msg : "?");
    sqlite3_free(msg);
    return rc;
  }
  sqlite3_finalize(probe);
  return PX_OK;
}

static sqlite3_stmt *prep(px_store *s, const char *sql, px_err *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(px_store_sqlite(s), sql, -1, &st, NULL) != SQLITE_OK) {
    db_fail(s, err, "prepare");
    return NULL;
  }
  return st;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v) {
  if (v) sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(st, i);
}

static char *col_dup(sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? strdup((const char *)t) : NULL;
}

void px_feed_row_free(px_feed_row *r) {
  if (!r) return;
  free(r->url);
  free(r->added_url);
  free(r->title);
  free(r->site_url);
  free(r->category);
  free(r->etag);
  free(r->last_modified);
  free(r->last_error);
  free(r);
}

#define ROW_COLS                                                              \
  "id, url, added_url, title, site_url, category, etag, last_modified, "     \
  "last_error, last_fetch, last_ok, next_fetch, interval, failures, "        \
  "last_status, entries_total, fetches, not_modified"

static px_feed_row *read_row(sqlite3_stmt *st) {
  px_feed_row *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->id = sqlite3_column_int64(st, 0);
  r->url = col_dup(st, 1);
  r->added_url = col_dup(st, 2);
  r->title = col_dup(st, 3);
  r->site_url = col_dup(st, 4);
  r->category = col_dup(st, 5);
  r->etag = col_dup(st, 6);
  r->last_modified = col_dup(st, 7);
  r->last_error = col_dup(st, 8);
  r->last_fetch = sqlite3_column_int64(st, 9);
  r->last_ok = sqlite3_column_int64(st, 10);
  r->next_fetch = sqlite3_column_int64(st, 11);
  r->interval = sqlite3_column_int64(st, 12);
  r->failures = sqlite3_column_int(st, 13);
  r->last_status = sqlite3_column_int(st, 14);
  r->entries_total = sqlite3_column_int64(st, 15);
  r->fetches = sqlite3_column_int64(st, 16);
  r->not_modified = sqlite3_column_int64(st, 17);
  if (!r->url || !r->added_url) {
    px_feed_row_free(r);
    return NULL;
  }
  return r;
}

px_rc px_store_feed_subscribe(px_store *s, const char *url, const char *title,
                              const char *site_url, const char *category,
                              int64_t *id, bool *created, px_err *err) {
  if (s && !px_store_sqlite(s)) return px_store_unsupported(s, "feeds", err);
  px_str u = px_str_trim(px_str_from_cstr(url ? url : ""));
  if (!u.len) return px_err_set(err, PX_EINVAL, "subscribe: empty URL");
  char *clean = strndup(u.p, u.len);
  if (!clean) return px_err_set(err, PX_ENOMEM, "subscribe: out of memory");
  px_rc rc = px_store_feeds_init(s, err);
  sqlite3_stmt *st = NULL;
  if (rc) goto out;
  st = prep(s, "INSERT OR IGNORE INTO feeds(url, added_url, title, site_url, category) "
               "VALUES(?1, ?1, ?2, ?3, ?4)", err);
  if (!st) {
    rc = PX_EDB;
    goto out;
  }
  bind_text(st, 1, clean);
  bind_text(st, 2, title);
  bind_text(st, 3, site_url);
  bind_text(st, 4, category);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = db_fail(s, err, "subscribe");
    goto out;
  }
  bool made = sqlite3_changes(px_store_sqlite(s)) > 0;
  sqlite3_finalize(st);
  st = prep(s, "UPDATE feeds SET title = coalesce(title, ?2), site_url = coalesce(site_url, ?3),"
               " category = coalesce(category, ?4) WHERE url = ?1 OR added_url = ?1 "
               "RETURNING id", err);
  if (!st) {
    rc = PX_EDB;
    goto out;
  }
  bind_text(st, 1, clean);
  bind_text(st, 2, title);
  bind_text(st, 3, site_url);
  bind_text(st, 4, category);
  int step = sqlite3_step(st);
  if (step != SQLITE_ROW) {
    rc = db_fail(s, err, "subscribe");
    goto out;
  }
  if (id) *id = sqlite3_column_int64(st, 0);
  if (created) *created = made;
out:
  sqlite3_finalize(st);
  free(clean);
  return rc;
}

px_rc px_store_feed_unsubscribe(px_store *s, int64_t id, const char *url,
                                px_err *err) {
  if (s && !px_store_sqlite(s)) return px_store_unsupported(s, "feeds", err);
  px_rc rc = px_store_feeds_init(s, err);
  if (rc) return rc;
  sqlite3_stmt *st = prep(s, id ? "DELETE FROM feeds WHERE id = ?1"
                                : "DELETE FROM feeds WHERE url = ?2 OR added_url = ?2", err);
  if (!st) return PX_EDB;
  sqlite3_bind_int64(st, 1, id);
  bind_text(st, 2, url);
  if (sqlite3_step(st) != SQLITE_DONE) rc = db_fail(s, err, "unsubscribe");
  sqlite3_finalize(st);
  if (rc) return rc;
  if (sqlite3_changes(px_store_sqlite(s)) == 0)
    return url ? px_err_set(err, PX_ENOTFOUND, "no feed %s (see parallax feeds)", url)
               : px_err_set(err, PX_ENOTFOUND, "no feed %lld (see parallax feeds)",
                            (long long)id);
  /* Foreign keys may be off; clear the dependents by hand. */
  sqlite3_exec(px_store_sqlite(s),
               "DELETE FROM feed_entries WHERE feed_id NOT IN (SELECT id FROM feeds);"
               "DELETE FROM feed_pending WHERE feed_id NOT IN (SELECT id FROM feeds);",
               NULL, NULL, NULL);
  return PX_OK;
}

px_rc px_store_feed_each(px_store *s, int64_t due_before, px_feed_row_fn fn,
                         void *ud, px_err *err) {
  if (s && !px_store_sqlite(s)) return px_store_unsupported(s, "feeds", err);
  px_rc rc = px_store_feeds_init(s, err);
  if (rc) return rc;
  sqlite3_stmt *st = prep(s, due_before > 0
                                 ? "SELECT " ROW_COLS " FROM feeds WHERE next_fetch <= ?1 ORDER BY id"
                                 : "SELECT " ROW_COLS " FROM feeds ORDER BY id", err);
  if (!st) return PX_EDB;
  if (due_before > 0) sqlite3_bind_int64(st, 1, due_before);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    px_feed_row *r = read_row(st);
    if (!r) {
      rc = px_err_set(err, PX_ENOMEM, "feeds: out of memory");
      break;
    }
    int stop = fn(r, ud);
    px_feed_row_free(r);
    if (stop) break;
  }
  if (!rc && step != SQLITE_ROW && step != SQLITE_DONE) rc = db_fail(s, err, "list");
  sqlite3_finalize(st);
  return rc;
}

px_rc px_store_feed_count(px_store *s, int64_t *feeds, int64_t *pending,
                          px_err *err) {
  if (s && !px_store_sqlite(s)) return px_store_unsupported(s, "feeds", err);
  px_rc rc = px_store_feeds_init(s, err);
  if (rc) return rc;
  sqlite3_stmt *st = prep(s, "SELECT (SELECT count(*) FROM feeds), (SELECT count(*) FROM feed_pending)", err);
  if (!st) return PX_EDB;
  if (sqlite3_step(st) == SQLITE_ROW) {
    if (feeds) *feeds = sqlite3_column_int64(st, 0);
    if (pending) *pending = sqlite3_column_int64(st, 1);
  } else {
    rc = db_fail(s, err, "count");
  }
  sqlite3_finalize(st);
  return rc;
}

px_rc px_store_feed_next_due(px_store *s, int64_t *when, px_err *err) {
  if (s && !px_store_sqlite(s)) return px_store_unsupported(s, "feeds", err);
  px_rc rc = px_store_feeds_init(s, err);
  if (rc) return rc;
  sqlite3_stmt *st = prep(s, "SELECT coalesce(min(next_fetch), 0) FROM feeds", err);
  if (!st) return PX_EDB;
  if (sqlite3_step(st) == SQLITE_ROW) *when = sqlite3_column_int64(st, 0);
  else rc = db_fail(s, err, "next due");
  sqlite3_finalize(st);
  return rc;
}

/* ---- the round: feeds ---------------------------------------------------- */

typedef struct due {
  int64_t id;
  char *url, *etag, *lm, *title;
  int64_t interval;
  int failures;
} due;

typedef struct round {
  px_store *s;
  px_pipeline *p;
  const px_feeds_opts *o;
  px_sched_cfg sched;
  px_feeds_stats *st;
  int64_t now;
  px_err *err;
  px_rc rc;               /* first store failure: stops the round */
  due *dues;
  size_t ndue, cap;
  px_robots_cache *robots;
  size_t full_min;
} round;

static void logf_(round *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_(round *r, const char *fmt, ...) {
  if (!r->o->log) return;
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  r->o->log(line, r->o->log_ud);
}

static int collect_due(const px_feed_row *row, void *ud) {
  round *r = ud;
  if (r->ndue == r->cap) {
    size_t nc = r->cap ? r->cap * 2 : 64;
    due *nd = realloc(r->dues, nc * sizeof *nd);
    if (!nd) {
      r->rc = PX_ENOMEM;
      return 1;
    }
    r->dues = nd;
    r->cap = nc;
  }
  due *d = &r->dues[r->ndue];
  memset(d, 0, sizeof *d);
  d->id = row->id;
  d->url = strdup(row->url);
  d->etag = row->etag ? strdup(row->etag) : NULL;
  d->lm = row->last_modified ? strdup(row->last_modified) : NULL;
  d->title = row->title ? strdup(row->title) : NULL;
  d->interval = row->interval;
  d->failures = row->failures;
  r->ndue++;
  if (!d->url) r->rc = PX_ENOMEM;
  return r->rc != PX_OK;
}

static void free_dues(round *r) {
  for (size_t i = 0; i < r->ndue; i++) {
    free(r->dues[i].url);
    free(r->dues[i].etag);
    free(r->dues[i].lm);
    free(r->dues[i].title);
  }
  free(r->dues);
  r->dues = NULL;
  r->ndue = r->cap = 0;
}

/* Records a failed fetch or parse: slowed, not dropped. */
static void feed_failed(round *r, due *d, long status, const char *why,
                        int64_t retry_after) {
  px_sched_state ss = {d->interval, d->failures};
  px_sched_outcome oc = {.ok = false, .retry_after = retry_after};
  int64_t delay = px_sched_next(&ss, &oc, &r->sched, (uint64_t)d->id);
  sqlite3_stmt *st = prep(r->s,
                          "UPDATE feeds SET last_fetch = ?2, next_fetch = ?3, interval = ?4,"
                          " failures = ?5, last_status = ?6, last_error = ?7,"
                          " fetches = fetches + 1 WHERE id = ?1", r->err);
  if (!st) {
    r->rc = PX_EDB;
    return;
  }
  sqlite3_bind_int64(st, 1, d->id);
  sqlite3_bind_int64(st, 2, r->now);
  sqlite3_bind_int64(st, 3, r->now + delay);
  sqlite3_bind_int64(st, 4, ss.interval);
  sqlite3_bind_int(st, 5, ss.failures);
  sqlite3_bind_int(st, 6, (int)status);
  bind_text(st, 7, why);
  if (sqlite3_step(st) != SQLITE_DONE) r->rc = db_fail(r->s, r->err, "record failure");
  sqlite3_finalize(st);
  r->st->failed++;
  logf_(r, "feed %lld %s: %s (retry in %llds)", (long long)d->id, d->url, why,
        (long long)delay);
}

static const char *html_or_text(px_feed_text_type t) {
  return t == PX_FEED_TEXT ? "text/plain" : "text/html";
}

/* Accepts the new entries of a parsed feed into feed_pending. Returns the
** number accepted, or -1 on a store failure. Runs inside the caller's
** transaction. */
static long accept_entries(round *r, due *d, const px_feed *f, const char *feed_url) {
  sqlite3_stmt *seen = prep(r->s, "INSERT OR IGNORE INTO feed_entries(feed_id, key, published, seen_at)"
                                  " VALUES(?1, ?2, ?3, ?4)", r->err);
  sqlite3_stmt *ins = prep(r->s, "INSERT INTO feed_pending(feed_id, key, link, title, published,"
                                 " source, content, content_type, full, meta)"
                                 " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", r->err);
  long n = 0;
  const char *source = f->title && *f->title ? f->title : d->title;
  /* Oldest first, so articles are added in publishing order. */
  for (size_t k = f->nentries; k-- > 0 && seen && ins;) {
    const px_feed_entry *e = &f->entries[k];
    char key[33];
    px_feed_entry_key(e, key);
    sqlite3_reset(seen);
    sqlite3_bind_int64(seen, 1, d->id);
    sqlite3_bind_text(seen, 2, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(seen, 3, e->published.iso ? e->published.t.epoch : 0);
    sqlite3_bind_int64(seen, 4, r->now);
    if (sqlite3_step(seen) != SQLITE_DONE) {
      n = -1;
      break;
    }
    if (sqlite3_changes(px_store_sqlite(r->s)) == 0) {
      r->st->entries_seen++;
      continue;
    }
    const char *content = e->content, *ctype = html_or_text(e->content_type);
    bool full = content && strlen(content) >= r->full_min;
    if (!content || (e->summary && strlen(e->summary) > strlen(content))) {
      content = e->summary;
      ctype = html_or_text(e->summary_type);
      full = false;
    }
    const char *link = e->link;
    px_buf fallback;
    px_buf_init(&fallback, 0);
    if (!link) {
      /* An entry without a link still needs a stable address. */
      px_buf_printf(&fallback, "%s#%s", feed_url, key);
      link = px_buf_cstr(&fallback);
    }
    sqlite3_reset(ins);
    sqlite3_bind_int64(ins, 1, d->id);
    sqlite3_bind_text(ins, 2, key, -1, SQLITE_TRANSIENT);
    bind_text(ins, 3, link);
    bind_text(ins, 4, e->title);
    bind_text(ins, 5, e->published.iso ? e->published.iso : e->published.raw);
    bind_text(ins, 6, source);
    bind_text(ins, 7, content);
    bind_text(ins, 8, content ? ctype : NULL);
    sqlite3_bind_int(ins, 9, full || !e->link);
    /* guid, enclosures, categories: kept with the article (schema 8); an
    ** entry whose metadata cannot be written is still taken, without it. */
    px_buf meta;
    px_buf_init(&meta, 0);
    if (px_feed_entry_meta_json(e, &meta) == PX_OK && meta.len)
      sqlite3_bind_text(ins, 10, meta.data, (int)meta.len, SQLITE_STATIC);
    else
      sqlite3_bind_null(ins, 10);
    int step = sqlite3_step(ins);
    px_buf_reset(&meta);
    px_buf_reset(&fallback);
    if (step != SQLITE_DONE) {
      n = -1;
      break;
    }
    n++;
  }
  if (!seen || !ins) n = -1;
  sqlite3_finalize(seen);
  sqlite3_finalize(ins);
  return n;
}

static void feed_done(const px_fetch_req *req, const px_fetch_res *res, void *ud) {
  round *r = ud;
  due *d = req->ud;
  if (r->rc) return;
  if (res->rc != PX_OK) {
    feed_failed(r, d, res->status, res->error ? res->error : px_strerror(res->rc),
                res->retry_after);
    return;
  }
  px_feed *f = NULL;
  px_err perr = {0};
  long nnew = 0;
  int64_t rate = 0;
  if (!res->not_modified) {
    px_feed_opts fo = {.url = res->final_url, .content_type = res->content_type,
                       .content_location = res->content_location,
                       .content_language = res->content_language};
    r->st->parsed++;
    if (px_feed_parse(res->body, res->len, &fo, &f, &perr) != PX_OK) {
      r->st->parse_failed++;
      char why[600];
      snprintf(why, sizeof why, "HTTP %ld but %s", res->status, perr.msg);
      feed_failed(r, d, res->status, why, 0);
      return;
    }
    int64_t pub[64];
    size_t np = 0;
    for (size_t i = 0; i < f->nentries && np < 64; i++)
      if (f->entries[i].published.iso) pub[np++] = f->entries[i].published.t.epoch;
    rate = px_sched_rate_interval(pub, np, &r->sched);
  }
  px_err *err = r->err;
  if ((r->rc = px_store_begin(r->s, err))) goto out;
  const char *new_url = res->moved_permanently ? res->final_url : NULL;
  if (f) {
    nnew = accept_entries(r, d, f, res->final_url);
    if (nnew < 0) {
      r->rc = db_fail(r->s, err, "accept entries");
      px_store_rollback(r->s);
      goto out;
    }
  }
  px_sched_state ss = {d->interval, d->failures};
  px_sched_outcome oc = {.ok = true, .got_new = nnew > 0, .rate_interval = rate};
  int64_t delay = px_sched_next(&ss, &oc, &r->sched, (uint64_t)d->id);
  /* A permanent move onto a URL another subscription already has would
  ** break the UNIQUE constraint: keep the old URL then. */
  sqlite3_stmt *st = prep(r->s,
                          "UPDATE feeds SET"
                          " url = CASE WHEN ?2 IS NULL OR EXISTS(SELECT 1 FROM feeds WHERE url = ?2)"
                          "  THEN url ELSE ?2 END,"
                          " etag = CASE WHEN ?3 THEN etag ELSE ?4 END,"
                          " last_modified = CASE WHEN ?3 THEN last_modified ELSE ?5 END,"
                          " title = coalesce(title, ?6), site_url = coalesce(site_url, ?7),"
                          " last_fetch = ?8, last_ok = ?8, next_fetch = ?9, interval = ?10,"
                          " failures = 0, last_status = ?11, last_error = ?13,"
                          " entries_total = entries_total + ?12, fetches = fetches + 1,"
                          " not_modified = not_modified + ?3 WHERE id = ?1", err);
  if (!st) {
    r->rc = PX_EDB;
    px_store_rollback(r->s);
    goto out;
  }
  sqlite3_bind_int64(st, 1, d->id);
  bind_text(st, 2, new_url);
  sqlite3_bind_int(st, 3, res->not_modified);
  bind_text(st, 4, res->etag);
  bind_text(st, 5, res->last_modified);
  bind_text(st, 6, f && f->title && *f->title ? f->title : NULL);
  bind_text(st, 7, f ? f->link : NULL);
  sqlite3_bind_int64(st, 8, r->now);
  sqlite3_bind_int64(st, 9, r->now + delay);
  sqlite3_bind_int64(st, 10, ss.interval);
  sqlite3_bind_int(st, 11, (int)res->status);
  sqlite3_bind_int64(st, 12, nnew);
  /* a feed that parsed with a loss (entries past the cap) says so where
  ** `parallax feeds` shows a feed's trouble */
  char warn[600];
  if (f && f->warning && *f->warning) {
    snprintf(warn, sizeof warn, "warning: %s", f->warning);
    bind_text(st, 13, warn);
  } else {
    sqlite3_bind_null(st, 13);
  }
  if (sqlite3_step(st) != SQLITE_DONE) {
    r->rc = db_fail(r->s, err, "update feed");
    sqlite3_finalize(st);
    px_store_rollback(r->s);
    goto out;
  }
  sqlite3_finalize(st);
  if ((r->rc = px_store_commit(r->s, err))) goto out;
  if (res->not_modified) r->st->not_modified++;
  else r->st->ok++;
  if (new_url) r->st->moved++;
  r->st->entries_new += (size_t)nnew;
  logf_(r, "feed %lld %s: %s, %ld new, next in %llds", (long long)d->id, d->url,
        res->not_modified ? "not modified" : "ok", nnew, (long long)delay);
out:
  px_feed_free(f);
}

/* ---- the round: pending entries ----------------------------------------- */

typedef struct pend {
  int64_t id, feed_id;
  char *key, *link, *title, *published, *source, *content, *ctype, *meta;
  bool full;
  int state;            /* 0 direct, 1 needs robots, 2 page queued, 3 done */
  char *origin;
} pend;

static void free_pend(pend *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(p[i].key);
    free(p[i].link);
    free(p[i].title);
    free(p[i].published);
    free(p[i].source);
    free(p[i].content);
    free(p[i].ctype);
    free(p[i].meta);
    free(p[i].origin);
  }
  free(p);
}

/* Runs one input through the pipeline. Returns 1 when stored (or already
** there), 0 when the input held no article, -1 on a store failure
** (r->rc set). */
static int run_pipeline(round *r, pend *e, const char *data, size_t len,
                        const char *url, const char *ctype, int64_t *article) {
  if (!data || !len) return 0;
  px_input in = {.data = data, .len = len, .url = url ? url : e->link,
                 .content_type = ctype, .title = e->title, .published = e->published,
                 /* The feed's title names the feed, not necessarily the
                 ** page's outlet (an aggregator's, a topic feed): a hint
                 ** that the page's own name and its domain come before. */
                 .source_hint = e->source, .feed_meta = e->meta};
  px_add_result res;
  px_err perr = {0};
  px_rc rc = px_pipeline_add(r->p, &in, &res, &perr);
  if (rc == PX_OK || rc == PX_EEXISTS) {
    *article = res.article_id;
    if (res.status == PX_ADDED || res.status == PX_UPDATED) r->st->added++;
    else if (res.status == PX_DUPLICATE) r->st->duplicates++;
    else r->st->unchanged++;
    return 1;
  }
  if (rc == PX_EDB || rc == PX_ENOMEM) {
    r->rc = px_err_set(r->err, rc, "%s", perr.msg);
    return -1;
  }
  logf_(r, "entry %s: %s", e->link ? e->link : e->key, perr.msg);
  return 0;
}

/* Deletes the pending row and records the article (0: none) for the key. */
static void retire_row(round *r, pend *e, int64_t article) {
  if (!article) r->st->rejected++;
  if ((r->rc = px_store_begin(r->s, r->err))) return;
  sqlite3_stmt *a = prep(r->s, "DELETE FROM feed_pending WHERE id = ?1", r->err);
  sqlite3_stmt *b = prep(r->s, "UPDATE feed_entries SET article_id = ?3 WHERE feed_id = ?1 AND key = ?2",
                         r->err);
  bool ok = a && b;
  if (ok) {
    sqlite3_bind_int64(a, 1, e->id);
    sqlite3_bind_int64(b, 1, e->feed_id);
    sqlite3_bind_text(b, 2, e->key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(b, 3, article);
    ok = sqlite3_step(a) == SQLITE_DONE && sqlite3_step(b) == SQLITE_DONE;
  }
  if (!ok) r->rc = db_fail(r->s, r->err, "retire entry");
  sqlite3_finalize(a);
  sqlite3_finalize(b);
  if (r->rc) px_store_rollback(r->s);
  else r->rc = px_store_commit(r->s, r->err);
  e->state = 3;
}

/* The feed's own text (full article or summary) into the pipeline. */
static void retire_fallback(round *r, pend *e) {
  int64_t article = 0;
  if (run_pipeline(r, e, e->content, e->content ? strlen(e->content) : 0, NULL, e->ctype,
                   &article) < 0)
    return;
  retire_row(r, e, article);
}

typedef struct page_ctx {
  round *r;
  pend *items;
  size_t n;
} page_ctx;

static void robots_done(const px_fetch_req *req, const px_fetch_res *res, void *ud) {
  page_ctx *pc = ud;
  const char *origin = req->ud;
  long status = res->rc == PX_OK || res->status >= 400 ? res->status : 0;
  px_robots_cache_put(pc->r->robots, origin, (int)status, res->body, res->len,
                      PX_FETCH_ROBOTS_AGENT, pc->r->now);
  pc->r->st->robots_fetched++;
}

static void page_done(const px_fetch_req *req, const px_fetch_res *res, void *ud) {
  page_ctx *pc = ud;
  round *r = pc->r;
  pend *e = req->ud;
  if (r->rc) return;
  int64_t article = 0;
  int got = 0;
  if (res->rc == PX_OK && res->len > 0 && !res->not_modified) {
    r->st->pages_fetched++;
    got = run_pipeline(r, e, res->body, res->len, res->final_url,
                       res->content_type ? res->content_type : "text/html", &article);
    if (got < 0) return;
  } else {
    r->st->pages_failed++;
    logf_(r, "page %s: %s; using the feed's text", e->link, res->error ? res->error : "empty");
  }
  /* No page, or a page with no article in it (paywall, video): the feed's
  ** own text is better than nothing. */
  if (!got && run_pipeline(r, e, e->content, e->content ? strlen(e->content) : 0, NULL,
                           e->ctype, &article) < 0)
    return;
  retire_row(r, e, article);
}

static px_rc load_pending(round *r, int64_t after, pend **out, size_t *n) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = prep(r->s, "SELECT id, feed_id, key, link, title, published, source,"
                                " content, content_type, full, meta FROM feed_pending"
                                " WHERE id > ?1 ORDER BY id LIMIT 256", r->err);
  if (!st) return PX_EDB;
  sqlite3_bind_int64(st, 1, after);
  pend *p = calloc(256, sizeof *p);
  if (!p) {
    sqlite3_finalize(st);
    return px_err_set(r->err, PX_ENOMEM, "feeds: out of memory");
  }
  size_t k = 0;
  int step;
  while (k < 256 && (step = sqlite3_step(st)) == SQLITE_ROW) {
    pend *e = &p[k++];
    e->id = sqlite3_column_int64(st, 0);
    e->feed_id = sqlite3_column_int64(st, 1);
    e->key = col_dup(st, 2);
    e->link = col_dup(st, 3);
    e->title = col_dup(st, 4);
    e->published = col_dup(st, 5);
    e->source = col_dup(st, 6);
    e->content = col_dup(st, 7);
    e->ctype = col_dup(st, 8);
    e->full = sqlite3_column_int(st, 9) != 0;
    e->meta = col_dup(st, 10);
  }
  sqlite3_finalize(st);
  *out = p;
  *n = k;
  return PX_OK;
}

static bool stopping(const round *r) { return r->o->stop && *r->o->stop; }

static px_fetch_opts fetch_opts(const round *r) {
  px_fetch_opts fo = {.max_total = r->o->max_total, .max_per_host = r->o->max_per_host,
                      .timeout_ms = r->o->timeout_ms, .max_bytes = r->o->max_bytes};
  return fo;
}

static px_rc work_pending(round *r) {
  int64_t after = 0;
  while (!r->rc && !stopping(r)) {
    pend *items;
    size_t n;
    px_rc rc = load_pending(r, after, &items, &n);
    if (rc) return rc;
    if (!n) {
      free(items);
      break;
    }
    after = items[n - 1].id;
    page_ctx pc = {r, items, n};
    px_fetcher *fr = NULL, *fp = NULL;
    px_fetch_opts fo = fetch_opts(r);
    fo.accept = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8, */*;q=0.5";
    px_buf tmp;
    px_buf_init(&tmp, 1 << 16);
    /* Decide per item; queue robots.txt for origins not cached yet. */
    for (size_t i = 0; i < n && !r->rc; i++) {
      pend *e = &items[i];
      if (e->full || !r->o->fetch_pages || !e->link ||
          !px_str_istarts(px_str_from_cstr(e->link), "http")) {
        e->state = 0;
        continue;
      }
      if (px_url_origin(e->link, strlen(e->link), &tmp) != PX_OK) {
        e->state = 0;
        continue;
      }
      e->origin = strdup(px_buf_cstr(&tmp));
      e->state = 1;
      if (px_robots_cache_get(r->robots, e->origin, r->now)) continue;
      bool queued = false;
      for (size_t j = 0; j < i; j++)
        if (items[j].origin && !strcmp(items[j].origin, e->origin)) queued = true;
      if (queued) continue;
      if (!fr && px_fetcher_new(&fo, &fr, r->err)) return PX_ENOMEM;
      px_buf_puts(&tmp, "/robots.txt");
      px_fetch_req q = {.url = px_buf_cstr(&tmp), .ud = e->origin};
      if (px_fetcher_add(fr, &q, NULL) != PX_OK)
        px_robots_cache_put(r->robots, e->origin, 404, NULL, 0, PX_FETCH_ROBOTS_AGENT, r->now);
    }
    if (fr) px_fetcher_run(fr, robots_done, &pc, r->o->stop, r->err);
    px_fetcher_free(fr);
    /* Queue the allowed pages; the rest use the feed's text. */
    for (size_t i = 0; i < n && !r->rc && !stopping(r); i++) {
      pend *e = &items[i];
      if (e->state == 0) {
        retire_fallback(r, e);
        continue;
      }
      const px_robots *rb = px_robots_cache_get(r->robots, e->origin, r->now);
      if (!rb) continue;  /* stopped before its robots.txt came: stays pending */
      tmp.len = 0;
      px_url_path_query(e->link, strlen(e->link), &tmp);
      if (!px_robots_allowed(rb, px_buf_cstr(&tmp), tmp.len)) {
        r->st->robots_blocked++;
        retire_fallback(r, e);
        continue;
      }
      if (!fp && px_fetcher_new(&fo, &fp, r->err)) return PX_ENOMEM;
      double delay = px_robots_crawl_delay(rb);
      if (delay > 0) {
        tmp.len = 0;
        if (px_url_host(e->link, strlen(e->link), &tmp) == PX_OK &&
            px_fetcher_host_delay(fp, px_buf_cstr(&tmp), delay, NULL) != PX_OK) {
          retire_fallback(r, e);
          continue;
        }
      }
      px_fetch_req q = {.url = e->link, .ud = e};
      if (px_fetcher_add(fp, &q, NULL) != PX_OK) retire_fallback(r, e);
      else e->state = 2;
    }
    if (fp) px_fetcher_run(fp, page_done, &pc, r->o->stop, r->err);
    px_fetcher_free(fp);
    px_buf_reset(&tmp);
    free_pend(items, n);
  }
  return r->rc;
}

px_rc px_feeds_round(px_store *s, px_pipeline *p, const px_feeds_opts *o,
                     px_feeds_stats *stats, px_err *err) {
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  memset(stats, 0, sizeof *stats);
  round r = {.s = s, .p = p, .o = o, .st = stats, .err = err};
  r.now = o->now ? o->now : (int64_t)time(NULL);
  r.sched = o->sched;
  if (!r.sched.max_interval) px_sched_defaults(&r.sched);
  r.full_min = o->full_text_min ? o->full_text_min : 1500;
  px_rc rc = px_store_feeds_init(s, err);
  if (rc) return rc;
  r.robots = o->robots ? o->robots : px_robots_cache_new(86400);
  if (!r.robots) return px_err_set(err, PX_ENOMEM, "feeds: out of memory");

  /* Entries left pending by an interrupted run go first. */
  rc = work_pending(&r);
  if (!rc && !stopping(&r)) rc = px_store_feed_each(s, o->all ? 0 : r.now, collect_due, &r, err);
  if (!rc) rc = r.rc;
  if (!rc && r.ndue && !stopping(&r)) {
    stats->due = r.ndue;
    px_fetch_opts fo = fetch_opts(&r);
    px_fetcher *f = NULL;
    rc = px_fetcher_new(&fo, &f, err);
    for (size_t i = 0; !rc && i < r.ndue; i++) {
      px_fetch_req q = {.url = r.dues[i].url, .etag = r.dues[i].etag,
                        .last_modified = r.dues[i].lm, .ud = &r.dues[i]};
      px_err aerr = {0};
      if (px_fetcher_add(f, &q, &aerr) != PX_OK) feed_failed(&r, &r.dues[i], 0, aerr.msg, 0);
    }
    struct timespec f0, f1;
    clock_gettime(CLOCK_MONOTONIC, &f0);
    if (!rc) rc = px_fetcher_run(f, feed_done, &r, o->stop, err);
    clock_gettime(CLOCK_MONOTONIC, &f1);
    stats->fetch_seconds = (double)(f1.tv_sec - f0.tv_sec) + (f1.tv_nsec - f0.tv_nsec) / 1e9;
    px_fetcher_free(f);
    if (!rc) rc = r.rc;
    if (!rc) rc = work_pending(&r);
  }
  int64_t nfeeds = 0, npend = 0;
  if (!rc) px_store_feed_count(s, &nfeeds, &npend, NULL);
  stats->pending_left = (size_t)npend;
  free_dues(&r);
  if (!o->robots) px_robots_cache_free(r.robots);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  stats->seconds = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  return rc;
}
