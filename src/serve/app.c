/*
** app.c: request handling without sockets: parsing the request target,
** the store pool, the router and error responses.
**
** The router is a plain match on decoded path segments; every route
** checks its method and answers 405 with an Allow header otherwise.
** Each request gets an arena (capped) for its parsing and rendering; the
** store connection comes from a small pool so concurrent requests never
** share a SQLite handle.
*/
#include "serve/app.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search/search.h"
#include "serve/alerts.h"
#include "serve/auth.h"
#include "serve/html.h"
#include "store/pipeline.h"
#include "store/takedown.h"
#include "style_css.h"
#include "util/str.h"

/* Bytes one request may allocate while rendering. */
#define REQ_ARENA_CAP ((size_t)64 << 20)

void px_serve_opts_init(px_serve_opts *o) {
  memset(o, 0, sizeof *o);
  o->bind = "127.0.0.1";
  o->threads = 4;
  o->max_conns = 512;
  o->per_ip = 128;
  o->timeout_s = 10;
  o->header_timeout_s = 10;
  o->max_body = (size_t)1 << 20;
  o->request_ms = 5000;
}

void px_http_resp_init(px_http_resp *r) {
  memset(r, 0, sizeof *r);
  r->status = 200;
  r->content_type = "text/html; charset=utf-8";
  px_buf_init(&r->body, (size_t)256 << 20);
}

void px_http_resp_reset(px_http_resp *r) {
  px_buf_reset(&r->body);
  free(r->location);
  r->location = NULL;
}

/* ---- app and store pool -------------------------------------------------- */

px_rc px_app_new(const px_serve_opts *o, px_app **out, px_err *err) {
  if (!o || !o->db_path)
    return px_err_set(err, PX_EINVAL, "serve: no database given");
  px_app *a = calloc(1, sizeof *a);
  if (!a) return px_err_set(err, PX_ENOMEM, "out of memory");
  a->o = *o;
  a->db_path = strdup(o->db_path);
  a->base_url = strdup(o->base_url ? o->base_url : "http://127.0.0.1");
  pthread_mutex_init(&a->lock, NULL);
  pthread_mutex_init(&a->write_lock, NULL);
  pthread_mutex_init(&a->frag_lock, NULL);
  if (!a->db_path || !a->base_url) {
    px_app_free(a);
    return px_err_set(err, PX_ENOMEM, "out of memory");
  }
  /* The first connection creates what this module keeps in the store. */
  px_store *st = px_app_store_get(a, err);
  px_rc rc = st ? PX_OK : err ? err->rc : PX_EDB;
  if (!rc) rc = px_search_init(st, err);
  if (!rc) rc = px_takedown_init(st, err);
  if (!rc) rc = px_auth_init(st, err);
  if (!rc) rc = px_alerts_init(st, err);
  if (st) px_app_store_put(a, st);
  if (rc) {
    px_app_free(a);
    return rc ? rc : PX_EDB;
  }
  *out = a;
  return PX_OK;
}

void px_app_free(px_app *a) {
  if (!a) return;
  px_err e = {0};
  /* Saved for the next start (store/pipeline.h); failing costs it a rebuild. */
  if (a->pipe && px_pipeline_save(a->pipe, &e) != PX_OK)
    fprintf(stderr, "parallax: warning: state not saved: %s\n", e.msg);
  px_pipeline_free(a->pipe);
  px_store_close(a->pipe_st);
  for (size_t i = 0; i < a->npool; i++) px_store_close(a->pool[i]);
  free(a->pool);
  pthread_mutex_destroy(&a->lock);
  pthread_mutex_destroy(&a->write_lock);
  for (size_t i = 0; i < PX_FRAG_SLOTS; i++) free(a->frags[i].html);
  pthread_mutex_destroy(&a->frag_lock);
  free(a->db_path);
  free(a->base_url);
  free(a);
}

px_store *px_app_store_get(px_app *a, px_err *err) {
  px_store *st = NULL;
  pthread_mutex_lock(&a->lock);
  if (a->npool) st = a->pool[--a->npool];
  pthread_mutex_unlock(&a->lock);
  if (st) return st;
  if (px_store_open(a->db_path, &st, err) != PX_OK) return NULL;
  return st;
}

