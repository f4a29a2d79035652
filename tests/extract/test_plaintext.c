/*
** test_plaintext.c: the plain-text cleaner on the five seed articles
** (tests/fixtures/seeds) and on our own cases (tests/golden/plaintext/
** NAME.txt): golden JSON (NAME.expected.json; regenerate with
** PX_UPDATE_GOLDEN=1 and review the diff), plus explicit checks of what
** the seeds' EXPECTED.md asks for, and input edge cases (empty, binary,
** invalid UTF-8, CRLF/BOM/NBSP, large inputs in linear time).
*/
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract/dump.h"
#include "extract/plaintext.h"
#include "util/file.h"

static const char *src_root(void) {
  const char *r = getenv("PX_SOURCE_ROOT");
  return r ? r : ".";
}

static char *path_of(const char *rel) {
  size_t n = strlen(src_root()) + strlen(rel) + 2;
  char *p = malloc(n);
  cr_assert(p);
  snprintf(p, n, "%s/%s", src_root(), rel);
  return p;
}

static px_doc *extract_file(const char *rel) {
  char *p = path_of(rel);
  char *s = NULL;
  size_t n = 0;
  px_err e = {0};
  cr_assert_eq(px_file_read(p, 1 << 24, &s, &n, &e), PX_OK, "%s: %s", p, e.msg);
  px_doc *d = NULL;
  px_rc rc = px_plaintext_extract(s, n, NULL, &d, &e);
  cr_assert_eq(rc, PX_OK, "%s: %s", rel, e.msg);
  free(s);
  free(p);
  return d;
}

static const char *const seeds[] = {
  "000_f6d645dabc46512d", "001_61a2b7113e9c39af", "002_5fe315ebc06e9dbe",
  "003_d99be8deb27359fc", "004_cf15a95a0f68fdb8", NULL};

static px_doc *seed(int i) {
  char rel[128];
  snprintf(rel, sizeof rel, "tests/fixtures/seeds/%s.txt", seeds[i]);
  return extract_file(rel);
}

/* Compares (or with PX_UPDATE_GOLDEN=1 rewrites) one golden file. */
static void golden(const char *in_rel, const char *exp_rel) {
  px_doc *d = extract_file(in_rel);
  px_buf b;
  px_buf_init(&b, 0);
  cr_assert_eq(px_doc_to_json(d, &b, 1), PX_OK);
  char *ep = path_of(exp_rel);
  const char *up = getenv("PX_UPDATE_GOLDEN");
  px_err e = {0};
  if (up && strcmp(up, "1") == 0) {
    cr_assert_eq(px_file_write(ep, b.data, b.len, &e), PX_OK, "%s", e.msg);
  } else {
    char *want = NULL;
    size_t wn = 0;
    cr_assert_eq(px_file_read(ep, 1 << 24, &want, &wn, &e), PX_OK,
                 "%s missing: run with PX_UPDATE_GOLDEN=1 (%s)", exp_rel, e.msg);
    cr_expect(wn == b.len && memcmp(want, b.data, wn) == 0,
              "%s differs from %s; got:\n%s", in_rel, exp_rel, b.data);
    free(want);
  }
  free(ep);
  px_buf_reset(&b);
  px_doc_free(d);
}

Test(plaintext, golden_seeds) {
  for (int i = 0; seeds[i]; i++) {
    char in[128], exp[128];
    snprintf(in, sizeof in, "tests/fixtures/seeds/%s.txt", seeds[i]);
    snprintf(exp, sizeof exp, "tests/golden/plaintext/seed_%.3s.expected.json",
             seeds[i]);
    golden(in, exp);
  }
}

Test(plaintext, golden_own_cases) {
  char *dir = path_of("tests/golden/plaintext");
  DIR *dp = opendir(dir);
  cr_assert(dp, "no %s", dir);
  struct dirent *de;
  int count = 0;
  while ((de = readdir(dp))) {
    size_t n = strlen(de->d_name);
    if (n < 5 || strcmp(de->d_name + n - 4, ".txt") != 0) continue;
    char in[512], exp[512];
    snprintf(in, sizeof in, "tests/golden/plaintext/%s", de->d_name);
    snprintf(exp, sizeof exp, "tests/golden/plaintext/%.*s.expected.json",
             (int)(n - 4), de->d_name);
    golden(in, exp);
    count++;
  }
  closedir(dp);
  free(dir);
  cr_expect_geq(count, 8);
}

