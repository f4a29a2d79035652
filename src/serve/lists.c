/*
** lists.c: the story listing for the front page, the API and the front
** feed, in one SQL statement with LIMIT/OFFSET (the store's own listing
** has no paging). It reads only the columns it shows. "Updated" here is
** the newest article's publish time (NULL when none is known): what a
** reader means by a story's age, rather than when it was last computed.
** Memory: each row is malloc'd and freed with px_story_row_free after fn.
*/
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "serve/app.h"

static char *col(sqlite3_stmt *s, int i) {
  const unsigned char *t = sqlite3_column_text(s, i);
  return t ? strdup((const char *)t) : NULL;
}

px_rc px_story_list(px_store *st, size_t offset, size_t limit, px_story_fn fn,
                    void *ud, size_t *total, px_err *err) {
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
      " FROM stories s" PX_STORY_ORDER_SQL " LIMIT ?1 OFFSET ?2";
  if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "stories: %s", sqlite3_errmsg(db));
  sqlite3_bind_int64(s, 1, (sqlite3_int64)limit);
  sqlite3_bind_int64(s, 2, (sqlite3_int64)offset);
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
