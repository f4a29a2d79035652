/*
** api.c: the JSON API (see openapi.yaml at the repository root). Reads
** are open; writes need "Authorization: Bearer <token>". Lists page with
** offset/limit and report total and the next page's path. Errors are
** {"error":{"status","reason","message"}} with the matching status code.
** Memory: jansson values are built per request and freed after dumping.
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/search.h"
#include "serve/alerts.h"
#include "serve/app.h"
#include "serve/auth.h"
#include "serve/html.h"
#include "serve/takedown.h"
#include "store/pipeline.h"
#include "store/takedown.h"
#include "util/date.h"
#include "util/str.h"

/* A JSON string for s, NULL -> null; invalid UTF-8 bytes become U+FFFD so
** the output is always valid JSON. */
static json_t *js(const char *s) {
  if (!s) return json_null();
  size_t len = strlen(s);
  if (px_utf8_valid(s, len)) {
    json_t *v = json_stringn(s, len);
    return v ? v : json_null();
  }
  px_buf b;
  px_buf_init(&b, 0);
  size_t i = 0;
  while (i < len) {
    size_t ok = px_utf8_valid_prefix(s + i, len - i);
    px_buf_append(&b, s + i, ok);
    i += ok;
    if (i < len) {
      px_buf_puts(&b, "\xef\xbf\xbd");
      i++;
    }
  }
  json_t *v = json_stringn(px_buf_cstr(&b), b.len);
  px_buf_reset(&b);
  return v ? v : json_null();
}

static void send_json(px_ctx *c, int status, json_t *v) {
  px_http_resp *r = c->resp;
  r->status = status;
  r->content_type = "application/json";
  r->body.len = 0;
  char *s = v ? json_dumps(v, JSON_COMPACT | JSON_ESCAPE_SLASH) : NULL;
  json_decref(v);
  if (!s) {
    px_resp_json_error(c, 500, "out of memory");
    return;
  }
  /* < and > only occur inside JSON strings: writing them as \u escapes
  ** keeps article markup inert even if a client renders the JSON as HTML. */
  for (const char *p = s; *p;) {
    size_t n = strcspn(p, "<>");
    px_buf_append(&r->body, p, n);
    p += n;
    if (*p) px_buf_puts(&r->body, *p++ == '<' ? "\\u003c" : "\\u003e");
  }
  px_buf_putc(&r->body, '\n');
  free(s);
}

static void fail(px_ctx *c, const px_err *e) {
  px_resp_json_error(c, px_status_for(e->rc), e->msg[0] ? e->msg : "error");
}

static json_t *parse_json_text(const char *s) {
  if (!s) return json_null();
  json_t *v = json_loads(s, JSON_DECODE_ANY, NULL);
  return v ? v : json_null();
}

static void set_paging(json_t *o, const char *base, size_t offset,
                       size_t limit, size_t total, const char *extra) {
  json_object_set_new(o, "offset", json_integer((json_int_t)offset));
  json_object_set_new(o, "limit", json_integer((json_int_t)limit));
  json_object_set_new(o, "total", json_integer((json_int_t)total));
  if (offset + limit < total) {
    px_buf b;
    px_buf_init(&b, 0);
    px_buf_printf(&b, "%s?%soffset=%zu&limit=%zu", base, extra ? extra : "",
                  offset + limit, limit);
    json_object_set_new(o, "next", js(px_buf_cstr(&b)));
    px_buf_reset(&b);
  } else {
    json_object_set_new(o, "next", json_null());
  }
}

/* ---- stories ------------------------------------------------------------- */

static json_t *utc_json(int64_t t) {
  char iso[32];
  px_date_utc_iso(t, iso, sizeof iso);
  return t ? json_string(iso) : json_null();
}

static json_t *story_json(const px_story_row *s) {
  json_t *o = json_object();
  char url[48];
  snprintf(url, sizeof url, "/stories/%lld", (long long)s->id);
  json_object_set_new(o, "id", json_integer(s->id));
  json_object_set_new(o, "title", js(s->title));
  json_object_set_new(o, "topic", js(s->topic));
  json_object_set_new(o, "article_count", json_integer(s->narticles));
  json_object_set_new(o, "outlet_count", json_integer(s->nsources));
  json_object_set_new(o, "first_published", js(s->first_published));
  json_object_set_new(o, "last_published", js(s->last_published));
  /* The instants (RFC 3339 UTC): the published texts are as the outlets
  ** wrote them, in their own zones or none. */
  json_object_set_new(o, "first_published_utc", utc_json(s->first_utc));
  json_object_set_new(o, "last_published_utc", utc_json(s->last_utc));
  json_object_set_new(o, "updated_at", js(s->updated_at));
  json_object_set_new(o, "url", js(url));
  return o;
}

