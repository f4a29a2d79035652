/*
** store_pg.c: the PostgreSQL backend of store.h, through libpq.
**
** One connection per px_store, opened from a postgresql:// URL in libpq's
** form. The schema is schema_pg.h, the same migrations by number as
** SQLite's, recorded in a schema_version table and applied under an
** advisory lock, so two programs opening a new database do not both
** migrate it. Every value goes through PQexecParams as a parameter ($1);
** nothing from outside is formatted into SQL text. Values travel as text
** but for raw input (bytea, binary both ways).
** Not here yet: the search index (search/), feeds, alerts, tokens, lists
** and takedown records (serve/), which still need the SQLite handle:
** px_store_sqlite is NULL here and they report the backend.
** Memory: results are PQclear'ed before return; rows own malloc'd copies.
*/
#include "store/store_int.h"
#include "store/schema_pg.h"
#include "extract/outlets.h"
#include "ingest/url.h"
#include "util/err.h"
#include "util/hash.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pg_store {
  struct px_store base;
  PGconn *conn;
} pg_store;
#define CONN(s) (((pg_store *)(s))->conn)

/* Serialises migrations between programs opening the same database. */
#define PG_MIGRATE_LOCK "7460331"

/* ---- helpers ------------------------------------------------------------- */

/* An int64 as a text parameter. */
typedef struct pg_int { char b[24]; } pg_int;
static const char *i64(pg_int *p, int64_t v) {
  snprintf(p->b, sizeof p->b, "%lld", (long long)v);
  return p->b;
}

static px_rc fail_msg(px_err *err, const char *what, const char *msg) {
  size_t n = msg ? strlen(msg) : 0;
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) n--;
  return px_err_set(err, PX_EDB, "postgresql: %s: %.*s", what, (int)n, msg ? msg : "");
}

/* Runs sql with n text parameters (NULL: SQL NULL). With res, *res gets
** the result (caller PQclears it); else it is cleared here. */
static px_rc q(px_store *s, const char *sql, int n, const char *const *v, PGresult **res,
               const char *what, px_err *err) {
  PGresult *r = PQexecParams(CONN(s), sql, n, NULL, v, NULL, NULL, 0);
  ExecStatusType st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    px_rc rc = fail_msg(err, what, r ? PQresultErrorMessage(r) : PQerrorMessage(CONN(s)));
    PQclear(r);
    return rc;
  }
  if (res) *res = r;
  else PQclear(r);
  return PX_OK;
}

/* Statements without parameters, several at once (migrations). */
static px_rc exec(px_store *s, const char *sql, px_err *err) {
  PGresult *r = PQexec(CONN(s), sql);
  ExecStatusType st = PQresultStatus(r);
  px_rc rc = PX_OK;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
    rc = fail_msg(err, "statement", r ? PQresultErrorMessage(r) : PQerrorMessage(CONN(s)));
  PQclear(r);
  return rc;
}

static char *col_dup(const PGresult *r, int row, int c) {
  if (PQgetisnull(r, row, c)) return NULL;
  return strdup(PQgetvalue(r, row, c));
}

static const char *col_str(const PGresult *r, int row, int c) {
  return PQgetisnull(r, row, c) ? NULL : PQgetvalue(r, row, c);
}

static int64_t col_i64(const PGresult *r, int row, int c) {
  if (PQgetisnull(r, row, c)) return 0;
  return strtoll(PQgetvalue(r, row, c), NULL, 10);
}

/* Rows changed by the last command. */
static int64_t changed(const PGresult *r) { return strtoll(PQcmdTuples((PGresult *)r), NULL, 10); }

/* The first column of the first row as an id: PX_ENOTFOUND when no row. */
static px_rc one_id(px_store *s, const char *sql, int n, const char *const *v, int64_t *id,
                    const char *what, px_err *err) {
  PGresult *r;
  px_rc rc = q(s, sql, n, v, &r, what, err);
  if (rc) return rc;
  if (PQntuples(r) == 0 || PQgetisnull(r, 0, 0)) rc = PX_ENOTFOUND;
  else *id = col_i64(r, 0, 0);
  PQclear(r);
  return rc;
}

static void quiet(void *ud, const char *msg) {
  (void)ud;
  (void)msg;
}

/* ---- opening ------------------------------------------------------------- */

static const px_store_ops pg_ops;

static void pg_close(px_store *s) {
  if (!s) return;
  if (s->depth && CONN(s)) exec(s, "ROLLBACK", NULL);
  PQfinish(CONN(s));
  free(s->path);
  free(s);
}

static px_rc migrate(px_store *s, px_err *err) {
  px_rc rc = exec(s, "SELECT pg_advisory_lock(" PG_MIGRATE_LOCK ")", err);
  if (rc) return rc;
  int64_t version = 0;
  if ((rc = exec(s, "CREATE TABLE IF NOT EXISTS schema_version(version integer NOT NULL)",
                 err)))
    goto out;
  rc = one_id(s, "SELECT version FROM schema_version", 0, NULL, &version, "schema version",
              err);
  if (rc == PX_ENOTFOUND)
    rc = exec(s, "INSERT INTO schema_version(version) VALUES(0)", err);
  if (rc) goto out;
  if (version > PX_SCHEMA_VERSION) {
    rc = px_err_set(err, PX_EDB, "postgresql: schema version %lld is newer than this build (%d)",
                    (long long)version, PX_SCHEMA_VERSION);
    goto out;
  }
  for (int v = (int)version; v < PX_SCHEMA_VERSION; v++) {
    pg_int b;
    const char *p[] = {i64(&b, v + 1)};
    if ((rc = exec(s, "BEGIN", err))) goto out;
    if ((rc = exec(s, px_pg_migrations[v], err)) ||
        (rc = q(s, "UPDATE schema_version SET version=$1", 1, p, NULL, "schema version",
                err))) {
      exec(s, "ROLLBACK", NULL);
      px_err_prefix(err, "migration to schema %d: ", v + 1);
      goto out;
    }
    if ((rc = exec(s, "COMMIT", err))) goto out;
  }
out:
  exec(s, "SELECT pg_advisory_unlock(" PG_MIGRATE_LOCK ")", NULL);
  return rc;
}

