/*
** plaintext_bench.c: speed and body retention of px_plaintext_extract.
**
**   plaintext_bench speed REPS FILE...   time REPS runs over each file
**   plaintext_bench retain DOCS.jsonl    rebuild each {"title","text"}
**       record as a plain-text page (title, blank line, one paragraph per
**       text line) and count the paragraphs that come back as body blocks:
**       these articles hold no boilerplate, so anything lost is a false drop.
** Memory: each input is read whole and freed after its runs.
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract/plaintext.h"
#include "util/buf.h"
#include "util/file.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int speed(int reps, int argc, char **argv) {
  size_t total = 0;
  double all = 0;
  for (int i = 0; i < argc; i++) {
    char *s;
    size_t n;
    px_err e = {0};
    if (px_file_read(argv[i], (size_t)1 << 26, &s, &n, &e) != PX_OK) {
      fprintf(stderr, "%s: %s\n", argv[i], e.msg);
      return 1;
    }
    double t0 = now();
    for (int r = 0; r < reps; r++) {
      px_doc *d = NULL;
      if (px_plaintext_extract(s, n, NULL, &d, &e) == PX_OK) px_doc_free(d);
    }
    all += now() - t0;
    total += n * (size_t)reps;
    free(s);
  }
  printf("%d files x %d runs: %.3f ms/doc, %.1f MB/s\n", argc, reps,
         all * 1000 / ((double)argc * reps), (double)total / all / 1e6);
  return 0;
}

static int retain(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) { perror(path); return 1; }
  char *line = NULL;
  size_t cap = 0, docs = 0, paras = 0, kept = 0, nolost = 0;
  ssize_t got;
  double t = 0;
  while ((got = getline(&line, &cap, f)) > 0) {
    json_error_t je;
    json_t *o = json_loadb(line, (size_t)got, 0, &je);
    if (!o) continue;
    const char *title = json_string_value(json_object_get(o, "title"));
    const char *text = json_string_value(json_object_get(o, "text"));
    if (!title || !text) { json_decref(o); continue; }
    px_buf b;
    px_buf_init(&b, 0);
    px_buf_printf(&b, "%s\n\n", title);
    size_t want = 0;
    for (const char *p = text; *p;) {
      const char *e = strchr(p, '\n');
      size_t l = e ? (size_t)(e - p) : strlen(p);
      if (l) { px_buf_append(&b, p, l); px_buf_puts(&b, "\n\n"); want++; }
      p += l + (e ? 1 : 0);
    }
    px_doc *d = NULL;
    px_err er = {0};
    double t0 = now();
    px_rc rc = px_plaintext_extract(b.data, b.len, NULL, &d, &er);
    t += now() - t0;
    size_t got_paras = 0;
    if (rc == PX_OK) {
      /* A paragraph is kept when it is a body block (or became the
      ** subtitle, which the page's layout allows). */
      for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l) {
          int ok = 0;
          for (size_t i = 0; i < d->nblocks && !ok; i++)
            ok = d->blocks[i].kind != PX_BLOCK_CAPTION &&
                 d->blocks[i].len == l && memcmp(d->blocks[i].text, p, l) == 0;
          if (!ok && d->subtitle && strlen(d->subtitle) == l &&
              memcmp(d->subtitle, p, l) == 0)
            ok = 1;
          if (!ok && getenv("VERBOSE")) printf("lost: %.*s\n", (int)l, p);
          got_paras += (size_t)ok;
        }
        p += l + (e ? 1 : 0);
      }
      px_doc_free(d);
    }
    docs++;
    paras += want;
    kept += got_paras;
    nolost += got_paras == want;
    px_buf_reset(&b);
    json_decref(o);
  }
  free(line);
  fclose(f);
  printf("%zu docs, %zu paragraphs: %.2f%% kept; %.1f%% of docs lose none; "
         "%.3f ms/doc\n", docs, paras, paras ? 100.0 * (double)kept / (double)paras : 0,
         docs ? 100.0 * (double)nolost / (double)docs : 0,
         docs ? t * 1000 / (double)docs : 0);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 4 && strcmp(argv[1], "speed") == 0) {
    long reps = strtol(argv[2], NULL, 10);
    return speed(reps > 0 && reps < 1000000 ? (int)reps : 1, argc - 3, argv + 3);
  }
  if (argc == 3 && strcmp(argv[1], "retain") == 0) return retain(argv[2]);
  fprintf(stderr, "usage: plaintext_bench speed REPS FILE... | retain DOCS.jsonl\n");
  return 2;
}
