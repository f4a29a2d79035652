/*
** test_pipeline_snapshot.c: a pipeline saves its clusterer and copy index
** beside the store ("<db>-state") so the next command need not re-read
** every article. A run that starts from the snapshot must decide exactly
** what a run that rebuilt would; a snapshot that is stale (the store
** changed since, or its settings did) or damaged must be ignored, never
** trusted and never a crash.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "store/pipeline.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/err.h"
#include "../common/run.h"
#include "pipeline_helpers.h"

static const char *const inputs[] = {
    "tests/fixtures/seeds/000_f6d645dabc46512d.txt",
    "tests/fixtures/seeds/001_61a2b7113e9c39af.txt",
    "wheat.txt",
    "tests/fixtures/seeds/002_5fe315ebc06e9dbe.txt",
    "rain.txt",
    "tests/fixtures/seeds/003_d99be8deb27359fc.txt",
    "wheat2.txt",
    "tests/fixtures/seeds/004_cf15a95a0f68fdb8.txt",
};
#define NINPUTS (sizeof inputs / sizeof inputs[0])

static char dir_[4096];

static void make_inputs(void) {
  char *d = make_tmpdir();
  snprintf(dir_, sizeof dir_, "%s", d);
  free(d);
  const char *wheat =
      "Wheat prices climb as drought spreads\n\nWheat futures rose for a "
      "third day on Wednesday as a drought spread across the southern "
      "plains and traders cut crop forecasts for Kansas and Oklahoma.\n";
  const char *wheat2 =
      "Drought lifts wheat futures again\n\nWheat futures in Chicago rose "
      "on Thursday, a fourth day of gains, as drought across Kansas and "
      "Oklahoma led traders to cut their crop forecasts again.\n";
  const char *rain =
      "Monsoon rains flood Mumbai streets\n\nHeavy monsoon rain flooded "
      "streets across Mumbai on Monday, halting trains and closing schools "
      "as the city's weather office warned of more downpours.\n";
  write_file(dir_, "wheat.txt", wheat, strlen(wheat));
  write_file(dir_, "wheat2.txt", wheat2, strlen(wheat2));
  write_file(dir_, "rain.txt", rain, strlen(rain));
}

static const char *input_path(size_t i) {
  static char buf[4400];
  if (strncmp(inputs[i], "tests/", 6) == 0) return src_path(inputs[i]);
  snprintf(buf, sizeof buf, "%s/%s", dir_, inputs[i]);
  return buf;
}

static added add(px_pipeline *p, size_t i) { return add_path(p, input_path(i), inputs[i]); }

static px_pipeline *new_pipeline(px_store *st) {
  px_pipeline *p = NULL;
  px_err err = {0};
  cr_assert_eq(px_pipeline_new(st, &p, &err), PX_OK, "%s", err.msg);
  return p;
}

static void save(px_pipeline *p) {
  px_err err = {0};
  cr_assert_eq(px_pipeline_save(p, &err), PX_OK, "%s", err.msg);
}

static char *copies_of(px_store *st, int64_t id) {
  char *json = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_copies_get(st, id, &json, &err), PX_OK, "%s", err.msg);
  return json ? json : strdup("");
}

/* Adds inputs[0..split) with one pipeline and the rest with a second one,
** which loads the first one's snapshot when `snapshot` is set and
** rebuilds otherwise. */
static void run(const char *db, bool snapshot, added out[NINPUTS], char *copies[NINPUTS]) {
  const size_t split = 3;
  px_store *st = open_store(db);
  px_pipeline *p = new_pipeline(st);
  cr_assert_not(px_pipeline_from_snapshot(p), "a new store has no snapshot");
  for (size_t i = 0; i < split; i++) out[i] = add(p, i);
  if (snapshot) save(p);
  px_pipeline_free(p);
  p = new_pipeline(st);
  cr_assert_eq(px_pipeline_from_snapshot(p), snapshot);
  for (size_t i = split; i < NINPUTS; i++) {
    out[i] = add(p, i);
    /* Analyses (and their related-story queries) between adds in one run,
    ** only at the end in the other: they must not change where later
    ** articles go. */
    px_err err = {0};
    if (snapshot || i == NINPUTS - 1)
      cr_assert_eq(px_pipeline_refresh(p, &err), PX_OK, "%s", err.msg);
  }
  px_pipeline_free(p);
  for (size_t i = 0; i < NINPUTS; i++) copies[i] = copies_of(st, out[i].article);
  px_store_close(st);
}

Test(pipeline_snapshot, continues_exactly_as_a_rebuild_would) {
  make_inputs();
  char db1[4200], db2[4200];
  snprintf(db1, sizeof db1, "%s/a.db", dir_);
  snprintf(db2, sizeof db2, "%s/b.db", dir_);
  added a[NINPUTS], b[NINPUTS];
  char *ca[NINPUTS], *cb[NINPUTS];
  run(db1, true, a, ca);
  run(db2, false, b, cb);
  for (size_t i = 0; i < NINPUTS; i++) {
    cr_assert_eq(a[i].article, b[i].article, "%s", inputs[i]);
    cr_assert_eq(a[i].story, b[i].story, "%s: story %lld from the snapshot, %lld rebuilt",
                 inputs[i], (long long)a[i].story, (long long)b[i].story);
    cr_assert_str_eq(ca[i], cb[i], "%s: the same copy matches", inputs[i]);
    free(ca[i]);
    free(cb[i]);
  }
  /* The decisions are the real ones: seeds in one story, the two wheat
  ** reports in another, the flood on its own; 003 found 002's passages. */
  cr_assert_eq(a[0].story, a[7].story);
  cr_assert_eq(a[2].story, a[6].story);
  cr_assert_neq(a[2].story, a[0].story);
  cr_assert_neq(a[4].story, a[2].story);
  char want[64];
  snprintf(want, sizeof want, "\"article\":%lld,", (long long)a[3].article);
  px_store *st = open_store(db1);
  char *j = copies_of(st, a[5].article);
  cr_assert(strstr(j, want), "003's matches name 002: %s", j);
  free(j);
  px_store_close(st);
  rm_rf(dir_);
}

