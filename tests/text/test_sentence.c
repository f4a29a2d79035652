/*
** test_sentence.c: the sentence splitter (src/text/sentence.h):
** abbreviations, initials, acronyms, decimals, quotes after the period,
** ellipses, blank lines, and spans that never leave the input.
*/
#include <criterion/criterion.h>
#include <string.h>
#include "text/sentence.h"

static size_t split(const char *s, char out[][256], size_t max) {
  size_t pos = 0, a, b, n = 0, len = strlen(s);
  while (n < max && px_sentence_next(s, len, pos, &a, &b)) {
    cr_assert(a < b && b <= len);
    size_t l = b - a < 255 ? b - a : 255;
    memcpy(out[n], s + a, l);
    out[n][l] = 0;
    n++;
    pos = b;
  }
  return n;
}

Test(sentence, abbreviations_and_initials) {
  char o[8][256];
  size_t n = split("Mr. Biden met Gen. Lee on Jan. 5 in St. Louis. J. R. Smith said No. 2 "
                   "was Dr. Who's pick. It rained.", o, 8);
  cr_assert_eq(n, 3, "got %zu", n);
  cr_assert_str_eq(o[0], "Mr. Biden met Gen. Lee on Jan. 5 in St. Louis.");
  cr_assert_str_eq(o[2], "It rained.");
}

Test(sentence, acronyms_and_decimals) {
  char o[8][256];
  size_t n = split("U.S. officials said growth was 3.5 percent. The U.S. The end.", o, 8);
  cr_assert_eq(n, 3, "got %zu", n);
  cr_assert_str_eq(o[0], "U.S. officials said growth was 3.5 percent.");
  cr_assert_str_eq(o[1], "The U.S.");
}

Test(sentence, quotes_after_period) {
  char o[8][256];
  size_t n = split("\xE2\x80\x9CWe will win.\xE2\x80\x9D He left. \"Go!\" she said. Fine?", o, 8);
  cr_assert_eq(n, 4, "got %zu", n);
  cr_assert_str_eq(o[0], "\xE2\x80\x9CWe will win.\xE2\x80\x9D");
  cr_assert_str_eq(o[2], "\"Go!\" she said.");
}

Test(sentence, ellipsis_and_blank_lines) {
  char o[8][256];
  size_t n = split("Wait\xE2\x80\xA6 Then it came... And went\n\nnew paragraph", o, 8);
  cr_assert_eq(n, 4, "got %zu", n);
  cr_assert_str_eq(o[0], "Wait\xE2\x80\xA6");
  cr_assert_str_eq(o[2], "And went");
  cr_assert_str_eq(o[3], "new paragraph");
}

Test(sentence, lower_case_after_period_continues) {
  char o[4][256];
  size_t n = split("The price was approx. ten dollars. ok.", o, 4);
  cr_assert_eq(n, 1, "got %zu", n);
}

Test(sentence, empty_and_binary) {
  size_t a, b;
  cr_assert_not(px_sentence_next("   \n ", 5, 0, &a, &b));
  cr_assert_not(px_sentence_next(NULL, 0, 0, &a, &b));
  const char junk[] = {'.', 0, (char)0xE2, '.', ' ', 'A', (char)0xFF};
  size_t pos = 0, cnt = 0;
  while (px_sentence_next(junk, sizeof junk, pos, &a, &b)) {
    cr_assert(b > pos && b <= sizeof junk);
    pos = b;
    cnt++;
  }
  cr_assert(cnt >= 1);
}
