/*
** store_sqlite.c: the SQLite backend of store.h, the embedded default.
**
** One connection per px_store, WAL journal, foreign keys on, a busy
** timeout so a reader (the web server) and a writer (an ingest) can share
** the file. Statements are prepared per call: the store is not the hot
** path, and this keeps ownership obvious. Every SQL value goes through
** sqlite3_bind_*; nothing from outside is formatted into SQL text.
*/
#include "store/store_int.h"
#include "store/schema.h"
#include "store/fts_px.h"
#include "store/takedown.h"
#include "analyze/zone.h"
#include "extract/outlets.h"
#include "ingest/url.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/str.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* The SQLite store: the shared state (store_int.h) and the connection. */
typedef struct sq_store {
  struct px_store base;
  sqlite3 *db;
} sq_store;
#define DB(s) (((sq_store *)(s))->db)

/* px_rank(outlets, articles, last_utc, now): a story's place on the front
** page. Coverage (each outlet counts one, each further article of an
** outlet a quarter) halved for every PX_RANK_HALF_LIFE hours its newest
** report is older than `now` (the newest report in the store, so an
** archive ranks as it would have on its last day). A story told by thirty
** outlets yesterday still leads one told by three this hour; two days
** later it no longer does. */
#define PX_RANK_HALF_LIFE 24.0
static void rank_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  double outlets = (double)sqlite3_value_int64(argv[0]);
  double articles = (double)sqlite3_value_int64(argv[1]);
  int64_t last = sqlite3_value_int64(argv[2]), now = sqlite3_value_int64(argv[3]);
  double age_h = now > last ? (double)(now - last) / 3600.0 : 0;
  double cov = outlets + 0.25 * (articles > outlets ? articles - outlets : 0);
  sqlite3_result_double(ctx, cov * exp2(-age_h / PX_RANK_HALF_LIFE));
}

/* px_url_norm(url), px_url_key(url), px_url_hash(url), px_name_key(name):
** the one normaliser (ingest/url.h) and the takedown keys
** (store/takedown.h) in SQL, for schema 7's upgrade and the takedown's
** look-ups. NULL gives NULL. */
static void key_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const char *v = (const char *)sqlite3_value_text(argv[0]);
  if (!v) {
    sqlite3_result_null(ctx);
    return;
  }
  size_t n = (size_t)sqlite3_value_bytes(argv[0]);
  intptr_t which = (intptr_t)sqlite3_user_data(ctx);
  px_buf b;
  px_buf_init(&b, 0);
  char hash[33];
  px_rc rc;
  switch (which) {
  case 0: rc = px_url_normalize(v, n, 0, &b); break;
  case 1: rc = px_url_normalize(v, n, PX_URL_KEY, &b); break;
  case 2:
    rc = px_takedown_url_hash(v, n, hash);
    if (!rc) rc = px_buf_puts(&b, hash);
    break;
  default: rc = px_takedown_name_key(v, n, &b); break;
  }
  if (rc)
    sqlite3_result_error_nomem(ctx);
  else
    sqlite3_result_text(ctx, b.data ? b.data : "", (int)b.len, SQLITE_TRANSIENT);
  px_buf_reset(&b);
}

static void register_functions(sqlite3 *db) {
  static const char *const names[] = {"px_url_norm", "px_url_key", "px_url_hash",
                                      "px_name_key"};
  for (intptr_t i = 0; i < 4; i++)
    sqlite3_create_function(db, names[i], 1,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                            (void *)i, key_fn, NULL, NULL);
}

static px_rc db_err(px_store *s, px_err *err, const char *what) {
  return px_err_set(err, PX_EDB, "%s: %s", what, sqlite3_errmsg(DB(s)));
}

static px_rc exec(px_store *s, const char *sql, px_err *err) {
  char *msg = NULL;
  if (sqlite3_exec(DB(s), sql, NULL, NULL, &msg) != SQLITE_OK) {
    px_err_set(err, PX_EDB, "%s", msg ? msg : sqlite3_errmsg(DB(s)));
    sqlite3_free(msg);
    return PX_EDB;
  }
  return PX_OK;
}

static px_rc prepare(px_store *s, const char *sql, sqlite3_stmt **st,
                     px_err *err) {
  if (sqlite3_prepare_v2(DB(s), sql, -1, st, NULL) != SQLITE_OK)
    return db_err(s, err, "prepare");
  return PX_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v) {
  if (v) sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(st, i);
}

static char *col_dup(sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  if (!t) return NULL;
  return strdup((const char *)t);
}

static px_rc migrate(px_store *s, px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "PRAGMA user_version", &st, err);
  if (rc) return rc;
  int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  sqlite3_finalize(st);
  if (version > PX_SCHEMA_VERSION)
    return px_err_set(err, PX_EDB,
                      "%s: schema version %d is newer than this build (%d)",
                      s->path, version, PX_SCHEMA_VERSION);
  for (int v = version; v < PX_SCHEMA_VERSION; v++) {
    if ((rc = exec(s, "BEGIN IMMEDIATE", err))) return rc;
    char bump[64];
    snprintf(bump, sizeof bump, "PRAGMA user_version=%d", v + 1);
    if ((rc = exec(s, px_migrations[v], err)) || (rc = exec(s, bump, err))) {
      exec(s, "ROLLBACK", NULL);
      px_err_prefix(err, "%s: migration to schema %d: ", s->path, v + 1);
      return rc;
    }
    if ((rc = exec(s, "COMMIT", err))) return rc;
  }
  return PX_OK;
}

static const px_store_ops sq_ops;
static void sq_close(px_store *s);

