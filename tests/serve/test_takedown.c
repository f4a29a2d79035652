/*
** test_takedown.c: a takedown leaves nothing of the content anywhere: not
** in any table (articles, raw input, duplicate URLs, stories, copies,
** analysis, quotes, claims, the FTS index and its shadow tables, alerts),
** not in the database file's bytes or its WAL, not in any page, API
** answer or feed; only the audit record stays, and the URL or outlet is
** refused afterwards. Runs on the five seed articles through the real
** pipeline.
** Issue 15 items 6-9: a changed spelling of the outlet or the URL does not
** get around a takedown; nothing removed survives in free space of live
** pages or in the WAL, after a takedown or an article's deletion; ids are
** never handed out twice; a takedown and a write are never cut off by the
** request time limit.
*/
#include <jansson.h>
#include <sys/stat.h>

#include "helpers.h"
#include "serve/app.h"
#include "serve/auth.h"
#include "serve/takedown.h"
#include "store/pipeline.h"
#include "store/fts_px.h"
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
  cr_assert_eq(px_store_fts_register(db, NULL), PX_OK);
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
          if (nd[k].audit_ok &&
              (!strcmp(name, "takedowns") || !strcmp(name, "takedown_keys")))
            continue;
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
  px_store_fts_register(db, NULL);  /* search_fts's tokenizer */
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

/* ---- issue 15, items 6-9 --------------------------------------------------- */

static px_app *open_app(unsigned request_ms, char bearer[PX_TOKEN_LEN + 16]) {
  px_serve_opts o;
  px_serve_opts_init(&o);
  o.db_path = th_db;
  if (request_ms) o.request_ms = request_ms;
  px_app *app = NULL;
  px_err err = {0};
  cr_assert_eq(px_app_new(&o, &app, &err), PX_OK, "%s", err.msg);
  px_store *st = px_app_store_get(app, &err);
  char tok[PX_TOKEN_LEN + 1];
  cr_assert_eq(px_auth_token_create(st, "t", tok, &err), PX_OK);
  px_app_store_put(app, st);
  snprintf(bearer, PX_TOKEN_LEN + 16, "Bearer %s", tok);
  return app;
}

static int post_article(px_app *app, const char *bearer, const char *url,
                        const char *source, const char *text) {
  json_t *body = source ? json_pack("{s:s, s:s, s:s}", "url", url, "source", source,
                                    "text", text)
                        : json_pack("{s:s, s:s}", "url", url, "text", text);
  char *b = json_dumps(body, 0);
  json_decref(body);
  th_resp r = th_req(app, "POST", "/api/articles", bearer, b);
  free(r.body);
  free(b);
  return r.status;
}

/* Item 6: the outlet named any way that reads the same is the outlet, its
** articles' URLs are refused without a source, and a directory outlet's
** own domains with it. */
Test(takedown, outlet_name_evasions) {
  char url[600];
  snprintf(url, sizeof url, "%s/003_d99be8deb27359fc.txt", seeds);
  px_store *st = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(th_db, &st, &err), PX_OK, "%s", err.msg);
  int64_t removed = 0, rec = 0;
  /* Taken down by a spelling with "The", odd case and a no-break space. */
  cr_assert_eq(px_serve_takedown(st, PX_TAKEDOWN_SOURCE, " the INQUIRER\xc2\xa0news ",
                                 "court order", &removed, &rec, &err),
               PX_OK, "%s", err.msg);
  cr_expect_eq(removed, 1);
  static const char *const same[] = {
      "Inquirer News", "Inquirer News  ", "Inquirer  News", "  Inquirer News",
      "Inquirer\xc2\xa0News",            /* no-break space */
      "Inquirer\xe2\x80\x8bNews",        /* zero-width space for the space */
      "Inqu\xe2\x80\x8birer News",       /* zero-width space inside */
      "\xd0\x86nquirer News",            /* Cyrillic capital I */
      "Inquir\xd0\xb5r N\xd0\xb5ws",     /* Cyrillic small ie */
      "\xce\x99nquirer News",            /* Greek capital iota */
      "The Inquirer News", "THE INQUIRER NEWS", "Ｉｎｑｕｉｒｅｒ Ｎｅｗｓ",
      "Inquirer\tNews\n",
  };
  for (size_t i = 0; i < sizeof same / sizeof *same; i++)
    cr_expect(px_takedown_is_blocked(st, NULL, same[i]), "'%s' is not refused", same[i]);
  cr_expect(!px_takedown_is_blocked(st, NULL, "Inquirer Newsweek"));
  cr_expect(!px_takedown_is_blocked(st, NULL, "Reuters"));
  cr_expect(!px_takedown_is_blocked(st, NULL, "The"));
  /* Its article's URL is refused without any source. */
  cr_expect(px_takedown_is_blocked(st, url, NULL), "its URL is accepted without a source");
  cr_expect(!px_takedown_is_blocked(st, "https://x.example/other", NULL));
  /* A directory outlet's domains are its own URLs. */
  cr_assert_eq(px_serve_takedown(st, PX_TAKEDOWN_SOURCE, "\xd0\x9e\xd0\x90N", "request",
                                 &removed, &rec, &err), PX_OK, "%s", err.msg);
  cr_expect_eq(removed, 1, "Cyrillic-lettered OAN takes down OAN's seed");
  cr_expect(px_takedown_is_blocked(st, "https://www.oann.com/2024/x", NULL));
  cr_expect(px_takedown_is_blocked(st, "http://OANN.com./x", NULL));
  cr_expect(!px_takedown_is_blocked(st, "https://notoann.com/x", NULL));
  cr_expect(!px_takedown_is_blocked(st, "https://oann.com.evil.example/x", NULL));
  px_store_close(st);

  /* Posted through the API without a source, and under a look-alike. */
  char bearer[PX_TOKEN_LEN + 16];
  px_app *app = open_app(0, bearer);
  cr_expect_eq(post_article(app, bearer, url, NULL, "All eyes will be on it"), 451);
  cr_expect_eq(post_article(app, bearer, "https://y.example/1", "The \xd0\x86nquirer  News",
                            "All eyes will be on it"), 451);
  cr_expect_eq(post_article(app, bearer, "https://www.oann.com/new", NULL,
                            "Something new from OAN"), 451);
  cr_expect_eq(post_article(app, bearer, "https://y.example/2", "Reuters",
                            "Rain is expected in Paris all week."), 201);
  px_app_free(app);
}

