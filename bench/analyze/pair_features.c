/*
** pair_features.c: one story in (the JSON analyze_json reads), every pair
** of figure claims that the comparison looks at out, with the features of
** the same-fact decision and the hand rules' class, so that
** bench/analyze/train_samefact.py can label them from the real-text gold
** and learn the weights of src/analyze/samefact_model.h.
**   pair_features < STORY.json > PAIRS.json
** Output: {"claims": [{article_id, kind, text, place, lo, hi, sentence:
** {text}}], "pairs": [[x, y, hand_class, f0, f1, ...]]}; hand_class is -1
** when the rules do not compare the two. Development aid; not installed.
*/
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include "analyze/analysis.h"
#include "analyze/analyze_int.h"
#include "analyze/compare.h"

static void set_str(px_doc *d, const char **field, json_t *v) {
  const char *s = json_string_value(v);
  if (s) px_doc_set(d, field, s, strlen(s));
}

static void visit(void *ud, int x, int y, const float *f, int hand) {
  json_t *row = json_array();
  json_array_append_new(row, json_integer(x));
  json_array_append_new(row, json_integer(y));
  json_array_append_new(row, json_integer(hand));
  for (int k = 0; k < AN_SF_NFEAT; k++) json_array_append_new(row, json_real(f[k]));
  json_array_append_new((json_t *)ud, row);
}

int main(void) {
  json_error_t jerr;
  json_t *in = json_loadf(stdin, 0, &jerr);
  if (!in) {
    fprintf(stderr, "pair_features: stdin: %s (line %d)\n", jerr.text, jerr.line);
    return 2;
  }
  json_t *jd = json_object_get(in, "docs");
  size_t n = json_array_size(jd);
  if (n == 0 || n > PX_ANALYSIS_MAX_DOCS) {
    fprintf(stderr, "pair_features: need 1 to %d docs, got %zu\n", PX_ANALYSIS_MAX_DOCS, n);
    json_decref(in);
    return 2;
  }
  px_doc **docs = calloc(n, sizeof *docs);
  int64_t *ids = calloc(n, sizeof *ids);
  int rc = 1;
  if (!docs || !ids) goto done;
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_array_get(jd, i);
    px_doc *d = docs[i] = px_doc_new(0);
    if (!d) goto done;
    json_t *id = json_object_get(o, "id");
    ids[i] = json_is_integer(id) ? json_integer_value(id) : (int64_t)i + 1;
    set_str(d, &d->site, json_object_get(o, "site"));
    set_str(d, &d->published, json_object_get(o, "published"));
    set_str(d, &d->title, json_object_get(o, "title"));
    size_t k;
    json_t *p;
    json_array_foreach(json_object_get(o, "paras"), k, p) {
      const char *t = json_string_value(p);
      if (t) px_doc_add_block(d, PX_BLOCK_PARA, t, strlen(t));
    }
  }
  px_analysis *a = NULL;
  px_err err = {0};
  if (px_story_analyze((const px_doc *const *)docs, ids, n, &a, &err) != PX_OK) {
    fprintf(stderr, "pair_features: %s\n", err.msg);
    goto done;
  }
  json_t *out = json_object(), *cl = json_array(), *pairs = json_array();
  for (size_t i = 0; i < a->nclaims; i++) {
    const an_claim *c = &a->claims[i];
    json_t *o = json_object();
    json_object_set_new(o, "article_id", json_integer(a->docs[c->doc].id));
    json_object_set_new(o, "kind", json_integer(c->kind));
    json_object_set_new(o, "text", c->surface ? json_string(c->surface) : json_null());
    json_object_set_new(o, "place", c->place ? json_string(c->place) : json_null());
    json_object_set_new(o, "lo", json_real(c->lo));
    json_object_set_new(o, "hi", json_real(c->hi));
    json_object_set_new(o, "group", json_integer(c->group));
    json_object_set_new(o, "sentence", json_pack("{s:s}", "text", a->sents[c->sent].text));
    json_array_append_new(cl, o);
  }
  if (an_compare_candidates(a, visit, pairs) != PX_OK) {
    fprintf(stderr, "pair_features: out of memory\n");
    json_decref(out);
    json_decref(cl);
    json_decref(pairs);
    px_analysis_free(a);
    goto done;
  }
  json_object_set_new(out, "claims", cl);
  json_object_set_new(out, "pairs", pairs);
  json_dumpf(out, stdout, JSON_COMPACT);
  fputc('\n', stdout);
  json_decref(out);
  px_analysis_free(a);
  rc = 0;
done:
  for (size_t i = 0; docs && i < n; i++) px_doc_free(docs[i]);
  free(docs);
  free(ids);
  json_decref(in);
  return rc;
}
