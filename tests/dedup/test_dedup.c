/*
** test_dedup.c: shingles, MinHash, the dedup index, passage alignment and
** copy relations, on hand-made texts and on the seed articles.
*/
#include <criterion/criterion.h>
#include <string.h>

#include "dedup/align.h"
#include "dedup/copies.h"
#include "dedup/dedup.h"
#include "dedup/minhash.h"
#include "dedup/shingle.h"
#include "seeds.h"

static px_doc *doc_of(const char *title, const char *const *paras, size_t n) {
  px_doc *d = px_doc_new(0);
  cr_assert_not_null(d);
  if (title) px_doc_set(d, &d->title, title, strlen(title));
  for (size_t i = 0; i < n; i++)
    cr_assert_eq(px_doc_add_block(d, PX_BLOCK_PARA, paras[i], strlen(paras[i])), PX_OK);
  return d;
}

Test(shingle, counts_per_block) {
  const char *p[] = {"one two three four five six seven", "just two",
                     "three small words", "Advertisement"};
  px_doc *d = doc_of(NULL, p, 4);
  px_shingles s;
  px_shingles_init(&s);
  cr_assert_eq(px_shingles_doc(d, 5, &s, NULL), PX_OK);
  /* 7 words give 3 five-word shingles; 2 words none; 3 words one. */
  cr_assert_eq(s.n, 4);
  cr_assert_eq(s.block[0], 0);
  cr_assert_eq(s.block[3], 2);
  cr_assert_eq(s.nwords, 7 + 2 + 3 + 1);
  px_shingles_reset(&s);
  px_doc_free(d);
}

Test(shingle, normalisation_makes_typography_irrelevant) {
  const char *a = "The \xe2\x80\x9cstrategic ambiguity\xe2\x80\x9d policy \xe2\x80\x93 U.S. view";
  const char *b = "the \"Strategic Ambiguity\" policy - US view";
  px_shingles x, y;
  px_shingles_init(&x);
  px_shingles_init(&y);
  cr_assert_eq(px_shingles_text(a, strlen(a), 3, &x, NULL), PX_OK);
  cr_assert_eq(px_shingles_text(b, strlen(b), 3, &y, NULL), PX_OK);
  cr_assert_eq(x.n, y.n);
  cr_assert_eq(x.content, y.content);
  for (size_t i = 0; i < x.n; i++) cr_assert_eq(x.h[i], y.h[i]);
  px_shingles_reset(&x);
  px_shingles_reset(&y);
}

Test(minhash, matches_reference_formula) {
  px_minhash *m = NULL;
  cr_assert_eq(px_minhash_new(64, 7, &m, NULL), PX_OK);
  uint64_t items[100];
  for (int i = 0; i < 100; i++) items[i] = 0x9E3779B97F4A7C15ULL * (uint64_t)(i + 1);
  uint32_t sig[64];
  px_minhash_sign(m, items, 100, sig);
  for (unsigned j = 0; j < 64; j++) {
    uint32_t want = UINT32_MAX;
    for (int i = 0; i < 100; i++) {
      uint64_t hv = items[i] & 0xFFFFFFFFu;
      uint32_t v = (uint32_t)((m->a[j] * hv + m->b[j]) % PX_MINHASH_PRIME);
      if (v < want) want = v;
    }
    cr_assert_eq(sig[j], want, "permutation %u", j);
  }
  px_minhash_free(m);
}

Test(minhash, jaccard_estimate_within_error) {
  px_minhash *m = NULL;
  cr_assert_eq(px_minhash_new(256, 1, &m, NULL), PX_OK);
  enum { N = 3000 };
  static uint64_t a[N], b[N];
  /* a = items 0..2999, b = items 1000..3999: J = 2000 / 4000 = 0.5 */
  for (int i = 0; i < N; i++) {
    a[i] = px_shingle_word_hash((const char *)&i, sizeof i);
    int k = i + 1000;
    b[i] = px_shingle_word_hash((const char *)&k, sizeof k);
  }
  uint32_t sa[256], sb[256];
  px_minhash_sign(m, a, N, sa);
  px_minhash_sign(m, b, N, sb);
  double est = px_minhash_jaccard(sa, sb, 256);
  /* standard error sqrt(J(1-J)/k) = 0.031; allow 3.5 sigma */
  cr_assert(est > 0.39 && est < 0.61, "estimate %f", est);
  px_minhash_free(m);
}