void px_app_store_put(px_app *a, px_store *st) {
  if (!st) return;
  pthread_mutex_lock(&a->lock);
  /* Keep as many connections as there can be concurrent requests. */
  size_t keep = a->o.threads ? (size_t)a->o.threads * 2 : 8;
  if (a->npool < keep) {
    if (a->npool == a->cappool) {
      size_t nc = a->cappool ? a->cappool * 2 : 8;
      px_store **p = realloc(a->pool, nc * sizeof *p);
      if (p) {
        a->pool = p;
        a->cappool = nc;
      }
    }
    if (a->npool < a->cappool) {
      a->pool[a->npool++] = st;
      st = NULL;
    }
  }
  pthread_mutex_unlock(&a->lock);
  px_store_close(st);
}

/* ---- rendered fragments -------------------------------------------------- */

char *px_frag_get(px_app *a, int64_t story, uint64_t key, size_t *len) {
  char *out = NULL;
  pthread_mutex_lock(&a->frag_lock);
  for (size_t i = 0; i < PX_FRAG_SLOTS; i++) {
    px_frag *f = &a->frags[i];
    if (f->html && f->story == story && f->key == key) {
      out = malloc(f->len + 1);
      if (out) {
        memcpy(out, f->html, f->len + 1);
        *len = f->len;
      }
      f->used = ++a->tick;
      break;
    }
  }
  pthread_mutex_unlock(&a->frag_lock);
  return out;
}

void px_frag_put(px_app *a, int64_t story, uint64_t key, const char *html,
                 size_t len) {
  char *copy = malloc(len + 1);
  if (!copy) return;
  memcpy(copy, html, len);
  copy[len] = '\0';
  pthread_mutex_lock(&a->frag_lock);
  /* The story's old entry, else an empty slot, else the least used. */
  px_frag *slot = NULL;
  for (size_t i = 0; i < PX_FRAG_SLOTS && !slot; i++)
    if (a->frags[i].html && a->frags[i].story == story) slot = &a->frags[i];
  for (size_t i = 0; i < PX_FRAG_SLOTS && !slot; i++)
    if (!a->frags[i].html) slot = &a->frags[i];
  if (!slot) {
    slot = &a->frags[0];
    for (size_t i = 1; i < PX_FRAG_SLOTS; i++)
      if (a->frags[i].used < slot->used) slot = &a->frags[i];
  }
  free(slot->html);
  slot->story = story;
  slot->key = key;
  slot->html = copy;
  slot->len = len;
  slot->used = ++a->tick;
  pthread_mutex_unlock(&a->frag_lock);
}

/* ---- parsing the target -------------------------------------------------- */

static char *decode(px_arena *a, const char *s, size_t len, int plus) {
  char *out = px_arena_alloc(a, len + 1);
  if (!out) return NULL;
  long n = px_url_decode(s, len, out, plus);
  if (n < 0 || !px_utf8_valid(out, (size_t)n)) return NULL;
  return out;
}

px_rc px_target_parse(const char *t, size_t len, px_arena *a, px_ctx *c,
                      px_err *err) {
  c->nseg = 0;
  c->nparams = 0;
  if (!t || len == 0 || t[0] != '/')
    return px_err_set(err, PX_EINVAL, "the request target must start with /");
  size_t qpos = 0;
  while (qpos < len && t[qpos] != '?' && t[qpos] != '#') qpos++;
  size_t i = 0;
  while (i < qpos) {
    while (i < qpos && t[i] == '/') i++;
    size_t j = i;
    while (j < qpos && t[j] != '/') j++;
    if (j > i) {
      if (c->nseg == PX_MAX_SEGS)
        return px_err_set(err, PX_EINVAL, "the path has too many parts");
      char *s = decode(a, t + i, j - i, 0);
      if (!s) return px_err_set(err, PX_EINVAL, "bad escape in the path");
      c->seg[c->nseg++] = s;
    }
    i = j;
  }
  if (qpos < len && t[qpos] == '?') {
    size_t end = qpos + 1;
    while (end < len && t[end] != '#') end++;
    i = qpos + 1;
    while (i < end) {
      size_t j = i;
      while (j < end && t[j] != '&' && t[j] != ';') j++;
      if (j > i) {
        size_t eq = i;
        while (eq < j && t[eq] != '=') eq++;
        if (c->nparams == PX_MAX_PARAMS)
          return px_err_set(err, PX_EINVAL, "too many query parameters");
        char *k = decode(a, t + i, eq - i, 1);
        char *v = eq < j ? decode(a, t + eq + 1, j - eq - 1, 1)
                         : decode(a, "", 0, 1);
        if (!k || !v)
          return px_err_set(err, PX_EINVAL, "bad escape in the query");
        c->params[c->nparams].key = k;
        c->params[c->nparams].val = v;
        c->nparams++;
      }
      i = j + 1;
    }
  }
  return PX_OK;
}