px_rc px_store_pg_open(const char *url, px_store **out, px_err *err) {
  pg_store *p = calloc(1, sizeof *p);
  if (!p) return px_err_set(err, PX_ENOMEM, "out of memory");
  px_store *s = &p->base;
  s->ops = &pg_ops;
  px_rc rc;
  if (!(s->path = strdup(url))) {
    free(p);
    return px_err_set(err, PX_ENOMEM, "out of memory");
  }
  p->conn = PQconnectdb(url);
  if (!p->conn || PQstatus(p->conn) != CONNECTION_OK) {
    /* libpq's message names host and port, never the password. */
    rc = fail_msg(err, "cannot open store",
                  p->conn ? PQerrorMessage(p->conn) : "out of memory");
    goto fail;
  }
  PQsetNoticeProcessor(p->conn, quiet, NULL);
  if ((rc = exec(s, "SET client_min_messages=warning", err))) goto fail;
  if ((rc = migrate(s, err))) goto fail;
  *out = s;
  return PX_OK;
fail:
  pg_close(s);
  return rc;
}

static struct pg_conn *pg_conn_of(px_store *s) { return CONN(s); }

static px_rc pg_generation(px_store *s, int64_t *g, px_err *err) {
  px_rc rc = one_id(s, "SELECT value FROM counters WHERE name='generation'", 0, NULL, g,
                    "reading the store's generation", err);
  if (rc == PX_ENOTFOUND)
    rc = px_err_set(err, PX_EDB, "postgresql: the store has no generation");
  return rc;
}

/* ---- transactions -------------------------------------------------------- */

static px_rc pg_begin(px_store *s, px_err *err) {
  if (s->depth++ == 0) {
    s->failed = 0;
    px_rc rc = exec(s, "BEGIN", err);
    if (rc) s->depth = 0;
    return rc;
  }
  return PX_OK;
}

