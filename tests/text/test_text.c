/*
** test_text.c: the shared text layer: normalisation, tokenizer offsets and
** joiners, stemming, stop words.
*/
#include <criterion/criterion.h>
#include <string.h>

#include "text/norm.h"
#include "text/stem.h"
#include "text/stopwords.h"
#include "text/tok.h"

static char *norm(const char *s) {
  px_buf b;
  px_buf_init(&b, 0);
  px_err err = {0};
  cr_assert_eq(px_norm_text(s, strlen(s), &b, &err), PX_OK);
  return px_buf_detach(&b);
}

Test(norm, folds_quotes_dashes_case_and_nfc) {
  char *r = norm("\xe2\x80\x9cStrategic Ambiguity\xe2\x80\x9d \xe2\x80\x93 It\xe2\x80\x99s");
  cr_assert_str_eq(r, "\"strategic ambiguity\" - it's");
  free(r);
  /* e + combining acute composes to U+00E9; casefold of U+00C9 too. */
  r = norm("Cafe\xcc\x81 \xc3\x89T\xc3\x89");
  cr_assert_str_eq(r, "caf\xc3\xa9 \xc3\xa9t\xc3\xa9");
  free(r);
  r = norm("wait\xe2\x80\xa6" "a\xc2\xa0" "b");
  cr_assert_str_eq(r, "wait...a b");
  free(r);
}

Test(norm, invalid_utf8_becomes_replacement) {
  char *r = norm("a\xff" "b");
  cr_assert_str_eq(r, "a\xef\xbf\xbd" "b");
  free(r);
}

Test(norm, word_drops_dots_and_apostrophes) {
  px_buf b;
  px_buf_init(&b, 0);
  cr_assert_eq(px_norm_word("U.S.", 4, &b), PX_OK);
  cr_assert_str_eq(px_buf_cstr(&b), "us");
  b.len = 0;
  cr_assert_eq(px_norm_word("Xi\xe2\x80\x99s", 6, &b), PX_OK);
  cr_assert_str_eq(px_buf_cstr(&b), "xis");
  px_buf_reset(&b);
}

static size_t toks(const char *s, char out[][32], size_t max) {
  px_tok_iter it;
  px_tok t;
  size_t n = 0;
  px_tok_init(&it, s, strlen(s));
  while (n < max && px_tok_next(&it, &t)) {
    size_t l = t.end - t.start;
    cr_assert_lt(l, 32);
    memcpy(out[n], s + t.start, l);
    out[n][l] = 0;
    n++;
  }
  return n;
}

Test(tok, joiners) {
  char w[16][32];
  size_t n = toks("Talks lasted 7-1/2 hours; U.S. officials don't say 3.5% of 1,000.", w, 16);
  const char *want[] = {"Talks", "lasted", "7-1/2", "hours", "U.S.", "officials",
                        "don't", "say", "3.5", "of", "1,000"};
  cr_assert_eq(n, 11);
  for (size_t i = 0; i < n; i++) cr_assert_str_eq(w[i], want[i]);
}

Test(tok, splits_letter_hyphens_and_keeps_unicode_words) {
  char w[16][32];
  size_t n = toks("US-China talks in S\xc3\xa3o Paulo, \xe5\x8c\x97\xe4\xba\xac!", w, 16);
  cr_assert_eq(n, 7);
  cr_assert_str_eq(w[0], "US");
  cr_assert_str_eq(w[1], "China");
  cr_assert_str_eq(w[4], "S\xc3\xa3o");
  cr_assert_str_eq(w[6], "\xe5\x8c\x97\xe4\xba\xac");
}

Test(tok, offsets_and_flags) {
  const char *s = "NATO met. Blinken spoke";
  px_tok_iter it;
  px_tok t;
  px_tok_init(&it, s, strlen(s));
  cr_assert(px_tok_next(&it, &t));
  cr_assert_eq(t.start, 0);
  cr_assert_eq(t.end, 4);
  cr_assert(t.flags & PX_TOK_UPPER);
  cr_assert(t.flags & PX_TOK_SENT);
  cr_assert(px_tok_next(&it, &t));
  cr_assert_not(t.flags & PX_TOK_CAP);
  cr_assert(px_tok_next(&it, &t));
  cr_assert_eq(t.start, 10);
  cr_assert(t.flags & PX_TOK_CAP);
  cr_assert(t.flags & PX_TOK_SENT);
  cr_assert(px_tok_next(&it, &t));
  cr_assert_not(px_tok_next(&it, &t));
}

Test(tok, never_reads_past_len) {
  /* The length cuts "U.S." after "U.": no read of the rest. */
  const char s[] = "U.S.";
  cr_assert_eq(px_tok_count(s, 2), 1);
  cr_assert_eq(px_tok_count("\xe2\x80", 2), 0);
  cr_assert_eq(px_tok_count("", 0), 0);
}

Test(stem, english_default_and_by_code) {
  px_stemmer *st = NULL;
  px_err err = {0};
  cr_assert_eq(px_stemmer_new(NULL, &st, &err), PX_OK);
  px_str r = px_stemmer_stem(st, "meetings", 8);
  cr_assert_eq(r.len, 4);
  cr_assert(memcmp(r.p, "meet", 4) == 0);
  r = px_stemmer_stem(st, "stabilising", 11);
  cr_assert(memcmp(r.p, "stabilis", r.len) == 0);
  px_stemmer_free(st);
  cr_assert_eq(px_stemmer_new("de", &st, &err), PX_OK);
  r = px_stemmer_stem(st, "verhandlungen", 13);
  cr_assert_lt(r.len, 13);  /* the plural ending is gone */
  cr_assert(memcmp(r.p, "verhandl", 8) == 0);
  px_stemmer_free(st);
  cr_assert_eq(px_stemmer_new("xx-nope", &st, &err), PX_EINVAL);
}

Test(stopwords, list) {
  cr_assert(px_stopword_is("the", 3));
  cr_assert(px_stopword_is("dont", 4));
  cr_assert_not(px_stopword_is("taiwan", 6));
  cr_assert_not(px_stopword_is("", 0));
  cr_assert_gt(px_stopword_count(), 150);
}
