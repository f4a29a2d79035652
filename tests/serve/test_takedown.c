/*
** test_takedown.c: a takedown leaves nothing of the content anywhere: not
** in any table (articles, raw input, duplicate URLs, stories, copies,
** analysis, quotes, claims, the FTS index and its shadow tables, alerts),
** not in the database file's bytes or its WAL, not in any page, API
** answer or feed; only the audit record stays, and the URL or outlet is
** refused afterwards. Runs on the five seed articles through the real
** pipeline.
*/
#include <jansson.h>
#include <sys/stat.h>

#include "helpers.h"
#include "serve/app.h"
#include "serve/auth.h"
#include "serve/takedown.h"
#include "store/pipeline.h"
#include "store/takedown.h"
#include "util/err.h"
#include "util/file.h"

static char seeds[512];

static void fill_seeds(void) {
  const char *root = getenv("PX_SOURCE_ROOT");
  snprintf(seeds, sizeof seeds, "%s/tests/fixtures/seeds", root ? root : ".");
  snprintf(th_db, sizeof th_db, "/tmp/px-test-takedown-%d.db", (int)getpid());
  th_unlink_db();
  px_store *st = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(th_db, &st, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(px_search_init(st, &err), PX_OK, "%s", err.msg);
  px_pipeline *p = NULL;
  cr_assert_eq(px_pipeline_new(st, &p, &err), PX_OK, "%s", err.msg);
  for (int i = 0; i < 5; i++) {
    static const char *const names[] = {
        "000_f6d645dabc46512d.txt", "001_61a2b7113e9c39af.txt",
        "002_5fe315ebc06e9dbe.txt", "003_d99be8deb27359fc.txt",
        "004_cf15a95a0f68fdb8.txt"};
    char path[600];
    snprintf(path, sizeof path, "%s/%s", seeds, names[i]);
    cr_assert_eq(px_pipeline_add_file(p, path, NULL, NULL, &err), PX_OK, "%s",
                 err.msg);
  }
  px_pipeline_refresh(p, &err);
  cr_assert_eq(px_pipeline_save(p, &err), PX_OK, "%s", err.msg);
  px_pipeline_free(p);
  px_store_close(st);
}


static void cleanup(void) { th_unlink_db(); }

TestSuite(takedown, .init = fill_seeds, .fini = cleanup, .timeout = 120);

typedef struct needle {
  const char *s;
  int audit_ok;   /* may appear in the takedowns table (the audit log) */
} needle;

/* Every column of every row of every table, as bytes. */
static void scan_tables(const needle *nd, size_t n) {
  sqlite3 *db;
  cr_assert_eq(sqlite3_open_v2(th_db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  sqlite3_stmt *t;
  cr_assert_eq(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE "
                                      "type='table'", -1, &t, NULL), SQLITE_OK);
  int tables = 0;
  while (sqlite3_step(t) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(t, 0);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) continue;
    tables++;
    while (sqlite3_step(s) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(s); c++) {
        const void *v = sqlite3_column_blob(s, c);
        int len = sqlite3_column_bytes(s, c);
        for (size_t k = 0; v && k < n; k++) {
          if (nd[k].audit_ok && !strcmp(name, "takedowns")) continue;
          cr_expect_null(memmem(v, (size_t)len, nd[k].s, strlen(nd[k].s)),
                         "'%s' left in table %s", nd[k].s, name);
        }
      }
    }
    sqlite3_finalize(s);
  }
  sqlite3_finalize(t);
  cr_expect_gt(tables, 8, "scanned only %d tables", tables);
  sqlite3_close(db);
}

/* The raw bytes of the database file and its WAL. */
static void scan_file(const needle *nd, size_t n) {
  const char *suffix[] = {"", "-wal"};
  for (int i = 0; i < 2; i++) {
    char p[300];
    snprintf(p, sizeof p, "%s%s", th_db, suffix[i]);
    char *data = NULL;
    size_t len = 0;
    px_err err = {0};
    if (px_file_read(p, (size_t)1 << 30, &data, &len, &err)) continue;
    for (size_t k = 0; k < n; k++)
      if (!nd[k].audit_ok)
        cr_expect_null(memmem(data, len, nd[k].s, strlen(nd[k].s)),
                       "'%s' left in the bytes of %s", nd[k].s, p);
    free(data);
  }
}