static const char *const base[] = {
  "The central bank raised its main interest rate by half a point on Thursday, the largest increase in two decades, as inflation reached a forty year high.",
  "Officials said further increases were likely in the coming months if prices kept rising at the current pace across the economy.",
  "Markets had expected a smaller move, and bond yields climbed sharply after the announcement was published in the afternoon.",
  "The governor told reporters that the bank would do whatever it takes to bring inflation back to its target of two percent.",
  "Economists warned that the decision could push the country into a recession by the end of next year, hurting jobs and wages.",
};

Test(index, exact_near_and_shared) {
  px_dedup_index *ix = px_dedup_index_new(NULL);
  cr_assert_not_null(ix);
  px_dedup_match *m = NULL;
  size_t n = 0;
  px_doc *a = doc_of("Rates up", base, 5);
  cr_assert_eq(px_dedup_index_add(ix, 10, a, &m, &n, NULL), PX_OK);
  cr_assert_eq(n, 0);
  /* Same text, other outlet: exact. */
  px_doc *b = doc_of("Another headline", base, 5);
  cr_assert_eq(px_dedup_index_add(ix, 11, b, &m, &n, NULL), PX_OK);
  cr_assert_geq(n, 1);
  cr_assert_eq(m[0].kind, PX_DEDUP_EXACT);
  cr_assert_eq(m[0].article_id, 10);
  free(m);
  /* Three of five paragraphs plus new text: shared passages. */
  const char *p3[] = {base[0], base[1], base[2],
    "In other news, the city council approved a new park along the river after a long debate about parking spaces and noise.",
    "The park will open next spring with playgrounds, a skating rink and a cafe run by a local charity that trains young chefs."};
  px_doc *c = doc_of("Different", p3, 5);
  cr_assert_eq(px_dedup_index_add(ix, 12, c, &m, &n, NULL), PX_OK);
  cr_assert_eq(n, 2);
  for (size_t i = 0; i < n; i++) {
    cr_assert_neq(m[i].kind, PX_DEDUP_EXACT);
    cr_assert_gt(m[i].containment, 0.3);
  }
  free(m);
  /* Unrelated text: nothing. */
  const char *u[] = {"A storm brought heavy snow to the mountains overnight, closing two passes and cutting power to thousands of homes in the valley."};
  px_doc *e = doc_of("Snow", u, 1);
  cr_assert_eq(px_dedup_index_add(ix, 13, e, &m, &n, NULL), PX_OK);
  cr_assert_eq(n, 0);
  cr_assert_eq(px_dedup_index_count(ix), 4);
  px_dedup_index_free(ix);
  px_doc_free(a);
  px_doc_free(b);
  px_doc_free(c);
  px_doc_free(e);
}

Test(index, near_duplicate_with_light_edits) {
  px_dedup_index *ix = px_dedup_index_new(NULL);
  px_doc *a = doc_of("Rates up", base, 5);
  const char *ed[] = {
    "LONDON (Reuters) - The central bank raised its main interest rate by half a point on Thursday, the largest increase in two decades, as inflation reached a forty year high.",
    base[1], base[2], base[3],
    "Economists warned the decision could push the country into a recession by the end of next year, hurting jobs and wages."};
  px_doc *b = doc_of("Rates up", ed, 5);
  px_dedup_match *m = NULL;
  size_t n = 0;
  cr_assert_eq(px_dedup_index_add(ix, 1, a, NULL, NULL, NULL), PX_OK);
  cr_assert_eq(px_dedup_index_add(ix, 2, b, &m, &n, NULL), PX_OK);
  cr_assert_eq(n, 1);
  cr_assert_eq(m[0].kind, PX_DEDUP_NEAR);
  cr_assert_gt(m[0].jaccard, 0.6);
  free(m);
  px_dedup_index_free(ix);
  px_doc_free(a);
  px_doc_free(b);
}