const char *px_param(const px_ctx *c, const char *key) {
  for (size_t i = 0; i < c->nparams; i++)
    if (!strcmp(c->params[i].key, key)) return c->params[i].val;
  return NULL;
}

int64_t px_parse_id(const char *s) {
  if (!s || !*s || strlen(s) > 18) return 0;
  int64_t v = 0;
  for (const char *p = s; *p; p++) {
    if (!px_isdigit((unsigned char)*p)) return 0;
    v = v * 10 + (*p - '0');
  }
  return v;
}

void px_page_params(const px_ctx *c, size_t *offset, size_t *limit) {
  int64_t lim = px_parse_id(px_param(c, "limit"));
  if (lim <= 0) lim = 20;
  if (lim > 100) lim = 100;
  int64_t off = px_parse_id(px_param(c, "offset"));
  int64_t page = px_parse_id(px_param(c, "page"));
  if (page > 1 && !px_param(c, "offset")) off = (page - 1) * lim;
  if (off > 1000000) off = 1000000;
  *offset = (size_t)off;
  *limit = (size_t)lim;
}

/* ---- errors -------------------------------------------------------------- */

int px_status_for(px_rc rc) {
  switch (rc) {
    case PX_OK: return 200;
    case PX_ENOTFOUND: return 404;
    case PX_EINVAL: case PX_EPARSE: case PX_EUTF8: case PX_EEMPTY:
    case PX_EBINARY: return 400;
    case PX_ETOOBIG: return 413;
    case PX_EREFUSED: return 451;
    case PX_EEXISTS: return 409;
    default: return 500;
  }
}

static const char *reason(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 451: return "Unavailable For Legal Reasons";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Error";
  }
}

void px_resp_html_error(px_ctx *c, int status, const char *msg) {
  px_http_resp *r = c->resp;
  r->status = status;
  r->content_type = "text/html; charset=utf-8";
  r->body.len = 0;
  px_html_begin(&r->body, reason(status), NULL, NULL);
  px_buf_printf(&r->body, "<h1>%d ", status);
  px_html_str(&r->body, reason(status));
  px_buf_puts(&r->body, "</h1><p class=\"error\">");
  px_html_str(&r->body, msg);
  px_buf_puts(&r->body, "</p><p><a href=\"/\">Front page</a></p>");
  px_html_end(&r->body);
}

void px_resp_json_error(px_ctx *c, int status, const char *msg) {
  px_http_resp *r = c->resp;
  r->status = status;
  r->content_type = "application/json";
  r->body.len = 0;
  px_buf_printf(&r->body, "{\"error\":{\"status\":%d,\"reason\":\"%s\",", status,
                reason(status));
  px_buf_puts(&r->body, "\"message\":\"");
  /* Minimal JSON string escaping for a message of our own making, which
  ** may quote user input. */
  for (const char *p = msg ? msg : ""; *p; p++) {
    unsigned char ch = (unsigned char)*p;
    if (ch == '"' || ch == '\\') {
      px_buf_putc(&r->body, '\\');
      px_buf_putc(&r->body, (char)ch);
    } else if (ch < 0x20) {
      px_buf_printf(&r->body, "\\u%04x", ch);
    } else if (ch == '<' || ch == '>' || ch == '&') {
      /* As openapi.yaml promises: the body is safe even if some client
      ** puts it into a page unescaped. */
      px_buf_printf(&r->body, "\\u%04x", ch);
    } else {
      px_buf_putc(&r->body, (char)ch);
    }
  }
  px_buf_puts(&r->body, "\"}}\n");
}

void px_resp_text_error(px_ctx *c, int status, const char *msg) {
  px_http_resp *r = c->resp;
  r->status = status;
  r->content_type = "text/plain; charset=utf-8";
  r->body.len = 0;
  px_buf_printf(&r->body, "%d %s: %s\n", status, reason(status),
                msg ? msg : "");
}

/* The error body a client of this path can read: JSON for the API, plain
** text for the Atom feeds (a feed reader shows no HTML), else a page. */
static void error_for(px_ctx *c, int status, const char *msg) {
  const char *last = c->nseg ? c->seg[c->nseg - 1] : "";
  size_t n = strlen(last);
  if (c->nseg && !strcmp(c->seg[0], "api"))
    px_resp_json_error(c, status, msg);
  else if (n >= 5 && !strcmp(last + n - 5, ".atom"))
    px_resp_text_error(c, status, msg);
  else
    px_resp_html_error(c, status, msg);
}

/* ---- the per-request time limit ------------------------------------------ */

