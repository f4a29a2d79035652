/*
** test_cluster.c: the online clusterer: two events of the same kind stay
** apart, the seeds form one story, the time window, determinism, names.
*/
#include <criterion/criterion.h>
#include <string.h>

#include "cluster/cluster.h"
#include "cluster/entities.h"
#include "../dedup/seeds.h"

typedef struct art {
  const char *title, *body;
  int event;
} art;

/* Two earthquakes and two football coach firings: same kinds, different
** events (places, people, numbers). Written for this test. */
static const art arts[] = {
  {"Magnitude 6.4 earthquake strikes near Lorca in southern Spain",
   "A magnitude 6.4 earthquake struck near Lorca in the Murcia region of Spain on Tuesday, killing nine people and damaging the cathedral. Rescue teams from Murcia searched collapsed houses in Lorca overnight.", 0},
  {"Quake hits Chilean port city of Iquique",
   "An 8.2 magnitude earthquake hit off the coast of Iquique in northern Chile, triggering a tsunami warning along the Pacific. Chilean officials said five people died in Iquique and thousands were evacuated.", 1},
  {"Lorca counts the damage after Spanish earthquake",
   "Residents of Lorca returned to damaged homes after the 6.4 magnitude quake. Spain's prime minister visited Murcia and promised aid for the families of the nine victims in Lorca.", 0},
  {"United sack manager Ferguson Smith after heavy defeat",
   "Northbridge United sacked manager Ferguson Smith on Sunday after a 5-0 defeat to Eastfield, ending his three year spell at the club. United said Smith's assistant would take charge.", 2},
  {"Tsunami warning lifted after Chile earthquake",
   "Authorities in Chile lifted the tsunami warning after the 8.2 magnitude earthquake off Iquique. Chilean President spoke of the five dead and power cuts across Iquique and Arica.", 1},
  {"Rovers fire coach Petra Lind after winless run",
   "Castleford Rovers fired head coach Petra Lind on Monday after eleven matches without a win. Rovers chairman said Lind had lost the dressing room and a replacement would be named soon.", 3},
  {"Aftershocks rattle Lorca as Spain mourns quake victims",
   "Strong aftershocks shook Lorca on Wednesday as Spain held funerals for the nine people killed in the magnitude 6.4 earthquake in Murcia. The Lorca cathedral tower partly collapsed.", 0},
  {"Smith out at Northbridge United",
   "Ferguson Smith has been sacked as Northbridge United manager following the 5-0 home defeat by Eastfield. The United board thanked Smith for three years of service.", 2},
  {"Lind dismissed by Castleford Rovers",
   "Petra Lind was dismissed as Castleford Rovers coach after eleven games without a victory, the Rovers said in a statement. Lind joined Castleford two seasons ago.", 3},
  {"Iquique residents return home after Chilean quake",
   "Thousands of Iquique residents returned home after the 8.2 magnitude earthquake and tsunami alert in northern Chile. Five people were killed, Chilean authorities said.", 1},
};
#define NARTS (sizeof arts / sizeof arts[0])

static void run(px_clusterer *c, int64_t *stories, int64_t t0, int64_t step) {
  for (size_t i = 0; i < NARTS; i++) {
    px_err err = {0};
    cr_assert_eq(px_clusterer_add_text(c, (int64_t)i + 100,
                                       px_str_from_cstr(arts[i].title),
                                       px_str_from_cstr(arts[i].body),
                                       t0 ? t0 + (int64_t)i * step : 0,
                                       &stories[i], &err),
                 PX_OK, "%s", err.msg);
  }
}

Test(cluster, same_kind_events_stay_apart) {
  px_clusterer *c = px_clusterer_new(NULL);
  cr_assert_not_null(c);
  int64_t st[NARTS];
  run(c, st, 0, 0);
  for (size_t i = 0; i < NARTS; i++)
    for (size_t j = i + 1; j < NARTS; j++) {
      int64_t a = px_clusterer_story_of(c, (int64_t)i + 100);
      int64_t b = px_clusterer_story_of(c, (int64_t)j + 100);
      if (arts[i].event == arts[j].event)
        cr_assert_eq(a, b, "articles %zu and %zu should share a story", i, j);
      else
        cr_assert_neq(a, b, "articles %zu and %zu should not", i, j);
    }
  cr_assert_eq(px_clusterer_story_count(c), 4);
  cr_assert_eq(px_clusterer_article_count(c), NARTS);
  cr_assert_eq(px_clusterer_story_of(c, 99999), -1);
  px_clusterer_free(c);
}

