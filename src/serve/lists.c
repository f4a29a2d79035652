/*
** lists.c: the story listing for the front page, the API and the front
** feed, in one SQL statement with LIMIT/OFFSET (the store's own listing
** has no paging). It reads only the columns it shows. "Updated" here is
** the newest article's publish time (NULL when none is known): what a
** reader means by a story's age, rather than when it was last computed.
** Memory: each row is malloc'd and freed with px_story_row_free after fn.
**
** Only the stories that can reach the page are ranked (issue 16): a
** story's rank is its coverage halved per day of age, and its coverage is
** at most its article count, so a story last reported more than W before
** the newest report ranks below max(n_articles) * 2^(-W/day). The listing
** ranks the stories inside a window W (stories_last), and once the
** page's last place inside it outranks that bound the page is the one
** ranking every story would give; else W doubles, up to all stories.
** The ranking reads only the index stories_rank (last_utc and the
** figures); the page's rows are read once it is known.
*/
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serve/app.h"

static char *col(sqlite3_stmt *s, int i) {
  const unsigned char *t = sqlite3_column_text(s, i);
  return t ? strdup((const char *)t) : NULL;
}

static int64_t one_int(sqlite3 *db, const char *sql, int *ok) {
  sqlite3_stmt *s = NULL;
  int64_t v = 0;
  *ok = sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW;
  if (*ok) v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return v;
}

/* The oldest last_utc a story can have and still be among the first n
** of PX_STORY_ORDER_SQL; INT64_MIN when every story must be ranked (or
** on any doubt). */
static int64_t rank_cut(sqlite3 *db, size_t n) {
  int ok1, ok2, ok3;
  int64_t now = one_int(db, "SELECT max(last_utc) FROM stories", &ok1);
  int64_t oldest = one_int(db, "SELECT min(last_utc) FROM stories", &ok2);
  int64_t maxart = one_int(db, "SELECT max(n_articles) FROM stories", &ok3);
  if (!ok1 || !ok2 || !ok3 || n == 0 || n > 100000 || maxart <= 0)
    return INT64_MIN;
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT px_rank(n_outlets, n_articles, last_utc, ?1)"
                         " AS r FROM stories WHERE last_utc >= ?2"
                         " ORDER BY r DESC LIMIT 1 OFFSET ?3",
                         -1, &s, NULL) != SQLITE_OK)
    return INT64_MIN;
  int64_t cut = INT64_MIN;
  for (int64_t w = 2 * 86400; now - w > oldest && w < INT64_MAX / 4; w *= 2) {
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, now);
    sqlite3_bind_int64(s, 2, now - w);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)n - 1);
    if (sqlite3_step(s) != SQLITE_ROW) continue;   /* fewer than n inside */
    double nth = sqlite3_column_double(s, 0);
    /* Outside the window: older than w, so below this (with a margin far
    ** wider than rounding). */
    double bound = (double)maxart * exp2(-((double)w / 3600.0) / 24.0);
    if (bound < nth * (1 - 1e-9)) {
      cut = now - w;
      break;
    }
  }
  sqlite3_finalize(s);
  return cut;
}

px_rc px_story_list(px_store *st, size_t offset, size_t limit, px_story_fn fn,
                    void *ud, size_t *total, px_err *err) {
  if (st && !px_store_sqlite(st)) return px_store_unsupported(st, "the story list", err);
  sqlite3 *db = px_store_sqlite(st);
  sqlite3_stmt *s = NULL;
  if (total) {
    *total = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM stories", -1, &s, NULL) !=
        SQLITE_OK)
      return px_err_set(err, PX_EDB, "stories: %s", sqlite3_errmsg(db));
    if (sqlite3_step(s) == SQLITE_ROW) *total = (size_t)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
  }
  /* The same order as px_store_story_each (store.h). */
  const char *sql =
      "SELECT s.id, s.title, s.topic, s.n_articles, s.n_outlets,"
      " s.first_published, s.last_published,"
      " strftime('%Y-%m-%dT%H:%M:%SZ', NULLIF(s.last_utc, 0), 'unixepoch'),"
      " s.first_utc, nullif(s.last_utc, 0) * (s.first_utc != 0)"
      " FROM (SELECT s.id FROM stories s WHERE s.last_utc >= ?3"
      PX_STORY_ORDER_SQL " LIMIT ?1 OFFSET ?2) AS page"
      " JOIN stories s ON s.id = page.id" PX_STORY_ORDER_SQL;
  int64_t cut = limit && offset < 100000 ? rank_cut(db, offset + limit)
                                         : INT64_MIN;
  if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "stories: %s", sqlite3_errmsg(db));
  sqlite3_bind_int64(s, 1, (sqlite3_int64)limit);
  sqlite3_bind_int64(s, 2, (sqlite3_int64)offset);
  sqlite3_bind_int64(s, 3, cut);
  int r;
  px_rc rc = PX_OK;
  while ((r = sqlite3_step(s)) == SQLITE_ROW) {
    px_story_row *row = calloc(1, sizeof *row);
    if (!row) {
      rc = px_err_set(err, PX_ENOMEM, "out of memory");
      break;
    }
    row->id = sqlite3_column_int64(s, 0);
    row->title = col(s, 1);
    row->topic = col(s, 2);
    row->narticles = sqlite3_column_int64(s, 3);
    row->nsources = sqlite3_column_int64(s, 4);
    row->first_published = col(s, 5);
    row->last_published = col(s, 6);
    row->updated_at = col(s, 7);
    row->first_utc = sqlite3_column_int64(s, 8);
    row->last_utc = sqlite3_column_int64(s, 9);  /* 0 when no report is dated */
    int stop = fn(row, ud);
    px_story_row_free(row);
    if (stop) break;
  }
  if (!rc && r != SQLITE_ROW && r != SQLITE_DONE)
    rc = px_err_set(err, PX_EDB, "stories: %s", sqlite3_errmsg(db));
  sqlite3_finalize(s);
  return rc;
}