typedef struct list {
  json_t *items;
  size_t skip, take, seen;
} list;

static int story_item(const px_story_row *s, void *ud) {
  list *l = ud;
  size_t i = l->seen++;
  if (i >= l->skip && i < l->skip + l->take)
    json_array_append_new(l->items, story_json(s));
  return 0;
}

void px_api_stories(px_ctx *c) {
  size_t offset, limit;
  px_page_params(c, &offset, &limit);
  list l = {json_array(), 0, limit, 0};
  px_err err = {0};
  size_t total = 0;
  if (px_story_list(c->st, offset, limit, story_item, &l, &total, &err)) {
    json_decref(l.items);
    fail(c, &err);
    return;
  }
  json_t *o = json_object();
  json_object_set_new(o, "items", l.items);
  set_paging(o, "/api/stories", offset, limit, total, NULL);
  send_json(c, 200, o);
}

static json_t *article_json(const px_article_row *a) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(a->id));
  json_object_set_new(o, "source", js(a->source));
  json_object_set_new(o, "url", js(a->url));
  json_object_set_new(o, "canonical_url", js(a->canonical_url));
  json_object_set_new(o, "title", js(a->title));
  json_object_set_new(o, "subtitle", js(a->subtitle));
  json_object_set_new(o, "authors", parse_json_text(a->authors_json));
  json_object_set_new(o, "wire", js(a->wire));
  json_object_set_new(o, "dateline", js(a->dateline));
  json_object_set_new(o, "published", js(a->published));
  json_object_set_new(o, "published_utc", utc_json(a->published_utc));
  json_object_set_new(o, "lang", js(a->lang));
  json_object_set_new(o, "section", js(a->section));
  json_object_set_new(o, "added_at", js(a->added_at));
  json_object_set_new(o, "is_republished", json_boolean(a->is_republished));
  json_object_set_new(o, "story_id",
                      a->story_id ? json_integer(a->story_id) : json_null());
  json_object_set_new(o, "body_length", json_integer(a->body_len));
  json_object_set_new(o, "content_hash", js(a->content_hash));
  /* guid, enclosures and categories from the feed entry (schema 8) */
  json_object_set_new(o, "feed", a->feed_meta ? parse_json_text(a->feed_meta) : json_null());
  return o;
}

/* Related stories (store.h), each as in the story list plus "score"; an
** empty array when none or on a read failure (the rest still answers). */
static json_t *related_json(px_store *st, int64_t id) {
  json_t *a = json_array();
  px_story_row **rows = NULL;
  double *sc = NULL;
  size_t n = 0;
  px_err e = {0};
  if (px_store_story_related_get(st, id, PX_STORY_RELATED_MAX, &rows, &sc, &n, &e) == PX_OK) {
    for (size_t i = 0; i < n; i++) {
      json_t *r = story_json(rows[i]);
      json_object_set_new(r, "score", json_real(sc[i]));
      json_array_append_new(a, r);
      px_story_row_free(rows[i]);
    }
  }
  free(rows);
  free(sc);
  return a;
}

void px_api_story(px_ctx *c, int64_t id) {
  px_err err = {0};
  px_story_row *s = NULL;
  int64_t *ids = NULL;
  size_t n = 0;
  char *an = NULL;
  if (px_store_story_get(c->st, id, &s, &err) ||
      px_store_story_articles(c->st, id, &ids, &n, &err)) {
    fail(c, &err);
    px_story_row_free(s);
    return;
  }
  json_t *o = story_json(s);
  json_t *arts = json_array();
  json_t *copies = json_object();
  for (size_t i = 0; i < n; i++) {
    px_article_row *a = NULL;
    px_err e = {0};
    if (px_store_article_get(c->st, ids[i], &a, &e)) continue;
    json_array_append_new(arts, article_json(a));
    px_article_row_free(a);
    char *cj = NULL;
    if (px_store_copies_get(c->st, ids[i], &cj, &e) == PX_OK && cj) {
      char k[24];
      snprintf(k, sizeof k, "%lld", (long long)ids[i]);
      json_object_set_new(copies, k, parse_json_text(cj));
    }
    free(cj);
  }
  px_store_story_analysis(c->st, id, &an, &err);
  json_object_set_new(o, "articles", arts);
  json_object_set_new(o, "copies", copies);
  json_object_set_new(o, "related", related_json(c->st, id));
  json_object_set_new(o, "analysis", parse_json_text(an));
  free(an);
  free(ids);
  px_story_row_free(s);
  send_json(c, 200, o);
}