px_rc px_store_sqlite_open(const char *path, px_store **out, px_err *err) {
  sq_store *q = calloc(1, sizeof *q);
  if (!q) return px_err_set(err, PX_ENOMEM, "out of memory");
  px_store *s = &q->base;
  s->ops = &sq_ops;
  s->path = strdup(path);
  if (!s->path) {
    free(q);
    return px_err_set(err, PX_ENOMEM, "out of memory");
  }
  px_rc rc;
  if (sqlite3_open_v2(path, &DB(s),
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                          SQLITE_OPEN_NOMUTEX,
                      NULL) != SQLITE_OK) {
    rc = px_err_set(err, PX_EDB, "%s: cannot open store: %s", path,
                    DB(s) ? sqlite3_errmsg(DB(s)) : "out of memory");
    goto fail;
  }
  sqlite3_busy_timeout(DB(s), 10000);
  sqlite3_extended_result_codes(DB(s), 1);
  sqlite3_create_function(DB(s), "px_rank", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                          NULL, rank_fn, NULL, NULL);
  register_functions(DB(s));
  /* Before the migrations: schema 11 builds the index with it. */
  if ((rc = px_store_fts_register(DB(s), err))) {
    px_err_prefix(err, "%s: ", path);
    goto fail;
  }
  /* secure_delete: whatever any change deletes or replaces is overwritten
  ** in the page, not left in its free space, so removed text (a takedown,
  ** a deleted article, a story's old title) is gone from the file once
  ** the WAL is checkpointed. */
  if ((rc = exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;", err))) {
    px_err_prefix(err, "%s: ", path);
    goto fail;
  }
  if ((rc = migrate(s, err))) goto fail;
  *out = s;
  return PX_OK;
fail:
  sq_close(s);
  return rc;
}

static void sq_close(px_store *s) {
  if (!s) return;
  if (s->depth) exec(s, "ROLLBACK", NULL);
  sqlite3_close_v2(DB(s));
  free(s->path);
  free(s);
}

static struct sqlite3 *sq_sqlite(px_store *s) { return DB(s); }

static px_rc sq_generation(px_store *s, int64_t *g, px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "SELECT value FROM counters WHERE name='generation'", &st, err);
  if (rc) return rc;
  int r = sqlite3_step(st);
  if (r == SQLITE_ROW) *g = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  if (r != SQLITE_ROW) return db_err(s, err, "reading the store's generation");
  return PX_OK;
}

static px_rc sq_begin(px_store *s, px_err *err) {
  if (s->depth++ == 0) {
    s->failed = 0;
    px_rc rc = exec(s, "BEGIN IMMEDIATE", err);
    if (rc) s->depth = 0;
    return rc;
  }
  return PX_OK;
}

static px_rc sq_commit(px_store *s, px_err *err) {
  if (s->depth == 0) return px_err_set(err, PX_EINVAL, "commit outside a transaction");
  if (--s->depth > 0) return PX_OK;
  if (s->failed) {
    exec(s, "ROLLBACK", NULL);
    return px_err_set(err, PX_EDB, "transaction was rolled back");
  }
  px_rc rc = exec(s, "COMMIT", err);
  if (rc) exec(s, "ROLLBACK", NULL);
  return rc;
}

static void sq_rollback(px_store *s) {
  if (s->depth == 0) return;
  if (--s->depth > 0) {
    s->failed = 1;
    return;
  }
  exec(s, "ROLLBACK", NULL);
}

/* ---- sources ----------------------------------------------------------- */

static px_rc sq_source_id(px_store *s, const char *name, int create,
                         int64_t *id, px_err *err) {
  /* One outlet, one row, whichever way the text spelled it. */
  name = px_outlet_canonical(name);
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "SELECT id FROM sources WHERE name=?", &st, err);
  if (rc) return rc;
  bind_text(st, 1, name);
  int r = sqlite3_step(st);
  if (r == SQLITE_ROW) {
    *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return PX_OK;
  }
  sqlite3_finalize(st);
  if (r != SQLITE_DONE) return db_err(s, err, "source lookup");
  if (!create) return px_err_set(err, PX_ENOTFOUND, "no source named '%s'", name);
  if ((rc = prepare(s, "INSERT INTO sources(name) VALUES(?)", &st, err))) return rc;
  bind_text(st, 1, name);
  r = sqlite3_step(st);
  sqlite3_finalize(st);
  if (r != SQLITE_DONE) return db_err(s, err, "source insert");
  *id = sqlite3_last_insert_rowid(DB(s));
  return PX_OK;
}

/* Files every source under its directory name (extract/outlets.h), merging
** "OAN" into "One America News" when a store holds both: stores made
** before a name was in the directory catch up here. */
static px_rc sq_sources_canonicalize(px_store *s, px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "SELECT id, name FROM sources", &st, err);
  if (rc) return rc;
  struct ren { int64_t id; const char *to; } *v = NULL;
  size_t n = 0, cap = 0;
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(st, 1);
    const char *to = px_outlet_canonical(name);
    if (!name || to == name || !strcmp(to, name)) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 8;
      struct ren *nv = realloc(v, cap * sizeof *nv);
      if (!nv) {
        free(v);
        sqlite3_finalize(st);
        return px_err_set(err, PX_ENOMEM, "out of memory");
      }
      v = nv;
    }
    v[n].id = sqlite3_column_int64(st, 0);
    v[n++].to = to;  /* static: the directory's string */
  }
  sqlite3_finalize(st);
  if (r != SQLITE_DONE) {
    free(v);
    return db_err(s, err, "listing sources");
  }
  if (n && (rc = px_store_begin(s, err))) {
    free(v);
    return rc;
  }
  /* Names on duplicate URLs follow (they are plain text, no source row). */
  if (n) {
    sqlite3_stmt *u = NULL, *w = NULL;
    if ((rc = prepare(s, "SELECT DISTINCT source FROM article_urls WHERE source "
                         "IS NOT NULL", &u, err)) == PX_OK &&
        (rc = prepare(s, "UPDATE article_urls SET source=?1 WHERE source=?2", &w,
                      err)) == PX_OK) {
      while (!rc && sqlite3_step(u) == SQLITE_ROW) {
        const char *old = (const char *)sqlite3_column_text(u, 0);
        const char *to = px_outlet_canonical(old);
        if (!old || !strcmp(to, old)) continue;
        sqlite3_bind_text(w, 1, to, -1, SQLITE_STATIC);
        sqlite3_bind_text(w, 2, old, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(w) != SQLITE_DONE) rc = db_err(s, err, "renaming sources");
        sqlite3_reset(w);
      }
    }
    sqlite3_finalize(u);
    sqlite3_finalize(w);
  }
  for (size_t i = 0; i < n && !rc; i++) {
    int64_t into = 0;
    if ((rc = px_store_source_id(s, v[i].to, 1, &into, err))) break;
    const char *sql[] = {"UPDATE articles SET source_id=?1 WHERE source_id=?2",
                         "DELETE FROM sources WHERE id=?2"};
    for (int k = 0; k < 2 && !rc; k++) {
      if ((rc = prepare(s, sql[k], &st, err))) break;
      if (k == 0) sqlite3_bind_int64(st, 1, into);
      sqlite3_bind_int64(st, 2, v[i].id);
      if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(s, err, "merging sources");
      sqlite3_finalize(st);
    }
  }
  free(v);
  if (!n) return rc;
  if (rc) {
    px_store_rollback(s);
    return rc;
  }
  return px_store_commit(s, err);
}

