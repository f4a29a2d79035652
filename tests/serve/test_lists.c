/*
** test_lists.c: the story listing (serve/lists.c) ranks only the stories
** that can reach the page, and the pages are the ones ranking every
** story gives (issue 16): every page of many stories of mixed coverage
** and age, with ties of figures and of rank, is PX_STORY_ORDER_SQL's.
*/
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve/app.h"

static char dbpath[256];
static px_store *st;

static void setup(void) {
  snprintf(dbpath, sizeof dbpath, "/tmp/px-test-lists-%d.db", (int)getpid());
  unlink(dbpath);
  px_err err = {0};
  cr_assert_eq(px_store_open(dbpath, &st, &err), PX_OK, "%s", err.msg);
}

static void teardown(void) {
  px_store_close(st);
  char p[300];
  unlink(dbpath);
  snprintf(p, sizeof p, "%s-wal", dbpath);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", dbpath);
  unlink(p);
}

TestSuite(lists, .init = setup, .fini = teardown, .timeout = 60);

typedef struct got {
  int64_t ids[200];
  size_t n;
} got;

static int collect(const px_story_row *r, void *ud) {
  got *g = ud;
  if (g->n < 200) g->ids[g->n++] = r->id;
  return 0;
}

/* Every page against the order of ranking all stories. */
static void check_pages(size_t limit) {
  sqlite3 *db = px_store_sqlite(st);
  sqlite3_stmt *s = NULL;
  cr_assert_eq(sqlite3_prepare_v2(db, "SELECT s.id FROM stories s"
                                      PX_STORY_ORDER_SQL, -1, &s, NULL),
               SQLITE_OK, "%s", sqlite3_errmsg(db));
  int64_t *all = NULL;
  size_t nall = 0;
  while (sqlite3_step(s) == SQLITE_ROW) {
    all = realloc(all, (nall + 1) * sizeof *all);
    all[nall++] = sqlite3_column_int64(s, 0);
  }
  sqlite3_finalize(s);
  cr_assert_gt(nall, 0);
  size_t offs[] = {0, limit, 2 * limit, 7 * limit, nall / 2,
                   nall > 5 ? nall - 5 : 0, nall};
  for (size_t o = 0; o < sizeof offs / sizeof *offs; o++) {
    got g = {0};
    size_t total = 0;
    px_err err = {0};
    cr_assert_eq(px_story_list(st, offs[o], limit, collect, &g, &total, &err),
                 PX_OK, "%s", err.msg);
    cr_assert_eq(total, nall);
    size_t want = offs[o] < nall ? nall - offs[o] : 0;
    if (want > limit) want = limit;
    cr_assert_eq(g.n, want, "offset %zu", offs[o]);
    for (size_t k = 0; k < g.n; k++)
      cr_expect_eq(g.ids[k], all[offs[o] + k], "offset %zu, place %zu",
                   offs[o], k);
  }
  free(all);
}

static void exec_ok(const char *sql) {
  char *msg = NULL;
  cr_assert_eq(sqlite3_exec(px_store_sqlite(st), sql, NULL, NULL, &msg),
               SQLITE_OK, "%s", msg);
}

Test(lists, pages_are_those_of_ranking_every_story) {
  /* 5,000 stories over 90 days: a few big old ones, many small new ones,
  ** runs of equal figures, and pairs of equal rank (twice the coverage a
  ** day older). */
  exec_ok("WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM k"
          " WHERE i < 5000)"
          " INSERT INTO stories(title, n_articles, n_outlets, last_utc)"
          " SELECT 'S' || i,"
          "  CASE WHEN i % 97 = 0 THEN 40 + i % 13 ELSE 1 + (i * 7) % 6 END,"
          "  1 + (i * 7) % 6 - (i * 3) % 2 * ((i * 7) % 6 > 0),"
          "  1700000000 + ((i * 7919) % 90) * 86400 + (i % 5) * 3600 FROM k;"
          "INSERT INTO stories(title, n_articles, n_outlets, last_utc)"
          " VALUES ('tie', 3, 3, 1700000000 + 89 * 86400),"
          " ('tie', 3, 3, 1700000000 + 89 * 86400),"
          " ('half', 2, 2, 1700000000 + 89 * 86400),"
          " ('double', 4, 4, 1700000000 + 88 * 86400),"
          " ('empty', 0, 0, 1700000000);");
  check_pages(30);
  check_pages(100);
  check_pages(1);
  /* One story dominating for its size alone, long ago. */
  exec_ok("INSERT INTO stories(title, n_articles, n_outlets, last_utc)"
          " VALUES ('giant', 5000, 900, 1700000000 + 60 * 86400);");
  check_pages(30);
}

Test(lists, few_or_no_stories) {
  got g = {0};
  size_t total = 9;
  px_err err = {0};
  cr_assert_eq(px_story_list(st, 0, 30, collect, &g, &total, &err), PX_OK);
  cr_expect_eq(total, 0);
  cr_expect_eq(g.n, 0);
  exec_ok("INSERT INTO stories(title, n_articles, n_outlets, last_utc)"
          " VALUES ('a', 1, 1, 5), ('b', 2, 1, 5), ('c', 0, 0, 0);");
  check_pages(2);
}