Test(align, blocks_and_shares) {
  const char *pb[] = {"Unrelated opening paragraph about the weather in the north and what it means for farmers this week.",
                      base[3], base[4], base[0]};
  px_doc *a = doc_of(NULL, base, 5);
  px_doc *b = doc_of(NULL, pb, 4);
  px_passage_set *ps = NULL;
  cr_assert_eq(px_passages_align(a, b, &ps, NULL), PX_OK);
  /* A's blocks 0 and 3-4 are copied: two passages. */
  cr_assert_eq(ps->n, 2);
  cr_assert_eq(ps->v[0].a_first, 0);
  cr_assert_eq(ps->v[0].b_first, 3);
  cr_assert_eq(ps->v[1].a_first, 3);
  cr_assert_eq(ps->v[1].a_last, 4);
  cr_assert_eq(ps->v[1].b_first, 1);
  cr_assert_eq(ps->v[1].b_last, 2);
  cr_assert_eq(ps->a_blocks_shared, 3);
  cr_assert_eq(ps->b_blocks_shared, 3);
  cr_assert(ps->a_copied[0] && !ps->a_copied[1] && !ps->a_copied[2]);
  cr_assert(!ps->b_copied[0]);
  cr_assert(ps->a_share > 0.5 && ps->a_share < 0.7, "%f", ps->a_share);
  cr_assert(ps->b_share > 0.65 && ps->b_share < 0.85, "%f", ps->b_share);
  px_passage_set_free(ps);
  px_doc_free(a);
  px_doc_free(b);
}

