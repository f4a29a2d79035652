/*
** test_numbers.c: an_parse_number on figures written with decimal commas
** and thousands dots (issue 17), and that English figures keep their
** reading. Sentences are tokenised as the analysis does (an_tokenize).
*/
#include <criterion/criterion.h>
#include <string.h>

#include "analyze/analyze_int.h"
#include "analyze/claims.h"

/* The value read at token tok of text, for a page in language lang;
** -1 when no number is read there. */
static double value_at(const char *text, const char *lang, size_t tok) {
  px_analysis a;
  memset(&a, 0, sizeof a);
  a.arena = px_arena_new(0);
  cr_assert_not_null(a.arena);
  an_sent s;
  memset(&s, 0, sizeof s);
  s.text = text;
  cr_assert_eq(an_tokenize(&a, text, strlen(text), &s.toks, &s.ntok), PX_OK);
  s.decimal_comma = an_decimal_comma(lang);
  double v = -1;
  const char *uit;
  size_t ul;
  if (!an_parse_number(&s, tok, &v, &uit, &ul)) v = -1;
  px_arena_free(a.arena);
  return v;
}

#define NEAR(x, want) cr_expect((x) > (want) - 1e-6 && (x) < (want) + 1e-6, \
                                "%s: got %.6f, want %.6f", #x, (double)(x), (double)(want))

Test(numbers, decimal_comma_languages) {
  NEAR(value_at("47,97 Prozent", "de", 0), 47.97);
  NEAR(value_at("3,5 Millionen Menschen", "de", 0), 3.5e6);
  NEAR(value_at("1.234.567 Briefwähler", "de-AT", 0), 1234567);
  NEAR(value_at("1.234,5 Tonnen", "de", 0), 1234.5);
  NEAR(value_at("5,7 % en mars", "fr", 0), 5.7);
  NEAR(value_at("1,2 milliard d'euros", "fr", 0), 1.2e9);
  NEAR(value_at("3,5 millones de personas", "es", 0), 3.5e6);
  NEAR(value_at("2,4 miliardi di euro", "it", 0), 2.4e9);
  NEAR(value_at("1,8 milhões de pessoas", "pt", 0), 1.8e6);
  NEAR(value_at("4,2 miljoen mensen", "nl", 0), 4.2e6);
  /* A dot before other than three digits stays a decimal point. */
  NEAR(value_at("3.5 Prozent", "de", 0), 3.5);
  NEAR(value_at("12.000 Menschen", "de", 0), 12000);
}

Test(numbers, english_unchanged) {
  NEAR(value_at("2,129 polling stations", "en", 0), 2129);
  NEAR(value_at("47.97 percent", "en", 0), 47.97);
  NEAR(value_at("3.5 million people", NULL, 0), 3.5e6);
  NEAR(value_at("12.000 people", NULL, 0), 12.0);
  /* Foreign multipliers count only on decimal-comma pages. */
  NEAR(value_at("3 millions", "en", 0), 3);
}

Test(numbers, language_tags) {
  cr_expect(an_decimal_comma("de"));
  cr_expect(an_decimal_comma("FR-ca"));
  cr_expect(an_decimal_comma("pt_BR"));
  cr_expect(!an_decimal_comma("en"));
  cr_expect(!an_decimal_comma("en-GB"));
  cr_expect(!an_decimal_comma(NULL));
  cr_expect(!an_decimal_comma(""));
  cr_expect(!an_decimal_comma("d"));
  cr_expect(!an_decimal_comma("deu"));
}