/* ---- articles ---------------------------------------------------------- */

static px_rc find_one(px_store *s, const char *sql, const char *key,
                      int64_t *id, px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, sql, &st, err);
  if (rc) return rc;
  bind_text(st, 1, key);
  int r = sqlite3_step(st);
  if (r == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  if (r == SQLITE_ROW) return PX_OK;
  if (r == SQLITE_DONE) return PX_ENOTFOUND;
  return db_err(s, err, "lookup");
}

static px_rc sq_article_put(px_store *s, const px_article_put *a, int64_t *id,
                           px_err *err) {
  const px_doc *d = a->doc;
  char raw_hash[33];
  px_hash128_hex(a->raw, a->raw_len, raw_hash);
  int64_t existing = 0;
  px_rc rc = find_one(s, "SELECT id FROM articles WHERE raw_hash=?", raw_hash,
                      &existing, err);
  if (rc == PX_OK) {
    *id = existing;
    return PX_EEXISTS;
  }
  if (rc != PX_ENOTFOUND) return rc;
  px_put_prep pp;
  if ((rc = px_store_put_prep(a, &pp, err))) return rc;
  const char *nurl = pp.nurl, *source = pp.source;
  int64_t same_url = 0, source_id = 0;
  sqlite3_stmt *st = NULL;
  if (nurl) {
    rc = find_one(s, "SELECT id FROM articles WHERE url=? ORDER BY id LIMIT 1",
                  nurl, &same_url, err);
    if (rc != PX_OK && rc != PX_ENOTFOUND) goto out;
    rc = PX_OK;
  }
  if ((rc = px_store_begin(s, err))) goto out;
  if (source && *source && (rc = px_store_source_id(s, source, 1, &source_id, err)))
    goto rollback;
  /* The next id above every id ever used (counters, schema 7): SQLite
  ** alone would give a deleted newest article's id to the next one. */
  if (!same_url &&
      (rc = exec(s, "UPDATE counters SET value=max(value, (SELECT coalesce(max(id), 0) "
                    "FROM articles)) + 1 WHERE name='article'", err)))
    goto rollback;
  const char *sql =
      same_url
          ? "UPDATE articles SET source_id=?1, url=?2, canonical_url=?3, "
            "title=?4, subtitle=?5, authors=?6, wire=?7, dateline=?8, "
            "published=?9, published_utc=?10, updated=?11, lang=?12, "
            "image=?13, section=?14, is_republished=?15, body=?16, "
            "blocks=?17, content_hash=?18, raw_type=?20, "
            "raw_hash=?21, feed_meta=?23 WHERE id=?22"
          : "INSERT INTO articles(id, source_id, url, canonical_url, title, "
            "subtitle, authors, wire, dateline, published, published_utc, "
            "updated, lang, image, section, is_republished, body, blocks, "
            "content_hash, raw_type, raw_hash, feed_meta) VALUES((SELECT value FROM "
            "counters WHERE name='article'),?1,?2,?3,?4,?5,"
            "?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?20,?21,?23)";
  if ((rc = prepare(s, sql, &st, err))) goto rollback;
  if (source_id) sqlite3_bind_int64(st, 1, source_id);
  else sqlite3_bind_null(st, 1);
  bind_text(st, 2, nurl);
  bind_text(st, 3, pp.ncanon);
  bind_text(st, 4, d->title);
  bind_text(st, 5, d->subtitle);
  bind_text(st, 6, pp.aj);
  bind_text(st, 7, d->wire);
  bind_text(st, 8, d->dateline);
  bind_text(st, 9, d->published);
  sqlite3_bind_int64(st, 10, px_store_published_utc(d));
  bind_text(st, 11, d->updated);
  bind_text(st, 12, d->lang);
  bind_text(st, 13, d->image);
  bind_text(st, 14, d->section);
  sqlite3_bind_int(st, 15, d->is_republished);
  sqlite3_bind_text(st, 16, px_buf_cstr(&pp.body), (int)pp.body.len, SQLITE_STATIC);
  bind_text(st, 17, pp.bj);
  bind_text(st, 18, pp.hash);
  bind_text(st, 20, a->raw_type);
  bind_text(st, 21, raw_hash);
  if (same_url) sqlite3_bind_int64(st, 22, same_url);
  bind_text(st, 23, a->feed_meta);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = db_err(s, err, "storing article");
    goto rollback;
  }
  sqlite3_finalize(st);
  st = NULL;
  int64_t aid = same_url ? same_url : sqlite3_last_insert_rowid(DB(s));
  if ((rc = prepare(s, "INSERT OR REPLACE INTO article_raw(article_id, raw) "
                       "VALUES(?,?)", &st, err)))
    goto rollback;
  sqlite3_bind_int64(st, 1, aid);
  sqlite3_bind_blob64(st, 2, a->raw ? a->raw : "", a->raw_len, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = db_err(s, err, "storing raw input");
    goto rollback;
  }
  sqlite3_finalize(st);
  st = NULL;
  if (nurl) {
    if ((rc = prepare(s, "INSERT OR IGNORE INTO article_urls(article_id, url, "
                         "source) VALUES(?,?,?)", &st, err)))
      goto rollback;
    sqlite3_bind_int64(st, 1, aid);
    bind_text(st, 2, nurl);
    bind_text(st, 3, source);
    if (sqlite3_step(st) != SQLITE_DONE) {
      rc = db_err(s, err, "storing article url");
      goto rollback;
    }
    sqlite3_finalize(st);
    st = NULL;
  }
  if ((rc = px_store_commit(s, err))) goto out;
  *id = aid;
  goto out;
rollback:
  sqlite3_finalize(st);
  st = NULL;
  px_store_rollback(s);
out:
  sqlite3_finalize(st);
  px_store_put_prep_reset(&pp);
  return rc;
}

#define ARTICLE_COLS                                                        \
  "a.id, a.source_id, COALESCE(s.name,''), a.url, a.canonical_url, "        \
  "a.title, a.subtitle, a.authors, a.wire, a.dateline, a.published, "       \
  "a.published_utc, a.lang, a.section, a.added_at, a.is_republished, "      \
  "COALESCE(m.story_id,0), length(CAST(a.body AS BLOB)), a.content_hash, "  \
  "a.feed_meta "                                                             \
  "FROM articles a LEFT JOIN sources s ON s.id=a.source_id "                \
  "LEFT JOIN story_articles m ON m.article_id=a.id "

