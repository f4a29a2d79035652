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
#include "story_json.h"
#include "analyze/analyze_int.h"
#include "analyze/compare.h"

static void visit(void *ud, int x, int y, const float *f, int hand) {
  json_t *row = json_array();
  json_array_append_new(row, json_integer(x));
  json_array_append_new(row, json_integer(y));
  json_array_append_new(row, json_integer(hand));
  for (int k = 0; k < AN_SF_NFEAT; k++) json_array_append_new(row, json_real(f[k]));
  json_array_append_new((json_t *)ud, row);
}

int main(void) {
  story_json st;
  int rc = story_json_read(stdin, "pair_features", &st);
  if (rc) return rc;
  rc = 1;
  px_analysis *a = NULL;
  px_err err = {0};
  if (px_story_analyze((const px_doc *const *)st.docs, st.ids, st.n, &a, &err) != PX_OK) {
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
  story_json_free(&st);
  return rc;
}