/* SQLite calls this every few thousand VM steps; nonzero interrupts the
** statement running (SQLITE_INTERRUPT), so no query can hold a worker. */
static int over_time(void *ud) {
  const struct timespec *deadline = ud;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec > deadline->tv_sec ||
         (now.tv_sec == deadline->tv_sec && now.tv_nsec > deadline->tv_nsec);
}

/* ---- routing ------------------------------------------------------------- */

static bool seg_is(const px_ctx *c, size_t i, const char *s) {
  return i < c->nseg && !strcmp(c->seg[i], s);
}

static bool method_ok(px_ctx *c, bool api, const char *allow) {
  const char *m = c->req->method;
  /* allow is like "GET" or "GET, POST": match whole words. */
  size_t ml = strlen(m);
  const char *p = allow;
  while (*p) {
    const char *e = strchr(p, ',');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n == ml && !memcmp(p, m, n)) return true;
    if (!e) break;
    p = e + 1;
    while (*p == ' ') p++;
  }
  (void)api;
  c->resp->allow = allow;
  error_for(c, 405, "method not allowed here");
  return false;
}

/* A story merged into another lives on at the other's address: its old
** links (feed entries, alerts, bookmarks) get a permanent redirect there.
** Asked only after the handler found no such story, so a story that
** exists costs nothing extra. */
static void story_moved(px_ctx *c, int64_t id, const char *prefix, const char *suffix) {
  if (c->resp->status != 404) return;
  px_err err = {0};
  int64_t live = 0;
  if (px_store_story_resolve(c->st, id, &live, &err) != PX_OK || live == id) return;
  char loc[128];
  snprintf(loc, sizeof loc, "%s/stories/%lld%s", prefix, (long long)live, suffix);
  char *l = strdup(loc);
  if (!l) return;
  px_http_resp *r = c->resp;
  free(r->location);
  r->location = l;
  r->status = 301;
  r->content_type = "text/plain; charset=utf-8";
  r->body.len = 0;
  px_buf_printf(&r->body, "story %lld is now part of story %lld: %s\n", (long long)id,
                (long long)live, loc);
}

static void route_api(px_ctx *c) {
  int64_t id = c->nseg > 2 ? px_parse_id(c->seg[2]) : 0;
  if (seg_is(c, 1, "stories") && c->nseg == 2) {
    if (method_ok(c, true, "GET, HEAD")) px_api_stories(c);
  } else if (seg_is(c, 1, "stories") && c->nseg == 3 && id) {
    if (method_ok(c, true, "GET, HEAD")) {
      px_api_story(c, id);
      story_moved(c, id, "/api", "");
    }
  } else if (seg_is(c, 1, "articles") && c->nseg == 2) {
    if (method_ok(c, true, "POST")) px_api_add(c);
  } else if (seg_is(c, 1, "articles") && c->nseg == 3 && id) {
    if (!method_ok(c, true, "GET, HEAD, DELETE")) return;
    if (!strcmp(c->req->method, "DELETE"))
      px_api_delete_article(c, id);
    else
      px_api_article(c, id);
  } else if (seg_is(c, 1, "search") && c->nseg == 2) {
    if (method_ok(c, true, "GET, HEAD")) px_api_search(c);
  } else if (seg_is(c, 1, "outlets") && c->nseg == 3) {
    if (method_ok(c, true, "GET, HEAD")) px_api_outlet(c, c->seg[2]);
  } else if (seg_is(c, 1, "takedown") && c->nseg == 2) {
    if (method_ok(c, true, "POST")) px_api_takedown(c);
  } else if (seg_is(c, 1, "alerts") && c->nseg == 2) {
    if (!method_ok(c, true, "GET, HEAD, POST")) return;
    if (!strcmp(c->req->method, "POST"))
      px_api_alert_add(c);
    else
      px_api_alerts(c);
  } else if (seg_is(c, 1, "alerts") && c->nseg == 3 && id) {
    if (method_ok(c, true, "DELETE")) px_api_alert_delete(c, id);
  } else {
    px_resp_json_error(c, 404, "no such API endpoint");
  }
}