static int count_rows(const char *sql) {
  sqlite3 *db;
  sqlite3_open_v2(th_db, &db, SQLITE_OPEN_READONLY, NULL);
  sqlite3_stmt *s;
  int n = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW)
    n = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return n;
}

static void scan_http(px_app *app, const needle *nd, size_t n) {
  const char *paths[] = {"/", "/stories/1", "/feed.atom", "/stories/1/feed.atom",
                         "/search?q=blinken", "/search.atom?q=blinken",
                         "/api/stories", "/api/stories/1",
                         "/api/search?q=blinken", "/api/search?q=illusions",
                         "/api/search?q=eyes"};
  for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
    th_resp r = th_req(app, "GET", paths[i], NULL, NULL);
    for (size_t k = 0; k < n; k++)
      cr_expect_null(strstr(r.body, nd[k].s), "'%s' still served at %s",
                     nd[k].s, paths[i]);
    free(r.body);
  }
}

/* The pipeline state saved beside the store holds data derived from every
** article: after a takedown it must be gone or rebuilt without them (its
** generation, the first value after the 16-byte header, is the store's). */
static void expect_state_rebuilt(void) {
  char path[600];
  snprintf(path, sizeof path, "%s-state", th_db);
  FILE *f = fopen(path, "rb");
  if (!f) return;
  int64_t gen = 0;
  cr_assert_eq(fseek(f, 16, SEEK_SET), 0);
  cr_assert_eq(fread(&gen, sizeof gen, 1, f), 1u);
  fclose(f);
  char sql[160];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM counters WHERE name='generation' AND value=%lld",
           (long long)gen);
  cr_expect_eq(count_rows(sql), 1, "the saved state is of the store after the takedown");
}

Test(takedown, source_leaves_nothing) {
  char url[600];
  snprintf(url, sizeof url, "%s/003_d99be8deb27359fc.txt", seeds);
  const needle nd[] = {{"All eyes will be on whether Blinken", 0},
                       {"Blinken, Wang tackle tough issues", 0},
                       {"Inquirer", 1},
                       {"003_d99be8deb27359fc", 0}};
  /* It is there before. */
  cr_assert_eq(count_rows("SELECT count(*) FROM search_fts WHERE search_fts "
                          "MATCH '\"all eyes will be on\"'"), 1);
  px_store *st = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(th_db, &st, &err), PX_OK);
  int64_t removed = 0, rec = 0;
  cr_assert_eq(px_serve_takedown(st, PX_TAKEDOWN_SOURCE, "inquirer news",
                                 "court order 123", &removed, &rec, &err),
               PX_OK, "%s", err.msg);
  cr_expect_eq(removed, 1);
  cr_expect(px_takedown_is_blocked(st, NULL, "Inquirer News"));
  cr_expect(px_takedown_is_blocked(st, "https://x.example/", "INQUIRER NEWS"));
  cr_expect(!px_takedown_is_blocked(st, "https://x.example/", "OAN"));
  px_store_close(st);
  scan_tables(nd, 4);
  scan_file(nd, 4);
  expect_state_rebuilt();
  cr_expect_eq(count_rows("SELECT count(*) FROM search_fts WHERE search_fts "
                          "MATCH '\"all eyes will be on\"'"), 0);
  cr_expect_eq(count_rows("SELECT count(*) FROM articles"), 4);
  cr_expect_eq(count_rows("SELECT count(*) FROM takedowns WHERE reason="
                          "'court order 123' AND narticles=1"), 1);
  px_serve_opts o;
  px_serve_opts_init(&o);
  o.db_path = th_db;
  px_app *app = NULL;
  cr_assert_eq(px_app_new(&o, &app, &err), PX_OK, "%s", err.msg);
  scan_http(app, nd, 4);
  px_app_free(app);
}