static px_article_row *article_row(sqlite3_stmt *st) {
  px_article_row *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->id = sqlite3_column_int64(st, 0);
  r->source_id = sqlite3_column_int64(st, 1);
  r->source = col_dup(st, 2);
  r->url = col_dup(st, 3);
  r->canonical_url = col_dup(st, 4);
  r->title = col_dup(st, 5);
  r->subtitle = col_dup(st, 6);
  r->authors_json = col_dup(st, 7);
  r->wire = col_dup(st, 8);
  r->dateline = col_dup(st, 9);
  r->published = col_dup(st, 10);
  r->published_utc = sqlite3_column_int64(st, 11);
  r->lang = col_dup(st, 12);
  r->section = col_dup(st, 13);
  r->added_at = col_dup(st, 14);
  r->is_republished = sqlite3_column_int(st, 15);
  r->story_id = sqlite3_column_int64(st, 16);
  r->body_len = sqlite3_column_int64(st, 17);
  r->content_hash = col_dup(st, 18);
  r->feed_meta = col_dup(st, 19);
  return r;
}

/* One row by id: make() builds it from the statement's current row;
** `what` names the kind in the not-found message ("no story 7"). */
static px_rc get_by_id(px_store *s, const char *sql, int64_t id,
                       void *(*make)(sqlite3_stmt *), const char *what,
                       void **out, px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, sql, &st, err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, id);
  int r = sqlite3_step(st);
  if (r == SQLITE_ROW) {
    void *row = make(st);
    sqlite3_finalize(st);
    if (!row) return px_err_set(err, PX_ENOMEM, "out of memory");
    *out = row;
    return PX_OK;
  }
  sqlite3_finalize(st);
  if (r == SQLITE_DONE)
    return px_err_set(err, PX_ENOTFOUND, "no %s %lld", what, (long long)id);
  return px_err_set(err, PX_EDB, "%s lookup: %s", what, sqlite3_errmsg(DB(s)));
}

static void *make_article(sqlite3_stmt *st) { return article_row(st); }

static px_rc sq_article_get(px_store *s, int64_t id, px_article_row **out,
                           px_err *err) {
  void *row = NULL;
  px_rc rc = get_by_id(s, "SELECT " ARTICLE_COLS "WHERE a.id=?", id, make_article,
                       "article", &row, err);
  if (rc == PX_OK) *out = row;
  return rc;
}

static px_rc sq_article_each(px_store *s, int64_t source_id, px_article_fn fn,
                            void *ud, px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, source_id ? "SELECT " ARTICLE_COLS
                                    "WHERE a.source_id=? ORDER BY a.id"
                                  : "SELECT " ARTICLE_COLS "ORDER BY a.id",
                     &st, err);
  if (rc) return rc;
  if (source_id) sqlite3_bind_int64(st, 1, source_id);
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    px_article_row *row = article_row(st);
    if (!row) {
      sqlite3_finalize(st);
      return px_err_set(err, PX_ENOMEM, "out of memory");
    }
    int stop = fn(row, ud);
    px_article_row_free(row);
    if (stop) break;
  }
  sqlite3_finalize(st);
  if (r != SQLITE_ROW && r != SQLITE_DONE) return db_err(s, err, "listing articles");
  return PX_OK;
}

static px_rc sq_article_find_hash(px_store *s, const char *content_hash,
                                 int64_t *id, px_err *err) {
  px_rc rc = find_one(s, "SELECT id FROM articles WHERE content_hash=? "
                         "ORDER BY id LIMIT 1", content_hash, id, err);
  return rc;
}

static px_rc sq_article_doc(px_store *s, int64_t id, px_doc **out, px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s,
      "SELECT a.url, a.canonical_url, a.title, a.subtitle, s.name, a.authors, "
      "a.wire, a.dateline, a.published, a.updated, a.lang, a.image, a.section, "
      "a.is_republished, a.blocks FROM articles a LEFT JOIN sources s "
      "ON s.id=a.source_id WHERE a.id=?", &st, err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, id);
  int r = sqlite3_step(st);
  if (r != SQLITE_ROW) {
    sqlite3_finalize(st);
    if (r == SQLITE_DONE)
      return px_err_set(err, PX_ENOTFOUND, "no article %lld", (long long)id);
    return db_err(s, err, "article lookup");
  }
  const char *col[15];
  for (int i = 0; i < 15; i++) col[i] = (const char *)sqlite3_column_text(st, i);
  rc = px_store_doc_build(col, id, out, err);
  sqlite3_finalize(st);
  return rc;
}

static px_rc sq_article_raw(px_store *s, int64_t id, char **raw, size_t *len,
                           px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "SELECT raw FROM article_raw WHERE article_id=?", &st, err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, id);
  int r = sqlite3_step(st);
  if (r != SQLITE_ROW) {
    sqlite3_finalize(st);
    if (r == SQLITE_DONE)
      return px_err_set(err, PX_ENOTFOUND, "no article %lld", (long long)id);
    return db_err(s, err, "article lookup");
  }
  size_t n = (size_t)sqlite3_column_bytes(st, 0);
  char *p = malloc(n + 1);
  if (!p) {
    sqlite3_finalize(st);
    return px_err_set(err, PX_ENOMEM, "out of memory");
  }
  if (n) memcpy(p, sqlite3_column_blob(st, 0), n);
  p[n] = '\0';
  sqlite3_finalize(st);
  *raw = p;
  *len = n;
  return PX_OK;
}

static px_rc sq_article_add_url(px_store *s, int64_t id, const char *url,
                               const char *source, px_err *err) {
  sqlite3_stmt *st;
  px_buf nurl;
  px_buf_init(&nurl, 0);
  if (url && px_url_normalize(url, strlen(url), 0, &nurl))
    return px_err_set(err, PX_ENOMEM, "out of memory");
  px_rc rc = prepare(s, "INSERT OR IGNORE INTO article_urls(article_id, url, "
                        "source) VALUES(?,?,?)", &st, err);
  if (rc) {
    px_buf_reset(&nurl);
    return rc;
  }
  sqlite3_bind_int64(st, 1, id);
  bind_text(st, 2, url ? px_buf_cstr(&nurl) : NULL);
  bind_text(st, 3, px_outlet_canonical(source));
  int r = sqlite3_step(st);
  sqlite3_finalize(st);
  px_buf_reset(&nurl);
  return r == SQLITE_DONE ? PX_OK : db_err(s, err, "recording url");
}

