/*
** test_seeds.c: the acceptance story end to end. The five seed articles
** (tests/fixtures/seeds/, plain text with all their boilerplate) go in
** through `parallax add`; what comes out must match what
** tests/fixtures/EXPECTED.md says a user expects.
*/
#include <criterion/criterion.h>
#include <jansson.h>
#include "../common/run.h"

static char *dir, db[4200];

static void setup(void) {
  dir = make_tmpdir();
  snprintf(db, sizeof db, "%s/seeds.db", dir);
  run_result r = run_px("--db", db, "add", src_path("tests/fixtures/seeds"), NULL);
  cr_assert_eq(r.code, 0, "add failed: %s\n%s", r.out, r.err);
  cr_assert(strstr(r.out, "5 added"), "%s", r.out);
  run_free(&r);
}

static void teardown(void) {
  rm_rf(dir);
  free(dir);
}

static json_t *px_json(const char *cmd, const char *arg) {
  run_result r = run_px("--db", db, "--json", cmd, arg, NULL);
  cr_assert_eq(r.code, 0, "%s %s: %s", cmd, arg ? arg : "", r.err);
  json_error_t je;
  json_t *j = json_loads(r.out, 0, &je);
  cr_assert(j, "%s: bad JSON (%s): %.300s", cmd, je.text, r.out);
  run_free(&r);
  return j;
}

/* The article JSON whose url ends with the seed's file name. */
static json_t *by_file(json_t *arts, const char *file) {
  size_t i;
  json_t *a;
  json_array_foreach(arts, i, a) {
    const char *url = json_string_value(json_object_get(a, "url"));
    if (url && strstr(url, file)) return a;
  }
  cr_assert_fail("no article from %s", file);
  return NULL;
}

/* Does the JSON array hold a string containing needle? */
static int has_str(json_t *arr, const char *needle) {
  size_t i;
  json_t *v;
  json_array_foreach(arr, i, v) {
    if (json_is_string(v) && strstr(json_string_value(v), needle)) return 1;
  }
  return 0;
}

TestSuite(seeds, .init = setup, .fini = teardown, .timeout = 120);

Test(seeds, one_story_with_all_five) {
  json_t *stories = px_json("stories", NULL);
  cr_assert_eq(json_array_size(stories), 1, "the five seeds are one story");
  json_t *s = json_array_get(stories, 0);
  cr_assert_eq(json_integer_value(json_object_get(s, "articles")), 5);
  json_decref(stories);
}

Test(seeds, metadata_as_the_texts_show_it) {
  json_t *arts = px_json("articles", NULL);
  cr_assert_eq(json_array_size(arts), 5);
  json_t *a0 = by_file(arts, "000_"), *a1 = by_file(arts, "001_"),
         *a2 = by_file(arts, "002_"), *a3 = by_file(arts, "003_"),
         *a4 = by_file(arts, "004_");
  cr_assert_str_eq(json_string_value(json_object_get(a0, "title")),
                   "Blinken denounces support for Taiwan independence following meeting with China");
  cr_assert_str_eq(json_string_value(json_object_get(a0, "published")), "2023-06-19T10:48:00");
  cr_assert(has_str(json_object_get(a0, "authors"), "Noah Herring"));
  /* The text says "OAN"; the outlet directory files it by its name. */
  cr_assert_str_eq(json_string_value(json_object_get(a0, "source")), "One America News");
  cr_assert(json_is_null(json_object_get(a1, "published")), "001 has no date");
  cr_assert_str_eq(json_string_value(json_object_get(a1, "title")),
                   "Blinken Reaffirms US Stance on Taiwan, Says Washington Does Not Support Independence");
  cr_assert_str_eq(json_string_value(json_object_get(a2, "wire")), "Reuters");
  cr_assert_str_eq(json_string_value(json_object_get(a2, "title")),
                   "Blinken Lauded After Discussing Taiwan, Russia in China Talks");
  cr_assert(has_str(json_object_get(a2, "authors"), "Vishakha Saxena"));
  cr_assert_str_eq(json_string_value(json_object_get(a3, "title")),
                   "Blinken, Wang tackle tough issues as possible Xi meet looms");
  cr_assert_str_eq(json_string_value(json_object_get(a3, "source")), "Inquirer News");
  cr_assert_str_eq(json_string_value(json_object_get(a3, "published")), "2023-06-19T16:01:00");
  cr_assert_str_eq(json_string_value(json_object_get(a3, "dateline")), "BEIJING");
  cr_assert(json_is_true(json_object_get(a4, "republished")), "004 is an aggregator's copy");
  json_decref(arts);
}

/* Boilerplate EXPECTED.md section 1 lists; none may reach a body. */
static const char *const boilerplate[] = {
  "Photo by Drew Angerer", "Photo: Reuters.", "LEAH MILLIS/POOL", "Advertisement",
  "Share this post", "Subscribe here", "top of page", "58 views", "bottom of page",
  "Type to search", "Also on AF", "Also read", "is the Multimedia and Social Media Editor",
  "AF China Bond", "subscription could not be saved", "Subscribe to our daily newsletter",
  "TAGS:", "All Rights Reserved", "We use cookies", "Automobiles News",
  "Google News", "Read original article here", "Denial of responsibility",
  "Banned Nvidia Chips", "China Has Been Spying From Cuba", NULL};

