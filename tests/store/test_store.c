/*
** test_store.c: the SQLite store: schema versioning and migrations,
** nested transactions, article put/get/doc round trips, idempotence,
** deletes cascading to stories, and consistency after a process is
** killed in the middle of a batch.
*/
#include <criterion/criterion.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>
#include <fcntl.h>
#include "store/store.h"
#include "store/schema.h"
#include "store/settings.h"
#include "store/fts_px.h"
#include "store/takedown.h"
#include "util/buf.h"
#include "util/err.h"
#include "../common/run.h"

static char *tmpdb(char **dir) {
  *dir = make_tmpdir();
  char *p = malloc(strlen(*dir) + 8);
  snprintf(p, strlen(*dir) + 8, "%s/t.db", *dir);
  return p;
}

static px_doc *sample_doc(const char *title, const char *para) {
  px_doc *d = px_doc_new(0);
  px_doc_set(d, &d->title, title, strlen(title));
  px_doc_set(d, &d->site, "Daily Example", 13);
  px_doc_set(d, &d->published, "2024-05-01T10:00:00Z", 20);
  px_doc_add_author(d, "Jane Doe", 8);
  px_doc_add_block(d, PX_BLOCK_HEADING, "A heading", 9);
  px_doc_add_block(d, PX_BLOCK_PARA, para, strlen(para));
  px_doc_add_block(d, PX_BLOCK_CAPTION, "A photo caption.", 16);
  return d;
}

Test(store, creates_schema_at_current_version) {
  char *dir, *db = tmpdb(&dir);
  px_store *s = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(db, &s, &err), PX_OK, "%s", err.msg);
  px_store_close(s);
  sqlite3 *h;
  cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
  sqlite3_stmt *st;
  sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL);
  cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
  cr_assert_eq(sqlite3_column_int(st, 0), PX_SCHEMA_VERSION);
  sqlite3_finalize(st);
  /* a database from a newer build is refused, not damaged */
  sqlite3_exec(h, "PRAGMA user_version=999", NULL, NULL, NULL);
  sqlite3_close(h);
  px_err_clear(&err);
  cr_assert_eq(px_store_open(db, &s, &err), PX_EDB);
  cr_assert(strstr(err.msg, "newer than this build"), "%s", err.msg);
  rm_rf(dir);
  free(dir);
  free(db);
}

