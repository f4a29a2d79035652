/*
** test_pipeline_sync.c: a long-lived pipeline (a daemon's, the server's)
** shares its store file with other writers: an `add` or `config` from
** another process. Its clusterer and copy index must then know what the
** others stored, or a report would miss the story and the copies already
** in the file. Two connections to one file stand for the two processes.
*/
#include <criterion/criterion.h>
#include "store/pipeline.h"
#include "store/settings.h"
#include "store/store.h"
#include "util/err.h"
#include "../common/run.h"
#include "pipeline_helpers.h"

static added add_seed(px_pipeline *p, const char *name) {
  char rel[256];
  snprintf(rel, sizeof rel, "tests/fixtures/seeds/%s", name);
  return add_path(p, src_path(rel), name);
}

Test(pipeline_sync, sees_what_other_connections_stored, .timeout = 60) {
  char *dir = make_tmpdir();
  char db[4200];
  snprintf(db, sizeof db, "%s/t.db", dir);
  const char *wheat =
      "Wheat prices climb as drought spreads\n\nWheat futures rose for a "
      "third day on Wednesday as a drought spread across the southern "
      "plains and traders cut crop forecasts.\n";
  write_file(dir, "other.txt", wheat, strlen(wheat));
  char other[4300];
  snprintf(other, sizeof other, "%s/other.txt", dir);

  px_store *sa = open_store(db), *sb = open_store(db);
  px_err err = {0};
  px_pipeline *pa = NULL, *pb = NULL;
  cr_assert_eq(px_pipeline_new(sa, &pa, &err), PX_OK, "%s", err.msg);
  added x = {0, 0};
  cr_assert_eq(px_pipeline_add_file(pa, other, on_report, &x, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(px_pipeline_rebuilds(pa), 0, "its own writes need no rebuild");

  /* "Another process" stores two reports; A then adds a third. */
  cr_assert_eq(px_pipeline_new(sb, &pb, &err), PX_OK, "%s", err.msg);
  added b0 = add_seed(pb, "000_f6d645dabc46512d.txt");
  added b2 = add_seed(pb, "002_5fe315ebc06e9dbe.txt");
  added a1 = add_seed(pa, "001_61a2b7113e9c39af.txt");
  cr_assert_eq(px_pipeline_rebuilds(pa), 1);
  cr_assert_eq(a1.story, b0.story, "A's report joins the story B stored");
  cr_assert_neq(a1.story, x.story);

  /* The copy index knows B's articles too: 003 shares Reuters passages
  ** with 002 (EXPECTED.md section 3). */
  added a3 = add_seed(pa, "003_d99be8deb27359fc.txt");
  cr_assert_eq(px_pipeline_rebuilds(pa), 1, "nothing new from B: no rebuild");
  char *json = NULL;
  cr_assert_eq(px_store_copies_get(sa, a3.article, &json, &err), PX_OK, "%s", err.msg);
  char want[64];
  snprintf(want, sizeof want, "\"article\":%lld,", (long long)b2.article);
  cr_assert(json && strstr(json, want),
            "003's copy matches name 002 (id %lld): %s", (long long)b2.article,
            json ? json : "(none)");
  free(json);

  /* A setting changed elsewhere applies to A's next article. */
  cr_assert_eq(px_settings_set(sb, "cluster.threshold", "0.99", &err), PX_OK, "%s", err.msg);
  added a4 = add_seed(pa, "004_cf15a95a0f68fdb8.txt");
  cr_assert_eq(px_pipeline_rebuilds(pa), 2);
  cr_assert_neq(a4.story, b0.story, "at 0.99 the fifth report is a story of its own");

  px_pipeline_free(pa);
  px_pipeline_free(pb);
  px_store_close(sa);
  px_store_close(sb);
  rm_rf(dir);
  free(dir);
}