/* Item 7: a URL taken down in one spelling is taken down in all. */
Test(takedown, url_evasions) {
  px_store *st = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(th_db, &st, &err), PX_OK, "%s", err.msg);
  th_add(st, "https://news.example.com/2024/story-1", "Example News", "Zebra crossing",
         NULL, "Zebras crossed the road in a quiet town on Tuesday.", 0);
  /* Stored in the one normal form. */
  th_add(st, "HTTPS://News.Example.com:443/2024/story-2?utm_source=feed#top",
         "Example News", "Second", NULL, "Another text about a quiet town road.", 0);
  px_store_close(st);
  cr_expect_eq(count_rows("SELECT count(*) FROM articles WHERE "
                          "url='https://news.example.com/2024/story-2'"), 1);
  cr_expect_eq(count_rows("SELECT count(*) FROM article_urls WHERE "
                          "url='https://news.example.com/2024/story-2'"), 1);

  cr_assert_eq(px_store_open(th_db, &st, &err), PX_OK, "%s", err.msg);
  int64_t removed = 0, rec = 0;
  cr_assert_eq(px_serve_takedown(st, PX_TAKEDOWN_URL,
                                 "http://WWW.News.Example.com.:80/2024/%73tory-1/?utm_source=x",
                                 "copyright", &removed, &rec, &err), PX_OK, "%s", err.msg);
  cr_expect_eq(removed, 1, "the stored article is found under another spelling");
  static const char *const same[] = {
      "https://news.example.com/2024/story-1",
      "https://news.example.com/2024/story-1?utm_source=twitter&utm_medium=social",
      "http://news.example.com/2024/story-1",
      "https://NEWS.EXAMPLE.COM/2024/story-1",
      "https://news.example.com:443/2024/story-1",
      "https://www.news.example.com/2024/story-1",
      "https://news.example.com/2024/%73%74ory-1",
      "https://news.example.com./2024/story-1",
      "https://news.example.com/2024/story-1/#comments",
  };
  for (size_t i = 0; i < sizeof same / sizeof *same; i++)
    cr_expect(px_takedown_is_blocked(st, same[i], NULL), "'%s' is not refused", same[i]);
  cr_expect(!px_takedown_is_blocked(st, "https://news.example.com/2024/story-2", NULL));
  cr_expect(!px_takedown_is_blocked(st, "https://news.example.com/2024/story-1?page=2", NULL));
  px_store_close(st);
  cr_expect_eq(count_rows("SELECT count(*) FROM takedowns WHERE "
                          "value='http://www.news.example.com/2024/story-1/'"), 1);
  const needle nd[] = {{"Zebras crossed the road", 0}};
  scan_tables(nd, 1);
  scan_file(nd, 1);

  char bearer[PX_TOKEN_LEN + 16];
  px_app *app = open_app(0, bearer);
  for (size_t i = 0; i < sizeof same / sizeof *same; i++)
    cr_expect_eq(post_article(app, bearer, same[i], "Other", "Zebras again."), 451, "%s",
                 same[i]);
  px_app_free(app);
}

