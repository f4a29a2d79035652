/*
** test_search.c: the FTS5 index and queries: translation of user syntax
** (never an FTS5 syntax error), BM25 order, phrases, OR/NOT, prefixes,
** filters, snippets with markers, grouping by story, pagination, and the
** triggers that keep the index in step with the articles table.
*/
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "search/search.h"
#include "util/err.h"

static char dbpath[256];
static px_store *st;

static int64_t add(const char *url, const char *source, const char *title,
                   const char *body, const char *published, int64_t utc,
                   const char *lang) {
  px_doc *d = px_doc_new(0);
  cr_assert(d);
  px_doc_set(d, &d->url, url, strlen(url));
  px_doc_set(d, &d->title, title, strlen(title));
  if (published) px_doc_set(d, &d->published, published, strlen(published));
  if (lang) px_doc_set(d, &d->lang, lang, strlen(lang));
  px_doc_add_block(d, PX_BLOCK_PARA, body, strlen(body));
  px_article_put put = {0};
  put.doc = d;
  put.source = source;
  put.raw = body;
  put.raw_len = strlen(body);
  put.raw_type = "text/plain";
  int64_t id = 0;
  px_err err = {0};
  px_rc rc = px_store_article_put(st, &put, &id, &err);
  cr_assert_eq(rc, PX_OK, "%s", err.msg);
  px_doc_free(d);
  if (utc) {
    sqlite3 *db = px_store_sqlite(st);
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE articles SET published_utc=%lld WHERE id=%lld",
             (long long)utc, (long long)id);
    cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
  }
  return id;
}

static int64_t a1, a2, a3, a4, s1;

static void setup(void) {
  snprintf(dbpath, sizeof dbpath, "/tmp/px-test-search-%d.db", (int)getpid());
  unlink(dbpath);
  px_err err = {0};
  cr_assert_eq(px_store_open(dbpath, &st, &err), PX_OK, "%s", err.msg);
  /* One article before the index exists: init must pick it up. */
  a1 = add("https://oan.example/blinken", "OAN",
           "Blinken denounces support for Taiwan independence",
           "We do not support Taiwan independence, Blinken said in Beijing "
           "after meeting Xi Jinping.", "2023-06-19", 1687171680, "en");
  cr_assert_eq(px_search_init(st, &err), PX_OK, "%s", err.msg);
  a2 = add("https://af.example/talks", "Asia Financial",
           "Blinken and Xi agree to stabilise ties",
           "The United States has long stuck to a policy of strategic "
           "ambiguity over Taiwan. Blinken met Wang Yi in Beijing.",
           NULL, 1687190000, "en-GB");
  a3 = add("https://inq.example/x", "Inquirer",
           "Talks last more than seven hours",
           "Talks with Qin Gang lasted more than 7-1/2 hours, officials said.",
           NULL, 1687200000, "en");
  a4 = add("https://fr.example/y", "Le Monde", "Pékin et Washington",
           "Antony Blinken a rencontré Xi Jinping à Pékin.", NULL, 1687300000,
           "fr");
  cr_assert_eq(px_store_story_create(st, "Blinken in Beijing", &s1, &err),
               PX_OK, "%s", err.msg);
  cr_assert_eq(px_store_story_add(st, s1, a1, 1, &err), PX_OK);
  cr_assert_eq(px_store_story_add(st, s1, a2, 1, &err), PX_OK);
  cr_assert_eq(px_store_story_add(st, s1, a3, 1, &err), PX_OK);
}

static void teardown(void) {
  px_store_close(st);
  unlink(dbpath);
  char p[300];
  snprintf(p, sizeof p, "%s-wal", dbpath);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", dbpath);
  unlink(p);
}

TestSuite(search, .init = setup, .fini = teardown, .timeout = 30);

static char *tr(const char *q, px_rc *rc) {
  px_buf b;
  px_buf_init(&b, 0);
  px_err err = {0};
  *rc = px_search_translate(q, strlen(q), &b, &err);
  return px_buf_detach(&b);
}

