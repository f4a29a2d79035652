/*
** helpers.h: shared set-up for the serve tests: a temporary store with a
** few articles (one of them hostile: markup and script in every field),
** a story, and a request runner over px_app without sockets.
*/
#ifndef PX_TEST_SERVE_HELPERS_H
#define PX_TEST_SERVE_HELPERS_H

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "search/search.h"
#include "serve/serve.h"
#include "store/store.h"

#define HOSTILE "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"

static char th_db[256];

static void th_unlink_db(void) {
  char p[300];
  unlink(th_db);
  snprintf(p, sizeof p, "%s-wal", th_db);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", th_db);
  unlink(p);
  snprintf(p, sizeof p, "%s-state", th_db);
  unlink(p);
}

static inline int64_t th_add(px_store *st, const char *url, const char *source,
                             const char *title, const char *sub,
                             const char *body, int64_t utc) {
  px_doc *d = px_doc_new(0);
  cr_assert(d);
  px_doc_set(d, &d->url, url, strlen(url));
  px_doc_set(d, &d->title, title, strlen(title));
  if (sub) px_doc_set(d, &d->subtitle, sub, strlen(sub));
  px_doc_set(d, &d->lang, "en", 2);
  px_doc_add_block(d, PX_BLOCK_PARA, body, strlen(body));
  px_article_put put;
  memset(&put, 0, sizeof put);
  put.doc = d;
  put.source = source;
  put.raw = body;
  put.raw_len = strlen(body);
  put.raw_type = "text/plain";
  int64_t id = 0;
  px_err err = {0};
  cr_assert_eq(px_store_article_put(st, &put, &id, &err), PX_OK, "%s", err.msg);
  px_doc_free(d);
  if (utc) {
    sqlite3_stmt *s;
    sqlite3_prepare_v2(px_store_sqlite(st),
                       "UPDATE articles SET published_utc=?, published=? WHERE id=?",
                       -1, &s, NULL);
    char iso[32];
    time_t t = (time_t)utc;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
    sqlite3_bind_int64(s, 1, utc);
    sqlite3_bind_text(s, 2, iso, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, id);
    cr_assert_eq(sqlite3_step(s), SQLITE_DONE);
    sqlite3_finalize(s);
  }
  return id;
}

/* Fills a fresh store: story 1 with three articles (one hostile), and a
** lone article. Returns the story id. */
static inline int64_t th_fill(const char *name, int64_t *hostile_id) {
  snprintf(th_db, sizeof th_db, "/tmp/px-test-%s-%d.db", name, (int)getpid());
  th_unlink_db();
  px_store *st = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(th_db, &st, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(px_search_init(st, &err), PX_OK, "%s", err.msg);
  int64_t a1 = th_add(st, "https://oan.example/blinken", "OAN",
                      "Blinken denounces support for Taiwan independence", NULL,
                      "We do not support Taiwan independence, Blinken said in "
                      "Beijing after meeting Xi Jinping for 35 minutes.",
                      1687171680);
  int64_t a2 = th_add(st, "https://inq.example/talks", "Inquirer News",
                      "Blinken, Wang tackle tough issues", "Talks in Beijing",
                      "Blinken discussed Taiwan with Wang Yi at the Diaoyutai "
                      "State Guesthouse for around three hours.",
                      1687190000);
  int64_t a3 = th_add(st, "javascript:alert(3)", HOSTILE, HOSTILE, HOSTILE,
                      HOSTILE " Blinken hostile body text", 1687200000);
  th_add(st, "https://other.example/x", "Other", "Weather in Paris", NULL,
         "Rain is expected in Paris all week.", 1687300000);
  int64_t sid = 0;
  cr_assert_eq(px_store_story_create(st, "Blinken in Beijing", &sid, &err), PX_OK);
  cr_assert_eq(px_store_story_add(st, sid, a1, 1, &err), PX_OK);
  cr_assert_eq(px_store_story_add(st, sid, a2, 1, &err), PX_OK);
  cr_assert_eq(px_store_story_add(st, sid, a3, 1, &err), PX_OK);
  char json[512];
  /* HOSTILE with its quote escaped for JSON. */
  snprintf(json, sizeof json,
           "{\"summary\":\"Blinken visited Beijing "
           "<script>alert(1)</script>\\\"'><img src=x onerror=alert(2)>\","
           "\"quotes\":[{\"speaker\":\"Blinken\",\"text\":\"We do not support\","
           "\"article_id\":%lld}]}",
           (long long)a1);
  cr_assert_eq(px_store_story_set_analysis(st, sid, NULL, NULL, json, &err),
               PX_OK, "%s", err.msg);
  char cp[128];
  snprintf(cp, sizeof cp,
           "{\"articles\":[],\"relations\":[{\"a\":%lld,\"b\":%lld,\"wire\":"
           "\"Reuters\"}]}", (long long)a1, (long long)a2);
  cr_assert_eq(px_store_copies_set(st, a2, cp, &err), PX_OK);
  px_store_close(st);
  if (hostile_id) *hostile_id = a3;
  return sid;
}

typedef struct th_resp {
  int status;
  char *body;
  const char *ctype;
  const char *allow;
  char *location;   /* Location header (redirects), caller frees; else NULL */
} th_resp;

static inline th_resp th_req(px_app *app, const char *method, const char *target,
                             const char *auth, const char *body) {
  px_http_req req;
  memset(&req, 0, sizeof req);
  req.method = method;
  req.target = target;
  req.target_len = strlen(target);
  req.authorization = auth;
  req.body = body;
  req.body_len = body ? strlen(body) : 0;
  px_http_resp resp;
  px_http_resp_init(&resp);
  px_app_handle(app, &req, &resp);
  th_resp r = {resp.status, px_buf_detach(&resp.body), resp.content_type,
               resp.allow, resp.location ? strdup(resp.location) : NULL};
  px_http_resp_reset(&resp);
  return r;
}

#endif