static px_rc pg_commit(px_store *s, px_err *err) {
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

static void pg_rollback(px_store *s) {
  if (s->depth == 0) return;
  if (--s->depth > 0) {
    s->failed = 1;
    return;
  }
  exec(s, "ROLLBACK", NULL);
}

/* Rolls back the transaction begun in this function and returns rc. */
#define TX_FAIL(rc)                                                            \
  do {                                                                         \
    px_store_rollback(s);                                                      \
    return (rc);                                                               \
  } while (0)

/* ---- sources ------------------------------------------------------------- */

static px_rc pg_source_id(px_store *s, const char *name, int create, int64_t *id,
                          px_err *err) {
  name = px_outlet_canonical(name);
  const char *p[] = {name};
  px_rc rc = one_id(s, "SELECT id FROM sources WHERE lower(name)=lower($1)", 1, p, id,
                    "source lookup", err);
  if (rc != PX_ENOTFOUND) return rc;
  if (!create) return px_err_set(err, PX_ENOTFOUND, "no source named '%s'", name);
  return one_id(s, "INSERT INTO sources(id, name) VALUES((SELECT coalesce(max(id), 0) + 1 "
                   "FROM sources), $1) RETURNING id", 1, p, id, "source insert", err);
}

static px_rc pg_sources_canonicalize(px_store *s, px_err *err) {
  PGresult *r;
  px_rc rc = q(s, "SELECT id, name FROM sources", 0, NULL, &r, "listing sources", err);
  if (rc) return rc;
  int n = PQntuples(r), begun = 0;
  for (int i = 0; i < n && !rc; i++) {
    const char *name = col_str(r, i, 1);
    const char *to = px_outlet_canonical(name);
    if (!name || to == name || !strcmp(to, name)) continue;
    if (!begun) {
      if ((rc = px_store_begin(s, err))) break;
      begun = 1;
      /* Names on duplicate URLs follow (plain text, no source row). */
      PGresult *u;
      if ((rc = q(s, "SELECT DISTINCT source FROM article_urls WHERE source IS NOT NULL",
                  0, NULL, &u, "renaming sources", err)))
        break;
      for (int k = 0; k < PQntuples(u) && !rc; k++) {
        const char *old = col_str(u, k, 0);
        const char *uto = px_outlet_canonical(old);
        if (!old || !strcmp(uto, old)) continue;
        const char *p[] = {uto, old};
        rc = q(s, "UPDATE article_urls SET source=$1 WHERE source=$2", 2, p, NULL,
               "renaming sources", err);
      }
      PQclear(u);
      if (rc) break;
    }
    int64_t into = 0;
    if ((rc = pg_source_id(s, to, 1, &into, err))) break;
    pg_int a, b;
    const char *p[] = {i64(&a, into), i64(&b, col_i64(r, i, 0))};
    if (!(rc = q(s, "UPDATE articles SET source_id=$1 WHERE source_id=$2", 2, p, NULL,
                 "merging sources", err)))
      rc = q(s, "DELETE FROM sources WHERE id=$1", 1, p + 1, NULL, "merging sources", err);
  }
  PQclear(r);
  if (!begun) return rc;
  if (rc) TX_FAIL(rc);
  return px_store_commit(s, err);
}

/* ---- articles ------------------------------------------------------------ */

static px_rc pg_article_put(px_store *s, const px_article_put *a, int64_t *id,
                            px_err *err) {
  const px_doc *d = a->doc;
  char raw_hash[33];
  px_hash128_hex(a->raw, a->raw_len, raw_hash);
  int64_t existing = 0;
  const char *hp[] = {raw_hash};
  px_rc rc = one_id(s, "SELECT id FROM articles WHERE raw_hash=$1", 1, hp, &existing,
                    "lookup", err);
  if (rc == PX_OK) {
    *id = existing;
    return PX_EEXISTS;
  }
  if (rc != PX_ENOTFOUND) return rc;
  px_put_prep pp;
  if ((rc = px_store_put_prep(a, &pp, err))) return rc;
  int64_t same_url = 0, source_id = 0, aid = 0;
  if (pp.nurl) {
    const char *up[] = {pp.nurl};
    rc = one_id(s, "SELECT id FROM articles WHERE url=$1 ORDER BY id LIMIT 1", 1, up,
                &same_url, "lookup", err);
    if (rc != PX_OK && rc != PX_ENOTFOUND) goto out;
    rc = PX_OK;
  }
  if ((rc = px_store_begin(s, err))) goto out;
  if (pp.source && *pp.source &&
      (rc = px_store_source_id(s, pp.source, 1, &source_id, err)))
    goto rollback;
  if (!same_url &&
      (rc = exec(s, "UPDATE counters SET value=greatest(value, (SELECT coalesce(max(id), 0) "
                    "FROM articles)) + 1 WHERE name='article'", err)))
    goto rollback;
  pg_int b_src, b_utc, b_rep, b_id;
  const char *v[22] = {
      source_id ? i64(&b_src, source_id) : NULL, pp.nurl, pp.ncanon, d->title,
      d->subtitle, pp.aj, d->wire, d->dateline, d->published,
      i64(&b_utc, px_store_published_utc(d)), d->updated, d->lang, d->image, d->section,
      i64(&b_rep, d->is_republished), px_buf_cstr(&pp.body), pp.bj, pp.hash,
      a->raw_type, raw_hash, a->feed_meta, same_url ? i64(&b_id, same_url) : NULL};
  const char *sql =
      same_url
          ? "UPDATE articles SET source_id=$1, url=$2, canonical_url=$3, "
            "title=$4, subtitle=$5, authors=$6, wire=$7, dateline=$8, "
            "published=$9, published_utc=$10, updated=$11, lang=$12, "
            "image=$13, section=$14, is_republished=$15, body=$16, "
            "blocks=$17, content_hash=$18, raw_type=$19, "
            "raw_hash=$20, feed_meta=$21 WHERE id=$22 RETURNING id"
          : "INSERT INTO articles(id, source_id, url, canonical_url, title, "
            "subtitle, authors, wire, dateline, published, published_utc, "
            "updated, lang, image, section, is_republished, body, blocks, "
            "content_hash, raw_type, raw_hash, feed_meta) VALUES((SELECT value FROM "
            "counters WHERE name='article'),$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,"
            "$13,$14,$15,$16,$17,$18,$19,$20,$21) RETURNING id";
  if ((rc = one_id(s, sql, same_url ? 22 : 21, v, &aid, "storing article", err))) {
    if (rc == PX_ENOTFOUND) rc = px_err_set(err, PX_EDB, "postgresql: storing article");
    goto rollback;
  }
  {
    pg_int b;
    const char *rv[] = {i64(&b, aid), a->raw ? (const char *)a->raw : ""};
    int len[] = {0, (int)a->raw_len}, fmt[] = {0, 1};
    if (a->raw_len > (size_t)0x7fffffff) {
      rc = px_err_set(err, PX_ETOOBIG, "postgresql: raw input over 2 GB");
      goto rollback;
    }
    PGresult *r = PQexecParams(CONN(s), "INSERT INTO article_raw(article_id, raw) "
                               "VALUES($1,$2) ON CONFLICT(article_id) DO UPDATE SET "
                               "raw=excluded.raw", 2, NULL, rv, len, fmt, 0);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
      rc = fail_msg(err, "storing raw input",
                    r ? PQresultErrorMessage(r) : PQerrorMessage(CONN(s)));
    PQclear(r);
    if (rc) goto rollback;
  }
  if (pp.nurl) {
    pg_int b;
    const char *uv[] = {i64(&b, aid), pp.nurl, pp.source};
    if ((rc = q(s, "INSERT INTO article_urls(article_id, url, source) VALUES($1,$2,$3) "
                   "ON CONFLICT DO NOTHING", 3, uv, NULL, "storing article url", err)))
      goto rollback;
  }
  if ((rc = px_store_commit(s, err))) goto out;
  *id = aid;
  goto out;
rollback:
  px_store_rollback(s);
out:
  px_store_put_prep_reset(&pp);
  return rc;
}

#define ARTICLE_COLS                                                        \
  "a.id, a.source_id, COALESCE(s.name,''), a.url, a.canonical_url, "        \
  "a.title, a.subtitle, a.authors, a.wire, a.dateline, a.published, "       \
  "a.published_utc, a.lang, a.section, a.added_at, a.is_republished, "      \
  "COALESCE(m.story_id,0), octet_length(a.body), a.content_hash, "          \
  "a.feed_meta "                                                             \
  "FROM articles a LEFT JOIN sources s ON s.id=a.source_id "                \
  "LEFT JOIN story_articles m ON m.article_id=a.id "

static px_article_row *article_row(const PGresult *r, int i) {
  px_article_row *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->id = col_i64(r, i, 0);
  w->source_id = col_i64(r, i, 1);
  w->source = col_dup(r, i, 2);
  w->url = col_dup(r, i, 3);
  w->canonical_url = col_dup(r, i, 4);
  w->title = col_dup(r, i, 5);
  w->subtitle = col_dup(r, i, 6);
  w->authors_json = col_dup(r, i, 7);
  w->wire = col_dup(r, i, 8);
  w->dateline = col_dup(r, i, 9);
  w->published = col_dup(r, i, 10);
  w->published_utc = col_i64(r, i, 11);
  w->lang = col_dup(r, i, 12);
  w->section = col_dup(r, i, 13);
  w->added_at = col_dup(r, i, 14);
  w->is_republished = (int)col_i64(r, i, 15);
  w->story_id = col_i64(r, i, 16);
  w->body_len = col_i64(r, i, 17);
  w->content_hash = col_dup(r, i, 18);
  w->feed_meta = col_dup(r, i, 19);
  return w;
}

static px_rc pg_article_get(px_store *s, int64_t id, px_article_row **out, px_err *err) {
  pg_int b;
  const char *p[] = {i64(&b, id)};
  PGresult *r;
  px_rc rc = q(s, "SELECT " ARTICLE_COLS "WHERE a.id=$1", 1, p, &r, "article lookup", err);
  if (rc) return rc;
  if (PQntuples(r) == 0) rc = px_err_set(err, PX_ENOTFOUND, "no article %lld", (long long)id);
  else if (!(*out = article_row(r, 0))) rc = px_err_set(err, PX_ENOMEM, "out of memory");
  PQclear(r);
  return rc;
}

/* Rows are fetched in pages, so a large store is never held in memory. */
#define PG_PAGE "500"

static px_rc pg_article_each(px_store *s, int64_t source_id, px_article_fn fn, void *ud,
                             px_err *err) {
  int64_t after = 0;
  for (;;) {
    pg_int a, b;
    const char *p[] = {i64(&a, after), i64(&b, source_id)};
    PGresult *r;
    px_rc rc = q(s, "SELECT " ARTICLE_COLS "WHERE a.id>$1::bigint AND "
                    "($2::bigint=0 OR a.source_id=$2::bigint) "
                    "ORDER BY a.id LIMIT " PG_PAGE, 2, p, &r, "listing articles", err);
    if (rc) return rc;
    int n = PQntuples(r), stop = 0;
    for (int i = 0; i < n && !stop; i++) {
      px_article_row *row = article_row(r, i);
      if (!row) {
        PQclear(r);
        return px_err_set(err, PX_ENOMEM, "out of memory");
      }
      after = row->id;
      stop = fn(row, ud);
      px_article_row_free(row);
    }
    PQclear(r);
    if (stop || n == 0) return PX_OK;
  }
}

static px_rc pg_article_find_hash(px_store *s, const char *content_hash, int64_t *id,
                                  px_err *err) {
  const char *p[] = {content_hash};
  return one_id(s, "SELECT id FROM articles WHERE content_hash=$1 ORDER BY id LIMIT 1", 1,
                p, id, "lookup", err);
}

static px_rc pg_article_doc(px_store *s, int64_t id, px_doc **out, px_err *err) {
  pg_int b;
  const char *p[] = {i64(&b, id)};
  PGresult *r;
  px_rc rc = q(s,
      "SELECT a.url, a.canonical_url, a.title, a.subtitle, s.name, a.authors, "
      "a.wire, a.dateline, a.published, a.updated, a.lang, a.image, a.section, "
      "a.is_republished, a.blocks FROM articles a LEFT JOIN sources s "
      "ON s.id=a.source_id WHERE a.id=$1", 1, p, &r, "article lookup", err);
  if (rc) return rc;
  if (PQntuples(r) == 0) {
    PQclear(r);
    return px_err_set(err, PX_ENOTFOUND, "no article %lld", (long long)id);
  }
  const char *col[15];
  for (int i = 0; i < 15; i++) col[i] = col_str(r, 0, i);
  rc = px_store_doc_build(col, id, out, err);
  PQclear(r);
  return rc;
}

static px_rc pg_article_raw(px_store *s, int64_t id, char **raw, size_t *len,
                            px_err *err) {
  pg_int b;
  const char *p[] = {i64(&b, id)};
  PGresult *r = PQexecParams(CONN(s), "SELECT raw FROM article_raw WHERE article_id=$1", 1,
                             NULL, p, NULL, NULL, 1);
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    px_rc rc = fail_msg(err, "article lookup",
                        r ? PQresultErrorMessage(r) : PQerrorMessage(CONN(s)));
    PQclear(r);
    return rc;
  }
  if (PQntuples(r) == 0) {
    PQclear(r);
    return px_err_set(err, PX_ENOTFOUND, "no article %lld", (long long)id);
  }
  size_t n = (size_t)PQgetlength(r, 0, 0);
  char *v = malloc(n + 1);
  if (!v) {
    PQclear(r);
    return px_err_set(err, PX_ENOMEM, "out of memory");
  }
  if (n) memcpy(v, PQgetvalue(r, 0, 0), n);
  v[n] = '\0';
  PQclear(r);
  *raw = v;
  *len = n;
  return PX_OK;
}