Test(search, translate_quotes_every_word) {
  px_rc rc;
  char *s = tr("blinken \"strategic ambiguity\" xi OR wang -reuters", &rc);
  cr_assert_eq(rc, PX_OK);
  cr_expect_str_eq(s, "(\"blinken\" AND \"strategic ambiguity\" AND (\"xi\" OR "
                      "\"wang\")) NOT (\"reuters\")");
  free(s);
  s = tr("beij* NOT \"x\"\"y\" AND (near", &rc);
  cr_assert_eq(rc, PX_OK);
  cr_expect_str_eq(s, "(\"beij\"* AND \"y\" AND \"near\") NOT (\"x\")");
  free(s);
  s = tr("NEAR(a b) col:x ^z \"unterminated", &rc);
  cr_assert_eq(rc, PX_OK);
  free(s);
}

Test(search, translate_rejects_nothing_to_find) {
  px_rc rc;
  free(tr("", &rc));
  cr_expect_eq(rc, PX_EEMPTY);
  free(tr("-foo NOT bar", &rc));
  cr_expect_eq(rc, PX_EEMPTY);
  free(tr("\"\" *** OR AND ( ) \xe2\x80\x9c", &rc));
  cr_expect_eq(rc, PX_EEMPTY);
  free(tr("bad \xff utf8", &rc));
  cr_expect_eq(rc, PX_EUTF8);
}

static px_search_result *run(const char *q, px_rc want) {
  px_search_query sq = {0};
  sq.q = q;
  sq.qlen = strlen(q);
  px_search_result *r = NULL;
  px_err err = {0};
  px_rc rc = px_search_run(st, &sq, &r, &err);
  cr_assert_eq(rc, want, "%s: %s", q, err.msg);
  return r;
}

Test(search, hostile_queries_never_fail_in_fts5) {
  const char *qs[] = {"\"", "a\"b", "*", "-", "a OR", "OR a", "NOT", "a NOT",
                      "(((a", "a:b", "^a", "a+b", "{a b}", "a*b*", "NEAR(a",
                      "'; DROP TABLE articles; --"};
  for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
    px_search_query sq = {0};
    sq.q = qs[i];
    sq.qlen = strlen(qs[i]);
    px_search_result *r = NULL;
    px_err err = {0};
    px_rc rc = px_search_run(st, &sq, &r, &err);
    /* PX_EINVAL only for our own limits (a too short prefix), never for
    ** FTS5 syntax. */
    cr_expect(rc == PX_OK || rc == PX_EEMPTY ||
                  (rc == PX_EINVAL && strstr(err.msg, "prefix")),
              "%s: %d %s", qs[i], rc, err.msg);
    px_search_result_free(r);
  }
}

Test(search, bm25_groups_and_snippets) {
  px_search_result *r = run("blinken", PX_OK);
  cr_assert_eq(r->total_hits, 3);  /* a1, a2, a4 */
  cr_assert_eq(r->ngroups, 2);
  cr_expect_eq(r->groups[0].story_id, s1);
  cr_expect_str_eq(r->groups[0].story_title, "Blinken in Beijing");
  cr_expect_eq(r->groups[0].count, 2);
  /* The title match ranks first. */
  cr_expect_eq(r->hits[r->groups[0].first].article_id, a1);
  cr_expect_eq(r->groups[1].story_id, 0);
  cr_expect_eq(r->hits[r->groups[1].first].article_id, a4);
  cr_expect(strstr(r->hits[0].snippet, PX_SEARCH_MARK_OPEN "Blinken"
                                       PX_SEARCH_MARK_CLOSE) != NULL,
            "%s", r->hits[0].snippet);
  px_search_result_free(r);
}

Test(search, phrase_or_not_prefix_diacritics) {
  px_search_result *r = run("\"strategic ambiguity\"", PX_OK);
  cr_expect_eq(r->total_hits, 1);
  cr_expect_eq(r->hits[0].article_id, a2);
  px_search_result_free(r);
  r = run("\"ambiguity strategic\"", PX_OK);
  cr_expect_eq(r->total_hits, 0);
  px_search_result_free(r);
  r = run("qin OR wang", PX_OK);
  cr_expect_eq(r->total_hits, 2);
  px_search_result_free(r);
  r = run("blinken -taiwan", PX_OK);
  cr_expect_eq(r->total_hits, 1);
  cr_expect_eq(r->hits[0].article_id, a4);
  px_search_result_free(r);
  r = run("indep*", PX_OK);
  cr_expect_eq(r->total_hits, 1);
  px_search_result_free(r);
  r = run("pekin", PX_OK);  /* "Pékin" */
  cr_expect_eq(r->total_hits, 1);
  px_search_result_free(r);
}

