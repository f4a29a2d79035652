/*
** auth.c: making, listing, revoking and checking API tokens (see auth.h).
** Lookups are by hash, so the token itself is never compared or stored.
** An expiry is checked on every use against the clock, not swept.
*/
#include "serve/auth.h"

#include <sqlite3.h>
#include <string.h>
#include <time.h>
#include <sys/random.h>

#include "serve/sha256.h"
#include "util/err.h"
#include "util/str.h"

px_rc px_auth_init(px_store *st, px_err *err) {
  if (st && !px_store_sqlite(st)) return px_store_unsupported(st, "API tokens", err);
  sqlite3 *db = px_store_sqlite(st);
  if (sqlite3_exec(db,
                   "CREATE TABLE IF NOT EXISTS api_tokens("
                   " id INTEGER PRIMARY KEY,"
                   " hash TEXT NOT NULL UNIQUE,"
                   " name TEXT NOT NULL DEFAULT '',"
                   " created_at TEXT NOT NULL"
                   "  DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))",
                   NULL, NULL, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "tokens: %s", sqlite3_errmsg(db));
  /* Stores made before tokens could expire lack the column; 0: never. */
  sqlite3_stmt *s = NULL;
  int has = 0;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info('api_tokens')"
                             " WHERE name='expires_utc'", -1, &s, NULL) ==
      SQLITE_OK)
    has = sqlite3_step(s) == SQLITE_ROW;
  sqlite3_finalize(s);
  if (!has && sqlite3_exec(db,
                           "ALTER TABLE api_tokens ADD COLUMN expires_utc "
                           "INTEGER NOT NULL DEFAULT 0",
                           NULL, NULL, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "tokens: %s", sqlite3_errmsg(db));
  return PX_OK;
}

px_rc px_auth_token_create(px_store *st, const char *name,
                           char out[PX_TOKEN_LEN + 1], px_err *err) {
  return px_auth_token_create_until(st, name, 0, out, err);
}

px_rc px_auth_token_create_until(px_store *st, const char *name,
                                 int64_t expires_utc,
                                 char out[PX_TOKEN_LEN + 1], px_err *err) {
  if (st && !px_store_sqlite(st)) return px_store_unsupported(st, "API tokens", err);
  static const char hex[] = "0123456789abcdef";
  unsigned char rnd[32];
  size_t got = 0;
  while (got < sizeof rnd) {
    ssize_t n = getrandom(rnd + got, sizeof rnd - got, 0);
    if (n <= 0) return px_err_set(err, PX_EIO, "tokens: no randomness");
    got += (size_t)n;
  }
  char tok[PX_TOKEN_LEN + 1];
  memcpy(tok, "pxt_", 4);
  for (size_t i = 0; i < sizeof rnd; i++) {
    tok[4 + 2 * i] = hex[rnd[i] >> 4];
    tok[5 + 2 * i] = hex[rnd[i] & 15];
  }
  tok[PX_TOKEN_LEN] = '\0';
  char hash[65];
  px_sha256_hex(tok, PX_TOKEN_LEN, hash);
  px_rc rc = px_auth_init(st, err);
  if (rc) return rc;
  sqlite3 *db = px_store_sqlite(st);
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO api_tokens(hash, name, expires_utc) "
                         "VALUES(?,?,?)",
                         -1, &s, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "tokens: %s", sqlite3_errmsg(db));
  sqlite3_bind_text(s, 1, hash, 64, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, name ? name : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 3, expires_utc > 0 ? expires_utc : 0);
  if (sqlite3_step(s) != SQLITE_DONE)
    rc = px_err_set(err, PX_EDB, "tokens: %s", sqlite3_errmsg(db));
  sqlite3_finalize(s);
  if (!rc) memcpy(out, tok, sizeof tok);
  return rc;
}

int px_auth_check(px_store *st, const char *header) {
  if (st && !px_store_sqlite(st)) return 0;  /* not on this backend yet */
  if (!st || !header) return 0;
  px_str h = px_str_trim(px_str_from_cstr(header));
  if (!px_str_istarts(h, "bearer ")) return 0;
  px_str t = px_str_trim(px_str_make(h.p + 7, h.len - 7));
  if (t.len != PX_TOKEN_LEN) return 0;
  char hash[65];
  px_sha256_hex(t.p, t.len, hash);
  sqlite3 *db = px_store_sqlite(st);
  sqlite3_stmt *s = NULL;
  int ok = 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT 1 FROM api_tokens WHERE hash=?"
                         " AND (expires_utc = 0 OR expires_utc > ?)",
                         -1, &s, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_text(s, 1, hash, 64, SQLITE_STATIC);
  sqlite3_bind_int64(s, 2, (int64_t)time(NULL));
  ok = sqlite3_step(s) == SQLITE_ROW;
  sqlite3_finalize(s);
  return ok;
}

px_rc px_auth_token_each(px_store *st, px_token_fn fn, void *ud, px_err *err) {
  if (st && !px_store_sqlite(st)) return px_store_unsupported(st, "API tokens", err);
  px_rc rc = px_auth_init(st, err);
  if (rc) return rc;
  sqlite3 *db = px_store_sqlite(st);
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT id, name, created_at, expires_utc FROM "
                         "api_tokens ORDER BY id",
                         -1, &s, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "tokens: %s", sqlite3_errmsg(db));
  int step;
  while ((step = sqlite3_step(s)) == SQLITE_ROW) {
    px_token_row r;
    r.id = sqlite3_column_int64(s, 0);
    r.name = (const char *)sqlite3_column_text(s, 1);
    r.created_at = (const char *)sqlite3_column_text(s, 2);
    r.expires_utc = sqlite3_column_int64(s, 3);
    if (fn(&r, ud)) break;
  }
  if (step != SQLITE_ROW && step != SQLITE_DONE)
    rc = px_err_set(err, PX_EDB, "tokens: %s", sqlite3_errmsg(db));
  sqlite3_finalize(s);
  return rc;
}

px_rc px_auth_token_revoke(px_store *st, int64_t id, px_err *err) {
  if (st && !px_store_sqlite(st)) return px_store_unsupported(st, "API tokens", err);
  px_rc rc = px_auth_init(st, err);
  if (rc) return rc;
  sqlite3 *db = px_store_sqlite(st);
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(db, "DELETE FROM api_tokens WHERE id=?", -1, &s,
                         NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "tokens: %s", sqlite3_errmsg(db));
  sqlite3_bind_int64(s, 1, id);
  if (sqlite3_step(s) != SQLITE_DONE)
    rc = px_err_set(err, PX_EDB, "tokens: %s", sqlite3_errmsg(db));
  else if (sqlite3_changes(db) == 0)
    rc = px_err_set(err, PX_ENOTFOUND, "no token with id %lld", (long long)id);
  sqlite3_finalize(s);
  return rc;
}