static px_rc pg_article_add_url(px_store *s, int64_t id, const char *url,
                                const char *source, px_err *err) {
  px_buf nurl;
  px_buf_init(&nurl, 0);
  if (url && px_url_normalize(url, strlen(url), 0, &nurl))
    return px_err_set(err, PX_ENOMEM, "out of memory");
  pg_int b;
  const char *p[] = {i64(&b, id), url ? px_buf_cstr(&nurl) : NULL,
                     px_outlet_canonical(source)};
  px_rc rc = q(s, "INSERT INTO article_urls(article_id, url, source) VALUES($1,$2,$3) "
                  "ON CONFLICT DO NOTHING", 3, p, NULL, "recording url", err);
  px_buf_reset(&nurl);
  return rc;
}

static px_rc pg_article_urls(px_store *s, int64_t id, px_url_fn fn, void *ud, px_err *err) {
  pg_int b;
  const char *p[] = {i64(&b, id)};
  PGresult *r;
  px_rc rc = q(s, "SELECT u.url, u.source FROM article_urls u JOIN articles a ON "
                  "a.id=u.article_id WHERE u.article_id=$1 "
                  "ORDER BY u.url IS DISTINCT FROM a.url, u.seq", 1, p, &r, "listing urls", err);
  if (rc) return rc;
  for (int i = 0; i < PQntuples(r); i++)
    if (fn(col_str(r, i, 0), col_str(r, i, 1), ud)) break;
  PQclear(r);
  return PX_OK;
}