/* Issue 15, 10: "a* OR b* ... OR z*" expanded to most of the vocabulary
** (2.6 s a request on 520 articles). Short prefixes and many prefixes are
** refused with a reason before FTS5 runs anything. */
Test(search, prefix_expansion_is_bounded) {
  px_buf b;
  px_buf_init(&b, 0);
  px_err err = {0};
  const char *flood = "a* OR b* OR c* OR d* OR e* OR f* OR g* OR h* OR i*";
  cr_expect_eq(px_search_translate(flood, strlen(flood), &b, &err), PX_EINVAL);
  cr_expect(strstr(err.msg, "at least 3 letters") != NULL, "%s", err.msg);
  px_err_clear(&err);
  const char *phrase = "\"taiwan i\"*";
  cr_expect_eq(px_search_translate(phrase, strlen(phrase), &b, &err), PX_EINVAL,
               "the * of a phrase applies to its last word");
  px_err_clear(&err);
  const char *many = "abc* OR abd* OR abe* OR abf* OR abg*";
  cr_expect_eq(px_search_translate(many, strlen(many), &b, &err), PX_EINVAL);
  cr_expect(strstr(err.msg, "at most 4 prefix") != NULL, "%s", err.msg);
  px_err_clear(&err);
  /* Three letters (also three non-ASCII ones) are a prefix. */
  b.len = 0;
  const char *accented = "tai* OR \xc3\xa9t\xc3\xa9*";
  cr_expect_eq(px_search_translate(accented, strlen(accented), &b, &err),
               PX_OK, "%s", err.msg);
  px_buf_reset(&b);
  px_search_result *r = run("ind*", PX_OK);
  cr_expect_eq(r->total_hits, 1);
  px_search_result_free(r);
  r = run("in*", PX_EINVAL);
  px_search_result_free(r);
}

Test(search, filters) {
  px_search_query sq = {0};
  sq.q = "blinken";
  sq.qlen = 7;
  sq.source = "asia financial";
  px_search_result *r = NULL;
  px_err err = {0};
  cr_assert_eq(px_search_run(st, &sq, &r, &err), PX_OK, "%s", err.msg);
  cr_expect_eq(r->total_hits, 1);
  cr_expect_eq(r->hits[0].article_id, a2);
  px_search_result_free(r);
  sq.source = NULL;
  sq.lang = "en";  /* matches en and en-GB, not fr */
  cr_assert_eq(px_search_run(st, &sq, &r, &err), PX_OK);
  cr_expect_eq(r->total_hits, 2);
  px_search_result_free(r);
  sq.lang = NULL;
  sq.from_utc = 1687180000;
  sq.to_utc = 1687250000;
  cr_assert_eq(px_search_run(st, &sq, &r, &err), PX_OK);
  cr_expect_eq(r->total_hits, 1);
  cr_expect_eq(r->hits[0].article_id, a2);
  px_search_result_free(r);
}

Test(search, pagination_over_groups) {
  px_search_query sq = {0};
  sq.q = "blinken";
  sq.qlen = 7;
  sq.limit = 1;
  sq.offset = 1;
  px_search_result *r = NULL;
  px_err err = {0};
  cr_assert_eq(px_search_run(st, &sq, &r, &err), PX_OK);
  cr_expect_eq(r->total_groups, 2);
  cr_expect_eq(r->ngroups, 1);
  cr_expect_eq(r->nhits, 1);
  cr_expect_eq(r->hits[0].article_id, a4);
  px_search_result_free(r);
  sq.offset = 5;
  cr_assert_eq(px_search_run(st, &sq, &r, &err), PX_OK);
  cr_expect_eq(r->ngroups, 0);
  cr_expect_eq(r->nhits, 0);
  px_search_result_free(r);
}

Test(search, triggers_follow_updates_and_deletes) {
  px_err err = {0};
  cr_assert_eq(px_store_article_delete(st, a3, &err), PX_OK, "%s", err.msg);
  px_search_result *r = run("qin", PX_OK);
  cr_expect_eq(r->total_hits, 0);
  px_search_result_free(r);
  int64_t n = 0;
  cr_assert_eq(px_store_source_delete(st, "Le Monde", &n, &err), PX_OK);
  r = run("pekin", PX_OK);
  cr_expect_eq(r->total_hits, 0);
  px_search_result_free(r);
  size_t count = 0;
  cr_assert_eq(px_search_reindex(st, &count, &err), PX_OK);
  cr_expect_eq(count, 2);
  cr_assert_eq(px_search_index_article(st, a1, &err), PX_OK);
  cr_expect_eq(px_search_index_article(st, 999, &err), PX_ENOTFOUND);
}

