/*
** test_lang_quotes.c: quotations and their speakers in German, French and
** Spanish articles (quotation-mark pairs and speech verbs from
** data/lang.tsv), asserted through the analysis JSON. The articles
** (tests/fixtures/analyze/lang.docs) are our own.
*/
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/analysis.h"
#include "docfile.h"

static json_t *analyze_one(const char *key) {
  const char *root = getenv("PX_SOURCE_ROOT");
  char path[1024];
  snprintf(path, sizeof path, "%s/tests/fixtures/analyze/lang.docs", root ? root : ".");
  docfile f;
  memset(&f, 0, sizeof f);
  cr_assert_eq(docfile_load(&f, path), 0, "cannot load %s", path);
  size_t k = 0;
  while (k < f.n && strcmp(f.keys[k], key) != 0) k++;
  cr_assert_lt(k, f.n, "no article %s", key);
  int64_t id = 1;
  px_analysis *a = NULL;
  px_err err = {0};
  const px_doc *one[1] = {f.docs[k]};
  cr_assert_eq(px_story_analyze(one, &id, 1, &a, &err), PX_OK, "%s", err.msg);
  px_buf b;
  px_buf_init(&b, 0);
  cr_assert_eq(px_analysis_to_json(a, &b), PX_OK);
  json_error_t je;
  json_t *j = json_loads(px_buf_cstr(&b), 0, &je);
  cr_assert_not_null(j, "bad JSON: %s", je.text);
  px_buf_reset(&b);
  px_analysis_free(a);
  docfile_free(&f);
  return j;
}

/* The speaker (person name or other label) of the direct quotation whose
** text is exactly text; NULL when there is no such quotation, "" when it
** has no speaker. */
static const char *speaker_of(json_t *j, const char *text) {
  size_t i, k;
  json_t *g, *it;
  json_array_foreach(json_object_get(j, "quotes"), i, g) {
    json_array_foreach(json_object_get(g, "items"), k, it) {
      if (json_is_true(json_object_get(it, "indirect"))) continue;
      if (strcmp(json_string_value(json_object_get(it, "text")), text) != 0) continue;
      json_t *s = json_object_get(g, "speaker");
      if (!json_is_string(s)) s = json_object_get(g, "speaker_other");
      return json_is_string(s) ? json_string_value(s) : "";
    }
  }
  return NULL;
}

static void expect_speaker(json_t *j, const char *text, const char *last_name) {
  const char *s = speaker_of(j, text);
  cr_expect_not_null(s, "no quotation \"%s\"", text);
  if (s) cr_expect(strstr(s, last_name) != NULL, "\"%s\": speaker \"%s\"", text, s);
}

Test(lang_quotes, german_marks_and_speakers) {
  json_t *j = analyze_one("DE");
  /* „...“ pairs the right way round, not „ to the next „ */
  expect_speaker(j, "vollständig ausgelastet", "Albers");
  expect_speaker(j, "Wir werden keine Station schließen, solange ich im Amt bin", "Albers");
  expect_speaker(j, "Das Defizit wächst jedes Jahr um drei Millionen Euro, und niemand hat "
                    "einen Plan.", "Keller");
  expect_speaker(j, "Wir brauchen endlich ehrliche Zahlen aus dem Kreishaus", "Brandner");
  cr_expect_null(speaker_of(j, ", sagte Landrat Bernd Albers nach der Sitzung."));
  json_decref(j);
}

Test(lang_quotes, french_guillemets_with_nbsp) {
  json_t *j = analyze_one("FR");
  expect_speaker(j, "Nous n’avions plus le choix, la structure vieillit trop vite", "Lemoine");
  expect_speaker(j, "Six mois sans pont, c’est une saison entière de perdue pour nous.",
                 "Marchand");
  json_decref(j);
}

Test(lang_quotes, spanish_guillemets_and_segun) {
  json_t *j = analyze_one("ES");
  expect_speaker(j, "Hemos hecho todo lo posible para salvar los empleos", "Ferrer");
  expect_speaker(j, "Buscaremos un comprador para la planta antes de que acabe el año", "Soler");
  json_decref(j);
}

/* People in German text: the speakers are people; an article opening a
** sentence ("Die Sprecherin") or a word closing a quotation is not one. */
Test(lang_quotes, german_people) {
  json_t *j = analyze_one("DE");
  size_t i;
  json_t *p;
  bool keller = false, albers = false;
  json_array_foreach(json_object_get(j, "people"), i, p) {
    const char *n = json_string_value(json_object_get(p, "name"));
    cr_assert_not_null(n);
    if (strstr(n, "Keller")) keller = true;
    if (strstr(n, "Albers")) albers = true;
    cr_expect(strncmp(n, "Die ", 4) != 0 && strncmp(n, "Der ", 4) != 0, "person \"%s\"", n);
    cr_expect(strcmp(n, "Kreishaus") != 0, "person \"%s\"", n);
  }
  cr_expect(keller, "Miriam Keller not found");
  cr_expect(albers, "Bernd Albers not found");
  json_decref(j);
}