/* ---- stories: staleness and moves ---------------------------------------- */

static px_rc stale(px_store *s, int64_t story_id, px_err *err) {
  pg_int b;
  const char *p[] = {i64(&b, story_id)};
  px_rc rc = q(s, "DELETE FROM story_analysis WHERE story_id=$1", 1, p, NULL,
               "updating story", err);
  if (!rc)
    rc = q(s, "UPDATE stories SET updated_at=" PX_PG_NOW " WHERE id=$1", 1, p, NULL,
           "updating story", err);
  return rc;
}

static px_rc mark_story_stale_of_article(px_store *s, int64_t article_id,
                                         int64_t *story_out, px_err *err) {
  pg_int b;
  const char *p[] = {i64(&b, article_id)};
  int64_t story = 0;
  px_rc rc = one_id(s, "SELECT story_id FROM story_articles WHERE article_id=$1", 1, p,
                    &story, "marking story stale", err);
  if (rc && rc != PX_ENOTFOUND) return rc;
  if (story_out) *story_out = story;
  return story ? stale(s, story, err) : PX_OK;
}

static px_rc moved(px_store *s, int64_t from, int64_t to, px_err *err) {
  pg_int a, b;
  const char *p[] = {i64(&a, from), i64(&b, to)};
  return q(s, "INSERT INTO story_moves(from_id, to_id) VALUES($1,$2) ON CONFLICT(from_id) "
              "DO UPDATE SET to_id=excluded.to_id, moved_at=excluded.moved_at", 2, p, NULL,
           "recording a story move", err);
}

static px_rc pg_story_prune(px_store *s, px_err *err) {
  px_rc rc = exec(s, "DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM "
                     "story_articles)", err);
  if (!rc) rc = exec(s, "DELETE FROM story_moves WHERE from_id IN (SELECT id FROM stories)",
                     err);
  return rc;
}

/* ---- deleting ------------------------------------------------------------ */

static px_rc delete_one(px_store *s, int64_t id, px_err *err) {
  px_rc rc = mark_story_stale_of_article(s, id, NULL, err);
  if (rc) return rc;
  pg_int b;
  const char *p[] = {i64(&b, id)};
  PGresult *r;
  if ((rc = q(s, "DELETE FROM articles WHERE id=$1", 1, p, &r, "deleting article", err)))
    return rc;
  if (changed(r) == 0) rc = px_err_set(err, PX_ENOTFOUND, "no article %lld", (long long)id);
  PQclear(r);
  return rc;
}

/* PostgreSQL keeps a deleted row's bytes in its files until VACUUM
** reuses the space: pg_scrub with vacuum runs VACUUM FULL, which rewrites
** the tables; without, there is no WAL of our own to empty. */
static px_rc pg_scrub(px_store *s, bool vacuum, px_err *err) {
  if (s->depth)
    return px_err_set(err, PX_EINVAL, "scrubbing the store inside a transaction");
  if (!vacuum) return PX_OK;
  return exec(s, "VACUUM FULL articles, article_raw, article_urls, copies, sources", err);
}

static px_rc pg_article_delete(px_store *s, int64_t id, px_err *err) {
  px_rc rc = px_store_begin(s, err);
  if (rc) return rc;
  if ((rc = delete_one(s, id, err)) || (rc = pg_story_prune(s, err))) TX_FAIL(rc);
  return px_store_commit(s, err);
}

static px_rc pg_articles_delete(px_store *s, const int64_t *ids, size_t n, size_t *deleted,
                                px_err *err) {
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
  if (!rc) rc = pg_story_prune(s, err);
  if (rc) TX_FAIL(rc);
  if ((rc = px_store_commit(s, err))) return rc;
  if (deleted) *deleted = k;
  return PX_OK;
}