static px_rc sq_article_urls(px_store *s, int64_t id, px_url_fn fn, void *ud,
                            px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "SELECT u.url, u.source FROM article_urls u JOIN "
                        "articles a ON a.id=u.article_id WHERE u.article_id=? "
                        "ORDER BY u.url<>a.url, u.rowid", &st, err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, id);
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW)
    if (fn((const char *)sqlite3_column_text(st, 0),
           (const char *)sqlite3_column_text(st, 1), ud))
      break;
  sqlite3_finalize(st);
  return r == SQLITE_ROW || r == SQLITE_DONE ? PX_OK : db_err(s, err, "listing urls");
}

static px_rc stale(px_store *s, int64_t story_id, px_err *err);

/* The story an article is in (0: none); that story is marked stale, as
** the article is about to change or leave it. */
static px_rc mark_story_stale_of_article(px_store *s, int64_t article_id,
                                         int64_t *story_out, px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "SELECT story_id FROM story_articles WHERE article_id=?",
                     &st, err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, article_id);
  int r = sqlite3_step(st);
  int64_t story = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  if (r != SQLITE_ROW && r != SQLITE_DONE) return db_err(s, err, "marking story stale");
  if (story_out) *story_out = story;
  return story ? stale(s, story, err) : PX_OK;
}

/* Deletes one article inside the caller's transaction; the caller prunes
** emptied stories. */
static px_rc delete_one(px_store *s, int64_t id, px_err *err) {
  sqlite3_stmt *st = NULL;
  px_rc rc = mark_story_stale_of_article(s, id, NULL, err);
  if (rc) return rc;
  if ((rc = prepare(s, "DELETE FROM articles WHERE id=?", &st, err))) return rc;
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) != SQLITE_DONE)
    rc = db_err(s, err, "deleting article");
  else if (sqlite3_changes(DB(s)) == 0)
    rc = px_err_set(err, PX_ENOTFOUND, "no article %lld", (long long)id);
  sqlite3_finalize(st);
  return rc;
}

static px_rc sq_article_delete(px_store *s, int64_t id, px_err *err) {
  bool outer = s->depth == 0;
  px_rc rc = px_store_begin(s, err);
  if (rc) return rc;
  if ((rc = delete_one(s, id, err))) goto fail;
  if ((rc = px_store_story_prune(s, err))) goto fail;
  if ((rc = px_store_commit(s, err))) return rc;
  /* The deleted text is still in the WAL's older frames: gone when the
  ** command returns, not at some later checkpoint. A caller's outer
  ** transaction scrubs when it is done. */
  return outer ? px_store_scrub(s, false, err) : PX_OK;
fail:
  px_store_rollback(s);
  return rc;
}

static px_rc sq_articles_delete(px_store *s, const int64_t *ids, size_t n,
                               size_t *deleted, px_err *err) {
  px_rc rc = px_store_begin(s, err);
  if (rc) return rc;
  size_t k = 0;
  for (size_t i = 0; i < n && !rc; i++) {
    rc = delete_one(s, ids[i], err);
    if (rc == PX_ENOTFOUND) {
      px_err_clear(err);
      rc = PX_OK;
    } else if (!rc) {
      k++;
    }
  }
  /* Once for all: pruning per article made a large outlet's takedown
  ** quadratic. */
  if (!rc) rc = px_store_story_prune(s, err);
  if (rc) {
    px_store_rollback(s);
    return rc;
  }
  if ((rc = px_store_commit(s, err))) return rc;
  if (deleted) *deleted = k;
  return PX_OK;
}

static px_rc sq_scrub(px_store *s, bool vacuum, px_err *err) {
  if (s->depth)
    return px_err_set(err, PX_EINVAL, "scrubbing the store inside a transaction");
  /* VACUUM rewrites every page from its live rows: free space that an
  ** older build or another program left unzeroed goes with it. */
  if (vacuum && exec(s, "VACUUM", err)) {
    px_err_prefix(err, "%s: rewriting the file: ", s->path);
    return err ? err->rc : PX_EDB;
  }
  /* TRUNCATE waits (busy handler) for readers of older frames, copies the
  ** WAL into the file and cuts it to zero bytes. */
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "PRAGMA wal_checkpoint(TRUNCATE)", &st, err);
  if (rc) return rc;
  int r = sqlite3_step(st);
  int busy = r == SQLITE_ROW ? sqlite3_column_int(st, 0) : 1;
  sqlite3_finalize(st);
  if (r != SQLITE_ROW) return db_err(s, err, "checkpointing the WAL");
  if (busy)
    return px_err_set(err, PX_EDB,
                      "%s: the WAL could not be emptied (another program is "
                      "reading the store); its old copies go at the next checkpoint",
                      s->path);
  return PX_OK;
}

static px_rc sq_source_delete(px_store *s, const char *name, int64_t *count,
                             px_err *err) {
  int64_t sid;
  bool outer = s->depth == 0;
  px_rc rc = px_store_begin(s, err);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  if ((rc = px_store_source_id(s, name, 0, &sid, err))) goto fail;
  if ((rc = prepare(s, "DELETE FROM story_analysis WHERE story_id IN (SELECT "
                       "m.story_id FROM story_articles m JOIN articles a ON "
                       "a.id=m.article_id WHERE a.source_id=?)", &st, err)))
    goto fail;
  sqlite3_bind_int64(st, 1, sid);
  if (sqlite3_step(st) != SQLITE_DONE) { rc = db_err(s, err, "deleting source"); goto fail; }
  sqlite3_finalize(st);
  if ((rc = prepare(s, "DELETE FROM articles WHERE source_id=?", &st, err))) goto fail;
  sqlite3_bind_int64(st, 1, sid);
  if (sqlite3_step(st) != SQLITE_DONE) { rc = db_err(s, err, "deleting source"); goto fail; }
  if (count) *count = sqlite3_changes(DB(s));
  sqlite3_finalize(st);
  if ((rc = prepare(s, "DELETE FROM sources WHERE id=?", &st, err))) goto fail;
  sqlite3_bind_int64(st, 1, sid);
  if (sqlite3_step(st) != SQLITE_DONE) { rc = db_err(s, err, "deleting source"); goto fail; }
  sqlite3_finalize(st);
  st = NULL;
  if ((rc = px_store_story_prune(s, err))) goto fail;
  if ((rc = px_store_commit(s, err))) return rc;
  return outer ? px_store_scrub(s, false, err) : PX_OK;  /* as article_delete */
fail:
  sqlite3_finalize(st);
  px_store_rollback(s);
  return rc;
}

/* ---- stories ----------------------------------------------------------- */