/* Item 8: text that an earlier change left in a page's free space (an
** older build, or another program, without secure_delete) goes with a
** takedown too: here an old story title that quoted the removed article. */
Test(takedown, old_titles_in_free_space) {
  const char *quote = "Quoted: tackle tough issues as possible Xi meet looms";
  sqlite3 *db;
  cr_assert_eq(sqlite3_open(th_db, &db), SQLITE_OK);
  cr_assert_eq(px_store_fts_register(db, NULL), PX_OK);
  sqlite3_exec(db, "PRAGMA secure_delete=OFF", NULL, NULL, NULL);
  char sql[256];
  /* Long, so the quote stays at the head of the free block the shorter
  ** later titles are cut from (SQLite takes a block's tail). */
  snprintf(sql, sizeof sql, "UPDATE stories SET title='%s' || printf('%%.600c', 'x')",
           quote);
  cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
  cr_assert_eq(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL),
               SQLITE_OK);
  cr_assert_eq(sqlite3_exec(db, "UPDATE stories SET title='Talks in Beijing'", NULL, NULL,
                            NULL), SQLITE_OK);
  cr_assert_eq(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL),
               SQLITE_OK);
  sqlite3_close(db);
  const needle nd[] = {{quote, 0}};
  px_store *st = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(th_db, &st, &err), PX_OK);
  int64_t removed = 0;
  cr_assert_eq(px_serve_takedown(st, PX_TAKEDOWN_SOURCE, "Inquirer News", "order",
                                 &removed, NULL, &err), PX_OK, "%s", err.msg);
  /* Checked while the store is still open: "after the command returns",
  ** not after a close that checkpoints anyway. */
  scan_file(nd, 1);
  px_store_close(st);
}

static int64_t max_article_id(void) {
  return count_rows("SELECT max(id) FROM articles");
}

/* Item 8: deleting an article leaves no copy in the WAL; its id, and a
** taken-down article's, is never given to another article. */
Test(takedown, delete_leaves_no_wal_copy_and_ids_stay_unique) {
  px_store *st = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(th_db, &st, &err), PX_OK, "%s", err.msg);
  int64_t id = th_add(st, "https://z.example/marmalade", "Zed Times", "Zanzibar marmalade",
                      NULL, "The Zanzibar marmalade recipe needs bitter oranges.", 0);
  px_store_close(st);
  cr_assert_eq(id, max_article_id());
  char bearer[PX_TOKEN_LEN + 16], path[64];
  px_app *app = open_app(0, bearer);
  snprintf(path, sizeof path, "/api/articles/%lld", (long long)id);
  /* A read connection of the server stays open in its pool meanwhile. */
  th_resp r = th_req(app, "GET", "/", NULL, NULL);
  free(r.body);
  r = th_req(app, "DELETE", path, bearer, NULL);
  cr_expect_eq(r.status, 200, "%s", r.body);
  free(r.body);
  const needle nd[] = {{"Zanzibar marmalade recipe", 0}, {"bitter oranges", 0}};
  scan_file(nd, 2);
  /* The next article gets a new id, not the deleted one's. */
  cr_expect_eq(post_article(app, bearer, "https://z.example/jam", "Zed Times",
                            "A quite different text about strawberry jam."), 201);
  px_app_free(app);
  cr_expect_gt(max_article_id(), id, "article id %lld was given out again", (long long)id);

  /* And after a takedown of the newest article. */
  int64_t newest = max_article_id();
  cr_assert_eq(px_store_open(th_db, &st, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(px_serve_takedown(st, PX_TAKEDOWN_URL, "https://z.example/jam", "x", NULL,
                                 NULL, &err), PX_OK, "%s", err.msg);
  int64_t again = th_add(st, "https://z.example/other", "Zed Times", "Other",
                         NULL, "Yet another text, about rhubarb this time.", 0);
  px_store_close(st);
  cr_expect_gt(again, newest, "the taken-down article's id %lld was given out again",
               (long long)newest);
}

/* Item 9: a takedown and an added article run to the end, however short
** the request time limit, and answer what they did. */
Test(takedown, writes_are_not_cut_off) {
  char bearer[PX_TOKEN_LEN + 16];
  px_app *app = open_app(1, bearer);   /* 1 ms */
  th_resp r = th_req(app, "POST", "/api/takedown", bearer,
                     "{\"source\":\"Inquirer News\",\"reason\":\"order\"}");
  cr_expect_eq(r.status, 200, "%s", r.body);
  cr_expect(strstr(r.body, "\"removed_articles\":1") != NULL, "%s", r.body);
  free(r.body);
  /* A large article: stored, and said so. */
  px_buf big;
  px_buf_init(&big, 0);
  for (int i = 0; i < 3000; i++)
    px_buf_printf(&big, "Paragraph %d of a long report on harbour dredging in Lisbon. ", i);
  int status = post_article(app, bearer, "https://big.example/report", "Big Daily",
                            px_buf_cstr(&big));
  px_buf_reset(&big);
  cr_expect_eq(status, 201);
  px_app_free(app);
  cr_expect_eq(count_rows("SELECT count(*) FROM articles WHERE "
                          "url='https://big.example/report'"), 1);
  cr_expect_eq(count_rows("SELECT count(*) FROM takedowns WHERE narticles=1"), 1);
  const needle nd[] = {{"All eyes will be on whether Blinken", 0}};
  scan_file(nd, 1);
}