static px_rc pg_source_delete(px_store *s, const char *name, int64_t *count, px_err *err) {
  int64_t sid;
  px_rc rc = px_store_begin(s, err);
  if (rc) return rc;
  if ((rc = px_store_source_id(s, name, 0, &sid, err))) TX_FAIL(rc);
  pg_int b;
  const char *p[] = {i64(&b, sid)};
  PGresult *r = NULL;
  if ((rc = q(s, "DELETE FROM story_analysis WHERE story_id IN (SELECT m.story_id FROM "
                 "story_articles m JOIN articles a ON a.id=m.article_id WHERE "
                 "a.source_id=$1)", 1, p, NULL, "deleting source", err)) ||
      (rc = q(s, "DELETE FROM articles WHERE source_id=$1", 1, p, &r, "deleting source",
              err)))
    TX_FAIL(rc);
  if (count) *count = changed(r);
  PQclear(r);
  if ((rc = q(s, "DELETE FROM sources WHERE id=$1", 1, p, NULL, "deleting source", err)) ||
      (rc = pg_story_prune(s, err)))
    TX_FAIL(rc);
  return px_store_commit(s, err);
}

/* ---- stories ------------------------------------------------------------- */

static px_rc pg_story_create(px_store *s, const char *title, int64_t *id, px_err *err) {
  px_rc rc = exec(s, "UPDATE counters SET value=greatest(value, (SELECT coalesce(max(id), 0) "
                     "FROM stories)) + 1 WHERE name='story'", err);
  if (rc) return rc;
  const char *p[] = {title};
  rc = one_id(s, "INSERT INTO stories(id, title) VALUES((SELECT value FROM counters WHERE "
                 "name='story'), $1) RETURNING id", 1, p, id, "creating story", err);
  if (rc == PX_ENOTFOUND) rc = px_err_set(err, PX_EDB, "postgresql: creating story");
  return rc;
}

static px_rc pg_story_resolve(px_store *s, int64_t id, int64_t *live, px_err *err) {
  for (int hop = 0; hop < 64; hop++) {
    pg_int b;
    const char *p[] = {i64(&b, id)};
    PGresult *r;
    px_rc rc = q(s, "SELECT (SELECT 1 FROM stories WHERE id=$1), "
                    "(SELECT to_id FROM story_moves WHERE from_id=$1)", 1, p, &r,
                 "story lookup", err);
    if (rc) return rc;
    int exists = !PQgetisnull(r, 0, 0);
    int64_t to = col_i64(r, 0, 1);
    PQclear(r);
    if (exists) {
      *live = id;
      return PX_OK;
    }
    if (!to || to == id) break;
    id = to;
  }
  return px_err_set(err, PX_ENOTFOUND, "no such story");
}

static px_rc pg_story_add(px_store *s, int64_t story_id, int64_t article_id, double score,
                          px_err *err) {
  int64_t old = 0;
  px_rc rc = mark_story_stale_of_article(s, article_id, &old, err);
  if (rc) return rc;
  if (old && old != story_id && (rc = moved(s, old, story_id, err))) return rc;
  pg_int a, b;
  char sc[40];
  snprintf(sc, sizeof sc, "%.17g", score);
  const char *p[] = {i64(&a, article_id), i64(&b, story_id), sc};
  if ((rc = q(s, "INSERT INTO story_articles(article_id, story_id, score) VALUES($1,$2,$3) "
                 "ON CONFLICT(article_id) DO UPDATE SET story_id=excluded.story_id, "
                 "score=excluded.score", 3, p, NULL, "adding to story", err)))
    return rc;
  return stale(s, story_id, err);
}

static px_rc pg_story_merge(px_store *s, int64_t into, int64_t from, px_err *err) {
  if (into == from) return PX_OK;
  px_rc rc = px_store_begin(s, err);
  if (rc) return rc;
  pg_int a, b;
  const char *p[] = {i64(&a, into), i64(&b, from)};
  if ((rc = q(s, "UPDATE story_articles SET story_id=$1 WHERE story_id=$2", 2, p, NULL,
              "merging stories", err)) ||
      (rc = q(s, "DELETE FROM stories WHERE id=$1", 1, p + 1, NULL, "merging stories",
              err)) ||
      (rc = moved(s, from, into, err)) || (rc = stale(s, into, err)))
    TX_FAIL(rc);
  return px_store_commit(s, err);
}

#define STORY_COLS_AS(extra)                                                \
  "s.id, s.title, s.topic, s.n_articles, s.n_outlets, s.first_published, "  \
  "s.last_published, s.updated_at, s.first_utc, "                           \
  "CASE WHEN s.first_utc <> 0 THEN nullif(s.last_utc, 0) END" extra " FROM stories s "
#define STORY_COLS STORY_COLS_AS("")

static px_story_row *story_row(const PGresult *r, int i) {
  px_story_row *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->id = col_i64(r, i, 0);
  w->title = col_dup(r, i, 1);
  w->topic = col_dup(r, i, 2);
  w->narticles = col_i64(r, i, 3);
  w->nsources = col_i64(r, i, 4);
  w->first_published = col_dup(r, i, 5);
  w->last_published = col_dup(r, i, 6);
  w->updated_at = col_dup(r, i, 7);
  w->first_utc = col_i64(r, i, 8);
  w->last_utc = col_i64(r, i, 9);
  return w;
}

static px_rc pg_story_get(px_store *s, int64_t id, px_story_row **out, px_err *err) {
  pg_int b;
  const char *p[] = {i64(&b, id)};
  PGresult *r;
  px_rc rc = q(s, "SELECT " STORY_COLS "WHERE s.id=$1", 1, p, &r, "story lookup", err);
  if (rc) return rc;
  if (PQntuples(r) == 0) rc = px_err_set(err, PX_ENOTFOUND, "no story %lld", (long long)id);
  else if (!(*out = story_row(r, 0))) rc = px_err_set(err, PX_ENOMEM, "out of memory");
  PQclear(r);
  return rc;
}