void px_api_article(px_ctx *c, int64_t id) {
  px_err err = {0};
  px_article_row *a = NULL;
  px_doc *d = NULL;
  if (px_store_article_get(c->st, id, &a, &err) ||
      px_store_article_doc(c->st, id, &d, &err)) {
    fail(c, &err);
    px_article_row_free(a);
    return;
  }
  json_t *o = article_json(a);
  json_t *blocks = json_array();
  for (size_t i = 0; i < d->nblocks; i++) {
    json_t *b = json_object();
    json_object_set_new(b, "kind", js(px_block_kind_name(d->blocks[i].kind)));
    json_object_set_new(b, "text", js(d->blocks[i].text));
    json_array_append_new(blocks, b);
  }
  json_object_set_new(o, "blocks", blocks);
  char *cj = NULL;
  if (px_store_copies_get(c->st, id, &cj, &err) == PX_OK)
    json_object_set_new(o, "copies", parse_json_text(cj));
  free(cj);
  px_doc_free(d);
  px_article_row_free(a);
  send_json(c, 200, o);
}

/* ---- search -------------------------------------------------------------- */

static json_t *plain_snippet(const char *s) {
  if (!s) return json_null();
  px_buf b;
  px_buf_init(&b, 0);
  for (const char *p = s; *p; p++)
    if (*p != PX_SEARCH_MARK_OPEN[0] && *p != PX_SEARCH_MARK_CLOSE[0])
      px_buf_putc(&b, *p);
  json_t *v = js(px_buf_cstr(&b));
  px_buf_reset(&b);
  return v;
}

static json_t *html_snippet(const char *s) {
  px_buf b;
  px_buf_init(&b, 0);
  px_html_snippet(&b, s);
  json_t *v = js(px_buf_cstr(&b));
  px_buf_reset(&b);
  return v;
}

void px_api_search(px_ctx *c) {
  px_search_query q;
  px_err err = {0};
  px_search_result *r = NULL;
  if (!px_param(c, "q") || !*px_param(c, "q")) {
    px_resp_json_error(c, 400, "the q parameter is required");
    return;
  }
  if (px_search_params(c, &q, &err) || px_search_run(c->st, &q, &r, &err)) {
    fail(c, &err);
    return;
  }
  json_t *o = json_object();
  json_object_set_new(o, "query", js(px_param(c, "q")));
  json_object_set_new(o, "total_hits", json_integer((json_int_t)r->total_hits));
  json_t *groups = json_array();
  for (size_t g = 0; g < r->ngroups; g++) {
    px_search_group *gr = &r->groups[g];
    json_t *go = json_object();
    json_object_set_new(go, "story_id",
                        gr->story_id ? json_integer(gr->story_id) : json_null());
    json_object_set_new(go, "story_title", js(gr->story_title));
    json_t *hits = json_array();
    for (size_t k = gr->first; k < gr->first + gr->count; k++) {
      px_search_hit *h = &r->hits[k];
      json_t *ho = json_object();
      json_object_set_new(ho, "article_id", json_integer(h->article_id));
      json_object_set_new(ho, "title", js(h->title));
      json_object_set_new(ho, "source", js(h->source));
      json_object_set_new(ho, "url", js(h->url));
      json_object_set_new(ho, "published", js(h->published));
      json_object_set_new(ho, "lang", js(h->lang));
      json_object_set_new(ho, "score", json_real(h->score));
      json_object_set_new(ho, "snippet", plain_snippet(h->snippet));
      json_object_set_new(ho, "snippet_html", html_snippet(h->snippet));
      json_array_append_new(hits, ho);
    }
    json_object_set_new(go, "hits", hits);
    json_array_append_new(groups, go);
  }
  json_object_set_new(o, "items", groups);
  px_buf extra;
  px_buf_init(&extra, 0);
  static const char *const keys[] = {"q", "source", "lang", "from", "to", NULL};
  for (int i = 0; keys[i]; i++) {
    const char *v = px_param(c, keys[i]);
    if (!v || !*v) continue;
    px_buf_printf(&extra, "%s=", keys[i]);
    px_url_encode(&extra, v, strlen(v));
    px_buf_putc(&extra, '&');
  }
  set_paging(o, "/api/search", q.offset, q.limit ? q.limit : 20, r->total_groups,
             px_buf_cstr(&extra));
  px_buf_reset(&extra);
  px_search_result_free(r);
  send_json(c, 200, o);
}