static px_rc sq_story_create(px_store *s, const char *title, int64_t *id,
                            px_err *err) {
  /* The next id above every id ever used (counters, schema 3): SQLite
  ** alone would reuse the id of a deleted last story. */
  sqlite3_stmt *st;
  px_rc rc = exec(s, "UPDATE counters SET value=max(value, (SELECT coalesce(max(id), 0) "
                     "FROM stories)) + 1 WHERE name='story'", err);
  if (rc) return rc;
  if ((rc = prepare(s, "INSERT INTO stories(id, title) VALUES((SELECT value FROM "
                       "counters WHERE name='story'), ?)", &st, err)))
    return rc;
  bind_text(st, 1, title);
  int r = sqlite3_step(st);
  sqlite3_finalize(st);
  if (r != SQLITE_DONE) return db_err(s, err, "creating story");
  *id = sqlite3_last_insert_rowid(DB(s));
  return PX_OK;
}

/* Records that story from's articles went to story to. */
static px_rc moved(px_store *s, int64_t from, int64_t to, px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "INSERT OR REPLACE INTO story_moves(from_id, to_id) VALUES(?,?)",
                     &st, err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, from);
  sqlite3_bind_int64(st, 2, to);
  int r = sqlite3_step(st);
  sqlite3_finalize(st);
  return r == SQLITE_DONE ? PX_OK : db_err(s, err, "recording a story move");
}

static px_rc sq_story_resolve(px_store *s, int64_t id, int64_t *live, px_err *err) {
  /* A chain of merges is followed to its end; the bound guards against a
  ** cycle written by hand. */
  for (int hop = 0; hop < 64; hop++) {
    sqlite3_stmt *st;
    px_rc rc = prepare(s, "SELECT (SELECT 1 FROM stories WHERE id=?1), "
                          "(SELECT to_id FROM story_moves WHERE from_id=?1)", &st, err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    int exists = r == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
    int64_t to = r == SQLITE_ROW && sqlite3_column_type(st, 1) != SQLITE_NULL
                     ? sqlite3_column_int64(st, 1) : 0;
    sqlite3_finalize(st);
    if (r != SQLITE_ROW) return db_err(s, err, "story lookup");
    if (exists) {
      *live = id;
      return PX_OK;
    }
    if (!to || to == id) break;
    id = to;
  }
  return px_err_set(err, PX_ENOTFOUND, "no such story");
}

/* A story whose articles changed: its analysis is dropped (stale) and its
** update time moves. */
static px_rc stale(px_store *s, int64_t story_id, px_err *err) {
  static const char *const sql[] = {
    "DELETE FROM story_analysis WHERE story_id=?",
    "UPDATE stories SET updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?"};
  for (int i = 0; i < 2; i++) {
    sqlite3_stmt *st;
    px_rc rc = prepare(s, sql[i], &st, err);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, story_id);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    if (r != SQLITE_DONE) return db_err(s, err, "updating story");
  }
  return PX_OK;
}

static px_rc sq_story_add(px_store *s, int64_t story_id, int64_t article_id,
                         double score, px_err *err) {
  int64_t old = 0;
  px_rc rc = mark_story_stale_of_article(s, article_id, &old, err);
  if (rc) return rc;
  sqlite3_stmt *st;
  /* Moving out of another story: if that one ends up empty (a re-cluster),
  ** its address leads here; px_store_story_prune forgets the move if not. */
  if (old && old != story_id && (rc = moved(s, old, story_id, err))) return rc;
  /* An upsert, not INSERT OR REPLACE: a replace deletes without firing
  ** delete triggers, and the old story's figures (schema 5) must follow. */
  if ((rc = prepare(s, "INSERT INTO story_articles(article_id, story_id, score) "
                       "VALUES(?,?,?) ON CONFLICT(article_id) DO UPDATE SET "
                       "story_id=excluded.story_id, score=excluded.score", &st, err)))
    return rc;
  sqlite3_bind_int64(st, 1, article_id);
  sqlite3_bind_int64(st, 2, story_id);
  sqlite3_bind_double(st, 3, score);
  int r = sqlite3_step(st);
  sqlite3_finalize(st);
  if (r != SQLITE_DONE) return db_err(s, err, "adding to story");
  return stale(s, story_id, err);
}

static px_rc sq_story_merge(px_store *s, int64_t into, int64_t from,
                           px_err *err) {
  if (into == from) return PX_OK;
  px_rc rc = px_store_begin(s, err);
  if (rc) return rc;
  sqlite3_stmt *st;
  if ((rc = prepare(s, "UPDATE story_articles SET story_id=? WHERE story_id=?",
                    &st, err)))
    goto fail;
  sqlite3_bind_int64(st, 1, into);
  sqlite3_bind_int64(st, 2, from);
  int r = sqlite3_step(st);
  sqlite3_finalize(st);
  if (r != SQLITE_DONE) { rc = db_err(s, err, "merging stories"); goto fail; }
  if ((rc = prepare(s, "DELETE FROM stories WHERE id=?", &st, err))) goto fail;
  sqlite3_bind_int64(st, 1, from);
  r = sqlite3_step(st);
  sqlite3_finalize(st);
  if (r != SQLITE_DONE) { rc = db_err(s, err, "merging stories"); goto fail; }
  if ((rc = moved(s, from, into, err))) goto fail;
  if ((rc = stale(s, into, err))) goto fail;
  return px_store_commit(s, err);
fail:
  px_store_rollback(s);
  return rc;
}

#define STORY_COLS_AS(extra)                                             \
  "s.id, s.title, s.topic, s.n_articles, s.n_outlets, s.first_published, " \
  "s.last_published, s.updated_at, s.first_utc, "                        \
  "nullif(s.last_utc, 0) * (s.first_utc != 0)" extra " FROM stories s "
#define STORY_COLS STORY_COLS_AS("")


static px_story_row *story_row(sqlite3_stmt *st) {
  px_story_row *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->id = sqlite3_column_int64(st, 0);
  r->title = col_dup(st, 1);
  r->topic = col_dup(st, 2);
  r->narticles = sqlite3_column_int64(st, 3);
  r->nsources = sqlite3_column_int64(st, 4);
  r->first_published = col_dup(st, 5);
  r->last_published = col_dup(st, 6);
  r->updated_at = col_dup(st, 7);
  r->first_utc = sqlite3_column_int64(st, 8);
  r->last_utc = sqlite3_column_int64(st, 9);  /* not the creation-time stand-in */
  return r;
}

static void *make_story(sqlite3_stmt *st) { return story_row(st); }