/* ---- many hits (issue 16) ------------------------------------------------ */

/* n more articles straight into the tables in one transaction (the
** triggers index them): every one says "said" a varying number of times
** and has its own word starting "pfx"; every third is in one of ten
** stories. */
static void add_many(int n) {
  sqlite3 *db = px_store_sqlite(st);
  char sql[1400];
  snprintf(sql, sizeof sql,
           "BEGIN;"
           "INSERT OR IGNORE INTO sources(name) VALUES('Bulk');"
           "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM k"
           " WHERE i < %d)"
           " INSERT INTO articles(source_id, url, title, body, blocks,"
           " content_hash, raw_hash, published_utc)"
           " SELECT (SELECT id FROM sources WHERE name='Bulk'),"
           " 'https://bulk.example/' || i, 'Bulk ' || i,"
           " 'Officials said ' || substr('said said said said said said ',"
           " 1, 5 * (i %% 7)) || 'pfx' || i || ' near the river, ' ||"
           " 'pfy' || (i %% 13) || ' words follow here.',"
           " '[]', 'h' || i, 'bulk' || i, 1700000000 + i FROM k;"
           "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM k"
           " WHERE i < 10)"
           " INSERT INTO stories(title) SELECT 'Bulk story ' || i FROM k;"
           "INSERT INTO story_articles(article_id, story_id)"
           " SELECT a.id, (SELECT min(id) FROM stories WHERE title LIKE"
           " 'Bulk story %%') + a.id %% 10 FROM articles a"
           " WHERE a.url LIKE 'https://bulk.example/%%' AND a.id %% 3 = 0;"
           "COMMIT;",
           n);
  char *msg = NULL;
  cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK, "%s", msg);
}

