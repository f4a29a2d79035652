/*
** analyze_json.c: one story in, its analysis out, both as JSON, so that
** scripts (bench/analyze/real/score_real.py) can score the analyze stage
** on any labelled set without a store.
**   analyze_json < STORY.json > ANALYSIS.json
** STORY.json: {"docs": [{"id": N, "site": "...", "published": "...",
** "title": "...", "paras": ["...", ...]}, ...]}; site, published and
** title may be left out.
*/
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include "analyze/analysis.h"

static void set_str(px_doc *d, const char **field, json_t *v) {
  const char *s = json_string_value(v);
  if (s) px_doc_set(d, field, s, strlen(s));
}

int main(void) {
  json_error_t jerr;
  json_t *in = json_loadf(stdin, 0, &jerr);
  if (!in) {
    fprintf(stderr, "analyze_json: stdin: %s (line %d)\n", jerr.text, jerr.line);
    return 2;
  }
  json_t *jd = json_object_get(in, "docs");
  size_t n = json_array_size(jd);
  if (n == 0 || n > PX_ANALYSIS_MAX_DOCS) {
    fprintf(stderr, "analyze_json: need 1 to %d docs, got %zu\n", PX_ANALYSIS_MAX_DOCS, n);
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
    fprintf(stderr, "analyze_json: %s\n", err.msg);
    goto done;
  }
  px_buf b;
  px_buf_init(&b, 0);
  px_analysis_to_json(a, &b);
  fputs(px_buf_cstr(&b), stdout);
  fputc('\n', stdout);
  px_buf_reset(&b);
  px_analysis_free(a);
  rc = 0;
done:
  for (size_t i = 0; docs && i < n; i++) px_doc_free(docs[i]);
  free(docs);
  free(ids);
  json_decref(in);
  return rc;
}