static px_rc sq_story_get(px_store *s, int64_t id, px_story_row **out,
                         px_err *err) {
  void *row = NULL;
  px_rc rc = get_by_id(s, "SELECT " STORY_COLS "WHERE s.id=?", id,
                       make_story, "story", &row, err);
  if (rc == PX_OK) *out = row;
  return rc;
}

static px_rc sq_story_each(px_store *s, px_story_fn fn, void *ud, px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "SELECT " STORY_COLS PX_STORY_ORDER_SQL, &st, err);
  if (rc) return rc;
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    px_story_row *row = story_row(st);
    if (!row) {
      sqlite3_finalize(st);
      return px_err_set(err, PX_ENOMEM, "out of memory");
    }
    int stop = fn(row, ud);
    px_story_row_free(row);
    if (stop) break;
  }
  sqlite3_finalize(st);
  if (r != SQLITE_ROW && r != SQLITE_DONE) return db_err(s, err, "listing stories");
  return PX_OK;
}

/* Runs a prepared statement whose first column is an id and collects the
** ids; finalizes it. Caller frees *ids with free(). */
static px_rc collect_ids(px_store *s, sqlite3_stmt *st, int64_t **ids, size_t *n,
                         px_err *err) {
  int64_t *v = NULL;
  size_t cnt = 0, cap = 0;
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    if (cnt == cap) {
      size_t nc = cap ? cap * 2 : 16;
      int64_t *nv = realloc(v, nc * sizeof *nv);
      if (!nv) {
        free(v);
        sqlite3_finalize(st);
        return px_err_set(err, PX_ENOMEM, "out of memory");
      }
      v = nv;
      cap = nc;
    }
    v[cnt++] = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  if (r != SQLITE_DONE) {
    free(v);
    return db_err(s, err, "listing ids");
  }
  *ids = v;
  *n = cnt;
  return PX_OK;
}

static px_rc sq_story_articles(px_store *s, int64_t story_id, int64_t **ids,
                              size_t *n, px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "SELECT m.article_id FROM story_articles m JOIN "
                        "articles a ON a.id=m.article_id WHERE m.story_id=? "
                        "ORDER BY a.published_utc=0, a.published_utc, a.id",
                     &st, err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, story_id);
  return collect_ids(s, st, ids, n, err);
}

static px_rc sq_story_related_set(px_store *s, int64_t story_id, const int64_t *ids,
                                 const double *scores, size_t n, px_err *err) {
  px_rc rc = px_store_begin(s, err);
  if (rc) return rc;
  sqlite3_stmt *del = NULL, *ins = NULL;
  if ((rc = prepare(s, "DELETE FROM story_related WHERE story_id=?1 OR related_id=?1",
                    &del, err)) ||
      /* A story gone meanwhile (merged, pruned) is skipped, not an error
      ** that would undo the analysis saved in the same transaction. */
      (rc = prepare(s, "INSERT OR REPLACE INTO story_related(story_id, related_id, score) "
                       "SELECT ?1, ?2, ?3 WHERE EXISTS(SELECT 1 FROM stories WHERE id=?2) "
                       "UNION ALL SELECT ?2, ?1, ?3 WHERE EXISTS(SELECT 1 FROM stories "
                       "WHERE id=?2)", &ins, err)))
    goto out;
  sqlite3_bind_int64(del, 1, story_id);
  if (sqlite3_step(del) != SQLITE_DONE) {
    rc = db_err(s, err, "related stories");
    goto out;
  }
  for (size_t i = 0; i < n && rc == PX_OK; i++) {
    if (ids[i] == story_id) continue;
    sqlite3_reset(ins);
    sqlite3_bind_int64(ins, 1, story_id);
    sqlite3_bind_int64(ins, 2, ids[i]);
    sqlite3_bind_double(ins, 3, scores[i]);
    if (sqlite3_step(ins) != SQLITE_DONE) rc = db_err(s, err, "related stories");
  }
out:
  sqlite3_finalize(del);
  sqlite3_finalize(ins);
  if (rc) {
    px_store_rollback(s);
    return rc;
  }
  return px_store_commit(s, err);
}

static px_rc sq_story_related_get(px_store *s, int64_t story_id, size_t max,
                                 px_story_row ***rows, double **scores, size_t *n,
                                 px_err *err) {
  *rows = NULL;
  *n = 0;
  if (scores) *scores = NULL;
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "SELECT " STORY_COLS_AS(", r.score") " JOIN story_related r "
                        "ON r.related_id=s.id WHERE r.story_id=?1 "
                        "ORDER BY r.score DESC, s.id LIMIT ?2", &st, err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, story_id);
  sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
  px_story_row **v = calloc(max ? max : 1, sizeof *v);
  double *sc = calloc(max ? max : 1, sizeof *sc);
  int r = SQLITE_DONE;
  if (!v || !sc) rc = px_err_set(err, PX_ENOMEM, "out of memory");
  while (rc == PX_OK && *n < max && (r = sqlite3_step(st)) == SQLITE_ROW) {
    if (!(v[*n] = story_row(st))) {
      rc = px_err_set(err, PX_ENOMEM, "out of memory");
      break;
    }
    sc[(*n)++] = sqlite3_column_double(st, 10);
  }
  if (rc == PX_OK && r != SQLITE_ROW && r != SQLITE_DONE) rc = db_err(s, err, "related stories");
  sqlite3_finalize(st);
  if (rc) {
    for (size_t i = 0; v && i < *n; i++) px_story_row_free(v[i]);
    free(v);
    free(sc);
    *n = 0;
    return rc;
  }
  *rows = v;
  if (scores) *scores = sc;
  else free(sc);
  return PX_OK;
}

static px_rc sq_story_set_analysis(px_store *s, int64_t story_id,
                                  const char *title, const char *topic,
                                  const char *json, px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "UPDATE stories SET title=COALESCE(?,title), "
                        "topic=COALESCE(?,topic) WHERE id=?", &st, err);
  if (rc) return rc;
  bind_text(st, 1, title);
  bind_text(st, 2, topic);
  sqlite3_bind_int64(st, 3, story_id);
  int r = sqlite3_step(st);
  sqlite3_finalize(st);
  if (r != SQLITE_DONE) return db_err(s, err, "saving analysis");
  if ((rc = prepare(s, json ? "INSERT OR REPLACE INTO story_analysis(story_id, json) "
                              "VALUES(?,?)"
                            : "DELETE FROM story_analysis WHERE story_id=?",
                    &st, err)))
    return rc;
  sqlite3_bind_int64(st, 1, story_id);
  if (json) bind_text(st, 2, json);
  r = sqlite3_step(st);
  sqlite3_finalize(st);
  return r == SQLITE_DONE ? PX_OK : db_err(s, err, "saving analysis");
}