Test(cluster, deterministic) {
  int64_t a[NARTS], b[NARTS];
  px_clusterer *c1 = px_clusterer_new(NULL), *c2 = px_clusterer_new(NULL);
  run(c1, a, 1700000000, 3600);
  run(c2, b, 1700000000, 3600);
  for (size_t i = 0; i < NARTS; i++) {
    cr_assert_eq(a[i], b[i]);
    cr_assert_eq(px_clusterer_story_of(c1, (int64_t)i + 100),
                 px_clusterer_story_of(c2, (int64_t)i + 100));
  }
  px_clusterer_free(c1);
  px_clusterer_free(c2);
}

Test(cluster, time_window_keeps_old_stories_closed) {
  px_cluster_opts o;
  px_cluster_opts_default(&o);
  o.window_secs = 3 * 86400;
  px_clusterer *c = px_clusterer_new(&o);
  int64_t s1, s2, s3;
  px_str t = px_str_from_cstr(arts[0].title), b = px_str_from_cstr(arts[0].body);
  cr_assert_eq(px_clusterer_add_text(c, 1, t, b, 1700000000, &s1, NULL), PX_OK);
  /* A day later: same story. A year later: a new one. Unknown time: joins. */
  cr_assert_eq(px_clusterer_add_text(c, 2, t, b, 1700000000 + 86400, &s2, NULL), PX_OK);
  cr_assert_eq(s1, s2);
  cr_assert_eq(px_clusterer_add_text(c, 3, t, b, 1700000000 + 365 * 86400, &s3, NULL), PX_OK);
  cr_assert_neq(s3, s1);
  int64_t s4;
  cr_assert_eq(px_clusterer_add_text(c, 4, t, b, 0, &s4, NULL), PX_OK);
  cr_assert(s4 == s1 || s4 == s3);
  px_clusterer_free(c);
}

/* Multi-day coverage with a gap (issue 14: a story cut into pieces when
** added with dates): a close report a little past the window still joins,
** a loosely related one there does not, and after FAR_WINDOWS windows the
** story is closed whatever the similarity. */
Test(cluster, window_is_soft_for_continued_coverage) {
  px_cluster_opts o;
  px_cluster_opts_default(&o);
  o.window_secs = 3 * 86400;
  px_clusterer *c = px_clusterer_new(&o);
  int64_t s0, s2, s6, s1, late;
  int64_t t0 = 1700000000;
  cr_assert_eq(px_clusterer_add_text(c, 1, px_str_from_cstr(arts[0].title),
                                     px_str_from_cstr(arts[0].body), t0, &s0, NULL), PX_OK);
  cr_assert_eq(px_clusterer_add_text(c, 2, px_str_from_cstr(arts[2].title),
                                     px_str_from_cstr(arts[2].body), t0 + 86400, &s2, NULL),
               PX_OK);
  cr_assert_eq(s0, s2);
  /* Five days after the last report: outside the 3-day window, inside the
  ** soft zone, the same quake's aftershocks join. */
  cr_assert_eq(px_clusterer_add_text(c, 3, px_str_from_cstr(arts[6].title),
                                     px_str_from_cstr(arts[6].body), t0 + 6 * 86400, &s6, NULL),
               PX_OK);
  cr_assert_eq(s6, s0, "continued coverage after a gap stays one story");
  /* Another quake the same day starts its own story. */
  cr_assert_eq(px_clusterer_add_text(c, 4, px_str_from_cstr(arts[1].title),
                                     px_str_from_cstr(arts[1].body), t0 + 6 * 86400, &s1, NULL),
               PX_OK);
  cr_assert_neq(s1, s0);
  /* Past four windows (12 days) after the last report: closed, even for
  ** the very same text. */
  cr_assert_eq(px_clusterer_add_text(c, 5, px_str_from_cstr(arts[6].title),
                                     px_str_from_cstr(arts[6].body), t0 + 20 * 86400, &late,
                                     NULL),
               PX_OK);
  cr_assert_neq(px_clusterer_resolve(c, late), px_clusterer_resolve(c, s0));
  px_clusterer_free(c);
}

static int merges;
static void on_merge(int64_t from, int64_t into, void *ud) {
  (void)ud;
  cr_assert_neq(from, into);
  merges++;
}