static void write_bytes(const char *path, const char *data, size_t n) {
  FILE *f = fopen(path, "wb");
  cr_assert(f);
  cr_assert_eq(fwrite(data, 1, n, f), n);
  fclose(f);
}

static char *read_all(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  cr_assert(f, "%s exists", path);
  fseek(f, 0, SEEK_END);
  *n = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc(*n);
  cr_assert_eq(fread(b, 1, *n, f), *n);
  fclose(f);
  return b;
}

/* A pipeline on st that must have rebuilt, and still knows everything. */
static void expect_rebuild(px_store *st, const char *why) {
  px_pipeline *p = new_pipeline(st);
  cr_assert_not(px_pipeline_from_snapshot(p), "%s: the snapshot is not used", why);
  save(p);
  px_pipeline_free(p);
}

Test(pipeline_snapshot, stale_or_damaged_snapshots_are_not_used) {
  make_inputs();
  char db[4200], state[4300];
  snprintf(db, sizeof db, "%s/t.db", dir_);
  snprintf(state, sizeof state, "%s-state", db);
  px_store *sa = open_store(db), *sb = open_store(db);
  px_pipeline *p = new_pipeline(sa);
  add(p, 0);
  add(p, 1);
  save(p);
  px_pipeline_free(p);
  struct stat sbuf;
  cr_assert_eq(stat(state, &sbuf), 0, "the state is saved beside the store");

  /* Another writer adds a report without saving: the snapshot is stale. */
  px_pipeline *other = new_pipeline(sb);
  cr_assert(px_pipeline_from_snapshot(other));
  added x = add(other, 3);
  px_pipeline_free(other);
  p = new_pipeline(sa);
  cr_assert_not(px_pipeline_from_snapshot(p), "stale after another writer's add");
  added y = add(p, 5);
  char *j = copies_of(sa, y.article);
  char want[64];
  snprintf(want, sizeof want, "\"article\":%lld,", (long long)x.article);
  cr_assert(strstr(j, want), "the rebuilt index knows the other writer's article: %s", j);
  free(j);
  save(p);
  px_pipeline_free(p);

  /* A setting changed since. */
  px_err err = {0};
  cr_assert_eq(px_settings_set(sa, "cluster.threshold", "0.3", &err), PX_OK, "%s", err.msg);
  expect_rebuild(sa, "settings changed");
  cr_assert_eq(px_settings_set(sa, "cluster.threshold", NULL, &err), PX_OK, "%s", err.msg);
  expect_rebuild(sa, "setting reset");

  /* A deletion, on the same connection, not through any pipeline. */
  cr_assert_eq(px_store_article_delete(sa, y.article, &err), PX_OK, "%s", err.msg);
  expect_rebuild(sa, "article deleted");

  /* Damaged files: a flipped byte, cut short, emptied, not a snapshot. */
  size_t n;
  char *good = read_all(state, &n);
  cr_assert_gt(n, 64);
  p = new_pipeline(sa);
  cr_assert(px_pipeline_from_snapshot(p), "an intact, current snapshot is used");
  px_pipeline_free(p);
  char *bad = malloc(n);
  for (size_t k = 0; k < 4; k++) {
    memcpy(bad, good, n);
    size_t len = n;
    const char *what = "";
    switch (k) {
    case 0: bad[n / 2] ^= 0x40; what = "flipped byte"; break;
    case 1: len = n / 2; what = "truncated"; break;
    case 2: len = 0; what = "empty"; break;
    case 3: memset(bad, 'x', n); what = "garbage"; break;
    }
    write_bytes(state, bad, len);
    expect_rebuild(sa, what);   /* (and saves a good one again) */
  }
  free(bad);

  /* The store made anew (same inputs, so the same number of changes),
  ** with the old store's state file left beside it. */
  px_store_close(sa);
  px_store_close(sb);
  char side[4400];
  snprintf(side, sizeof side, "%s-wal", db);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", db);
  unlink(side);
  unlink(db);
  sa = open_store(db);
  p = new_pipeline(sa);
  cr_assert_not(px_pipeline_from_snapshot(p));
  add(p, 0);
  add(p, 1);
  px_pipeline_free(p);
  write_bytes(state, good, n);
  expect_rebuild(sa, "another store's state");
  free(good);
  px_store_close(sa);
  rm_rf(dir_);
}

Test(pipeline_snapshot, same_connection_writes_are_seen) {
  make_inputs();
  char db[4200];
  snprintf(db, sizeof db, "%s/t.db", dir_);
  px_store *st = open_store(db);
  px_pipeline *p = new_pipeline(st);
  added w = add(p, 2);
  px_err err = {0};
  /* Deleted behind the pipeline's back, on its own connection. */
  cr_assert_eq(px_store_article_delete(st, w.article, &err), PX_OK, "%s", err.msg);
  added w2 = add(p, 6);
  cr_assert_eq(px_pipeline_rebuilds(p), 1, "the pipeline noticed the deletion");
  int64_t *ids = NULL;
  size_t nids = 0;
  cr_assert_eq(px_store_story_articles(st, w2.story, &ids, &nids, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(nids, 1, "the deleted report is in no story");
  free(ids);
  px_pipeline_free(p);
  px_store_close(st);
  rm_rf(dir_);
}