static px_rc get_text(px_store *s, const char *sql, int64_t id, char **out,
                      px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, sql, &st, err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, id);
  int r = sqlite3_step(st);
  *out = NULL;
  if (r == SQLITE_ROW) {
    *out = col_dup(st, 0);
    r = SQLITE_DONE;
  }
  sqlite3_finalize(st);
  return r == SQLITE_DONE ? PX_OK : db_err(s, err, "lookup");
}

static px_rc sq_story_analysis(px_store *s, int64_t story_id, char **json,
                              px_err *err) {
  return get_text(s, "SELECT json FROM story_analysis WHERE story_id=?", story_id, json, err);
}

static px_rc sq_story_stale(px_store *s, int64_t **ids, size_t *n, px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "SELECT id FROM stories WHERE id NOT IN (SELECT story_id FROM "
                        "story_analysis) ORDER BY id",
                     &st, err);
  if (rc) return rc;
  return collect_ids(s, st, ids, n, err);
}

static px_rc sq_story_prune(px_store *s, px_err *err) {
  /* Moves out of stories that still exist were only partial: forget them. */
  px_rc rc = exec(s, "DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM "
                     "story_articles)", err);
  if (!rc) rc = exec(s, "DELETE FROM story_moves WHERE from_id IN (SELECT id FROM stories)",
                     err);
  return rc;
}

/* ---- copies ------------------------------------------------------------ */

static px_rc sq_copies_set(px_store *s, int64_t article_id, const char *json,
                          px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, json ? "INSERT OR REPLACE INTO copies(article_id, json) "
                               "VALUES(?,?)"
                             : "DELETE FROM copies WHERE article_id=?", &st, err);
  if (rc) return rc;
  sqlite3_bind_int64(st, 1, article_id);
  if (json) bind_text(st, 2, json);
  int r = sqlite3_step(st);
  sqlite3_finalize(st);
  return r == SQLITE_DONE ? PX_OK : db_err(s, err, "saving copies");
}

static px_rc sq_copies_get(px_store *s, int64_t article_id, char **json,
                          px_err *err) {
  return get_text(s, "SELECT json FROM copies WHERE article_id=?", article_id,
                  json, err);
}

/* ---- settings and takedown keys ----------------------------------------- */

static px_rc sq_setting_get(px_store *s, const char *key, char **value, px_err *err) {
  char *v = NULL;
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "SELECT value FROM settings WHERE key=?", &st, err);
  if (rc) {
    px_err_prefix(err, "settings: ");
    return rc;
  }
  bind_text(st, 1, key);
  int r = sqlite3_step(st);
  if (r == SQLITE_ROW) {
    const char *t = (const char *)sqlite3_column_text(st, 0);
    if (!(v = strdup(t ? t : ""))) rc = px_err_set(err, PX_ENOMEM, "out of memory");
  } else if (r != SQLITE_DONE) {
    rc = px_err_set(err, PX_EDB, "settings: %s", sqlite3_errmsg(DB(s)));
  }
  sqlite3_finalize(st);
  if (!rc) *value = v;
  return rc;
}

static px_rc sq_setting_set(px_store *s, const char *key, const char *value,
                            px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, value ? "INSERT OR REPLACE INTO settings(key, value) VALUES(?,?)"
                              : "DELETE FROM settings WHERE key=?", &st, err);
  if (rc) {
    px_err_prefix(err, "settings: ");
    return rc;
  }
  bind_text(st, 1, key);
  if (value) bind_text(st, 2, value);
  int r = sqlite3_step(st);
  sqlite3_finalize(st);
  if (r != SQLITE_DONE)
    return px_err_set(err, PX_EDB, "settings: %s", sqlite3_errmsg(DB(s)));
  return PX_OK;
}

/* A takedown_keys row matching the url's key hash, the outlet's name key
** or the host (or a parent domain of it); NULL keys match nothing. */
static px_rc sq_takedown_match(px_store *s, const char *url_hash, const char *name_key,
                               const char *host_key, int *found, px_err *err) {
  sqlite3_stmt *st;
  px_rc rc = prepare(s, "SELECT 1 FROM takedown_keys WHERE "
                        "(kind='url' AND key=?1) OR (kind='name' AND key=?2) OR "
                        "(kind='host' AND ?3 IS NOT NULL AND (key=?3 OR "
                        " substr(?3, -length(key)-1)='.'||key)) LIMIT 1", &st, err);
  if (rc) return rc;
  bind_text(st, 1, url_hash);
  bind_text(st, 2, name_key);
  bind_text(st, 3, host_key);
  int r = sqlite3_step(st);
  sqlite3_finalize(st);
  if (r != SQLITE_ROW && r != SQLITE_DONE) return db_err(s, err, "takedown keys");
  *found = r == SQLITE_ROW;
  return PX_OK;
}

static const px_store_ops sq_ops = {
  .name = "sqlite",
  .close = sq_close,
  .sqlite = sq_sqlite,
  .generation = sq_generation,
  .begin = sq_begin,
  .commit = sq_commit,
  .rollback = sq_rollback,
  .sources_canonicalize = sq_sources_canonicalize,
  .source_id = sq_source_id,
  .article_put = sq_article_put,
  .article_get = sq_article_get,
  .article_doc = sq_article_doc,
  .article_raw = sq_article_raw,
  .article_each = sq_article_each,
  .article_find_hash = sq_article_find_hash,
  .article_add_url = sq_article_add_url,
  .article_urls = sq_article_urls,
  .article_delete = sq_article_delete,
  .articles_delete = sq_articles_delete,
  .scrub = sq_scrub,
  .source_delete = sq_source_delete,
  .story_create = sq_story_create,
  .story_add = sq_story_add,
  .story_merge = sq_story_merge,
  .story_resolve = sq_story_resolve,
  .story_get = sq_story_get,
  .story_each = sq_story_each,
  .story_articles = sq_story_articles,
  .story_related_set = sq_story_related_set,
  .story_related_get = sq_story_related_get,
  .story_set_analysis = sq_story_set_analysis,
  .story_analysis = sq_story_analysis,
  .story_stale = sq_story_stale,
  .story_prune = sq_story_prune,
  .copies_set = sq_copies_set,
  .copies_get = sq_copies_get,
  .setting_get = sq_setting_get,
  .setting_set = sq_setting_set,
  .takedown_match = sq_takedown_match,
};