static px_rc pg_story_each(px_store *s, px_story_fn fn, void *ud, px_err *err) {
  PGresult *r;
  px_rc rc = q(s, "SELECT " STORY_COLS PX_STORY_ORDER_SQL, 0, NULL, &r, "listing stories",
               err);
  if (rc) return rc;
  for (int i = 0; i < PQntuples(r); i++) {
    px_story_row *row = story_row(r, i);
    if (!row) {
      rc = px_err_set(err, PX_ENOMEM, "out of memory");
      break;
    }
    int stop = fn(row, ud);
    px_story_row_free(row);
    if (stop) break;
  }
  PQclear(r);
  return rc;
}

/* The first column of every row as ids. Caller frees *ids with free(). */
static px_rc collect_ids(px_store *s, const char *sql, int n, const char *const *v,
                         int64_t **ids, size_t *cnt, px_err *err) {
  PGresult *r;
  px_rc rc = q(s, sql, n, v, &r, "listing ids", err);
  if (rc) return rc;
  size_t k = (size_t)PQntuples(r);
  int64_t *out = malloc((k ? k : 1) * sizeof *out);
  if (!out) {
    PQclear(r);
    return px_err_set(err, PX_ENOMEM, "out of memory");
  }
  for (size_t i = 0; i < k; i++) out[i] = col_i64(r, (int)i, 0);
  PQclear(r);
  if (!k) {
    free(out);
    out = NULL;
  }
  *ids = out;
  *cnt = k;
  return PX_OK;
}

static px_rc pg_story_articles(px_store *s, int64_t story_id, int64_t **ids, size_t *n,
                               px_err *err) {
  pg_int b;
  const char *p[] = {i64(&b, story_id)};
  return collect_ids(s, "SELECT m.article_id FROM story_articles m JOIN articles a ON "
                        "a.id=m.article_id WHERE m.story_id=$1 "
                        "ORDER BY a.published_utc=0, a.published_utc, a.id", 1, p, ids, n,
                     err);
}

static px_rc pg_story_related_set(px_store *s, int64_t story_id, const int64_t *ids,
                                  const double *scores, size_t n, px_err *err) {
  px_rc rc = px_store_begin(s, err);
  if (rc) return rc;
  pg_int a, b;
  const char *p[3] = {i64(&a, story_id)};
  if ((rc = q(s, "DELETE FROM story_related WHERE story_id=$1 OR related_id=$1", 1, p, NULL,
              "related stories", err)))
    TX_FAIL(rc);
  for (size_t i = 0; i < n; i++) {
    if (ids[i] == story_id) continue;
    char sc[40];
    snprintf(sc, sizeof sc, "%.17g", scores[i]);
    p[1] = i64(&b, ids[i]);
    p[2] = sc;
    if ((rc = q(s, "INSERT INTO story_related(story_id, related_id, score) "
                   "SELECT $1::bigint, $2::bigint, $3::float8 WHERE EXISTS(SELECT 1 FROM "
                   "stories WHERE id=$2::bigint) UNION ALL SELECT $2::bigint, $1::bigint, "
                   "$3::float8 WHERE EXISTS(SELECT 1 FROM stories WHERE id=$2::bigint) "
                   "ON CONFLICT(story_id, related_id) DO UPDATE SET score=excluded.score",
                3, p, NULL, "related stories", err)))
      TX_FAIL(rc);
  }
  return px_store_commit(s, err);
}

