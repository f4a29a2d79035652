/*
** fuzz_http.c: request handling without sockets. The input is a request:
** "METHOD TARGET\n" then a body. It goes through target parsing, the
** router and every handler (pages, API, feeds, search) over a small store
** made on the first call. Separately, the raw input is translated as a
** search query and the result must always be valid FTS5 syntax: it is run
** against an in-memory FTS5 table and any syntax error aborts.
*/
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "search/search.h"
#include "serve/serve.h"
#include "store/store.h"

static px_app *app;
static sqlite3 *mem;
static char dbpath[128];

static void cleanup(void) {
  px_app_free(app);
  sqlite3_close(mem);
  char p[160];
  unlink(dbpath);
  snprintf(p, sizeof p, "%s-wal", dbpath);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", dbpath);
  unlink(p);
}

static void add(px_store *st, const char *url, const char *src,
                const char *title, const char *body) {
  px_doc *d = px_doc_new(0);
  px_doc_set(d, &d->url, url, strlen(url));
  px_doc_set(d, &d->title, title, strlen(title));
  px_doc_add_block(d, PX_BLOCK_PARA, body, strlen(body));
  px_article_put put;
  memset(&put, 0, sizeof put);
  put.doc = d;
  put.source = src;
  put.raw = body;
  put.raw_len = strlen(body);
  int64_t id = 0, sid = 0;
  if (px_store_article_put(st, &put, &id, NULL) == PX_OK &&
      px_store_story_create(st, title, &sid, NULL) == PX_OK)
    px_store_story_add(st, sid, id, 1, NULL);
  px_doc_free(d);
}

static void init(void) {
  snprintf(dbpath, sizeof dbpath, "/tmp/px-fuzz-http-%d.db", (int)getpid());
  unlink(dbpath);
  px_store *st = NULL;
  if (px_store_open(dbpath, &st, NULL) != PX_OK) abort();
  px_search_init(st, NULL);
  add(st, "https://a.example/1", "OAN", "Blinken in Beijing",
      "We do not support Taiwan independence, Blinken said.");
  add(st, "https://b.example/2", "<b>Outlet</b>", "<script>x</script>",
      "Talks lasted more than 7-1/2 hours with Qin Gang.");
  /* The analysis JSON in the analyze stage's shape, with odd values. */
  px_store_story_set_analysis(
      st, 1, NULL, NULL,
      "{\"articles\":[{\"id\":1,\"outlet\":\"OAN\"},{\"id\":2,\"outlet\":null}],"
      "\"timeline\":{\"order\":[1,2],\"note\":\"<b>n</b>\"},"
      "\"topic\":{\"label\":\"politics\",\"tags\":[\"x\"]},"
      "\"summary\":[{\"text\":\"s<i>\",\"cites\":[1],\"support\":[{\"article_id\":1,"
      "\"block\":0,\"text\":\"t\\\"\"},{\"article_id\":99}]}],"
      "\"claims\":[{\"label\":\"l\",\"verdict\":\"contradict\",\"outlets\":[1,2],"
      "\"minority\":[2],\"items\":[{\"article_id\":1,\"value\":6,\"unit\":\"h\","
      "\"sentence\":{\"article_id\":1,\"block\":\"x\"}},{\"article_id\":2,"
      "\"place\":\"Anchorage\",\"venue\":\"v\"},{\"article_id\":2,\"text\":7}]}],"
      "\"updates\":[{\"label\":\"u\",\"earlier\":{\"article_id\":1},\"later\":5}],"
      "\"outlier\":{\"article_id\":2,\"conflicts\":[\"l\",3]},"
      "\"quotes\":[{\"speaker\":null,\"variants\":2,\"items\":[{\"article_id\":2,"
      "\"text\":\"q\",\"indirect\":true,\"sentence\":{\"article_id\":2}}]}],"
      "\"people\":[{\"name\":\"n\",\"role\":\"r\",\"outlets\":[1]}],"
      "\"agreements\":[{\"sentences\":[{\"article_id\":1,\"text\":\"a\"}]}],"
      "\"only_one\":[{\"article_id\":1,\"sentence\":{\"article_id\":1}}],"
      "\"future\":{\"deep\":[[[[[[[[[[1]]]]]]]]]]}}",
      NULL);
  px_store_copies_set(st, 1,
                      "{\"articles\":[{\"id\":1,\"republished\":true,"
                      "\"copied_share\":0.5,\"credits\":[\"AFP\",1]}],"
                      "\"relations\":[{\"kind\":\"shared_passages\",\"a\":1,"
                      "\"b\":2,\"a_share\":0.2,\"passages\":[{\"a_first\":0,"
                      "\"b_first\":1}],\"wire\":\"Reuters\",\"origin\":1}]}",
                      NULL);
  px_store_close(st);
  px_serve_opts o;
  px_serve_opts_init(&o);
  o.db_path = dbpath;
  if (px_app_new(&o, &app, NULL) != PX_OK) abort();
  if (sqlite3_open(":memory:", &mem) != SQLITE_OK ||
      sqlite3_exec(mem,
                   "CREATE VIRTUAL TABLE f USING fts5(a, b, tokenize="
                   "'unicode61 remove_diacritics 2');"
                   "INSERT INTO f VALUES('blinken beijing', 'taiwan xi')",
                   NULL, NULL, NULL) != SQLITE_OK)
    abort();
  atexit(cleanup);
}

static void check_translation(const uint8_t *data, size_t size) {
  px_buf b;
  px_buf_init(&b, 0);
  if (px_search_translate((const char *)data, size, &b, NULL) == PX_OK) {
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(mem, "SELECT rowid FROM f WHERE f MATCH ?", -1, &s,
                           NULL) != SQLITE_OK)
      abort();
    sqlite3_bind_text(s, 1, b.data, (int)b.len, SQLITE_STATIC);
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
    }
    if (r != SQLITE_DONE) {
      fprintf(stderr, "FTS5 rejected %s: %s\n", b.data, sqlite3_errmsg(mem));
      abort();
    }
    sqlite3_finalize(s);
  }
  px_buf_reset(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!app) init();
  if (size > 8192) return 0;
  check_translation(data, size);
  const char *p = (const char *)data, *end = p + size;
  const char *nl = memchr(p, '\n', size);
  const char *line_end = nl ? nl : end;
  const char *sp = memchr(p, ' ', (size_t)(line_end - p));
  char method[16] = "GET";
  const char *target = p;
  if (sp && sp - p < (long)sizeof method) {
    memcpy(method, p, (size_t)(sp - p));
    method[sp - p] = '\0';
    target = sp + 1;
  }
  px_http_req req;
  memset(&req, 0, sizeof req);
  req.method = method;
  req.target = target;
  req.target_len = (size_t)(line_end - target);
  req.body = nl ? nl + 1 : NULL;
  req.body_len = nl ? (size_t)(end - nl - 1) : 0;
  px_http_resp resp;
  px_http_resp_init(&resp);
  px_app_handle(app, &req, &resp);
  if (resp.status < 100 || resp.status > 599) abort();
  px_http_resp_reset(&resp);
  return 0;
}
