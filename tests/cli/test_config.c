/*
** test_config.c: `parallax config` as a user drives it on the seed story:
** settings live in the store, a changed clustering setting re-clusters
** what is stored (and splits or joins stories, keeping the first story's
** id), later commands keep using it, bad values are refused without
** touching anything, and a value broken by hand is reported by name.
*/
#include <criterion/criterion.h>
#include <sqlite3.h>
#include "../common/run.h"

static int nstories(const char *db) {
  run_result r = run_px("--db", db, "--json", "stories", NULL);
  cr_assert_eq(r.code, 0, "stories: %s", r.err);
  int n = 0;
  for (const char *p = r.out; (p = strstr(p, "\"outlets\"")); p++) n++;
  run_free(&r);
  return n;
}

Test(config, settings_recluster_the_store, .timeout = 120) {
  char *dir = make_tmpdir();
  char db[4200];
  snprintf(db, sizeof db, "%s/t.db", dir);
  run_result r = run_px("--db", db, "-q", "add", src_path("tests/fixtures/seeds"), NULL);
  cr_assert_eq(r.code, 0, "add: %s", r.err);
  run_free(&r);
  cr_assert_eq(nstories(db), 1);

  r = run_px("--db", db, "config", NULL);
  cr_assert_eq(r.code, 0);
  cr_assert(strstr(r.out, "cluster.threshold        0.125    (default)"), "%s", r.out);
  cr_assert(strstr(r.out, "cluster.window_days"));
  run_free(&r);

  /* So strict that no two reports are one story. */
  r = run_px("--db", db, "config", "cluster.threshold", "0.9", NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert(strstr(r.out, "cluster.threshold = 0.9 (was 0.125); stories: 1 -> 5"), "%s", r.out);
  run_free(&r);
  cr_assert_eq(nstories(db), 5);
  r = run_px("--db", db, "config", "cluster.threshold", NULL);
  cr_assert_str_eq(r.out, "0.9\n");
  run_free(&r);
  /* Every split-off story has its analysis again. */
  r = run_px("--db", db, "story", "1", NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert(strstr(r.out, "1 article"), "%s", r.out);
  run_free(&r);

  /* A later add clusters with the stored setting, not the default. */
  r = run_px("--db", db, "-q", "add", src_path("tests/fixtures/seeds"), NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  run_free(&r);
  cr_assert_eq(nstories(db), 5);

  /* Refused: not a number, out of range, unknown key; nothing changes. */
  const char *bad[][2] = {{"cluster.threshold", "abc"}, {"cluster.threshold", "2"},
                          {"cluster.threshold", "0.5x"}, {"cluster.window_days", "-1"},
                          {"cluster.nope", "1"}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    r = run_px("--db", db, "config", bad[i][0], bad[i][1], NULL);
    cr_assert_eq(r.code, 2, "%s %s: %d", bad[i][0], bad[i][1], r.code);
    cr_assert(strstr(r.err, bad[i][0]), "error names the key: %s", r.err);
    run_free(&r);
  }
  cr_assert_eq(nstories(db), 5);

  /* Back to the default: one story again, under its old id. */
  r = run_px("--db", db, "config", "--reset", "cluster.threshold", NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert(strstr(r.out, "stories: 5 -> 1"), "%s", r.out);
  run_free(&r);
  cr_assert_eq(nstories(db), 1);
  r = run_px("--db", db, "story", "1", NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert(strstr(r.out, "5 articles from 5 outlets"), "%s", r.out);
  run_free(&r);
  /* The split-off stories' addresses lead to where their articles went. */
  r = run_px("--db", db, "story", "4", NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert(strstr(r.err, "story 4 is now part of story 1"), "%s", r.err);
  cr_assert(strstr(r.out, "5 articles from 5 outlets"), "%s", r.out);
  run_free(&r);
  /* Splitting again hands out new ids: an old link never shows another
  ** story. */
  r = run_px("--db", db, "config", "cluster.threshold", "0.9", NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  run_free(&r);
  r = run_px("--db", db, "--json", "stories", NULL);
  for (int old = 2; old <= 5; old++) {
    char key[32];
    snprintf(key, sizeof key, "\"id\": %d,", old);
    cr_assert(!strstr(r.out, key), "id %d reused: %s", old, r.out);
  }
  run_free(&r);
  r = run_px("--db", db, "config", "--reset", "cluster.threshold", NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  run_free(&r);

  /* A value broken by hand is an error naming it, not a silent default. */
  sqlite3 *h;
  cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
  cr_assert_eq(sqlite3_exec(h, "INSERT OR REPLACE INTO settings(key, value) "
                               "VALUES('cluster.name_weight', 'lots')",
                            NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(h);
  r = run_px("--db", db, "add", src_path("tests/fixtures/seeds"), NULL);
  cr_assert_neq(r.code, 0);
  cr_assert(strstr(r.err, "cluster.name_weight: 'lots'"), "%s", r.err);
  run_free(&r);
  r = run_px("--db", db, "config", "--reset", "cluster.name_weight", NULL);
  cr_assert_eq(r.code, 0, "reset repairs it: %s", r.err);
  run_free(&r);
  cr_assert_eq(nstories(db), 1);
  rm_rf(dir);
  free(dir);
}
