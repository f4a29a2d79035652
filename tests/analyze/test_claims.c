/*
** test_claims.c: which figures the comparison takes for one fact, on
** stories written for these tests (tests/fixtures/analyze/sole.docs,
** scoped.docs, person_ages.docs): figures each article gives once for a
** measure, figures for a stretch of an event, margins, exact counts,
** ages of named people and dates of the month.
*/
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/analysis.h"
#include "docfile.h"

static json_t *analyze_file(const char *name) {
  const char *root = getenv("PX_SOURCE_ROOT");
  char path[1024];
  snprintf(path, sizeof path, "%s/tests/fixtures/analyze/%s", root ? root : ".", name);
  docfile f;
  cr_assert_eq(docfile_load(&f, path), 0, "cannot load %s", path);
  int64_t ids[PX_ANALYSIS_MAX_DOCS];
  for (size_t i = 0; i < f.n; i++) ids[i] = (int64_t)i;
  px_analysis *a = NULL;
  px_err err = {0};
  cr_assert_eq(px_story_analyze((const px_doc *const *)f.docs, ids, f.n, &a, &err), PX_OK, "%s",
               err.msg);
  docfile_free(&f);
  px_buf b;
  px_buf_init(&b, 0);
  cr_assert_eq(px_analysis_to_json(a, &b), PX_OK);
  json_error_t je;
  json_t *j = json_loads(px_buf_cstr(&b), 0, &je);
  cr_assert_not_null(j, "bad JSON: %s", je.text);
  px_buf_reset(&b);
  px_analysis_free(a);
  return j;
}

static const char *str(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_string(v) ? json_string_value(v) : "";
}

/* The claim group with an item from article id whose text contains
** needle, or NULL. */
static json_t *group_with(json_t *j, json_int_t id, const char *needle) {
  size_t i, k;
  json_t *g, *it;
  json_array_foreach(json_object_get(j, "claims"), i, g) {
    json_array_foreach(json_object_get(g, "items"), k, it) {
      if (json_integer_value(json_object_get(it, "article_id")) == id &&
          strstr(str(it, "text"), needle))
        return g;
    }
  }
  return NULL;
}

/* Each article gives one figure for "comments" and for "banks", in
** clauses worded apart: one fact each, and the figures differ. Two
** families killed in two named places are two facts. */
Test(claims, sole_figures_of_one_measure_are_one_fact) {
  json_t *j = analyze_file("sole.docs");
  json_t *g = group_with(j, 0, "235,000");
  cr_assert_not_null(g);
  cr_expect_eq(g, group_with(j, 1, "300,000"), "235,000 and 300,000 comments are one fact");
  cr_expect_str_eq(str(g, "verdict"), "contradict");
  g = group_with(j, 0, "three");
  cr_assert_not_null(g);
  cr_expect_eq(g, group_with(j, 1, "two"), "three banks and two banks are one fact");
  cr_expect_str_eq(str(g, "verdict"), "contradict");
  g = group_with(j, 0, "seven");
  cr_assert_not_null(g);
  cr_expect_neq(g, group_with(j, 1, "12"), "a family in the Harbour district is not one in "
                                           "Northgate");
  json_decref(j);
}

/* "blocked two shots" during a run is part of "blocked six shots" in the
** game; "cut the lead to four points" is a margin, not anyone's points;
** 105 games and 106 games differ. */
Test(claims, scoped_figures_margins_and_exact_counts) {
  json_t *j = analyze_file("scoped.docs");
  json_t *g = group_with(j, 0, "six");
  cr_assert_not_null(g);
  cr_expect_neq(g, group_with(j, 1, "two"), "shots in a run are not the game's shots");
  cr_expect_str_neq(str(g, "verdict"), "contradict");
  g = group_with(j, 1, "six");
  cr_assert_not_null(g);
  cr_expect_neq(g, group_with(j, 0, "14"), "points in a run are not the game's points");
  g = group_with(j, 0, "four");
  cr_assert_not_null(g);
  cr_expect(strstr(str(g, "label"), "margin") != NULL, "a margin: %s", str(g, "label"));
  cr_expect_neq(g, group_with(j, 1, "nine"));
  g = group_with(j, 0, "105");
  cr_assert_not_null(g);
  cr_expect_eq(g, group_with(j, 1, "106"));
  cr_expect_str_eq(str(g, "verdict"), "contradict", "105 games against 106 games");
  json_decref(j);
}

/* A person's age is one fact whichever way it is written ("Robert
** Buckley, 32,", "31-year-old Robert Buckley", "Buckley, 32,"), and two
** people's ages in one sentence are two facts (person_ages.docs). */
Test(claims, ages_of_named_people) {
  json_t *j = analyze_file("person_ages.docs");
  json_t *g = group_with(j, 0, "32");
  cr_assert_not_null(g);
  cr_expect(strstr(str(g, "label"), "age of") && strstr(str(g, "label"), "Buckley"), "%s",
            str(g, "label"));
  cr_expect_eq(g, group_with(j, 1, "31"));
  cr_expect_eq(g, group_with(j, 2, "32"), "the surname alone is the same person");
  cr_expect_str_eq(str(g, "verdict"), "contradict", "32 against 31");
  g = group_with(j, 0, "36");
  cr_assert_not_null(g);
  cr_expect_eq(g, group_with(j, 1, "36"));
  cr_expect_str_eq(str(g, "verdict"), "agree");
  cr_expect_neq(g, group_with(j, 0, "40"), "the champion's age is not the challenger's");
  json_decref(j);
}

/* "on Sept. 14" is dated by the publish year, so it can differ from
** another report's "on Sunday" for one event (person_ages.docs). */
Test(claims, dates_of_the_month_take_the_publish_year) {
  json_t *j = analyze_file("person_ages.docs");
  json_t *g = group_with(j, 0, "Sept. 14");
  cr_assert_not_null(g);
  cr_expect_eq(g, group_with(j, 1, "Sunday"));
  cr_expect_str_eq(str(g, "verdict"), "contradict", "Saturday 14 September against Sunday");
  json_decref(j);
}