/* The snippet of one hit as FTS5 gives it for that row alone. */
static char *snippet_alone(const char *fts, int64_t id) {
  sqlite3 *db = px_store_sqlite(st);
  sqlite3_stmt *s = NULL;
  cr_assert_eq(sqlite3_prepare_v2(db,
      "SELECT snippet(search_fts, -1, char(2), char(3), '\xe2\x80\xa6', 24)"
      " FROM search_fts WHERE search_fts MATCH ?1 AND rowid = ?2",
      -1, &s, NULL), SQLITE_OK);
  sqlite3_bind_text(s, 1, fts, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 2, id);
  cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
  char *z = strdup((const char *)sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  return z;
}

/* Issue 16: the page's snippets come from one MATCH pass ("rowid + 0
** IN"), and each is the snippet FTS5 gives for that row on its own. */
Test(search, page_snippets_of_a_prefix_are_the_per_row_ones) {
  add_many(300);
  const char *qs[] = {"pfx*", "pfy* OR river", "said"};
  for (size_t q = 0; q < sizeof qs / sizeof *qs; q++) {
    px_search_query sq = {0};
    sq.q = qs[q];
    sq.qlen = strlen(qs[q]);
    sq.limit = 100;
    px_search_result *r = NULL;
    px_err err = {0};
    cr_assert_eq(px_search_run(st, &sq, &r, &err), PX_OK, "%s", err.msg);
    cr_assert_gt(r->nhits, 100, "%s: %zu hits", qs[q], r->nhits);
    for (size_t k = 0; k < r->nhits; k++) {
      cr_assert(r->hits[k].snippet && r->hits[k].title, "%s: hit %zu",
                qs[q], k);
      char *want = snippet_alone(r->fts, r->hits[k].article_id);
      cr_expect_str_eq(r->hits[k].snippet, want);
      free(want);
    }
    px_search_result_free(r);
  }
}

/* Issue 16: with no filter FTS5 keeps the best PX_SEARCH_MAX_HITS before
** any join. Past that cap, the page is the same as the one the filtered
** query (joins first) gives with a filter every article passes: the same
** hits in the same order, with the same scores, stories and snippets. */
Test(search, unfiltered_top_hits_match_the_joined_query) {
  add_many(PX_SEARCH_MAX_HITS + 200);
  const char *qs[] = {"said", "pfy* OR river", "officials -pfy3"};
  for (size_t q = 0; q < sizeof qs / sizeof *qs; q++)
    for (size_t off = 0; off < 1300; off += 600) {
      px_search_query sq = {0};
      sq.q = qs[q];
      sq.qlen = strlen(qs[q]);
      sq.limit = 100;
      sq.offset = off;
      px_search_result *a = NULL, *b = NULL;
      px_err err = {0};
      cr_assert_eq(px_search_run(st, &sq, &a, &err), PX_OK, "%s", err.msg);
      sq.from_utc = 1;
      cr_assert_eq(px_search_run(st, &sq, &b, &err), PX_OK, "%s", err.msg);
      cr_assert_eq(a->total_hits, PX_SEARCH_MAX_HITS, "%s", qs[q]);
      cr_assert_eq(a->total_hits, b->total_hits);
      cr_assert_eq(a->total_groups, b->total_groups);
      cr_assert_eq(a->ngroups, b->ngroups);
      cr_assert_eq(a->nhits, b->nhits);
      cr_assert_gt(a->nhits, 0);
      for (size_t k = 0; k < a->nhits; k++) {
        cr_expect_eq(a->hits[k].article_id, b->hits[k].article_id,
                     "%s +%zu: hit %zu", qs[q], off, k);
        cr_expect_eq(a->hits[k].story_id, b->hits[k].story_id);
        cr_expect(a->hits[k].score == b->hits[k].score);
        cr_expect_str_eq(a->hits[k].snippet, b->hits[k].snippet);
      }
      for (size_t g = 0; g < a->ngroups; g++) {
        cr_expect_eq(a->groups[g].story_id, b->groups[g].story_id);
        cr_expect_eq(a->groups[g].first, b->groups[g].first);
        cr_expect_eq(a->groups[g].count, b->groups[g].count);
      }
      px_search_result_free(a);
      px_search_result_free(b);
    }
}

/* ---- languages (issue 17) ------------------------------------------------ */

static int64_t m_en1, m_en2, m_de1, m_de2, m_fr, m_ja, m_zh, m_none;

static void setup_langs(void) {
  snprintf(dbpath, sizeof dbpath, "/tmp/px-test-search-l-%d.db", (int)getpid());
  unlink(dbpath);
  px_err err = {0};
  cr_assert_eq(px_store_open(dbpath, &st, &err), PX_OK, "%s", err.msg);
  m_en1 = add("https://en.example/1", "Wire", "Talks resume in Geneva",
              "Negotiators said the talks would resume on Monday.", NULL, 0, "en");
  m_en2 = add("https://en.example/2", "Wire", "A quiet day",
              "Nobody wanted to talk about the weather.", NULL, 0, "en-GB");
  m_de1 = add("https://de.example/1", "Tagesblatt", "Soldaten verlassen die Stadt",
              "Der Präsident sagte, die Soldaten würden abziehen.", NULL, 0, "de");
  m_de2 = add("https://de.example/2", "Tagesblatt", "Neue Regierung",
              "Der Praesident der Republik ernannte einen Soldaten.", NULL, 0, "de");
  m_fr = add("https://fr.example/1", "Le Quotidien", "Grève nationale",
             "Les manifestations ont rassemblé des milliers de grévistes.", NULL,
             0, "fr");
  m_ja = add("https://ja.example/1", "Shinbun", "\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd"
             "\xe5\xba\x81\xe3\x81\xa7\xe4\xbc\x9a\xe8\xad\xb0",   /* 東京都庁で会議 */
             "\xe7\x9f\xa5\xe4\xba\x8b\xe3\x81\xaf\xe8\xa8\x98\xe8\x80\x85"
             "\xe4\xbc\x9a\xe8\xa6\x8b\xe3\x82\x92\xe9\x96\x8b\xe3\x81\x84"
             "\xe3\x81\x9f\xe3\x80\x82",   /* 知事は記者会見を開いた。 */
             NULL, 0, "ja");
  m_zh = add("https://zh.example/1", "Ribao", "\xe5\x8c\x97\xe4\xba\xac\xe4\xbc\x9a"
             "\xe8\xb0\x88",   /* 北京会谈 */
             "\xe5\x8f\x8c\xe6\x96\xb9\xe5\x9c\xa8\xe5\x8c\x97\xe4\xba\xac"
             "\xe4\xb8\xbe\xe8\xa1\x8c\xe4\xba\x86\xe4\xbc\x9a\xe8\xb0\x88",
             NULL, 0, "zh");   /* 双方在北京举行了会谈 */
  /* No language stored: read from its text. */
  m_none = add("https://x.example/1", "Wire", "Protests",
               "Thousands of protesters marched through the capital on Sunday, "
               "and the police said the marches were peaceful.", NULL, 0, NULL);
}

TestSuite(langs, .init = setup_langs, .fini = teardown, .timeout = 30);

/* The article ids a query finds, sorted, as text ("3,5"). */
static char *found(const char *q, const char *lang) {
  px_search_query sq = {0};
  sq.q = q;
  sq.qlen = strlen(q);
  sq.lang = lang;
  px_search_result *r = NULL;
  px_err err = {0};
  cr_assert_eq(px_search_run(st, &sq, &r, &err), PX_OK, "%s: %s", q, err.msg);
  int64_t ids[64];
  size_t n = 0;
  for (size_t k = 0; k < r->nhits && n < 64; k++) ids[n++] = r->hits[k].article_id;
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
      int64_t t = ids[j];
      ids[j] = ids[j - 1];
      ids[j - 1] = t;
    }
  px_buf b;
  px_buf_init(&b, 0);
  px_buf_puts(&b, "");
  for (size_t i = 0; i < n; i++) px_buf_printf(&b, i ? ",%lld" : "%lld", (long long)ids[i]);
  px_search_result_free(r);
  return px_buf_detach(&b);
}

