/*
** story_json.h: reads one story as JSON for the analyze bench tools
** (analyze_json, pair_features), so both take the same input (header-only,
** bench code, like tests/analyze/docfile.h).
** Input: {"docs": [{"id": N, "site": "...", "published": "...",
** "title": "...", "lang": "de", "paras": ["...", ...]}, ...]}; site,
** published, title and lang may be left out; a missing id is the doc's position + 1.
** Memory: docs are px_doc_new'd and ids malloc'd; story_json_free frees both.
*/
#ifndef PX_BENCH_STORY_JSON_H
#define PX_BENCH_STORY_JSON_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/analysis.h"

typedef struct story_json {
  px_doc **docs;
  int64_t *ids;
  size_t n;
} story_json;

static void story_json_free(story_json *s) {
  for (size_t i = 0; s->docs && i < s->n; i++) px_doc_free(s->docs[i]);
  free(s->docs);
  free(s->ids);
  memset(s, 0, sizeof *s);
}

static void story_json_set(px_doc *d, const char **field, json_t *v) {
  const char *t = json_string_value(v);
  if (t) px_doc_set(d, field, t, strlen(t));
}

/* Reads the story from f. 0 on success; 2 on bad input and 1 when out of
** memory, with the reason printed after prog. */
static int story_json_read(FILE *f, const char *prog, story_json *s) {
  memset(s, 0, sizeof *s);
  json_error_t jerr;
  json_t *in = json_loadf(f, 0, &jerr);
  if (!in) {
    fprintf(stderr, "%s: stdin: %s (line %d)\n", prog, jerr.text, jerr.line);
    return 2;
  }
  json_t *jd = json_object_get(in, "docs");
  size_t n = json_array_size(jd);
  if (n == 0 || n > PX_ANALYSIS_MAX_DOCS) {
    fprintf(stderr, "%s: need 1 to %d docs, got %zu\n", prog, PX_ANALYSIS_MAX_DOCS, n);
    json_decref(in);
    return 2;
  }
  s->docs = calloc(n, sizeof *s->docs);
  s->ids = calloc(n, sizeof *s->ids);
  s->n = n;
  int rc = 0;
  for (size_t i = 0; i < n && !rc; i++) {
    json_t *o = json_array_get(jd, i);
    px_doc *d = s->docs ? s->docs[i] = px_doc_new(0) : NULL;
    if (!d || !s->ids) {
      rc = 1;
      break;
    }
    json_t *id = json_object_get(o, "id");
    s->ids[i] = json_is_integer(id) ? json_integer_value(id) : (int64_t)i + 1;
    story_json_set(d, &d->site, json_object_get(o, "site"));
    story_json_set(d, &d->published, json_object_get(o, "published"));
    story_json_set(d, &d->title, json_object_get(o, "title"));
    story_json_set(d, &d->lang, json_object_get(o, "lang"));
    size_t k;
    json_t *p;
    json_array_foreach(json_object_get(o, "paras"), k, p) {
      const char *t = json_string_value(p);
      if (t) px_doc_add_block(d, PX_BLOCK_PARA, t, strlen(t));
    }
  }
  json_decref(in);
  if (rc) {
    fprintf(stderr, "%s: out of memory\n", prog);
    story_json_free(s);
  }
  return rc;
}

#endif