typedef struct outlet_list {
  json_t *items;
  size_t skip, take, seen;
} outlet_list;

static int outlet_item(const px_article_row *a, void *ud) {
  outlet_list *l = ud;
  size_t i = l->seen++;
  if (i >= l->skip && i < l->skip + l->take)
    json_array_append_new(l->items, article_json(a));
  return 0;
}

void px_api_outlet(px_ctx *c, const char *name) {
  px_err err = {0};
  int64_t sid = 0;
  if (px_store_source_id(c->st, name, 0, &sid, &err) || !sid) {
    px_resp_json_error(c, 404, "no such outlet");
    return;
  }
  size_t offset, limit;
  px_page_params(c, &offset, &limit);
  outlet_list l = {json_array(), offset, limit, 0};
  if (px_store_article_each(c->st, sid, outlet_item, &l, &err)) {
    json_decref(l.items);
    fail(c, &err);
    return;
  }
  json_t *o = json_object();
  json_object_set_new(o, "name", js(name));
  json_object_set_new(o, "items", l.items);
  px_buf base;
  px_buf_init(&base, 0);
  px_buf_puts(&base, "/api/outlets/");
  px_url_encode(&base, name, strlen(name));
  set_paging(o, px_buf_cstr(&base), offset, limit, l.seen, NULL);
  px_buf_reset(&base);
  send_json(c, 200, o);
}

/* ---- writes -------------------------------------------------------------- */

static bool authorized(px_ctx *c) {
  if (px_auth_check(c->st, c->req->authorization)) return true;
  px_resp_json_error(c, 401, "this needs an API token: Authorization: Bearer "
                             "<token> (make one with: parallax token create)");
  return false;
}

static json_t *body_object(px_ctx *c) {
  json_error_t je;
  json_t *v = c->req->body_len
                  ? json_loadb(c->req->body, c->req->body_len, 0, &je)
                  : NULL;
  if (!json_is_object(v)) {
    json_decref(v);
    px_resp_json_error(c, 400, "the request body must be a JSON object");
    return NULL;
  }
  return v;
}

static const char *str_field(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_string(v) ? json_string_value(v) : NULL;
}


/* The server's ingest pipeline, built on first use on a connection of its
** own (a pipeline notices other connections' commits, not its own
** connection's) and kept, so an add costs one article's work rather than
** re-reading the store. Call with write_lock held. */
static px_rc ingest_pipeline(px_app *a, px_err *err) {
  if (a->pipe) return PX_OK;
  if (!a->pipe_st) {
    px_rc rc = px_store_open(a->db_path, &a->pipe_st, err);
    if (rc) return rc;
  }
  return px_pipeline_new(a->pipe_st, &a->pipe, err);
}

void px_api_add(px_ctx *c) {
  if (!authorized(c)) return;
  json_t *b = body_object(c);
  if (!b) return;
  const char *url = str_field(b, "url");
  const char *text = str_field(b, "text");
  const char *html = str_field(b, "html");
  const char *source = str_field(b, "source");
  if (!url || !*url || (!text && !html)) {
    json_decref(b);
    px_resp_json_error(c, 400, "give url and text (or html)");
    return;
  }
  if (px_takedown_is_blocked(c->st, url, source)) {
    json_decref(b);
    px_resp_json_error(c, 451, "this URL or outlet was taken down and is "
                               "refused");
    return;
  }
  px_input in;
  memset(&in, 0, sizeof in);
  in.data = html ? html : text;
  in.len = strlen(in.data);
  in.url = url;
  in.content_type = html ? "text/html" : "text/plain";
  in.source = source;
  in.title = str_field(b, "title");
  in.published = str_field(b, "published");
  px_err err = {0};
  px_add_result res;
  memset(&res, 0, sizeof res);
  pthread_mutex_lock(&c->app->write_lock);
  px_rc rc = ingest_pipeline(c->app, &err);
  if (!rc) rc = px_pipeline_add(c->app->pipe, &in, &res, &err);
  if (!rc) px_pipeline_refresh(c->app->pipe, NULL);
  pthread_mutex_unlock(&c->app->write_lock);
  json_decref(b);
  if (rc && rc != PX_EEXISTS) {
    fail(c, &err);
    return;
  }
  static const char *const st[] = {"added", "updated", "unchanged", "duplicate"};
  json_t *o = json_object();
  json_object_set_new(o, "status", js(st[res.status <= PX_DUPLICATE ? res.status : 0]));
  json_object_set_new(o, "article_id", json_integer(res.article_id));
  json_object_set_new(o, "story_id",
                      res.story_id ? json_integer(res.story_id) : json_null());
  send_json(c, res.status == PX_ADDED ? 201 : 200, o);
}

