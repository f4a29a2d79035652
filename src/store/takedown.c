/*
** takedown.c: the takedowns table: the audit log of removals, which is
** also the list of URLs and outlets refused on ingest.
** Memory: rows passed to callbacks are borrowed for the call only.
*/
#include "store/takedown.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "extract/outlets.h"
#include "util/err.h"

static const char create_sql[] =
    "CREATE TABLE IF NOT EXISTS takedowns("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK(kind IN ('source','url')),"
    "  value TEXT NOT NULL,"        /* outlet name or URL key */
    "  reason TEXT NOT NULL DEFAULT '',"
    "  narticles INTEGER NOT NULL DEFAULT 0,"
    "  article_ids TEXT NOT NULL DEFAULT '[]',"
    "  removed_at TEXT NOT NULL"
    "    DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX IF NOT EXISTS takedowns_value ON takedowns(value COLLATE "
    "NOCASE);";

px_rc px_takedown_init(px_store *st, px_err *err) {
  sqlite3 *db = st ? px_store_sqlite(st) : NULL;
  if (!db) return px_err_set(err, PX_EINVAL, "takedown: no store");
  if (sqlite3_exec(db, create_sql, NULL, NULL, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  return PX_OK;
}

void px_takedown_url_key(const char *url, char *out) {
  size_t n = strcspn(url, "#");
  while (n > 1 && url[n - 1] == '/') n--;
  memcpy(out, url, n);
  out[n] = '\0';
}

int px_takedown_is_blocked(px_store *st, const char *url, const char *source) {
  sqlite3 *db = st ? px_store_sqlite(st) : NULL;
  if (!db) return 0;
  sqlite3_stmt *s = NULL;
  int blocked = 0;
  char *key = NULL;
  if (url) {
    key = malloc(strlen(url) + 1);
    if (!key) return 1;  /* cannot check: refuse rather than re-ingest */
    px_takedown_url_key(url, key);
  }
  if (sqlite3_prepare_v2(db,
                         "SELECT 1 FROM takedowns WHERE "
                         "(kind='url' AND value=?1) OR "
                         "(kind='source' AND value=?2 COLLATE NOCASE) LIMIT 1",
                         -1, &s, NULL) != SQLITE_OK) {
    /* No table yet means nothing was ever taken down. */
    free(key);
    return 0;
  }
  if (key) sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
  if (source && *source)
    sqlite3_bind_text(s, 2, px_outlet_canonical(source), -1, SQLITE_STATIC);
  blocked = sqlite3_step(s) == SQLITE_ROW;
  sqlite3_finalize(s);
  free(key);
  return blocked;
}

px_rc px_takedown_record(px_store *st, px_takedown_kind kind,
                         const char *value, const char *reason,
                         int64_t narticles, const char *ids_json, int64_t *id,
                         px_err *err) {
  sqlite3 *db = st ? px_store_sqlite(st) : NULL;
  if (!db || !value || !*value)
    return px_err_set(err, PX_EINVAL, "takedown: nothing to record");
  px_rc rc = px_takedown_init(st, err);
  if (rc) return rc;
  char *key = malloc(strlen(value) + 1);
  if (!key) return px_err_set(err, PX_ENOMEM, "out of memory");
  if (kind == PX_TAKEDOWN_URL)
    px_takedown_url_key(value, key);
  else
    memcpy(key, value, strlen(value) + 1);
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO takedowns(kind, value, reason, "
                         "narticles, article_ids) VALUES(?1,?2,?3,?4,?5)",
                         -1, &s, NULL) != SQLITE_OK) {
    free(key);
    return px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  }
  sqlite3_bind_text(s, 1, kind == PX_TAKEDOWN_URL ? "url" : "source", -1,
                    SQLITE_STATIC);
  sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 3, reason ? reason : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 4, narticles);
  sqlite3_bind_text(s, 5, ids_json ? ids_json : "[]", -1, SQLITE_STATIC);
  if (sqlite3_step(s) != SQLITE_DONE)
    rc = px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  else if (id)
    *id = sqlite3_last_insert_rowid(db);
  sqlite3_finalize(s);
  free(key);
  return rc;
}

static const char *col(sqlite3_stmt *s, int i) {
  const unsigned char *t = sqlite3_column_text(s, i);
  return t ? (const char *)t : "";
}

px_rc px_takedown_each(px_store *st, px_takedown_fn fn, void *ud,
                       px_err *err) {
  sqlite3 *db = st ? px_store_sqlite(st) : NULL;
  px_rc rc = px_takedown_init(st, err);
  if (rc) return rc;
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT id, kind, value, reason, narticles, "
                         "article_ids, removed_at FROM takedowns "
                         "ORDER BY id DESC",
                         -1, &s, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  int r;
  while ((r = sqlite3_step(s)) == SQLITE_ROW) {
    px_takedown_row row;
    row.id = sqlite3_column_int64(s, 0);
    row.kind = col(s, 1);
    row.value = col(s, 2);
    row.reason = col(s, 3);
    row.narticles = sqlite3_column_int64(s, 4);
    row.ids_json = col(s, 5);
    row.removed_at = col(s, 6);
    if (fn(&row, ud)) break;
  }
  if (r != SQLITE_ROW && r != SQLITE_DONE)
    rc = px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  sqlite3_finalize(s);
  return rc;
}