Test(store, article_round_trip_and_idempotence) {
  char *dir, *db = tmpdb(&dir);
  px_store *s = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(db, &s, &err), PX_OK, "%s", err.msg);
  px_doc *d = sample_doc("Title one", "Body paragraph one.");
  px_doc_set(d, &d->url, "file:///a.txt", 13);
  px_article_put put = {d, NULL, "raw bytes", 9, "text/plain", NULL, NULL, NULL};
  int64_t id = 0, id2 = 0;
  cr_assert_eq(px_store_article_put(s, &put, &id, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(id, 1);
  cr_assert_eq(px_store_article_put(s, &put, &id2, &err), PX_EEXISTS);
  cr_assert_eq(id2, 1);
  px_doc *back = NULL;
  cr_assert_eq(px_store_article_doc(s, id, &back, &err), PX_OK, "%s", err.msg);
  cr_assert_str_eq(back->title, "Title one");
  cr_assert_str_eq(back->site, "Daily Example");
  cr_assert_eq(back->nauthors, 1);
  cr_assert_str_eq(back->authors[0], "Jane Doe");
  cr_assert_eq(back->nblocks, 3);
  cr_assert_eq(back->blocks[0].kind, PX_BLOCK_HEADING);
  cr_assert_eq(back->blocks[2].kind, PX_BLOCK_CAPTION);
  char *raw;
  size_t rawlen;
  cr_assert_eq(px_store_article_raw(s, id, &raw, &rawlen, &err), PX_OK);
  cr_assert_eq(rawlen, 9);
  cr_assert_eq(memcmp(raw, "raw bytes", 9), 0);
  free(raw);
  /* same url, new bytes: updated in place */
  px_doc *d2 = sample_doc("Title one, corrected", "Body paragraph one, corrected.");
  px_doc_set(d2, &d2->url, "file:///a.txt", 13);
  px_article_put put2 = {d2, NULL, "raw bytes 2", 11, "text/plain", NULL, NULL, NULL};
  cr_assert_eq(px_store_article_put(s, &put2, &id2, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(id2, 1);
  px_article_row *row;
  cr_assert_eq(px_store_article_get(s, 1, &row, &err), PX_OK);
  cr_assert_str_eq(row->title, "Title one, corrected");
  cr_assert_str_eq(row->source, "Daily Example");
  px_article_row_free(row);
  px_doc_free(d);
  px_doc_free(d2);
  px_doc_free(back);
  px_store_close(s);
  rm_rf(dir);
  free(dir);
  free(db);
}

Test(store, nested_rollback_discards_everything) {
  char *dir, *db = tmpdb(&dir);
  px_store *s = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(db, &s, &err), PX_OK);
  int64_t sid;
  cr_assert_eq(px_store_begin(s, &err), PX_OK);
  cr_assert_eq(px_store_story_create(s, "outer", &sid, &err), PX_OK);
  cr_assert_eq(px_store_begin(s, &err), PX_OK);
  cr_assert_eq(px_store_story_create(s, "inner", &sid, &err), PX_OK);
  px_store_rollback(s);
  cr_assert_neq(px_store_commit(s, &err), PX_OK, "outer commit after inner rollback must fail");
  px_story_row *r = NULL;
  px_err_clear(&err);
  cr_assert_eq(px_store_story_get(s, sid, &r, &err), PX_ENOTFOUND);
  px_store_close(s);
  rm_rf(dir);
  free(dir);
  free(db);
}

Test(store, stories_merge_and_prune) {
  char *dir, *db = tmpdb(&dir);
  px_store *s = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(db, &s, &err), PX_OK);
  int64_t a1, a2, s1, s2;
  px_doc *d1 = sample_doc("One", "First text."), *d2 = sample_doc("Two", "Second text.");
  px_article_put p1 = {d1, "Outlet A", "1", 1, NULL, NULL, NULL, NULL}, p2 = {d2, "Outlet B", "2", 1, NULL, NULL, NULL, NULL};
  cr_assert_eq(px_store_article_put(s, &p1, &a1, &err), PX_OK);
  cr_assert_eq(px_store_article_put(s, &p2, &a2, &err), PX_OK);
  cr_assert_eq(px_store_story_create(s, "S1", &s1, &err), PX_OK);
  cr_assert_eq(px_store_story_create(s, "S2", &s2, &err), PX_OK);
  cr_assert_eq(px_store_story_add(s, s1, a1, 1, &err), PX_OK);
  cr_assert_eq(px_store_story_add(s, s2, a2, 1, &err), PX_OK);
  cr_assert_eq(px_store_story_merge(s, s1, s2, &err), PX_OK, "%s", err.msg);
  px_story_row *r;
  cr_assert_eq(px_store_story_get(s, s1, &r, &err), PX_OK);
  cr_assert_eq(r->narticles, 2);
  cr_assert_eq(r->nsources, 2);
  px_story_row_free(r);
  cr_assert_eq(px_store_article_delete(s, a1, &err), PX_OK);
  cr_assert_eq(px_store_article_delete(s, a2, &err), PX_OK);
  cr_assert_eq(px_store_story_get(s, s1, &r, &err), PX_ENOTFOUND);
  px_doc_free(d1);
  px_doc_free(d2);
  px_store_close(s);
  rm_rf(dir);
  free(dir);
  free(db);
}

/* Kill `parallax add` at several points of a 300-article batch: the store
** must open, pass integrity_check, hold only whole articles (each with its
** story), and a re-run must complete the batch without duplicates. */
#define NFILES 3000
Test(store, kill_mid_ingest_leaves_store_consistent, .timeout = 300) {
  /* Its kill points assume native speed; what it checks (SQLite
  ** transactions) is not what valgrind looks for, and the normal and ASan
  ** runs cover it. */
  if (getenv("PX_UNDER_VALGRIND"))
    cr_skip_test("kill timings do not hold under valgrind");
  char *dir = make_tmpdir();
  char in[4200], db[4200];
  snprintf(in, sizeof in, "%s/in", dir);
  snprintf(db, sizeof db, "%s/t.db", dir);
  mkdir(in, 0755);
  for (int i = 0; i < NFILES; i++) {
    char name[32], text[600];
    snprintf(name, sizeof name, "a%03d.txt", i);
    int n = snprintf(text, sizeof text,
                     "Report number %d on topic %d about item %d\n\n"
                     "Officials in district %d said on Monday that %d new "
                     "schools would open next year, at a cost of %d million.\n\n"
                     "The plan number %d drew criticism from group %d.\n",
                     i, i % 7, i * 7919, i * 13, i % 50, i * 3, i, i % 11);
    write_file(in, name, text, (size_t)n);
  }
  const char *argv[] = {px_bin(), "--db", db, "-q", "add", in, NULL};
  int delays_ms[] = {60, 200, 500};
  int partial = 0;
  for (int k = 0; k < 3; k++) {
    pid_t pid = fork();
    if (pid == 0) {
      int fd = open("/dev/null", 1);
      dup2(fd, 1);
      dup2(fd, 2);
      execv(argv[0], (char *const *)argv);
      _exit(127);
    }
    struct timespec ts = {0, delays_ms[k] * 1000000L};
    nanosleep(&ts, NULL);
    kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);

    /* Reopen as the next run would: open recovers and migrates. */
    px_store *ps = NULL;
    px_err perr = {0};
    cr_assert_eq(px_store_open(db, &ps, &perr), PX_OK, "%s", perr.msg);
    sqlite3 *h = px_store_sqlite(ps);
    sqlite3_stmt *q;
    cr_assert_eq(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(q, 0), "ok");
    sqlite3_finalize(q);
    sqlite3_prepare_v2(h, "SELECT COUNT(*) FROM articles a LEFT JOIN story_articles m "
                          "ON m.article_id=a.id WHERE m.story_id IS NULL", -1, &q, NULL);
    cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
    cr_assert_eq(sqlite3_column_int(q, 0), 0, "every stored article has its story");
    sqlite3_finalize(q);
    sqlite3_prepare_v2(h, "SELECT COUNT(*) FROM articles", -1, &q, NULL);
    cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
    int stored = sqlite3_column_int(q, 0);
    partial |= stored > 0 && stored < NFILES;
    sqlite3_finalize(q);
    px_store_close(ps);
  }
  cr_assert(partial, "no kill landed mid-batch: the test proved nothing");
  run_result r = run_px("--db", db, "-q", "add", in, NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  run_free(&r);
  sqlite3 *h;
  sqlite3_open(db, &h);
  sqlite3_stmt *q;
  sqlite3_prepare_v2(h, "SELECT COUNT(*), COUNT(DISTINCT url) FROM articles", -1, &q, NULL);
  cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
  cr_assert_eq(sqlite3_column_int(q, 0), NFILES);
  cr_assert_eq(sqlite3_column_int(q, 1), NFILES);
  sqlite3_finalize(q);
  sqlite3_close(h);
  rm_rf(dir);
  free(dir);
}

/* A store written by schema 1 (raw input and analysis inline) upgrades to
** the current schema without losing either. */
Test(store, upgrades_schema_1_keeping_data) {
  char *dir, *db = tmpdb(&dir);
  sqlite3 *h;
  cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
  cr_assert_eq(sqlite3_exec(h, px_migrations[0], NULL, NULL, NULL), SQLITE_OK);
  cr_assert_eq(sqlite3_exec(h,
      "INSERT INTO articles(id, url, title, body, blocks, content_hash, raw, raw_hash)"
      " VALUES(1, 'u', 'T', 'Body.', '[{\"kind\":\"paragraph\",\"text\":\"Body.\"}]',"
      " 'h', X'68656c6c6f', 'rh');"
      "INSERT INTO stories(id, title, analysis) VALUES(1, 'S', '{\"x\":1}');"
      "INSERT INTO story_articles(article_id, story_id) VALUES(1, 1);"
      "PRAGMA user_version=1;", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(h);
  px_store *s = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(db, &s, &err), PX_OK, "%s", err.msg);
  char *raw = NULL, *json = NULL;
  size_t len = 0;
  cr_assert_eq(px_store_article_raw(s, 1, &raw, &len, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(len, 5);
  cr_assert_eq(memcmp(raw, "hello", 5), 0);
  cr_assert_eq(px_store_story_analysis(s, 1, &json, &err), PX_OK);
  cr_assert_str_eq(json, "{\"x\":1}");
  free(raw);
  free(json);
  px_store_close(s);
  rm_rf(dir);
  free(dir);
  free(db);
}

/* Outlets are filed under the directory's name (extract/outlets.h): two
** spellings are one source, a page naming no outlet takes its domain's,
** and a store made before a name was known is merged on the next build. */
static px_article_row *put_with_site(px_store *s, const char *url, const char *site,
                                     const char *body) {
  px_doc *d = sample_doc("A title", body);
  px_doc_set(d, &d->url, url, strlen(url));
  d->site = NULL;  /* the doc's arena keeps the old string */
  if (site) px_doc_set(d, &d->site, site, strlen(site));
  px_article_put put = {d, NULL, body, strlen(body), "text/plain", NULL, NULL, NULL};
  int64_t id = 0;
  px_err err = {0};
  cr_assert_eq(px_store_article_put(s, &put, &id, &err), PX_OK, "%s", err.msg);
  px_article_row *row = NULL;
  cr_assert_eq(px_store_article_get(s, id, &row, &err), PX_OK);
  px_doc_free(d);
  return row;
}

Test(store, sources_follow_the_outlet_directory) {
  char *dir, *db = tmpdb(&dir);
  px_store *s = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(db, &s, &err), PX_OK, "%s", err.msg);
  px_article_row *a = put_with_site(s, "https://x.example/1", "OAN", "First body.");
  px_article_row *b = put_with_site(s, "https://x.example/2", "One America News Network",
                                    "Second body.");
  px_article_row *c = put_with_site(s, "https://www.bbc.co.uk/news/3", NULL, "Third body.");
  px_article_row *u = put_with_site(s, "https://x.example/4", "Inquirer News", "Fourth body.");
  cr_assert_str_eq(a->source, "One America News");
  cr_assert_str_eq(b->source, "One America News");
  cr_assert_str_eq(c->source, "BBC News");
  cr_assert_str_eq(u->source, "Inquirer News", "unknown outlets stay as written");
  px_article_row_free(a);
  px_article_row_free(b);
  px_article_row_free(c);
  px_article_row_free(u);
  /* A source filed before the directory knew it. */
  sqlite3 *h = px_store_sqlite(s);
  cr_assert_eq(sqlite3_exec(h,
                            "INSERT INTO sources(name) VALUES('OANN');"
                            "UPDATE articles SET source_id=(SELECT id FROM sources WHERE "
                            "name='OANN') WHERE id=2;",
                            NULL, NULL, NULL), SQLITE_OK);
  cr_assert_eq(px_store_sources_canonicalize(s, &err), PX_OK, "%s", err.msg);
  sqlite3_stmt *q;
  sqlite3_prepare_v2(h, "SELECT count(*), min(s.name) FROM articles a JOIN sources s ON "
                        "s.id=a.source_id WHERE a.id IN (1,2)", -1, &q, NULL);
  cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
  cr_assert_eq(sqlite3_column_int(q, 0), 2);
  cr_assert_str_eq((const char *)sqlite3_column_text(q, 1), "One America News");
  sqlite3_finalize(q);
  sqlite3_prepare_v2(h, "SELECT count(*) FROM sources WHERE name='OANN'", -1, &q, NULL);
  sqlite3_step(q);
  cr_assert_eq(sqlite3_column_int(q, 0), 0, "the old row is gone");
  sqlite3_finalize(q);
  px_store_close(s);
  rm_rf(dir);
  free(dir);
  free(db);
}

/* Story ids are never handed out twice, and a merged story's id resolves
** to where its articles went, through later merges too. */
Test(store, story_ids_are_stable_addresses) {
  char *dir, *db = tmpdb(&dir);
  px_store *s = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(db, &s, &err), PX_OK, "%s", err.msg);
  int64_t a = 0, b = 0, c = 0, d = 0, e = 0, live = 0;
  cr_assert_eq(px_store_story_create(s, "A", &a, &err), PX_OK);
  /* Stories left without articles are pruned; their ids stay used. */
  cr_assert_eq(px_store_story_prune(s, &err), PX_OK);
  cr_assert_eq(px_store_story_create(s, "B", &b, &err), PX_OK);
  cr_assert_gt(b, a, "id %lld handed out again", (long long)b);
  cr_assert_eq(px_store_story_resolve(s, a, &live, &err), PX_ENOTFOUND, "gone, not moved");
  px_err_clear(&err);
  cr_assert_eq(px_store_story_create(s, "C", &c, &err), PX_OK);
  cr_assert_eq(px_store_story_create(s, "D", &d, &err), PX_OK);
  cr_assert_eq(px_store_story_create(s, "E", &e, &err), PX_OK);
  /* c merges into b, then b into d: c and b both lead to d; e is itself. */
  cr_assert_eq(px_store_story_merge(s, b, c, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(px_store_story_merge(s, d, b, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(px_store_story_resolve(s, c, &live, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(live, d);
  cr_assert_eq(px_store_story_resolve(s, b, &live, &err), PX_OK);
  cr_assert_eq(live, d);
  cr_assert_eq(px_store_story_resolve(s, e, &live, &err), PX_OK);
  cr_assert_eq(live, e);
  cr_assert_eq(px_store_story_resolve(s, 999, &live, &err), PX_ENOTFOUND);
  px_store_close(s);
  rm_rf(dir);
  free(dir);
  free(db);
}

/* The defaults `parallax config` shows are the clusterer's own: applying
** each shown default to px_cluster_opts_default changes nothing. */
Test(store, setting_defaults_are_the_clusterers) {
  size_t n = 0;
  const px_setting_def *d = px_settings_defs(&n);
  cr_assert_gt(n, 0);
  for (size_t i = 0; i < n; i++) {
    px_cluster_opts want, got;
    px_cluster_opts_default(&want);
    px_cluster_opts_default(&got);
    d[i].apply(&got, strtod(d[i].def, NULL));
    cr_expect_eq(memcmp(&want, &got, sizeof want), 0, "%s default %s differs", d[i].key,
                 d[i].def);
  }
}

/* Stories whose kept figures (schema 5) differ from a count over their
** articles; 0 when the triggers kept every story right. */
static int stale_figures(px_store *s) {
  sqlite3_stmt *q;
  cr_assert_eq(sqlite3_prepare_v2(px_store_sqlite(s),
      "SELECT count(*) FROM stories s WHERE"
      " s.n_articles != (SELECT count(*) FROM story_articles WHERE story_id = s.id)"
      " OR s.n_outlets != (SELECT count(DISTINCT coalesce(a.source_id, -a.id)) FROM"
      "  story_articles m JOIN articles a ON a.id = m.article_id WHERE m.story_id = s.id)"
      " OR coalesce(s.first_published, '') != coalesce((SELECT min(nullif(a.published, ''))"
      "  FROM story_articles m JOIN articles a ON a.id = m.article_id WHERE m.story_id = s.id), '')"
      " OR s.last_utc != coalesce((SELECT nullif(max(a.published_utc), 0) FROM story_articles m"
      "  JOIN articles a ON a.id = m.article_id WHERE m.story_id = s.id),"
      "  CAST(strftime('%s', s.created_at) AS INTEGER))", -1, &q, NULL), SQLITE_OK);
  cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
  int n = sqlite3_column_int(q, 0);
  sqlite3_finalize(q);
  return n;
}

/* A story's figures on its row follow every change: adds, merges, moves,
** deletions (cascades included), outlet renames and date changes. */
Test(store, story_figures_follow_every_change) {
  char *dir, *db = tmpdb(&dir);
  px_store *s = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(db, &s, &err), PX_OK, "%s", err.msg);
  int64_t a[4], st[2];
  px_doc *d[4];
  const char *outlet[4] = {"Outlet A", "Outlet B", "Outlet A", "Outlet C"};
  for (int i = 0; i < 4; i++) {
    char t[16], body[32], url[16];
    snprintf(t, sizeof t, "T%d", i);
    snprintf(body, sizeof body, "Body number %d.", i);
    snprintf(url, sizeof url, "u%d", i);
    d[i] = sample_doc(t, body);
    px_article_put p = {d[i], outlet[i], url, strlen(url), NULL, NULL, NULL, NULL};
    cr_assert_eq(px_store_article_put(s, &p, &a[i], &err), PX_OK, "%s", err.msg);
  }
  cr_assert_eq(px_store_story_create(s, "S1", &st[0], &err), PX_OK);
  cr_assert_eq(px_store_story_create(s, "S2", &st[1], &err), PX_OK);
  for (int i = 0; i < 4; i++)
    cr_assert_eq(px_store_story_add(s, st[i / 2], a[i], 1, &err), PX_OK);
  cr_assert_eq(stale_figures(s), 0, "after adds");
  px_story_row *r;
  cr_assert_eq(px_store_story_get(s, st[0], &r, &err), PX_OK);
  cr_assert_eq(r->narticles, 2);
  cr_assert_eq(r->nsources, 2);
  cr_assert_str_eq(r->first_published, "2024-05-01T10:00:00Z");
  px_story_row_free(r);
  sqlite3 *h = px_store_sqlite(s);
  cr_assert_eq(sqlite3_exec(h, "UPDATE articles SET published='2024-05-03T10:00:00Z',"
                               " published_utc=1714730400 WHERE id=2", NULL, NULL, NULL), SQLITE_OK);
  cr_assert_eq(stale_figures(s), 0, "after a date change");
  cr_assert_eq(px_store_story_add(s, st[0], a[2], 1, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(stale_figures(s), 0, "after a move");
  cr_assert_eq(px_store_story_merge(s, st[0], st[1], &err), PX_OK, "%s", err.msg);
  cr_assert_eq(stale_figures(s), 0, "after a merge");
  cr_assert_eq(sqlite3_exec(h, "INSERT INTO sources(name) VALUES('Outlet Z');"
                               "UPDATE articles SET source_id=(SELECT id FROM sources WHERE"
                               " name='Outlet Z') WHERE id=1", NULL, NULL, NULL), SQLITE_OK);
  cr_assert_eq(stale_figures(s), 0, "after an outlet change");
  cr_assert_eq(px_store_article_delete(s, a[3], &err), PX_OK);
  cr_assert_eq(stale_figures(s), 0, "after a delete (cascade)");
  int64_t n = 0;
  cr_assert_eq(px_store_source_delete(s, "Outlet B", &n, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(stale_figures(s), 0, "after an outlet's articles went");
  cr_assert_eq(px_store_story_get(s, st[0], &r, &err), PX_OK);
  cr_assert_eq(r->narticles, 2);
  px_story_row_free(r);
  for (int i = 0; i < 4; i++) px_doc_free(d[i]);
  px_store_close(s);
  rm_rf(dir);
  free(dir);
  free(db);
}

/* The front page ranks by coverage and recency together: a story told by
** many outlets days before the newest reports falls below smaller fresh
** ones, while a big story from hours ago still leads. */
Test(store, stories_rank_by_coverage_and_recency) {
  char *dir = make_tmpdir();
  char db[4200], path[4300];
  snprintf(db, sizeof db, "%s/t.db", dir);
  px_buf jl;
  px_buf_init(&jl, 0);
  /* old: 6 outlets, four days before the newest report; big: 5 outlets,
  ** 12 hours before; fresh: 2 outlets, the newest. */
  struct { const char *key, *title, *body, *when; int outlets; } st[] = {
    {"old", "Harbour bridge reopens after repairs",
     "The harbour bridge in Lisbon reopened on Tuesday after eight months of repairs costing 40 million euros",
     "2024-05-01T10:00:00Z", 6},
    {"big", "Monsoon rains flood Mumbai streets",
     "Heavy monsoon rain flooded streets across Mumbai, halting trains and closing schools across the city",
     "2024-05-04T22:00:00Z", 5},
    {"fresh", "Wheat futures climb as drought spreads",
     "Wheat futures rose for a third day as drought spread across Kansas and Oklahoma and traders cut forecasts",
     "2024-05-05T10:00:00Z", 2},
  };
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < st[k].outlets; i++)
      px_buf_printf(&jl, "{\"url\": \"https://o%d.example/%s\", \"source\": \"Outlet %d\", "
                         "\"published\": \"%s\", \"title\": \"%s\", \"text\": \"%s, "
                         "outlet %d reported.\"}\n",
                    i, st[k].key, i, st[k].when, st[k].title, st[k].body, i);
  write_file(dir, "in.jsonl", jl.data, jl.len);
  px_buf_reset(&jl);
  snprintf(path, sizeof path, "%s/in.jsonl", dir);
  run_result r = run_px("--db", db, "-q", "add", path, NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  run_free(&r);
  r = run_px("--db", db, "stories", NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  const char *big = strstr(r.out, "Monsoon"), *fresh = strstr(r.out, "Wheat"),
             *old = strstr(r.out, "Harbour");
  cr_assert(big && fresh && old, "three stories: %s", r.out);
  cr_assert(big < fresh && fresh < old,
            "5 outlets 12 h ago, then 2 outlets now, then 6 outlets 4 days ago: %s", r.out);
  run_free(&r);
  rm_rf(dir);
  free(dir);
}

/* Related stories are kept both ways; a story that is gone is skipped, not
** an error; deleting a story drops its links. */
Test(store, related_stories_both_ways) {
  char *dir, *db = tmpdb(&dir);
  px_store *s = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(db, &s, &err), PX_OK, "%s", err.msg);
  int64_t a, b, c;
  cr_assert_eq(px_store_story_create(s, "A", &a, &err), PX_OK);
  cr_assert_eq(px_store_story_create(s, "B", &b, &err), PX_OK);
  cr_assert_eq(px_store_story_create(s, "C", &c, &err), PX_OK);
  int64_t ids[] = {b, c, 999};
  double sc[] = {0.5, 0.3, 0.9};
  cr_assert_eq(px_store_story_related_set(s, a, ids, sc, 3, &err), PX_OK, "%s", err.msg);
  px_story_row **rows = NULL;
  double *got = NULL;
  size_t n = 0;
  cr_assert_eq(px_store_story_related_get(s, a, 5, &rows, &got, &n, &err), PX_OK);
  cr_assert_eq(n, 2, "story 999 does not exist");
  cr_expect_eq(rows[0]->id, b, "most similar first");
  cr_expect_eq(rows[1]->id, c);
  cr_expect(got[0] > 0.49 && got[0] < 0.51);
  for (size_t i = 0; i < n; i++) px_story_row_free(rows[i]);
  free(rows);
  free(got);
  cr_assert_eq(px_store_story_related_get(s, c, 5, &rows, NULL, &n, &err), PX_OK);
  cr_assert_eq(n, 1, "C lists A back");
  cr_expect_eq(rows[0]->id, a);
  px_story_row_free(rows[0]);
  free(rows);
  cr_assert_eq(sqlite3_exec(px_store_sqlite(s), "DELETE FROM stories WHERE title='B'",
                            NULL, NULL, NULL), SQLITE_OK);
  cr_assert_eq(px_store_story_related_get(s, a, 5, &rows, NULL, &n, &err), PX_OK);
  cr_assert_eq(n, 1, "the deleted story's link went with it");
  px_story_row_free(rows[0]);
  free(rows);
  px_store_close(s);
  rm_rf(dir);
  free(dir);
  free(db);
}

/* Issue 15, item 8: an article id is never handed out twice, not even
** after the newest article is deleted (a takedown record, the search
** index's rowid and old links would name another article). */
Test(store, article_ids_are_never_reused) {
  char *dir, *db = tmpdb(&dir);
  px_store *s = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(db, &s, &err), PX_OK, "%s", err.msg);
  px_article_row *a = put_with_site(s, "https://x.example/1", "X", "first text");
  px_article_row *b = put_with_site(s, "https://x.example/2", "X", "second text");
  int64_t newest = b->id;
  cr_assert_eq(px_store_article_delete(s, newest, &err), PX_OK, "%s", err.msg);
  px_article_row *c = put_with_site(s, "https://x.example/3", "X", "third text");
  cr_expect_gt(c->id, newest, "id %lld given out again", (long long)newest);
  px_article_row_free(a);
  px_article_row_free(b);
  px_article_row_free(c);
  px_store_close(s);
  rm_rf(dir);
  free(dir);
  free(db);
}

/* Schema 7 upgrades a schema-6 store: the id high-water mark starts at
** its newest article, URLs are rewritten in the normal form (duplicate
** URL rows that become one merged), and takedowns made before (then kept
** as typed) refuse by key. */
Test(store, upgrades_schema_6_takedowns_urls_ids) {
  char *dir, *db = tmpdb(&dir);
  px_store *s = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(db, &s, &err), PX_OK, "%s", err.msg);
  px_article_row *a = put_with_site(s, "https://x.example/1", "X", "first text");
  px_article_row *b = put_with_site(s, "https://x.example/2", "X", "second text");
  px_store_close(s);
  sqlite3 *h;
  cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
  /* The search index's triggers need its tokenizer. */
  cr_assert_eq(px_store_fts_register(h, NULL), PX_OK);
  cr_assert_eq(sqlite3_exec(h,
      "DROP TABLE takedown_keys; DELETE FROM counters WHERE name='article';"
      "INSERT INTO takedowns(kind, value) VALUES('url', 'https://gone.example/a'),"
      " ('source', 'OAN');"
      "UPDATE articles SET url='HTTPS://X.example:443/2?utm_source=a' WHERE url LIKE '%/2';"
      "INSERT INTO article_urls(article_id, url) SELECT id, 'https://x.example/2#c' "
      " FROM articles WHERE url LIKE '%/2?%';"
      /* what schemas 8 and 9 add */
      "DROP TRIGGER story_figures_insert; DROP TRIGGER story_figures_delete;"
      "DROP TRIGGER story_figures_move; ALTER TABLE stories DROP COLUMN first_utc;"
      "ALTER TABLE articles DROP COLUMN feed_meta;"
      "PRAGMA user_version=6;", NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
  sqlite3_close(h);
  cr_assert_eq(px_store_open(db, &s, &err), PX_OK, "%s", err.msg);
  cr_expect(px_takedown_is_blocked(s, "http://www.gone.example/a/?utm_medium=b", NULL));
  cr_expect(px_takedown_is_blocked(s, NULL, "One America News Network"));
  cr_expect(!px_takedown_is_blocked(s, "https://x.example/1", "X"));
  sqlite3 *q = px_store_sqlite(s);
  sqlite3_stmt *st;
  cr_assert_eq(sqlite3_prepare_v2(q, "SELECT url FROM articles WHERE id=?", -1, &st, NULL),
               SQLITE_OK);
  sqlite3_bind_int64(st, 1, b->id);
  cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
  cr_expect_str_eq((const char *)sqlite3_column_text(st, 0), "https://x.example/2");
  sqlite3_finalize(st);
  cr_assert_eq(sqlite3_prepare_v2(q, "SELECT count(*) FROM article_urls WHERE article_id=?",
                                  -1, &st, NULL), SQLITE_OK);
  sqlite3_bind_int64(st, 1, b->id);
  cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
  cr_expect_eq(sqlite3_column_int(st, 0), 1);
  sqlite3_finalize(st);
  cr_assert_eq(px_store_article_delete(s, b->id, &err), PX_OK, "%s", err.msg);
  px_article_row *c = put_with_site(s, "https://x.example/3", "X", "third text");
  cr_expect_gt(c->id, b->id);
  px_article_row_free(a);
  px_article_row_free(b);
  px_article_row_free(c);
  px_store_close(s);
  rm_rf(dir);
  free(dir);
  free(db);
}