/* DELETE of one thing by id: authorised, under the write lock, answered
** {"deleted": id} or the store's error. */
static void delete_by_id(px_ctx *c, int64_t id,
                         px_rc (*del)(px_store *st, int64_t id, px_err *err)) {
  if (!authorized(c)) return;
  px_err err = {0};
  pthread_mutex_lock(&c->app->write_lock);
  px_rc rc = del(c->st, id, &err);
  /* Data derived from the removed text must not outlive it on disk. */
  if (!rc) rc = px_pipeline_drop_saved(c->st, &err);
  pthread_mutex_unlock(&c->app->write_lock);
  if (rc) {
    fail(c, &err);
    return;
  }
  json_t *o = json_object();
  json_object_set_new(o, "deleted", json_integer(id));
  send_json(c, 200, o);
}

void px_api_delete_article(px_ctx *c, int64_t id) {
  delete_by_id(c, id, px_store_article_delete);
}

void px_api_takedown(px_ctx *c) {
  if (!authorized(c)) return;
  json_t *b = body_object(c);
  if (!b) return;
  const char *src = str_field(b, "source");
  const char *url = str_field(b, "url");
  const char *why = str_field(b, "reason");
  if ((!src || !*src) == (!url || !*url)) {
    json_decref(b);
    px_resp_json_error(c, 400, "give exactly one of source or url");
    return;
  }
  px_err err = {0};
  int64_t removed = 0, rec = 0;
  pthread_mutex_lock(&c->app->write_lock);
  px_rc rc = px_serve_takedown(c->st, src ? PX_TAKEDOWN_SOURCE : PX_TAKEDOWN_URL,
                               src ? src : url, why, &removed, &rec, &err);
  pthread_mutex_unlock(&c->app->write_lock);
  json_decref(b);
  if (rc) {
    fail(c, &err);
    return;
  }
  json_t *o = json_object();
  json_object_set_new(o, "takedown", json_integer(rec));
  json_object_set_new(o, "removed_articles", json_integer(removed));
  send_json(c, 200, o);
}

static int alert_item(const px_alert_row *r, void *ud) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(r->id));
  json_object_set_new(o, "query", js(r->query));
  json_object_set_new(o, "webhook", js(r->webhook));
  json_object_set_new(o, "email", js(r->email));
  json_object_set_new(o, "created_at", js(r->created_at));
  json_array_append_new(ud, o);
  return 0;
}

void px_api_alerts(px_ctx *c) {
  if (!authorized(c)) return;
  json_t *items = json_array();
  px_err err = {0};
  if (px_alert_each(c->st, alert_item, items, &err)) {
    json_decref(items);
    fail(c, &err);
    return;
  }
  json_t *o = json_object();
  size_t n = json_array_size(items);
  json_object_set_new(o, "items", items);
  set_paging(o, "/api/alerts", 0, n, n, NULL);
  send_json(c, 200, o);
}

void px_api_alert_add(px_ctx *c) {
  if (!authorized(c)) return;
  json_t *b = body_object(c);
  if (!b) return;
  px_err err = {0};
  int64_t id = 0;
  pthread_mutex_lock(&c->app->write_lock);
  px_rc rc = px_alert_add(c->st, str_field(b, "query"), str_field(b, "webhook"),
                          str_field(b, "email"), &id, &err);
  pthread_mutex_unlock(&c->app->write_lock);
  json_decref(b);
  if (rc) {
    fail(c, &err);
    return;
  }
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(id));
  send_json(c, 201, o);
}

void px_api_alert_delete(px_ctx *c, int64_t id) {
  delete_by_id(c, id, px_alert_delete);
}
