/*
** search_bench.c: the search recall set's driver and the in-process
** query timer (bench/search/run.sh, bench/search/recall.py).
**
**   search_bench DB DOCS.jsonl QUERIES.tsv [--lang] [--repeat N]
**                [--first-page] [--keep]
**
** Makes a store at DB (removed first; --keep: use the one there) holding each document of DOCS
** ({"id","lang","title","text"} lines) as an article whose URL ends in its
** id, then runs every query of QUERIES (tab-separated: language, split,
** query, ...; '#' lines skipped) through px_search_run, with the query's
** language as the lang parameter when --lang is given, and prints per
** query: language, split, query, and the ids of every article found
** (comma-separated; with --first-page only the first page of 20, as the
** web page shows). stderr gets the time per query (mean of N runs).
** Memory: everything is freed before exit; nothing is kept between
** queries but the store.
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "extract/doc.h"
#include "search/search.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int load_docs(px_store *st, const char *path) {
  char *data = NULL;
  size_t len = 0;
  px_err err = {0};
  if (px_file_read(path, (size_t)1 << 30, &data, &len, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return -1;
  }
  px_store_begin(st, &err);
  size_t n = 0;
  for (char *line = data, *nl; line < data + len; line = nl + 1) {
    nl = memchr(line, '\n', (size_t)(data + len - line));
    if (!nl) nl = data + len;
    json_t *o = json_loadb(line, (size_t)(nl - line), 0, NULL);
    if (!o) continue;
    const char *id = json_string_value(json_object_get(o, "id"));
    const char *lang = json_string_value(json_object_get(o, "lang"));
    const char *title = json_string_value(json_object_get(o, "title"));
    const char *text = json_string_value(json_object_get(o, "text"));
    if (id && text) {
      px_buf url;
      px_buf_init(&url, 0);
      px_buf_printf(&url, "https://bench.example/%s", id);
      px_doc *d = px_doc_new(0);
      px_doc_set(d, &d->url, url.data, url.len);
      if (title && *title) px_doc_set(d, &d->title, title, strlen(title));
      if (lang) px_doc_set(d, &d->lang, lang, strlen(lang));
      px_doc_add_block(d, PX_BLOCK_PARA, text, strlen(text));
      px_article_put put = {0};
      put.doc = d;
      put.source = "Bench";
      put.raw = url.data;
      put.raw_len = url.len;
      put.raw_type = "text/plain";
      int64_t aid = 0;
      if (px_store_article_put(st, &put, &aid, &err) == PX_OK) n++;
      px_err_clear(&err);
      px_doc_free(d);
      px_buf_reset(&url);
    }
    json_decref(o);
  }
  px_store_commit(st, &err);
  free(data);
  fprintf(stderr, "%zu documents\n", n);
  return 0;
}

/* Runs one query, paging through every group; prints the ids found. */
static px_rc run_query(px_store *st, const char *q, const char *lang,
                       bool print, bool first_page) {
  px_search_query sq = {0};
  sq.q = q;
  sq.qlen = strlen(q);
  sq.lang = lang;
  sq.limit = first_page ? 20 : 100;
  bool first = true;
  for (;;) {
    px_search_result *r = NULL;
    px_err err = {0};
    px_rc rc = px_search_run(st, &sq, &r, &err);
    if (rc) {
      fprintf(stderr, "%s: %s\n", q, err.msg);
      return rc;
    }
    for (size_t k = 0; print && k < r->nhits; k++) {
      const char *u = r->hits[k].url ? r->hits[k].url : "";
      const char *slash = strrchr(u, '/');
      printf("%s%s", first ? "" : ",", slash ? slash + 1 : u);
      first = false;
    }
    size_t got = r->ngroups;
    px_search_result_free(r);
    sq.offset += got;
    if (!got || first_page || sq.offset >= PX_SEARCH_MAX_HITS) break;
  }
  return PX_OK;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: search_bench DB DOCS.jsonl QUERIES.tsv [--lang] "
                    "[--repeat N] [--first-page] [--keep]\n");
    return 2;
  }
  bool use_lang = false, first_page = false, keep = false;
  long repeat = 1;
  for (int i = 4; i < argc; i++) {
    if (strcmp(argv[i], "--lang") == 0) use_lang = true;
    else if (strcmp(argv[i], "--first-page") == 0) first_page = true;
    else if (strcmp(argv[i], "--keep") == 0) keep = true;
    else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
      repeat = strtol(argv[++i], NULL, 10);
  }
  if (repeat < 1) repeat = 1;
  if (!keep) unlink(argv[1]);
  px_store *st = NULL;
  px_err err = {0};
  if (px_store_open(argv[1], &st, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return 1;
  }
  double t0 = now_ms();
  if (!keep && load_docs(st, argv[2])) return 1;
  fprintf(stderr, "indexed in %.0f ms\n", now_ms() - t0);
  char *qs = NULL;
  size_t qlen = 0;
  if (px_file_read(argv[3], (size_t)1 << 24, &qs, &qlen, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return 1;
  }
  double spent = 0;
  size_t nq = 0;
  for (char *line = qs, *nl; line < qs + qlen; line = nl + 1) {
    nl = memchr(line, '\n', (size_t)(qs + qlen - line));
    if (!nl) nl = qs + qlen;
    *nl = '\0';
    if (*line == '#' || !*line) continue;
    char *lang = line, *split = strchr(lang, '\t');
    char *q = split ? strchr(split + 1, '\t') : NULL;
    if (!q) continue;
    *split++ = '\0';
    *q++ = '\0';
    char *end = strchr(q, '\t');
    if (end) *end = '\0';
    printf("%s\t%s\t%s\t", lang, split, q);
    double a = now_ms();
    for (long r = 0; r < repeat; r++)
      run_query(st, q, use_lang ? lang : NULL, r == 0, first_page);
    spent += now_ms() - a;
    nq += (size_t)repeat;
    printf("\n");
  }
  fprintf(stderr, "%zu queries: %.3f ms per query\n", nq, nq ? spent / (double)nq : 0);
  free(qs);
  px_store_close(st);
  return 0;
}