static void expect_found(const char *q, const char *lang, int64_t a, int64_t b) {
  char want[64];
  if (b) snprintf(want, sizeof want, "%lld,%lld", (long long)a, (long long)b);
  else if (a) snprintf(want, sizeof want, "%lld", (long long)a);
  else want[0] = '\0';
  char *got = found(q, lang);
  cr_expect_str_eq(got, want, "%s [%s]", q, lang ? lang : "-");
  free(got);
}

Test(langs, inflected_forms) {
  expect_found("talk", NULL, m_en1, m_en2);
  expect_found("talk", "en", m_en1, m_en2);
  expect_found("talking", NULL, m_en1, m_en2);
  expect_found("Soldat", NULL, m_de1, m_de2);
  expect_found("Soldat", "de", m_de1, m_de2);
  expect_found("manifestation", NULL, m_fr, 0);
  expect_found("march", NULL, m_none, 0);        /* stemmed as detected */
  /* The query's language decides its stems: German has none for "talk". */
  expect_found("talk", "de", 0, 0);
}

Test(langs, transliterations_both_ways) {
  expect_found("Praesident", NULL, m_de1, m_de2);
  expect_found("Präsident", NULL, m_de1, m_de2);
  /* Typed without its umlaut: finds "Präsident", not "Praesident" (which
  ** may be any word spelled with "ae"). */
  expect_found("prasident", NULL, m_de1, 0);
  expect_found("greve", NULL, m_fr, 0);
  expect_found("GRÈVE", NULL, m_fr, 0);
  expect_found("gréviste", NULL, m_fr, 0);
}