static bool body_has(const px_doc *d, const char *needle) {
  for (size_t i = 0; i < d->nblocks; i++)
    if (d->blocks[i].kind != PX_BLOCK_CAPTION && strstr(d->blocks[i].text, needle))
      return true;
  return false;
}

static bool block_is(const px_doc *d, px_block_kind k, const char *prefix) {
  for (size_t i = 0; i < d->nblocks; i++)
    if (d->blocks[i].kind == k &&
        strncmp(d->blocks[i].text, prefix, strlen(prefix)) == 0)
      return true;
  return false;
}

static size_t count_kind(const px_doc *d, px_block_kind k) {
  size_t n = 0;
  for (size_t i = 0; i < d->nblocks; i++) n += d->blocks[i].kind == k;
  return n;
}

Test(plaintext, seeds_no_boilerplate_in_body) {
  static const char *const junk[] = {
    "Subscribe", "Advertisement", "cookies", "Share this", "views",
    "top of page", "bottom of page", "Type to search", "Also read",
    "Also on AF", "TAGS", "Copyright", "All Rights Reserved", "Google News",
    "Read original article", "Denial of responsibility", "Photo by",
    "Getty Images", "newsletter", "Vishakha Saxena is", "AF China Bond",
    "Privacy Policy", "Your subscription", "Click Here", NULL};
  for (int i = 0; seeds[i]; i++) {
    px_doc *d = seed(i);
    for (int k = 0; junk[k]; k++)
      cr_expect(!body_has(d, junk[k]), "seed %d body has \"%s\"", i, junk[k]);
    px_doc_free(d);
  }
}

Test(plaintext, seeds_every_paragraph_survives) {
  /* Body paragraph counts, checked by hand against the files. */
  static const size_t paras[] = {11, 10, 42, 25, 29};
  static const char *const must[][4] = {
    {"U.S. Secretary of State Antony Blinken, who became",
     "Despite this, XI insisted", "\xE2\x80\x9CIt is absolutely vital", NULL},
    {"US Secretary of State Antony Blinken on Monday said",
     "It remains to be seen", "Despite the tensions", NULL},
    {"\xE2\x80\x9CWe\xE2\x80\x99re on the right trail here,\xE2\x80\x9D Biden said",
     "But he said progress was not straightforward.",
     "\xE2\x80\x9CSo as long as it doesn\xE2\x80\x99t", NULL},
    {"BEIJING \xE2\x80\x94 U.S. Secretary of State",
     "U.S. officials have underscored", "Biden and Xi held long-awaited", NULL},
    {"Beijing \xE2\x80\x94 U.S. Secretary of State",
     "The agreement is part of an 18-month-old",
     "Wang\xE2\x80\x99s position in China\xE2\x80\x99s Communist Party", NULL},
  };
  for (int i = 0; seeds[i]; i++) {
    px_doc *d = seed(i);
    cr_expect_eq(count_kind(d, PX_BLOCK_PARA), paras[i], "seed %d: %zu paragraphs",
                 i, count_kind(d, PX_BLOCK_PARA));
    for (int k = 0; must[i][k]; k++)
      cr_expect(block_is(d, PX_BLOCK_PARA, must[i][k]), "seed %d lost \"%s\"", i,
                must[i][k]);
    px_doc_free(d);
  }
}

