/*
** test_langid.c: the language identifier on labelled sentences of our own
** (langid_sentences.tsv: 12 per modelled language), script rules, and
** refusals on text too short to tell. Prints per-language accuracy.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/langid.h"

static const char *id(const char *s) { return px_langid_detect(s, strlen(s)); }
static bool same(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

Test(langid, labelled_sentences) {
  const char *root = getenv("PX_SOURCE_ROOT");
  char path[1024];
  snprintf(path, sizeof path, "%s/tests/text/langid_sentences.tsv", root ? root : ".");
  FILE *f = fopen(path, "r");
  cr_assert(f, "cannot open %s", path);
  const char *const *tags;
  size_t nl = px_langid_model_langs(&tags);
  size_t ok[16] = {0}, all[16] = {0}, tot_ok = 0, tot = 0;
  char line[2048];
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '#' || !strchr(line, '\t')) continue;
    line[strcspn(line, "\n")] = 0;
    char *tab = strchr(line, '\t');
    *tab = 0;
    const char *got = id(tab + 1);
    for (size_t l = 0; l < nl; l++) {
      if (strcmp(tags[l], line)) continue;
      all[l]++;
      tot++;
      if (same(got, line)) ok[l]++, tot_ok++;
      else fprintf(stderr, "langid: %s read as %s: %s\n", line, got ? got : "(none)", tab + 1);
    }
  }
  fclose(f);
  for (size_t l = 0; l < nl; l++) {
    fprintf(stderr, "langid accuracy %s: %zu/%zu\n", tags[l], ok[l], all[l]);
    cr_expect(all[l] >= 12 && ok[l] * 100 >= all[l] * 90, "%s: %zu of %zu",
              tags[l], ok[l], all[l]);
  }
  fprintf(stderr, "langid accuracy overall: %zu/%zu\n", tot_ok, tot);
}

Test(langid, scripts) {
  cr_expect(same(id("東京都は水曜日、新しい感染対策を発表しました。"), "ja"));
  cr_expect(same(id("国务院总理周三在北京主持召开常务会议，研究部署经济工作。"), "zh"));
  cr_expect(same(id("정부는 수요일 새로운 경제 대책을 발표했다."), "ko"));
  cr_expect(same(id("Правительство в среду объявило о новых мерах поддержки экономики."), "ru"));
  cr_expect(same(id("Уряд у середу оголосив про нові заходи підтримки економіки."), "uk"));
  cr_expect(same(id("Η κυβέρνηση ανακοίνωσε την Τετάρτη νέα μέτρα για την οικονομία."), "el"));
  cr_expect(same(id("Rząd ogłosił w środę nowe środki wsparcia dla gospodarki, podała agencja."), "pl"));
  cr_expect(same(id("Vláda ve středu oznámila nová opatření na podporu hospodářství, řekl mluvčí."), "cs"));
}

Test(langid, refuses_little_text) {
  cr_expect_null(id(""));
  cr_expect_null(px_langid_detect(NULL, 0));
  cr_expect_null(id("12:30"));
  cr_expect_null(id("Reuters"));
  /* Invalid UTF-8 is skipped, not read past. */
  cr_expect_null(id("\xff\xfe\xc3"));
}