static px_rc pg_story_related_get(px_store *s, int64_t story_id, size_t max,
                                  px_story_row ***rows, double **scores, size_t *n,
                                  px_err *err) {
  *rows = NULL;
  *n = 0;
  if (scores) *scores = NULL;
  pg_int a, b;
  const char *p[] = {i64(&a, story_id), i64(&b, (int64_t)max)};
  PGresult *r;
  px_rc rc = q(s, "SELECT " STORY_COLS_AS(", r.score") " JOIN story_related r "
                  "ON r.related_id=s.id WHERE r.story_id=$1 "
                  "ORDER BY r.score DESC, s.id LIMIT $2", 2, p, &r, "related stories", err);
  if (rc) return rc;
  px_story_row **v = calloc(max ? max : 1, sizeof *v);
  double *sc = calloc(max ? max : 1, sizeof *sc);
  if (!v || !sc) rc = px_err_set(err, PX_ENOMEM, "out of memory");
  for (int i = 0; !rc && i < PQntuples(r) && *n < max; i++) {
    if (!(v[*n] = story_row(r, i))) {
      rc = px_err_set(err, PX_ENOMEM, "out of memory");
      break;
    }
    sc[(*n)++] = strtod(PQgetvalue(r, i, 10), NULL);
  }
  PQclear(r);
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

static px_rc pg_story_set_analysis(px_store *s, int64_t story_id, const char *title,
                                   const char *topic, const char *json, px_err *err) {
  pg_int b;
  const char *p[] = {title, topic, i64(&b, story_id)};
  px_rc rc = q(s, "UPDATE stories SET title=COALESCE($1,title), topic=COALESCE($2,topic) "
                  "WHERE id=$3", 3, p, NULL, "saving analysis", err);
  if (rc) return rc;
  const char *j[] = {p[2], json};
  return q(s, json ? "INSERT INTO story_analysis(story_id, json) VALUES($1,$2) "
                     "ON CONFLICT(story_id) DO UPDATE SET json=excluded.json"
                   : "DELETE FROM story_analysis WHERE story_id=$1",
           json ? 2 : 1, j, NULL, "saving analysis", err);
}

/* The text in the first column of the row for id, NULL when none. */
static px_rc get_text(px_store *s, const char *sql, int64_t id, char **out, px_err *err) {
  pg_int b;
  const char *p[] = {i64(&b, id)};
  PGresult *r;
  px_rc rc = q(s, sql, 1, p, &r, "lookup", err);
  if (rc) return rc;
  char *v = NULL;
  if (PQntuples(r) && !PQgetisnull(r, 0, 0) && !(v = strdup(PQgetvalue(r, 0, 0))))
    rc = px_err_set(err, PX_ENOMEM, "out of memory");
  PQclear(r);
  if (!rc) *out = v;
  return rc;
}

static px_rc pg_story_analysis(px_store *s, int64_t story_id, char **json, px_err *err) {
  return get_text(s, "SELECT json FROM story_analysis WHERE story_id=$1", story_id, json,
                  err);
}

static px_rc pg_story_stale(px_store *s, int64_t **ids, size_t *n, px_err *err) {
  return collect_ids(s, "SELECT id FROM stories WHERE id NOT IN (SELECT story_id FROM "
                        "story_analysis) ORDER BY id", 0, NULL, ids, n, err);
}

/* ---- copies, settings, takedown keys ------------------------------------- */

static px_rc pg_copies_set(px_store *s, int64_t article_id, const char *json, px_err *err) {
  pg_int b;
  const char *p[] = {i64(&b, article_id), json};
  return q(s, json ? "INSERT INTO copies(article_id, json) VALUES($1,$2) "
                     "ON CONFLICT(article_id) DO UPDATE SET json=excluded.json"
                   : "DELETE FROM copies WHERE article_id=$1",
           json ? 2 : 1, p, NULL, "saving copies", err);
}

static px_rc pg_copies_get(px_store *s, int64_t article_id, char **json, px_err *err) {
  return get_text(s, "SELECT json FROM copies WHERE article_id=$1", article_id, json, err);
}

static px_rc pg_setting_get(px_store *s, const char *key, char **value, px_err *err) {
  const char *p[] = {key};
  PGresult *r;
  px_rc rc = q(s, "SELECT value FROM settings WHERE key=$1", 1, p, &r, "settings", err);
  if (rc) return rc;
  char *v = NULL;
  if (PQntuples(r) && !(v = strdup(PQgetvalue(r, 0, 0))))
    rc = px_err_set(err, PX_ENOMEM, "out of memory");
  PQclear(r);
  if (!rc) *value = v;
  return rc;
}

static px_rc pg_setting_set(px_store *s, const char *key, const char *value, px_err *err) {
  const char *p[] = {key, value};
  return q(s, value ? "INSERT INTO settings(key, value) VALUES($1,$2) ON CONFLICT(key) "
                      "DO UPDATE SET value=excluded.value, set_at=excluded.set_at"
                    : "DELETE FROM settings WHERE key=$1",
           value ? 2 : 1, p, NULL, "settings", err);
}

static px_rc pg_takedown_match(px_store *s, const char *url_hash, const char *name_key,
                               const char *host_key, int *found, px_err *err) {
  const char *p[] = {url_hash, name_key, host_key};
  PGresult *r;
  px_rc rc = q(s, "SELECT 1 FROM takedown_keys WHERE "
                  "(kind='url' AND key=$1::text) OR (kind='name' AND key=$2::text) OR "
                  "(kind='host' AND $3::text IS NOT NULL AND (key=$3::text OR "
                  " right($3::text, length(key)+1)='.'||key)) LIMIT 1", 3, p, &r,
               "takedown keys", err);
  if (rc) return rc;
  *found = PQntuples(r) > 0;
  PQclear(r);
  return PX_OK;
}

static const px_store_ops pg_ops = {
  .name = "postgresql",
  .close = pg_close,
  .sqlite = NULL,
  .pg = pg_conn_of,
  .generation = pg_generation,
  .begin = pg_begin,
  .commit = pg_commit,
  .rollback = pg_rollback,
  .sources_canonicalize = pg_sources_canonicalize,
  .source_id = pg_source_id,
  .article_put = pg_article_put,
  .article_get = pg_article_get,
  .article_doc = pg_article_doc,
  .article_raw = pg_article_raw,
  .article_each = pg_article_each,
  .article_find_hash = pg_article_find_hash,
  .article_add_url = pg_article_add_url,
  .article_urls = pg_article_urls,
  .article_delete = pg_article_delete,
  .articles_delete = pg_articles_delete,
  .scrub = pg_scrub,
  .source_delete = pg_source_delete,
  .story_create = pg_story_create,
  .story_add = pg_story_add,
  .story_merge = pg_story_merge,
  .story_resolve = pg_story_resolve,
  .story_get = pg_story_get,
  .story_each = pg_story_each,
  .story_articles = pg_story_articles,
  .story_related_set = pg_story_related_set,
  .story_related_get = pg_story_related_get,
  .story_set_analysis = pg_story_set_analysis,
  .story_analysis = pg_story_analysis,
  .story_stale = pg_story_stale,
  .story_prune = pg_story_prune,
  .copies_set = pg_copies_set,
  .copies_get = pg_copies_get,
  .setting_get = pg_setting_get,
  .setting_set = pg_setting_set,
  .takedown_match = pg_takedown_match,
};