/* Body paragraphs that must survive, one or more from each seed. */
static const char *const kept[] = {
  "who became the first secretary of state to travel to China since 2018",
  "XI insisted that China does not seek to challenge or displace",
  "Blinken also spoke to China about using its influence over its ally North Korea",
  "It remains to be seen whether the two sides will be able to bridge",
  "We’re on the right trail here",
  "He did a hell of a job",
  "So as long as it doesn’t, that chapter should be closed",
  "Making the first visit to China by a U.S. secretary of state in five years",
  "It could also set the stage for talks between Xi and Biden",
  "Biden and Xi held long-awaited first face-to-face talks",
  "The agreement is part of an 18-month-old nuclear partnership",
  "Wang’s position in China’s Communist Party ranks above that of foreign minister",
  NULL};

/* Every article's body blocks (captions apart) joined, and its captions. */
static void bodies(char **body_out, char **captions_out) {
  size_t cap = 1 << 16, bl = 0, cl = 0;
  char *body = calloc(1, cap * 4), *caps = calloc(1, cap * 4);
  for (int id = 1; id <= 5; id++) {
    char ids[8];
    snprintf(ids, sizeof ids, "%d", id);
    json_t *a = px_json("article", ids);
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(a, "blocks"), i, b) {
      const char *kind = json_string_value(json_object_get(b, "kind"));
      const char *text = json_string_value(json_object_get(b, "text"));
      int is_cap = !strcmp(kind, "caption");
      char *dst = is_cap ? caps : body;
      size_t *len = is_cap ? &cl : &bl;
      size_t n = strlen(text);
      cr_assert(*len + n + 2 < cap * 4);
      memcpy(dst + *len, text, n);
      *len += n;
      dst[(*len)++] = '\n';
      dst[*len] = '\0';
    }
    json_decref(a);
  }
  *body_out = body;
  *captions_out = caps;
}

Test(seeds, clean_text_has_no_boilerplate_and_every_paragraph) {
  char *body, *caps;
  bodies(&body, &caps);
  for (const char *const *b = boilerplate; *b; b++)
    cr_expect(!strstr(body, *b), "boilerplate kept in a body: %s", *b);
  for (const char *const *k = kept; *k; k++)
    cr_expect(strstr(body, *k), "body paragraph lost: %s", *k);
  /* captions are kept, but apart from the body */
  cr_expect(strstr(caps, "Great Hall of the People in Beijing in June 2023"), "%s", caps);
  cr_expect(strstr(caps, "Diaoyutai State Guesthouse in Beijing, China, June 18, 2023"), "%s", caps);
  free(body);
  free(caps);
}

