/*
** stories_run.c: streams a JSON-lines file of articles ({"id", "title",
** "text", optional "published" epoch}) in file order through the online
** clusterer and writes `id<TAB>story` lines, then the time taken on stderr.
** Usage: stories_run DOCS.jsonl [OUT.tsv] [threshold [merge [title_boost
**        [entity_boost]]]]
** PX_MODEL=FILE: same-event weights to use instead of the built-in ones
** (PX_CLUSTER_NFEAT + 1 numbers, as train.py writes them).
** PX_FEATURES=FILE: a trace for training (train.py): "F art story f..."
** for each candidate scored, "A art story" after each add, "M from into"
** for each merge (articles are numbered by line, from 0).
** Memory: one line and its JSON at a time.
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cluster/cluster.h"
#include "cluster/model.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_features(int64_t art, int64_t story, const double *f, size_t nf,
                        void *ud) {
  FILE *tr = ud;
  fprintf(tr, "F\t%lld\t%lld", (long long)art, (long long)story);
  for (size_t i = 0; i < nf; i++) fprintf(tr, "\t%.6g", f[i]);
  fputc('\n', tr);
}

static void on_merge(int64_t from, int64_t into, void *ud) {
  if (ud) fprintf(ud, "M\t%lld\t%lld\n", (long long)from, (long long)into);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s DOCS.jsonl [OUT.tsv] [threshold [merge "
                    "[title_boost [entity_boost]]]]\n", argv[0]);
    return 2;
  }
  px_cluster_opts o;
  px_cluster_opts_default(&o);
  if (argc > 3) o.threshold = strtod(argv[3], NULL);
  if (argc > 4) o.merge_threshold = strtod(argv[4], NULL);
  if (argc > 5) o.title_boost = strtof(argv[5], NULL);
  if (argc > 6) o.entity_boost = strtof(argv[6], NULL);
  if (argc > 7) o.name_weight = strtod(argv[7], NULL);
  if (argc > 8) o.name_support = strtod(argv[8], NULL);
  double model[PX_CLUSTER_NFEAT + 1];
  const char *mf = getenv("PX_MODEL");
  if (mf) {
    FILE *m = fopen(mf, "r");
    for (int i = 0; m && i <= PX_CLUSTER_NFEAT; i++)
      if (fscanf(m, "%lf", &model[i]) != 1) {
        fprintf(stderr, "%s: want %d numbers\n", mf, PX_CLUSTER_NFEAT + 1);
        return 1;
      }
    if (!m) {
      perror(mf);
      return 1;
    }
    fclose(m);
    o.model = model;
  }
  const char *tf = getenv("PX_FEATURES");
  FILE *trace = tf ? fopen(tf, "w") : NULL;
  if (trace) {
    o.on_features = on_features;
    o.feat_ud = trace;
  }
  o.on_merge = on_merge;
  o.ud = trace;
  FILE *in = fopen(argv[1], "r");
  FILE *out = argc > 2 && strcmp(argv[2], "-") ? fopen(argv[2], "w") : stdout;
  if (!in || !out) {
    perror("open");
    return 1;
  }
  px_clusterer *c = px_clusterer_new(&o);
  if (!c) return 1;
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  /* ids kept to print final (post-merge) stories at the end */
  char **ids = NULL;
  size_t n = 0, capids = 0;
  double t0 = now();
  while ((len = getline(&line, &cap, in)) > 0) {
    json_error_t je;
    json_t *j = json_loadb(line, (size_t)len, 0, &je);
    if (!j) continue;
    const char *id = json_string_value(json_object_get(j, "id"));
    const char *title = json_string_value(json_object_get(j, "title"));
    const char *text = json_string_value(json_object_get(j, "text"));
    json_int_t pub = json_integer_value(json_object_get(j, "published"));
    if (id) {
      int64_t story;
      px_err err = {0};
      if (px_clusterer_add_text(c, (int64_t)n,
                                px_str_from_cstr(title ? title : ""),
                                px_str_from_cstr(text ? text : ""), pub, &story,
                                &err) != PX_OK) {
        fprintf(stderr, "%s: %s\n", id, err.msg);
        return 1;
      }
      if (trace) fprintf(trace, "A\t%zu\t%lld\n", n, (long long)story);
      if (n == capids) {
        capids = capids ? capids * 2 : 1024;
        ids = realloc(ids, capids * sizeof *ids);
      }
      ids[n++] = strdup(id);
    }
    json_decref(j);
  }
  double t1 = now();
  /* PX_RELATED=FILE: every story's related stories (clusterer.h), as
  ** "story<TAB>other<TAB>similarity" lines, for bench/stories/related.py. */
  const char *rel = getenv("PX_RELATED");
  FILE *rf = rel ? fopen(rel, "w") : NULL;
  for (size_t s = 1; rf && s <= n; s++) {
    if (px_clusterer_resolve(c, (int64_t)s) != (int64_t)s) continue;
    px_related r[16];
    size_t k = px_clusterer_related(c, (int64_t)s, 0.0, r, 16);
    for (size_t i = 0; i < k; i++)
      fprintf(rf, "%zu\t%lld\t%.4f\n", s, (long long)r[i].story, r[i].sim);
  }
  if (rf) fclose(rf);
  if (trace) fclose(trace);
  for (size_t i = 0; i < n; i++) {
    fprintf(out, "%s\t%lld\n", ids[i],
            (long long)px_clusterer_story_of(c, (int64_t)i));
    free(ids[i]);
  }
  fprintf(stderr, "clustered %zu articles into %zu stories in %.3f s (%.0f articles/s)\n",
          n, px_clusterer_story_count(c), t1 - t0, n / (t1 - t0));
  free(ids);
  free(line);
  px_clusterer_free(c);
  fclose(in);
  if (out != stdout) fclose(out);
  return 0;
}