Test(takedown, url_through_the_api_and_refused_later) {
  char url[600];
  snprintf(url, sizeof url, "%s/000_f6d645dabc46512d.txt", seeds);
  const needle nd[] = {{"no illusions about the challenges", 0},
                       {"Blinken denounces support", 0},
                       {"Noah Herring", 0},
                       {"000_f6d645dabc46512d", 1}};
  px_serve_opts o;
  px_serve_opts_init(&o);
  o.db_path = th_db;
  px_app *app = NULL;
  px_err err = {0};
  cr_assert_eq(px_app_new(&o, &app, &err), PX_OK, "%s", err.msg);
  px_store *st = px_app_store_get(app, &err);
  char tok[PX_TOKEN_LEN + 1], bearer[PX_TOKEN_LEN + 16];
  cr_assert_eq(px_auth_token_create(st, "t", tok, &err), PX_OK);
  px_app_store_put(app, st);
  snprintf(bearer, sizeof bearer, "Bearer %s", tok);
  /* The story page shows this article's title before the takedown. */
  th_resp r = th_req(app, "GET", "/stories/1", NULL, NULL);
  cr_expect(strstr(r.body, "Blinken denounces support") != NULL);
  free(r.body);

  json_t *body = json_pack("{s:s, s:s}", "url", url, "reason", "copyright");
  char *b = json_dumps(body, 0);
  json_decref(body);
  r = th_req(app, "POST", "/api/takedown", NULL, b);
  cr_expect_eq(r.status, 401);
  free(r.body);
  r = th_req(app, "POST", "/api/takedown", bearer, b);
  cr_expect_eq(r.status, 200, "%s", r.body);
  cr_expect(strstr(r.body, "\"removed_articles\":1") != NULL, "%s", r.body);
  free(r.body);
  free(b);
  scan_http(app, nd, 3);

  /* Re-adding it through the API is refused. */
  body = json_pack("{s:s, s:s}", "url", url, "text", "Blinken denounces support again");
  b = json_dumps(body, 0);
  json_decref(body);
  r = th_req(app, "POST", "/api/articles", bearer, b);
  cr_expect_eq(r.status, 451, "%s", r.body);
  free(r.body);
  free(b);
  px_app_free(app);

  scan_tables(nd, 4);
  scan_file(nd, 4);
  cr_expect_eq(count_rows("SELECT count(*) FROM articles"), 4);
  cr_expect_eq(count_rows("SELECT count(*) FROM stories"), 1);

  px_store *st2 = NULL;
  cr_assert_eq(px_store_open(th_db, &st2, &err), PX_OK);
  cr_expect(px_takedown_is_blocked(st2, url, NULL));
  /* The ingest pipeline refuses the file again. */
  px_pipeline *p = NULL;
  cr_assert_eq(px_pipeline_new(st2, &p, &err), PX_OK);
  px_err_clear(&err);
  cr_expect_eq(px_pipeline_add_file(p, url, NULL, NULL, &err), PX_EREFUSED,
               "%s", err.msg);
  px_pipeline_free(p);
  cr_expect_eq(count_rows("SELECT count(*) FROM articles"), 4);
  char slash[620];
  snprintf(slash, sizeof slash, "%s/", url);
  cr_expect(px_takedown_is_blocked(st2, slash, NULL));
  px_store_close(st2);
}

/* A takedown names the outlet any way the directory knows it: "OANN"
** removes the seed that says "OAN" (filed as One America News) and
** refuses every spelling. */
Test(takedown, outlet_spellings_are_one_outlet) {
  px_store *st = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(th_db, &st, &err), PX_OK, "%s", err.msg);
  int64_t removed = 0, rec = 0;
  cr_assert_eq(px_serve_takedown(st, PX_TAKEDOWN_SOURCE, "OANN", "request", &removed, &rec,
                                 &err), PX_OK, "%s", err.msg);
  cr_expect_eq(removed, 1);
  cr_expect(px_takedown_is_blocked(st, NULL, "OAN"));
  cr_expect(px_takedown_is_blocked(st, NULL, "one america news network"));
  cr_expect(!px_takedown_is_blocked(st, NULL, "Reuters"));
  px_store_close(st);
  cr_expect_eq(count_rows("SELECT count(*) FROM articles"), 4);
}