Test(plaintext, seed_metadata) {
  px_doc *d = seed(0);
  cr_expect_str_eq(d->title, "Blinken denounces support for Taiwan independence "
                             "following meeting with China");
  cr_expect_str_eq(d->published, "2023-06-19T10:48:00");
  cr_assert_eq(d->nauthors, 1);
  cr_expect_str_eq(d->authors[0], "Noah Herring");
  cr_expect_str_eq(d->site, "OAN");
  cr_expect_null(d->wire);
  cr_expect_eq(count_kind(d, PX_BLOCK_CAPTION), 2);
  px_doc_free(d);

  d = seed(1);
  cr_expect_null(d->published);
  cr_expect_eq(d->nauthors, 0);
  cr_expect(block_is(d, PX_BLOCK_CAPTION, "Antony Blinken meets with Xi Jinping"));
  px_doc_free(d);

  d = seed(2);
  cr_expect_str_eq(d->title, "Blinken Lauded After Discussing Taiwan, Russia in China Talks");
  cr_assert_not_null(d->subtitle);
  cr_expect(strncmp(d->subtitle, "Biden says Blinken did", 22) == 0);
  cr_expect_str_eq(d->wire, "Reuters");
  cr_assert_eq(d->nauthors, 1);
  cr_expect_str_eq(d->authors[0], "Vishakha Saxena");
  cr_expect_str_eq(d->site, "Asia Financial");
  cr_expect_null(d->published);
  cr_expect(block_is(d, PX_BLOCK_HEADING, "\xE2\x80\x98Progress is hard\xE2\x80\x99"));
  cr_expect(block_is(d, PX_BLOCK_HEADING, "\xE2\x80\x98" "Do not support Taiwan"));
  cr_expect(block_is(d, PX_BLOCK_HEADING, "\xE2\x80\x98Vigilance\xE2\x80\x99 on Russia"));
  cr_expect(block_is(d, PX_BLOCK_HEADING, "Spy balloon incident"));
  cr_expect_eq(count_kind(d, PX_BLOCK_HEADING), 4);
  cr_expect_eq(count_kind(d, PX_BLOCK_CAPTION), 2);
  px_doc_free(d);

  d = seed(3);
  cr_expect_str_eq(d->title, "Blinken, Wang tackle tough issues as possible Xi meet looms");
  cr_expect(!strstr(d->title, "Inquirer"));
  cr_expect_str_eq(d->site, "Inquirer News");
  cr_expect_str_eq(d->published, "2023-06-19T16:01:00");
  cr_expect_str_eq(d->wire, "Reuters");
  cr_expect_str_eq(d->dateline, "BEIJING");
  cr_expect(block_is(d, PX_BLOCK_HEADING, "Taiwan \xE2\x80\x98" "core interest"));
  cr_expect(block_is(d, PX_BLOCK_CAPTION, "U.S. Secretary of State Antony Blinken meets"));
  px_doc_free(d);

  d = seed(4);
  cr_expect(d->is_republished);
  cr_expect_str_eq(d->site, "TheDailyCheck");
  cr_expect_null(d->wire, "citing AFP is attribution, not a wire credit");
  cr_expect_eq(d->nauthors, 0);
  cr_expect_null(d->published);
  cr_expect(block_is(d, PX_BLOCK_CAPTION, "US Secretary of State Antony Blinken, left, shakes"));
  cr_expect(block_is(d, PX_BLOCK_CAPTION, "LEAH MILLIS/POOL"));
  px_doc_free(d);
}

static px_rc run(const char *s, size_t n, px_doc **d) {
  px_err e = {0};
  return px_plaintext_extract(s, n, "mem", d, &e);
}

Test(plaintext, rejects_empty_and_binary) {
  px_doc *d = NULL;
  cr_expect_eq(run("", 0, &d), PX_EEMPTY);
  cr_expect_eq(run(" \n\t\r\n  \n", 8, &d), PX_EEMPTY);
  cr_expect_eq(run("\xC2\xA0\n\xE2\x80\x8B", 6, &d), PX_EEMPTY);
  cr_expect_eq(run("abc\0def", 7, &d), PX_EBINARY);
  char bin[256];
  for (int i = 0; i < 256; i++) bin[i] = (char)(i % 31 + 1);
  cr_expect_eq(run(bin, sizeof bin, &d), PX_EBINARY);
  cr_expect_null(d);
  px_err e = {0};
  cr_expect_eq(px_plaintext_extract("x", 1, NULL, NULL, &e), PX_EINVAL);
}

Test(plaintext, repairs_and_normalises) {
  /* BOM, CRLF, tabs, NBSP, Latin-1 bytes (invalid UTF-8). */
  const char in[] =
      "\xEF\xBB\xBFHeadline about caf\xE9 prices\r\n\r\n"
      "By\tAnna\xC2\xA0Smith\r\n\r\n"
      "Prices at the caf\xE9 rose\t\tsharply this year, owners said on Monday.\r\n"
      "\r\nThe   owners blamed the cost of milk and coffee beans for the rise.\r\n";
  px_doc *d = NULL;
  cr_assert_eq(run(in, sizeof in - 1, &d), PX_OK);
  cr_expect_str_eq(d->title, "Headline about caf\xEF\xBF\xBD prices");
  cr_assert_eq(d->nauthors, 1);
  cr_expect_str_eq(d->authors[0], "Anna Smith");
  cr_assert_eq(d->nblocks, 2);
  cr_expect_str_eq(d->blocks[0].text,
                   "Prices at the caf\xEF\xBF\xBD rose sharply this year, owners "
                   "said on Monday.");
  cr_expect_str_eq(d->blocks[1].text, "The owners blamed the cost of milk and "
                                      "coffee beans for the rise.");
  cr_expect_str_eq(d->url, "mem");
  px_doc_free(d);
}