Test(seeds, story_full_prints_the_clean_articles) {
  run_result r = run_px("--db", db, "story", "1", "--full", NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert_eq(count_substr(r.out, "==== Article"), 5, "%s", r.out);
  cr_assert(strstr(r.out, "He did a hell of a job"));
  run_free(&r);
}

/* EXPECTED.md section 3: 002 and 003 carry Reuters copy (both example
** passages); 004 is an aggregator's republication crediting CBS and AFP;
** 000 and 001 share no passages with the others. */
Test(seeds, who_copied_whom) {
  json_t *c = px_json("copies", "4");   /* 003, Inquirer News */
  json_t *rels = json_object_get(c, "relations");
  cr_assert_eq(json_array_size(rels), 1, "003 shares copy with one article");
  json_t *r = json_array_get(rels, 0);
  cr_assert_str_eq(json_string_value(json_object_get(r, "wire")), "Reuters");
  json_int_t other = json_integer_value(json_object_get(r, "a")) == 4
                         ? json_integer_value(json_object_get(r, "b"))
                         : json_integer_value(json_object_get(r, "a"));
  cr_assert_eq(other, 3, "with 002, Asia Financial");
  run_result t = run_px("--db", db, "copies", "4", NULL);
  cr_assert(strstr(t.out, "share 2 passages"), "%s", t.out);
  run_free(&t);
  json_decref(c);
  for (int id = 1; id <= 2; id++) {
    char ids[4];
    snprintf(ids, sizeof ids, "%d", id);
    c = px_json("copies", ids);
    cr_assert_eq(json_array_size(json_object_get(c, "relations")), 0,
                 "article %d shares no passages", id);
    json_decref(c);
  }
  run_result s5 = run_px("--db", db, "story", "1", NULL);
  cr_assert(strstr(s5.out, "TheDailyCheck [5] is an aggregator's republication; "
                           "its text credits AFP, CBS News"), "%s", s5.out);
  run_free(&s5);
}

/* EXPECTED.md section 4: 003 (04:01 PM, filed from Beijing) came before
** 000 (10:48 AM, Washington); neither states a zone. */
Test(seeds, timeline_orders_reports_by_time) {
  json_t *s = px_json("story", "1");
  json_t *order = json_object_get(json_object_get(json_object_get(s, "analysis"),
                                                  "timeline"), "order");
  cr_assert(json_array_size(order) == 5);
  cr_assert_eq(json_integer_value(json_array_get(order, 0)), 4, "003 first");
  cr_assert_eq(json_integer_value(json_array_get(order, 1)), 1, "then 000");
  json_decref(s);
}

/* EXPECTED.md section 6, as a reader of `parallax story` sees it. */
Test(seeds, only_one_outlet_items) {
  run_result r = run_px("--db", db, "story", "1", NULL);
  cr_assert_eq(r.code, 0);
  const char *sec = strstr(r.out, "Only one outlet reports it");
  cr_assert(sec, "%s", r.out);
  const char *end = strstr(sec, "Said by several outlets");
  size_t len = end ? (size_t)(end - sec) : strlen(sec);
  char *part = strndup(sec, len);
  static const char *const items[] = {
    "He did a hell of a job", "Chinese firms, companies",   /* 002 */
    "DPRK",                                                  /* 001 */
    "AUKUS", "detained American citizens",                   /* 004 */
    "35 minute meeting", "Department of Defense", NULL};     /* 000 */
  for (const char *const *it = items; *it; it++)
    cr_expect(strstr(part, *it), "only-one-outlet item missing: %s", *it);
  free(part);
  run_free(&r);
}

/* Whether an agreement or summary line cites article id. */
static int cites(json_t *ids, json_int_t id) {
  for (size_t i = 0; i < json_array_size(ids); i++)
    if (json_integer_value(json_array_get(ids, i)) == id) return 1;
  return 0;
}

/* EXPECTED.md sections 3, 4 and 8: what several outlets say is found as
** agreement (the Reuters passage 002 and 003 share; "we do not support
** Taiwan independence" in 000, 002 and 003), a figure one outlet gives
** differently is never counted as support (003's "more than 7-1/2 hours"
** against "almost six hours"), and the summary cites every outlet that
** says a line, not only the one it was taken from. */
Test(seeds, agreements_and_a_summary_citing_every_supporter) {
  json_t *s = px_json("story", "1");
  json_t *an = json_object_get(s, "analysis");
  json_t *ag = json_object_get(an, "agreements");
  int ambiguity = 0, taiwan = 0;
  for (size_t i = 0; i < json_array_size(ag); i++) {
    json_t *g = json_array_get(ag, i), *outs = json_object_get(g, "outlets");
    char *text = json_dumps(json_object_get(g, "sentences"), 0);
    if (strstr(text, "strategic ambiguity") && cites(outs, 3) && cites(outs, 4)) ambiguity = 1;
    if (strstr(text, "not support Taiwan independence") && cites(outs, 1) && cites(outs, 3) &&
        cites(outs, 4))
      taiwan = 1;
    cr_expect(!(strstr(text, "7-1/2 hours") && strstr(text, "six hours")),
              "different figures are not an agreement: %s", text);
    free(text);
  }
  cr_expect(ambiguity, "002 and 003 agree on the Reuters passage");
  cr_expect(taiwan, "000, 002 and 003 agree the US does not support Taiwan independence");
  json_t *sum = json_object_get(an, "summary");
  cr_assert_geq(json_array_size(sum), 3);
  size_t multi = 0;
  for (size_t i = 0; i < json_array_size(sum); i++) {
    json_t *line = json_array_get(sum, i);
    const char *text = json_string_value(json_object_get(line, "text"));
    json_t *c = json_object_get(line, "cites");
    if (json_array_size(c) >= 2) multi++;
    if (strstr(text, "six hours"))
      cr_expect(!cites(c, 4), "003 says more than 7-1/2 hours, it does not support: %s", text);
  }
  cr_expect_geq(multi, 2, "summary lines cite every outlet that says them");
  /* Said by one outlet only in its own words is not "only one reports it":
  ** 003's "around three hours" with Wang is 004's "about three hours". */
  json_t *only = json_object_get(an, "only_one");
  for (size_t i = 0; i < json_array_size(only); i++) {
    const char *t = json_string_value(
        json_object_get(json_object_get(json_array_get(only, i), "sentence"), "text"));
    cr_expect(!strstr(t, "for around three hours"), "not exclusive: %s", t);
  }
  json_decref(s);
}

Test(seeds, re_adding_is_idempotent) {
  run_result r = run_px("--db", db, "add", src_path("tests/fixtures/seeds"), NULL);
  cr_assert_eq(r.code, 0);
  cr_assert(strstr(r.out, "0 added, 0 updated, 5 unchanged"), "%s", r.out);
  run_free(&r);
  json_t *stories = px_json("stories", NULL);
  cr_assert_eq(json_array_size(stories), 1);
  json_decref(stories);
}