Test(cluster, bridging_article_merges_stories) {
  px_cluster_opts o;
  px_cluster_opts_default(&o);
  o.threshold = 0.3;
  o.merge_threshold = 0.3;
  o.on_merge = on_merge;
  px_clusterer *c = px_clusterer_new(&o);
  int64_t s1, s2, s3;
  const char *a = "Harbour bridge closed after cracks found in steel cables by inspectors in Portwell";
  const char *b = "Ferry services doubled as Portwell commuters seek routes across the bay during closure";
  cr_assert_eq(px_clusterer_add_text(c, 1, px_str_from_cstr(a), px_str_from_cstr(a), 0, &s1, NULL), PX_OK);
  cr_assert_eq(px_clusterer_add_text(c, 2, px_str_from_cstr(b), px_str_from_cstr(b), 0, &s2, NULL), PX_OK);
  cr_assert_neq(s1, s2);
  char ab[512];
  snprintf(ab, sizeof ab, "%s. %s", a, b);
  merges = 0;
  cr_assert_eq(px_clusterer_add_text(c, 3, px_str_from_cstr(ab), px_str_from_cstr(ab), 0, &s3, NULL), PX_OK);
  cr_assert_eq(merges, 1);
  cr_assert_eq(px_clusterer_story_of(c, 1), px_clusterer_story_of(c, 2));
  cr_assert_eq(px_clusterer_story_of(c, 1), s3);
  cr_assert_eq(s3, s1);  /* the older story survives */
  cr_assert_eq(px_clusterer_resolve(c, s2), s1);
  cr_assert_eq(px_clusterer_story_count(c), 1);
  px_clusterer_free(c);
}

Test(cluster, seeds_form_one_story) {
  px_clusterer *c = px_clusterer_new(NULL);
  int64_t first = -1;
  for (int i = 0; i < 5; i++) {
    px_doc *d = seed_doc_mode(i, 1);
    cr_assert_not_null(d);
    int64_t s;
    cr_assert_eq(px_clusterer_add(c, i, d, 0, &s, NULL), PX_OK);
    if (i == 0) first = s;
    px_doc_free(d);
  }
  for (int i = 0; i < 5; i++) cr_assert_eq(px_clusterer_story_of(c, i), first);
  px_clusterer_free(c);
}

typedef struct names {
  char v[8][64];
  int n;
} names;

static int collect(const char *s, size_t a, size_t b, unsigned nw, void *ud) {
  (void)nw;
  names *n = ud;
  if (n->n < 8 && b - a < 64) {
    memcpy(n->v[n->n], s + a, b - a);
    n->v[n->n][b - a] = 0;
    n->n++;
  }
  return 0;
}

Test(entities, capitalised_runs) {
  const char *s = "The fire at Wasilla Bible Church was set on Friday. Police in Alaska said "
                  "the Bank of England and NATO were not involved, Sarah Palin said.";
  names n = {0};
  px_entities_scan(s, strlen(s), collect, &n);
  cr_assert_eq(n.n, 6);
  cr_assert_str_eq(n.v[0], "Wasilla Bible Church");
  cr_assert_str_eq(n.v[1], "Friday");
  cr_assert_str_eq(n.v[2], "Alaska");
  cr_assert_str_eq(n.v[3], "Bank of England");
  cr_assert_str_eq(n.v[4], "NATO");
  cr_assert_str_eq(n.v[5], "Sarah Palin");
}

/* Issue 14: unrelated one-line stubs (no title, a date line or a share
** prompt) that share a word or two ("Updated Saturday") are stories of
** their own, not one "(untitled)" story; so are two unrelated sentences
** sharing everyday words. */
Test(cluster, unrelated_stubs_stay_apart) {
  px_clusterer *c = px_clusterer_new(NULL);
  cr_assert_not_null(c);
  static const char *stubs[] = {
    "Updated Saturday, December 05, 2009 8:28 PM",
    "Updated Saturday, August 24, 2013 10:02 AM",
    "Share this story on Facebook and Twitter.",
    "Share this article with friends on Twitter.",
    "Police said a man was arrested on Tuesday after a robbery at a bank in Leeds.",
    "Police said the council approved a new budget for schools in Bristol on Tuesday.",
  };
  int64_t st[6];
  for (int i = 0; i < 6; i++) {
    px_err err = {0};
    cr_assert_eq(px_clusterer_add_text(c, i + 1, px_str_from_cstr(""),
                                       px_str_from_cstr(stubs[i]), 0, &st[i], &err),
                 PX_OK, "%s", err.msg);
  }
  for (int i = 0; i < 6; i++)
    for (int j = i + 1; j < 6; j++)
      cr_assert_neq(st[i], st[j], "stubs %d and %d formed one story", i, j);
  px_clusterer_free(c);
}
