/*
** test_searchtok.c: the search tokenizer (text/searchtok.h): forms,
** stems per language, folding and transliteration, CJK bigrams, prefix and
** snippet modes, byte offsets, and hostile UTF-8.
*/
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "text/searchtok.h"
#include "util/buf.h"

/* Tokens as text: positions separated by ' ', a position's tokens by '|'. */
static int collect(void *ctx, int colocated, const char *tok, size_t len,
                   size_t start, size_t end) {
  px_buf *b = ctx;
  cr_assert(start < end, "empty source range");
  if (b->len) px_buf_putc(b, colocated ? '|' : ' ');
  px_buf_append(b, tok, len);
  return 0;
}

static char *toks(const char *text, size_t len, const char *langs, int what) {
  px_searchtok *t = px_searchtok_new();
  cr_assert(t);
  px_buf b;
  px_buf_init(&b, 0);
  px_buf_puts(&b, "");
  cr_assert_eq(px_searchtok_run(t, text, len, langs, what, collect, &b), 0);
  px_searchtok_free(t);
  char *s = px_buf_detach(&b);
  return s ? s : strdup("");
}

#define EXPECT_TOKS(text, langs, what, want)                                   \
  do {                                                                         \
    char *got_ = toks(text, strlen(text), langs, what);                        \
    cr_expect_str_eq(got_, want, "%s [%s]", text, langs ? langs : "-");        \
    free(got_);                                                                \
  } while (0)

Test(searchtok, stems_in_the_text_language) {
  EXPECT_TOKS("The talks", "en", PX_STOK_DOC, "the talks|talk");
  EXPECT_TOKS("Soldaten", "de", PX_STOK_DOC, "soldaten|soldat");
  EXPECT_TOKS("Soldaten", "de-AT", PX_STOK_DOC, "soldaten|soldat");
  EXPECT_TOKS("manifestations", "fr", PX_STOK_DOC, "manifestations|manifest");
  EXPECT_TOKS("elecciones", "es", PX_STOK_DOC, "elecciones|eleccion");
  /* No stemmer for the tag: forms only. */
  EXPECT_TOKS("talks", "xx", PX_STOK_DOC, "talks");
  EXPECT_TOKS("talks", "ja", PX_STOK_DOC, "talks");
  /* A word with a digit is not stemmed. */
  EXPECT_TOKS("2023ers", "en", PX_STOK_DOC, "2023ers");
}

Test(searchtok, folds_accents_and_transliterations) {
  EXPECT_TOKS("Präsidenten", "de", PX_STOK_DOC,
              "prasidenten|praesidenten|prasident|praesident");
  EXPECT_TOKS("Praesident", "de", PX_STOK_DOC, "praesident");
  EXPECT_TOKS("Straße STRASSE", "de", PX_STOK_DOC, "strasse|strass strasse|strass");
  EXPECT_TOKS("Pékin", "fr", PX_STOK_DOC, "pekin");
  EXPECT_TOKS("Ærø", "xx", PX_STOK_DOC, "aero|aeroe");
  EXPECT_TOKS("Łódź", "xx", PX_STOK_DOC, "lodz");
  /* Compatibility forms: ligature, full-width letters. */
  EXPECT_TOKS("\xef\xac\x81nal \xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3", "xx",
              PX_STOK_DOC, "final abc");
  /* Decomposed input (e + combining acute) folds like composed. */
  EXPECT_TOKS("Pe\xcc\x81kin", "xx", PX_STOK_DOC, "pekin");
  /* Apostrophes and hyphens separate, as in unicode61. */
  EXPECT_TOKS("l'armée Xi's 7-1/2", "xx", PX_STOK_DOC, "l armee xi s 7 1 2");
}

Test(searchtok, query_stems_in_every_default_language) {
  char *s = toks("Soldaten", 8, NULL, PX_STOK_QUERY);
  cr_expect(strstr(s, "soldaten|") == s, "%s", s);
  cr_expect(strstr(s, "|soldat") != NULL, "%s", s);
  free(s);
  s = toks("talks", 5, NULL, PX_STOK_QUERY);
  cr_expect(strstr(s, "|talk") != NULL, "%s", s);
  cr_expect(strchr(s, ' ') == NULL, "one position: %s", s);
  free(s);
  EXPECT_TOKS("talks", "en", PX_STOK_QUERY, "talks|talk");
  EXPECT_TOKS("Präsident", "de", PX_STOK_QUERY, "prasident|praesident");
  /* A prefix is matched on forms only; snippets need positions only. */
  EXPECT_TOKS("talks", "en", PX_STOK_QUERY | PX_STOK_PREFIX, "talks");
  EXPECT_TOKS("Präsidenten", "de", PX_STOK_QUERY | PX_STOK_PREFIX,
              "prasidenten|praesidenten");
  EXPECT_TOKS("Präsidenten talks", "de", PX_STOK_AUX, "prasidenten talks");
}