Test(langs, chinese_and_japanese_words) {
  expect_found("\xe6\x9d\xb1\xe4\xba\xac", NULL, m_ja, 0);          /* 東京 */
  expect_found("\xe9\x83\xbd\xe5\xba\x81", NULL, m_ja, 0);          /* 都庁 */
  expect_found("\xe8\xa8\x98\xe8\x80\x85\xe4\xbc\x9a\xe8\xa6\x8b", NULL, m_ja, 0);
  expect_found("\xe7\x9f\xa5", NULL, m_ja, 0);                      /* 知 */
  expect_found("\xe4\xbc\x9a\xe8\xb0\x88", NULL, m_zh, 0);          /* 会谈 */
  expect_found("\xe4\xb8\xbe\xe8\xa1\x8c", "zh", m_zh, 0);          /* 举行 */
  /* 京会: bigram across the two words of the title (no word boundary is
  ** known), found; 東都: not adjacent, not found. */
  expect_found("\xe4\xba\xac\xe4\xbc\x9a", NULL, m_zh, 0);
  expect_found("\xe6\x9d\xb1\xe9\x83\xbd", NULL, 0, 0);
  /* A snippet marks the matched characters. */
  px_search_query sq = {0};
  sq.q = "\xe8\xa8\x98\xe8\x80\x85";
  sq.qlen = strlen(sq.q);
  px_search_result *r = NULL;
  px_err err = {0};
  cr_assert_eq(px_search_run(st, &sq, &r, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(r->nhits, 1);
  cr_expect(strstr(r->hits[0].snippet, PX_SEARCH_MARK_OPEN "\xe8\xa8\x98"
                   "\xe8\x80\x85" PX_SEARCH_MARK_CLOSE) != NULL,
            "%s", r->hits[0].snippet);
  px_search_result_free(r);
}

Test(langs, phrases_exclusions_prefixes_filters) {
  expect_found("\"die Soldaten\"", NULL, m_de1, 0);
  expect_found("\"Soldaten die\"", NULL, 0, 0);
  expect_found("\"the talks would\"", NULL, m_en1, 0);
  expect_found("soldat -praesident", NULL, 0, 0);
  expect_found("soldat -abziehen", NULL, m_de2, 0);
  expect_found("talk -weather", NULL, m_en1, 0);
  expect_found("sold*", NULL, m_de1, m_de2);
  expect_found("präs*", NULL, m_de1, m_de2);
  expect_found("praes*", NULL, m_de1, m_de2);
  expect_found("negotiat* OR grève", NULL, m_en1, m_fr);
  px_search_query sq = {0};
  sq.q = "soldat";
  sq.qlen = 6;
  sq.source = "tagesblatt";
  sq.lang = "de";
  px_search_result *r = NULL;
  px_err err = {0};
  cr_assert_eq(px_search_run(st, &sq, &r, &err), PX_OK, "%s", err.msg);
  cr_expect_eq(r->total_hits, 2);
  px_search_result_free(r);
  /* A changed language re-indexes the row in the new one. */
  sqlite3 *db = px_store_sqlite(st);
  char sql[128];
  snprintf(sql, sizeof sql, "UPDATE articles SET lang='en' WHERE id=%lld",
           (long long)m_de2);
  cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
  expect_found("Soldat", "de", m_de1, 0);
  char *msg = NULL;
  cr_assert_eq(sqlite3_exec(db, "INSERT INTO search_fts(search_fts)"
                                " VALUES('integrity-check')", NULL, NULL, &msg),
               SQLITE_OK, "%s", msg);
}

/* An index made by unicode61 (schema 10 and before) is rebuilt by
** schema 11 when the store is opened, and then finds stems. */
Test(langs, old_store_is_migrated) {
  sqlite3 *db = px_store_sqlite(st);
  char *msg = NULL;
  cr_assert_eq(sqlite3_exec(db,
      "DROP TRIGGER search_fts_ai; DROP TRIGGER search_fts_ad;"
      " DROP TRIGGER search_fts_au; DROP TABLE search_fts;"
      "CREATE VIRTUAL TABLE search_fts USING fts5(title, subtitle, body, source,"
      " tokenize='unicode61 remove_diacritics 2');"
      "INSERT INTO search_fts(rowid, title, subtitle, body, source)"
      " SELECT id, COALESCE(title,''), COALESCE(subtitle,''), body, '' FROM articles;"
      "CREATE TRIGGER search_fts_ad AFTER DELETE ON articles BEGIN"
      " DELETE FROM search_fts WHERE rowid = old.id; END;"
      "PRAGMA user_version=10;", NULL, NULL, &msg), SQLITE_OK, "%s", msg);
  px_store_close(st);
  px_err err = {0};
  cr_assert_eq(px_store_open(dbpath, &st, &err), PX_OK, "%s", err.msg);
  sqlite3_stmt *s = NULL;
  sqlite3_prepare_v2(px_store_sqlite(st), "PRAGMA user_version", -1, &s, NULL);
  cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
  cr_expect_eq(sqlite3_column_int(s, 0), px_store_schema_version(st));
  sqlite3_finalize(s);
  expect_found("talk", NULL, m_en1, m_en2);
  expect_found("Praesident", NULL, m_de1, m_de2);
  int64_t id = add("https://en.example/3", "Wire", "More talks",
                   "They talked again.", NULL, 0, "en");
  char *got = found("talks", "en");
  char want[64];
  snprintf(want, sizeof want, "%lld,%lld,%lld", (long long)m_en1,
           (long long)m_en2, (long long)id);
  cr_expect_str_eq(got, want);
  free(got);
}