static void check_seeds(int clean) {
  px_doc *d[5];
  px_copy_input in[5];
  static const char *lab[] = {"000", "001", "002", "003", "004"};
  for (int i = 0; i < 5; i++) {
    d[i] = seed_doc_mode(i, clean);
    cr_assert_not_null(d[i], "seed %d", i);
    in[i] = (px_copy_input){i, d[i], 0, lab[i]};
  }
  /* Alignment: 002 and 003 share the Reuters "strategic ambiguity"
  ** paragraph; 000 and 001 share nothing with anyone. */
  px_passage_set *ps = NULL;
  cr_assert_eq(px_passages_align(d[2], d[3], &ps, NULL), PX_OK);
  cr_assert_geq(ps->n, 1);
  int found = 0;
  for (size_t i = 0; i < d[2]->nblocks; i++)
    if (ps->a_copied[i] && strstr(d[2]->blocks[i].text, "strategic ambiguity")) found = 1;
  cr_assert(found);
  found = 0;
  for (size_t i = 0; i < d[2]->nblocks; i++)
    if (ps->a_copied[i] && strstr(d[2]->blocks[i].text, "Gina Raimondo")) found = 1;
  cr_assert(found);
  px_passage_set_free(ps);
  for (int a = 0; a < 2; a++)
    for (int b = 0; b < 5; b++) {
      if (a == b) continue;
      cr_assert_eq(px_passages_align(d[a], d[b], &ps, NULL), PX_OK);
      cr_assert_eq(ps->n, 0, "%d and %d", a, b);
      px_passage_set_free(ps);
    }

  px_copy_report *r = NULL;
  px_err err = {0};
  cr_assert_eq(px_copies_analyze(in, 5, &r, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(r->nrels, 1);
  cr_assert_eq(r->rels[0].kind, PX_COPY_SHARED);
  cr_assert_eq(r->rels[0].a, 2);
  cr_assert_eq(r->rels[0].b, 3);
  cr_assert_str_eq(r->rels[0].wire, "Reuters");
  cr_assert(r->articles[0].shares_none && r->articles[1].shares_none);
  cr_assert(!r->articles[2].shares_none && !r->articles[3].shares_none);
  cr_assert(r->articles[4].republished);
  cr_assert_not(r->articles[2].republished || r->articles[3].republished ||
                r->articles[0].republished || r->articles[1].republished);
  int afp = 0, cbs = 0;
  for (size_t i = 0; i < r->articles[4].ncredits; i++) {
    afp |= strcmp(r->articles[4].credits[i], "AFP") == 0;
    cbs |= strcmp(r->articles[4].credits[i], "CBS News") == 0;
  }
  cr_assert(afp && cbs);

  json_t *j = px_copy_report_json(r, NULL);
  cr_assert_not_null(j);
  json_t *rel = json_array_get(json_object_get(j, "relations"), 0);
  cr_assert_str_eq(json_string_value(json_object_get(rel, "wire")), "Reuters");
  cr_assert_str_eq(json_string_value(json_object_get(rel, "kind")), "shared_passages");
  json_decref(j);
  int64_t focus = 3;
  j = px_copy_report_json(r, &focus);
  cr_assert_eq(json_array_size(json_object_get(j, "articles")), 1);
  cr_assert_eq(json_array_size(json_object_get(j, "relations")), 1);
  json_decref(j);
  px_buf b;
  px_buf_init(&b, 0);
  cr_assert_eq(px_copy_report_text(r, NULL, &b), PX_OK);
  cr_assert(strstr(px_buf_cstr(&b), "002 and 003 share"));
  cr_assert(strstr(px_buf_cstr(&b), "traces to Reuters"));
  cr_assert(strstr(px_buf_cstr(&b), "004 is an aggregator's republication"));
  cr_assert(strstr(px_buf_cstr(&b), "000 shares no passages"));
  px_buf_reset(&b);
  px_copy_report_free(r);
  for (int i = 0; i < 5; i++) px_doc_free(d[i]);
}

Test(seeds, copy_relations_raw) { check_seeds(0); }
Test(seeds, copy_relations_cleaned) { check_seeds(1); }

Test(seeds, index_candidates) {
  px_dedup_index *ix = px_dedup_index_new(NULL);
  int seen23 = 0;
  for (int i = 0; i < 5; i++) {
    px_doc *d = seed_doc(i);
    px_dedup_match *m = NULL;
    size_t n = 0;
    cr_assert_eq(px_dedup_index_add(ix, i, d, &m, &n, NULL), PX_OK);
    for (size_t k = 0; k < n; k++) {
      cr_assert_eq(m[k].kind, PX_DEDUP_SHARED);
      if (i == 3 && m[k].article_id == 2) seen23 = 1;
    }
    free(m);
    px_doc_free(d);
  }
  cr_assert(seen23);
  px_dedup_index_free(ix);
}

/* A wire paragraph rewritten at one end still shares a long run of words;
** the same run inside quotation marks (two outlets quoting one speaker)
** is not a copy. */
Test(align, narrative_runs_count_quotes_do_not) {
  const char *a_paras[] = {
    "Officials played down the prospect of a breakthrough, but analysts expect "
    "the visit will pave the way for more meetings in coming months, including "
    "possible trips by the finance minister and the trade minister of both nations.",
    "Speaking at a crowded news conference in the capital after two days of talks "
    "that ran late into the night, the visiting minister said: \u201cWe remain "
    "opposed to any unilateral changes to the status quo by either side.\u201d"};
  const char *b_paras[] = {
    "Diplomats hoped the talks would open doors, including possible trips by the "
    "finance minister and the trade minister of both nations.",
    "The statement, read out by a spokeswoman before a small group of reporters who "
    "had waited outside the ministry since the morning, repeated the line: \u201cWe "
    "remain opposed to any unilateral changes to the status quo by either side.\u201d"};
  px_doc *a = doc_of("A", a_paras, 2), *b = doc_of("B", b_paras, 2);
  px_passage_set *ps = NULL;
  px_err err = {0};
  cr_assert_eq(px_passages_align(a, b, &ps, &err), PX_OK, "%s", err.msg);
  cr_assert(ps->a_copied[0] && ps->b_copied[0], "the shared narrative run is found");
  cr_assert(!ps->a_copied[1] && !ps->b_copied[1], "a shared quotation is not a copy");
  px_passage_set_free(ps);
  px_doc_free(a);
  px_doc_free(b);
}