Test(plaintext, not_nul_terminated) {
  /* The length is honoured: nothing past it is read as text. */
  const char in[] = "A short note on the weather this week.\nIGNORED TAIL";
  px_doc *d = NULL;
  cr_assert_eq(run(in, 38, &d), PX_OK);
  cr_assert_eq(d->nblocks, 1);
  cr_expect_str_eq(d->blocks[0].text, "A short note on the weather this week.");
  px_doc_free(d);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

Test(plaintext, large_inputs_are_linear, .timeout = 60) {
  /* 2 MiB of paragraphs, one 2 MiB line, 2 MiB of newlines, 2 MiB of short
  ** date-like lines: each must finish quickly (a quadratic step would not). */
  size_t n = 2u << 20;
  char *s = malloc(n);
  cr_assert(s);
  const char *para = "The council met on Monday, June 19, 2023 and agreed to "
                     "continue talks about the budget next week.\n\n";
  size_t pl = strlen(para);
  for (size_t i = 0; i < n; i++) s[i] = para[i % pl];
  const char *unit[] = {NULL, "a", "\n", "June 19, 2023 10:48 AM\n"};
  for (int k = 0; k < 4; k++) {
    if (unit[k]) {
      size_t ul = strlen(unit[k]);
      for (size_t i = 0; i < n; i++) s[i] = unit[k][i % ul];
    }
    px_doc *d = NULL;
    double t0 = now();
    px_rc rc = run(s, n, &d);
    double dt = now() - t0;
    cr_expect(rc == PX_OK || rc == PX_EEMPTY || rc == PX_ETOOBIG, "case %d: rc %d", k, rc);
    cr_expect_lt(dt, 20.0, "case %d took %.1f s", k, dt);
    px_doc_free(d);
  }
  free(s);
}

/* The rules behind our own golden cases, stated outright. */
Test(plaintext, own_cases_rules) {
  px_doc *d = extract_file("tests/golden/plaintext/ap_dateline.txt");
  cr_expect_str_eq(d->wire, "AP");                 /* "(AP) —" dateline */
  cr_expect_str_eq(d->dateline, "NEW ORLEANS");
  cr_assert_eq(d->nauthors, 2);
  cr_expect_str_eq(d->authors[0], "Jane Doe");     /* capitals undone */
  cr_expect_str_eq(d->updated, "2023-06-20T15:14:00-04:00");
  cr_expect(!body_has(d, "Heat wave"));            /* "Read more:" list */
  cr_expect(!body_has(d, "Associated Press"));     /* copyright line */
  px_doc_free(d);

  d = extract_file("tests/golden/plaintext/reuters_byline.txt");
  cr_expect_str_eq(d->wire, "Reuters");
  cr_assert_eq(d->nauthors, 2);
  cr_expect_str_eq(d->authors[1], "John Roe");
  cr_expect_str_eq(d->published, "2023-06-20T10:05:00+01:00");
  cr_expect_str_eq(d->section, "Markets");
  cr_expect(block_is(d, PX_BLOCK_HEADING, "Supply cuts"));
  cr_expect(!body_has(d, "Editing by"));
  px_doc_free(d);

  d = extract_file("tests/golden/plaintext/cookie_top.txt");
  cr_expect_str_eq(d->title, "City council approves new bike lanes downtown");
  cr_expect_str_eq(d->subtitle, "The plan adds 12 miles of protected lanes over "
                                "the next two years");
  cr_expect_str_eq(d->published, "2023-06-19T15:04:00-04:00");  /* ET in June */
  cr_expect_eq(px_doc_body_blocks(d), 3);
  px_doc_free(d);

  d = extract_file("tests/golden/plaintext/no_title.txt");
  cr_expect_null(d->title);
  cr_expect_eq(px_doc_body_blocks(d), 4);
  cr_expect_null(d->wire);  /* a bare capitals dateline is no wire credit */
  px_doc_free(d);

  d = extract_file("tests/golden/plaintext/bullets.txt");
  cr_expect_eq(count_kind(d, PX_BLOCK_LIST_ITEM), 3);
  cr_expect(block_is(d, PX_BLOCK_LIST_ITEM, "The standard deduction"));
  cr_expect(block_is(d, PX_BLOCK_HEADING, "What it means for families"));
  px_doc_free(d);

  d = extract_file("tests/golden/plaintext/wrapped.txt");
  cr_expect_eq(count_kind(d, PX_BLOCK_PARA), 3);   /* wrapped lines joined */
  cr_expect(block_is(d, PX_BLOCK_PARA, "The city council passed its annual "
                                       "budget on Tuesday night after a debate"));
  px_doc_free(d);

  d = extract_file("tests/golden/plaintext/blog_bio.txt");
  cr_expect_str_eq(d->site, "The Valley Herald");
  cr_assert_eq(d->nauthors, 1);
  cr_expect(!body_has(d, "senior reporter"));      /* author bio */
  cr_expect(!body_has(d, "comment"));
  px_doc_free(d);

  d = extract_file("tests/golden/plaintext/aggregator.txt");
  cr_expect(d->is_republished);
  cr_expect_str_eq(d->site, "NewsHub247");
  cr_expect_eq(px_doc_body_blocks(d), 3);
  px_doc_free(d);

  d = extract_file("tests/golden/plaintext/caption_mid.txt");
  cr_expect_null(d->subtitle);  /* the first paragraph stays body */
  cr_expect_eq(count_kind(d, PX_BLOCK_CAPTION), 3);
  cr_expect_eq(count_kind(d, PX_BLOCK_PARA), 4);
  px_doc_free(d);

  d = extract_file("tests/golden/plaintext/bio_tail.txt");
  cr_assert_eq(d->nauthors, 1);
  cr_expect_str_eq(d->authors[0], "Jane Roe");
  cr_expect_str_eq(d->updated, "2023-01-09T11:30:00-05:00");
  cr_expect(block_is(d, PX_BLOCK_PARA, "He declined to comment."));
  cr_expect(!body_has(d, "Police identify"));
  px_doc_free(d);

  d = extract_file("tests/golden/plaintext/prose_vocab.txt");
  cr_expect_eq(count_kind(d, PX_BLOCK_PARA), 5);   /* vocabulary in prose */
  cr_expect_eq(count_kind(d, PX_BLOCK_CAPTION), 0);
  cr_expect(!d->is_republished);
  px_doc_free(d);

  d = extract_file("tests/golden/plaintext/midbody_links.txt");
  cr_expect(!body_has(d, "Heat wave"));            /* a run of headlines */
  cr_expect(!body_has(d, "Blinken"));
  cr_expect(block_is(d, PX_BLOCK_HEADING, "What the deal includes"));
  cr_expect_eq(count_kind(d, PX_BLOCK_PARA), 4);
  px_doc_free(d);

  d = extract_file("tests/golden/plaintext/bbc_style.txt");
  cr_expect_str_eq(d->site, "BBC News");
  cr_expect(!body_has(d, "Sport"));                /* navigation */
  cr_expect_eq(count_kind(d, PX_BLOCK_PARA), 4);
  px_doc_free(d);
}

static double best_time(const char *unit, size_t n) {
  char *s = malloc(n);
  cr_assert(s);
  size_t ul = strlen(unit);
  for (size_t i = 0; i < n; i++) s[i] = unit[i % ul];
  double best = 1e9;
  for (int r = 0; r < 2; r++) {
    px_doc *d = NULL;
    double t0 = now();
    px_rc rc = run(s, n, &d);
    double dt = now() - t0;
    cr_expect(rc == PX_OK || rc == PX_EEMPTY, "rc %d", rc);
    px_doc_free(d);
    if (dt < best) best = dt;
  }
  free(s);
  return best;
}

Test(plaintext, scaling_is_linear, .timeout = 60) {
  /* Short lines between dropped ones once made a backwards search per
  ** line: 8x the input must cost about 8x the time, not 64x. */
  const char *units[] = {
    "Short heading here\nAdvertisement\nAdvertisement\n",
    "Also read:\nJane Doe\n(Photo by A B/Getty Images)\nHe said:\n",
    NULL};
  for (int k = 0; units[k]; k++) {
    double small = best_time(units[k], 256u << 10);
    double big = best_time(units[k], 2u << 20);
    cr_expect_lt(big, 32 * small + 0.05, "unit %d: %.3f s vs %.3f s", k, big, small);
  }
}