static void route(px_ctx *c) {
  px_http_resp *r = c->resp;
  bool api = seg_is(c, 0, "api");
  if (seg_is(c, 0, "static") && seg_is(c, 1, "style.css") && c->nseg == 2) {
    if (!method_ok(c, false, "GET, HEAD")) return;
    r->content_type = "text/css; charset=utf-8";
    px_buf_append(&r->body, px_style_css, sizeof px_style_css - 1);
    return;
  }
  if (seg_is(c, 0, "favicon.ico") && c->nseg == 1) {
    r->status = 204;  /* no icon; browsers ask anyway */
    return;
  }
  if (seg_is(c, 0, "healthz") && c->nseg == 1) {
    r->content_type = "text/plain; charset=utf-8";
    px_buf_puts(&r->body, "ok\n");
    return;
  }
  px_err err = {0};
  c->st = px_app_store_get(c->app, &err);
  if (!c->st) {
    error_for(c, 503, err.msg);
    return;
  }
  struct timespec deadline;
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  unsigned ms = c->app->o.request_ms ? c->app->o.request_ms : 5000;
  deadline.tv_sec += (time_t)(ms / 1000);
  deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
  if (deadline.tv_nsec >= 1000000000L) {
    deadline.tv_sec++;
    deadline.tv_nsec -= 1000000000L;
  }
  sqlite3 *db = px_store_sqlite(c->st);
  /* Writes (authorised, one at a time under the write lock) are not cut
  ** off: interrupting a takedown rolled it back, and a write that finished
  ** must not then be answered "took too long" as if it had not happened.
  ** The limit is for reads, which anyone can send. */
  const char *m = c->req->method;
  bool write = !strcmp(m, "POST") || !strcmp(m, "DELETE") || !strcmp(m, "PUT") ||
               !strcmp(m, "PATCH");
  if (!write) sqlite3_progress_handler(db, 1000, over_time, &deadline);
  int64_t id = c->nseg > 1 ? px_parse_id(c->seg[1]) : 0;
  if (api) {
    route_api(c);
  } else if (c->nseg == 0) {
    if (method_ok(c, false, "GET, HEAD")) px_page_front(c);
  } else if (seg_is(c, 0, "feed.atom") && c->nseg == 1) {
    if (method_ok(c, false, "GET, HEAD")) px_feed_front(c);
  } else if (seg_is(c, 0, "stories") && id && c->nseg == 2) {
    if (method_ok(c, false, "GET, HEAD")) {
      px_page_story(c, id);
      story_moved(c, id, "", "");
    }
  } else if (seg_is(c, 0, "stories") && id && c->nseg == 3 &&
             seg_is(c, 2, "feed.atom")) {
    if (method_ok(c, false, "GET, HEAD")) {
      px_feed_story(c, id);
      story_moved(c, id, "", "/feed.atom");
    }
  } else if (seg_is(c, 0, "articles") && id && c->nseg == 2) {
    if (method_ok(c, false, "GET, HEAD")) px_page_article(c, id);
  } else if (seg_is(c, 0, "search") && c->nseg == 1) {
    if (method_ok(c, false, "GET, HEAD")) px_page_search(c);
  } else if (seg_is(c, 0, "search.atom") && c->nseg == 1) {
    if (method_ok(c, false, "GET, HEAD")) px_feed_search(c);
  } else if (seg_is(c, 0, "outlets") && c->nseg == 2) {
    if (method_ok(c, false, "GET, HEAD")) px_page_outlet(c, c->seg[1]);
  } else {
    error_for(c, 404, "There is nothing here.");
  }
  if (!write && over_time(&deadline)) {
    /* Interrupted work may have left a partial page: answer 503. */
    error_for(c, 503, "The request took too long; try again.");
  }
  sqlite3_progress_handler(db, 0, NULL, NULL);
  px_app_store_put(c->app, c->st);
  c->st = NULL;
}

int px_app_is_quick(const px_http_req *req) {
  static const char *const quick[] = {"/healthz", "/static/style.css",
                                      "/favicon.ico"};
  if (!req || !req->target) return 0;
  size_t n = 0;
  while (n < req->target_len && req->target[n] != '?' && req->target[n] != '#')
    n++;
  for (size_t i = 0; i < sizeof quick / sizeof *quick; i++)
    if (strlen(quick[i]) == n && !memcmp(req->target, quick[i], n)) return 1;
  return 0;
}

void px_app_handle(px_app *a, const px_http_req *req, px_http_resp *resp) {
  px_ctx c;
  memset(&c, 0, sizeof c);
  c.app = a;
  c.req = req;
  c.resp = resp;
  c.head = req->method && !strcmp(req->method, "HEAD");
  c.arena = px_arena_new(REQ_ARENA_CAP);
  if (!c.arena || !req->method) {
    resp->status = 500;
    resp->content_type = "text/plain; charset=utf-8";
    px_buf_puts(&resp->body, "out of memory\n");
    px_arena_free(c.arena);
    return;
  }
  px_err err = {0};
  if (px_target_parse(req->target, req->target_len, c.arena, &c, &err)) {
    error_for(&c, 400, err.msg);
  } else {
    route(&c);
  }
  px_arena_free(c.arena);
}
