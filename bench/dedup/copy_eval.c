/*
** copy_eval.c: runs copy detection over a labelled copy set (see
** make_copyset.py) and writes `id<TAB>group` lines: articles linked by a
** detected copy relation (transitively) share a group.
** Detection is the pipeline's: the dedup index proposes earlier articles
** (exact, near-duplicate, or sharing passage fingerprints); exact and near
** matches are copies; a shared-passage candidate is a copy when passage
** alignment says so (px_passages_are_copy: enough copied text, so one or
** two short shared lines such as boilerplate are not a copy).
** Usage: copy_eval COPYSET.jsonl OUT.tsv
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dedup/align.h"
#include "dedup/dedup.h"

static size_t *parent;
static size_t find(size_t x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s COPYSET.jsonl OUT.tsv\n", argv[0]);
    return 2;
  }
  FILE *in = fopen(argv[1], "r"), *out = fopen(argv[2], "w");
  if (!in || !out) return 1;
  px_doc **docs = NULL;
  char **ids = NULL;
  size_t n = 0, cap = 0;
  char *line = NULL;
  size_t lcap = 0;
  ssize_t len;
  while ((len = getline(&line, &lcap, in)) > 0) {
    json_t *j = json_loadb(line, (size_t)len, 0, NULL);
    if (!j) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 256;
      docs = realloc(docs, cap * sizeof *docs);
      ids = realloc(ids, cap * sizeof *ids);
    }
    px_doc *d = px_doc_new(0);
    const char *t = json_string_value(json_object_get(j, "title"));
    if (t) px_doc_set(d, &d->title, t, strlen(t));
    json_t *ps = json_object_get(j, "paras"), *p;
    size_t i;
    json_array_foreach(ps, i, p) {
      const char *s = json_string_value(p);
      if (s) px_doc_add_block(d, PX_BLOCK_PARA, s, strlen(s));
    }
    docs[n] = d;
    ids[n] = strdup(json_string_value(json_object_get(j, "id")));
    n++;
    json_decref(j);
  }
  free(line);
  fclose(in);
  parent = malloc(n * sizeof *parent);
  for (size_t i = 0; i < n; i++) parent[i] = i;
  px_dedup_index *ix = px_dedup_index_new(NULL);
  size_t cand = 0, aligned = 0, linked = 0;
  clock_t c0 = clock();
  for (size_t i = 0; i < n; i++) {
    px_dedup_match *m = NULL;
    size_t nm = 0;
    if (px_dedup_index_add(ix, (int64_t)i, docs[i], &m, &nm, NULL) != PX_OK) return 1;
    for (size_t k = 0; k < nm; k++) {
      size_t other = (size_t)m[k].article_id;
      bool copy = m[k].kind != PX_DEDUP_SHARED;
      cand++;
      if (!copy) {
        px_passage_set *ps = NULL;
        if (px_passages_align_ix(docs[other], docs[i], ix, &ps, NULL) != PX_OK) return 1;
        aligned++;
        copy = px_passages_are_copy(ps);
        px_passage_set_free(ps);
      }
      if (copy) {
        linked++;
        size_t a = find(i), b = find(other);
        if (a != b) parent[a < b ? b : a] = a < b ? a : b;
      }
    }
    free(m);
  }
  double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
  for (size_t i = 0; i < n; i++) {
    fprintf(out, "%s\tg%zu\n", ids[i], find(i));
    free(ids[i]);
    px_doc_free(docs[i]);
  }
  fclose(out);
  fprintf(stderr, "%zu articles: %zu candidate matches, %zu aligned, %zu copy links, "
                  "%.3f s CPU\n", n, cand, aligned, linked, secs);
  px_dedup_index_free(ix);
  free(ids);
  free(docs);
  free(parent);
  return 0;
}