Test(searchtok, text_without_language_is_detected) {
  const char *de = "Die Soldaten der Bundeswehr verlassen die Stadt, sagte der "
                   "Verteidigungsminister am Montag in Berlin.";
  char *s = toks(de, strlen(de), NULL, PX_STOK_DOC);
  cr_expect(strstr(s, "soldaten|soldat ") != NULL, "%s", s);
  free(s);
}

Test(searchtok, cjk_bigrams) {
  /* 東京都 */
  const char *tokyo = "\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd";
  EXPECT_TOKS(tokyo, "ja", PX_STOK_DOC,
              "\xe6\x9d\xb1|\xe6\x9d\xb1\xe4\xba\xac "
              "\xe4\xba\xac|\xe4\xba\xac\xe9\x83\xbd \xe9\x83\xbd");
  EXPECT_TOKS(tokyo, NULL, PX_STOK_QUERY,
              "\xe6\x9d\xb1\xe4\xba\xac \xe4\xba\xac\xe9\x83\xbd \xe9\x83\xbd");
  EXPECT_TOKS("\xe6\x9d\xb1", NULL, PX_STOK_QUERY, "\xe6\x9d\xb1");
  EXPECT_TOKS(tokyo, "ja", PX_STOK_AUX, "\xe6\x9d\xb1 \xe4\xba\xac \xe9\x83\xbd");
  /* Katakana and Hiragana join the run; Latin letters and CJK
  ** punctuation end it: "iPhone発売。トランプ" */
  EXPECT_TOKS("iPhone\xe7\x99\xba\xe5\xa3\xb2\xe3\x80\x82\xe3\x83\x88\xe3\x83\xa9",
              "ja", PX_STOK_DOC,
              "iphone \xe7\x99\xba|\xe7\x99\xba\xe5\xa3\xb2 \xe5\xa3\xb2 "
              "\xe3\x83\x88|\xe3\x83\x88\xe3\x83\xa9 \xe3\x83\xa9");
}

typedef struct offs {
  size_t n, start[8], end[8];
} offs;

static int record(void *ctx, int colocated, const char *tok, size_t len,
                  size_t start, size_t end) {
  (void)tok;
  (void)len;
  offs *o = ctx;
  if (!colocated && o->n < 8) {
    o->start[o->n] = start;
    o->end[o->n++] = end;
  }
  return 0;
}

Test(searchtok, byte_offsets_of_the_source) {
  px_searchtok *t = px_searchtok_new();
  offs o = {0};
  const char *s = "\xc3\xa9t\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac x";
  cr_assert_eq(px_searchtok_run(t, s, strlen(s), "fr", PX_STOK_DOC, record, &o), 0);
  cr_assert_eq(o.n, 4);
  cr_expect(o.start[0] == 0 && o.end[0] == 5);
  cr_expect(o.start[1] == 6 && o.end[1] == 9);
  cr_expect(o.start[2] == 9 && o.end[2] == 12);
  cr_expect(o.start[3] == 13 && o.end[3] == 14);
  px_searchtok_free(t);
}

Test(searchtok, hostile_utf8) {
  /* Invalid bytes, a truncated sequence, an overlong '/', a surrogate and
  ** a NUL are separators; nothing is read past len. */
  char in[] = "ab\xff" "cd\xc0\xaf" "ef\xed\xa0\x80gh\0ij\xe6\x9d";
  char *s = toks(in, sizeof in - 1, "xx", PX_STOK_DOC);
  cr_expect_str_eq(s, "ab cd ef gh ij");
  free(s);
  s = toks("", 0, "en", PX_STOK_DOC);
  cr_expect_str_eq(s, "");
  free(s);
  /* Only combining marks: no token and no position. */
  s = toks("\xcc\x81\xcc\x81 a", 6, "en", PX_STOK_DOC);
  cr_expect_str_eq(s, "a");
  free(s);
  /* A long word, stems skipped past the limit; a long CJK run. */
  size_t n = 100000;
  char *big = malloc(n * 3);
  for (size_t i = 0; i < n; i++) big[i] = 'a';
  s = toks(big, n, "en", PX_STOK_DOC);
  cr_expect_eq(strlen(s), n);
  free(s);
  for (size_t i = 0; i < n; i++) memcpy(big + 3 * i, "\xe6\x9d\xb1", 3);
  s = toks(big, 3 * n, "ja", PX_STOK_QUERY);
  cr_expect_eq(strlen(s), (n - 1) * 7 + 3);
  free(s);
  free(big);
}

static int stop_at_two(void *ctx, int colocated, const char *tok, size_t len,
                       size_t start, size_t end) {
  (void)colocated;
  (void)tok;
  (void)len;
  (void)start;
  (void)end;
  int *n = ctx;
  return ++*n == 2 ? 42 : 0;
}

Test(searchtok, callback_stops_the_run) {
  px_searchtok *t = px_searchtok_new();
  int n = 0;
  cr_expect_eq(px_searchtok_run(t, "a b c d", 7, "en", PX_STOK_DOC, stop_at_two, &n),
               42);
  cr_expect_eq(n, 2);
  cr_expect_eq(px_searchtok_run(NULL, "a", 1, NULL, 0, stop_at_two, &n), -1);
  px_searchtok_free(t);
  px_searchtok_free(NULL);
}
