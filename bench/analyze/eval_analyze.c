/*
** eval_analyze.c: quality figures for the analyze stage on labelled sets
** (bench/analyze/quotes.jsonl, claims.jsonl; see gen_sets.py).
**
** Quotes: a predicted direct-quote segment is correct when it lies inside
** a gold quote (normalised text); a gold quote is found when some
** predicted segment lies inside it. Precision, recall and F1 follow;
** speaker accuracy is over found gold quotes (same full name). Claims:
** each item is a pair of reports; the predicted class is the strongest
** relation between their aligned claims (contradict > update > agree >
** compatible; none: different), compared with the gold class.
** Usage: eval_analyze QUOTES.jsonl CLAIMS.jsonl [-v]
*/
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/analysis.h"

static int verbose;

/* Lower-case letters and digits only, into out (cap bytes). */
static void norm(const char *s, char *out, size_t cap) {
  size_t o = 0;
  for (; *s && o + 1 < cap; s++) {
    unsigned char c = (unsigned char)*s;
    if (isalnum(c)) out[o++] = (char)tolower(c);
  }
  out[o] = 0;
}

static px_doc *make_doc(json_t *item, const char *site) {
  px_doc *d = px_doc_new(0);
  if (!d) return NULL;
  px_doc_set(d, &d->site, site, strlen(site));
  const char *pub = json_string_value(json_object_get(item, "published"));
  if (pub) px_doc_set(d, &d->published, pub, strlen(pub));
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(item, "paras"), i, p) {
    const char *t = json_string_value(p);
    if (t) px_doc_add_block(d, PX_BLOCK_PARA, t, strlen(t));
  }
  return d;
}

static json_t *analyze(px_doc **docs, size_t n) {
  px_analysis *a = NULL;
  px_err err = {0};
  if (px_story_analyze((const px_doc *const *)docs, NULL, n, &a, &err) != PX_OK) return NULL;
  px_buf b;
  px_buf_init(&b, 0);
  px_analysis_to_json(a, &b);
  px_analysis_free(a);
  json_t *j = json_loads(px_buf_cstr(&b), 0, NULL);
  px_buf_reset(&b);
  return j;
}

static void eval_quotes(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(1);
  }
  char line[65536];
  size_t pred = 0, pred_ok = 0, gold = 0, found = 0, spk_ok = 0;
  while (fgets(line, sizeof line, f)) {
    json_t *it = json_loads(line, 0, NULL);
    if (!it) continue;
    px_doc *d = make_doc(it, "test");
    json_t *j = analyze(&d, 1);
    px_doc_free(d);
    json_t *gq = json_object_get(it, "quotes");
    size_t ng = json_array_size(gq);
    gold += ng;
    char gn[64][1024];
    int gfound[64] = {0}, gspk[64] = {0};
    for (size_t g = 0; g < ng && g < 64; g++)
      norm(json_string_value(json_object_get(json_array_get(gq, g), "text")), gn[g], sizeof gn[g]);
    size_t i, k;
    json_t *grp, *q;
    json_array_foreach(json_object_get(j, "quotes"), i, grp) {
      const char *spk = json_string_value(json_object_get(grp, "speaker"));
      json_array_foreach(json_object_get(grp, "items"), k, q) {
        if (json_is_true(json_object_get(q, "indirect"))) continue;
        char pn[1024];
        norm(json_string_value(json_object_get(q, "text")), pn, sizeof pn);
        pred++;
        bool ok = false;
        for (size_t g = 0; g < ng && g < 64; g++) {
          if (pn[0] && strstr(gn[g], pn)) {
            ok = true;
            const char *gs = json_string_value(json_object_get(json_array_get(gq, g), "speaker"));
            if (!gfound[g]) {
              gfound[g] = 1;
              gspk[g] = spk && gs && strcmp(spk, gs) == 0;
            }
            break;
          }
        }
        pred_ok += ok;
        if (!ok && verbose) printf("FP quote: %s\n", json_string_value(json_object_get(q, "text")));
      }
    }
    for (size_t g = 0; g < ng && g < 64; g++) {
      found += (size_t)gfound[g];
      spk_ok += (size_t)gspk[g];
      if (verbose && !gfound[g]) printf("FN quote: %s\n", gn[g]);
      if (verbose && gfound[g] && !gspk[g])
        printf("wrong speaker: %s (gold %s)\n", gn[g],
               json_string_value(json_object_get(json_array_get(gq, g), "speaker")));
    }
    json_decref(j);
    json_decref(it);
  }
  fclose(f);
  double p = pred ? (double)pred_ok / (double)pred : 0, r = gold ? (double)found / (double)gold : 0;
  double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
  printf("quotes: %zu gold, %zu predicted; precision %.3f recall %.3f F1 %.3f\n", gold, pred, p, r, f1);
  printf("speaker accuracy: %.3f (%zu of %zu found quotes)\n", found ? (double)spk_ok / (double)found : 0,
         spk_ok, found);
}

static int rank(const char *cls) {
  if (strcmp(cls, "contradict") == 0) return 4;
  if (strcmp(cls, "update") == 0) return 3;
  if (strcmp(cls, "agree") == 0) return 2;
  if (strcmp(cls, "compatible") == 0) return 1;
  return 0;
}

static void eval_claims(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(1);
  }
  static const char *names[] = {"different", "compatible", "agree", "update", "contradict"};
  int conf[5][5] = {{0}};
  char line[65536];
  size_t n = 0, ok = 0;
  while (fgets(line, sizeof line, f)) {
    json_t *it = json_loads(line, 0, NULL);
    if (!it) continue;
    px_doc *d[2] = {make_doc(json_object_get(it, "a"), "A"), make_doc(json_object_get(it, "b"), "B")};
    json_t *j = analyze(d, 2);
    px_doc_free(d[0]);
    px_doc_free(d[1]);
    int best = 0;
    size_t i, k;
    json_t *g, *p;
    json_array_foreach(json_object_get(j, "claims"), i, g) {
      json_array_foreach(json_object_get(g, "pairs"), k, p) {
        int r = rank(json_string_value(json_object_get(p, "class")));
        if (r > best) best = r;
      }
    }
    int gold = rank(json_string_value(json_object_get(it, "class")));
    conf[gold][best]++;
    n++;
    ok += gold == best;
    if (verbose && gold != best)
      printf("claim pair: gold %s, got %s: %s | %s\n", names[gold], names[best],
             json_string_value(json_array_get(json_object_get(json_object_get(it, "a"), "paras"), 0)),
             json_string_value(json_array_get(json_object_get(json_object_get(it, "b"), "paras"), 0)));
    json_decref(j);
    json_decref(it);
  }
  fclose(f);
  printf("claim pairs: %zu; accuracy %.3f\n", n, n ? (double)ok / (double)n : 0);
  printf("confusion (rows gold, columns predicted: diff compat agree update contra)\n");
  for (int r = 0; r < 5; r++)
    printf("  %-10s %4d %4d %4d %4d %4d\n", names[r], conf[r][0], conf[r][1], conf[r][2], conf[r][3],
           conf[r][4]);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: eval_analyze QUOTES.jsonl CLAIMS.jsonl [-v]\n");
    return 2;
  }
  verbose = argc > 3 && strcmp(argv[3], "-v") == 0;
  eval_quotes(argv[1]);
  eval_claims(argv[2]);
  return 0;
}
