/*
** atom.c: the Atom writer and the three feeds: the front page (stories),
** one story (its coverage: an entry per article, newest first) and any
** search (an entry per matching article).
** Memory: entry strings are built in the request arena.
*/
#include "serve/atom.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search/search.h"
#include "serve/app.h"
#include "serve/html.h"
#include "util/str.h"

#define FEED_MAX 50

static px_rc el(px_buf *b, const char *name, const char *text) {
  if (!text) return PX_OK;
  px_rc rc = px_buf_printf(b, "<%s>", name);
  if (!rc) rc = px_html_str(b, text);
  if (!rc) rc = px_buf_printf(b, "</%s>", name);
  return rc;
}

static px_rc link(px_buf *b, const char *rel, const char *type,
                  const char *href) {
  if (!href || !px_html_url_ok(href) || href[0] == '/') return PX_OK;
  px_rc rc = px_buf_printf(b, "<link rel=\"%s\"", rel);
  if (!rc && type) rc = px_buf_printf(b, " type=\"%s\"", type);
  if (!rc) rc = px_buf_puts(b, " href=\"");
  if (!rc) rc = px_html_str(b, href);
  if (!rc) rc = px_buf_puts(b, "\"/>");
  return rc;
}

void px_atom_time(int64_t epoch, char out[32]) {
  time_t t = (time_t)epoch;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

px_rc px_atom_write(px_buf *b, const px_atom_feed *f, const px_atom_entry *e,
                    size_t n) {
  const char *updated = f->updated;
  for (size_t i = 0; !updated && i < n; i++) updated = e[i].updated;
  for (size_t i = 0; !f->updated && i < n; i++)
    if (e[i].updated && strcmp(e[i].updated, updated) > 0) updated = e[i].updated;
  if (!updated) updated = "1970-01-01T00:00:00Z";
  px_rc rc = px_buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                            "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
  if (!rc) rc = el(b, "id", f->id);
  if (!rc) rc = el(b, "title", f->title);
  if (!rc) rc = el(b, "updated", updated);
  if (!rc) rc = link(b, "self", "application/atom+xml", f->self);
  if (!rc) rc = link(b, "alternate", "text/html", f->alternate);
  if (!rc) rc = px_buf_puts(b, "<generator version=\"" PX_VERSION "\">Parallax</generator>\n");
  for (size_t i = 0; !rc && i < n; i++) {
    rc = px_buf_puts(b, "<entry>");
    if (!rc) rc = el(b, "id", e[i].id);
    if (!rc) rc = el(b, "title", e[i].title && *e[i].title ? e[i].title : "(untitled)");
    if (!rc) rc = el(b, "updated", e[i].updated ? e[i].updated : updated);
    if (!rc) rc = link(b, "alternate", "text/html", e[i].link);
    if (!rc && e[i].author && *e[i].author) {
      rc = px_buf_puts(b, "<author>");
      if (!rc) rc = el(b, "name", e[i].author);
      if (!rc) rc = px_buf_puts(b, "</author>");
    }
    if (!rc && e[i].summary && *e[i].summary) {
      rc = px_buf_puts(b, "<summary type=\"text\">");
      if (!rc) rc = px_html_str(b, e[i].summary);
      if (!rc) rc = px_buf_puts(b, "</summary>");
    }
    if (!rc) rc = px_buf_puts(b, "</entry>\n");
  }
  if (!rc) rc = px_buf_puts(b, "</feed>\n");
  return rc;
}

/* ---- handlers ------------------------------------------------------------ */

static char *fmt(px_ctx *c, const char *f, ...)
    __attribute__((format(printf, 2, 3)));
static char *fmt(px_ctx *c, const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  int n = vsnprintf(NULL, 0, f, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *s = px_arena_alloc(c->arena, (size_t)n + 1);
  if (!s) return NULL;
  va_start(ap, f);
  vsnprintf(s, (size_t)n + 1, f, ap);
  va_end(ap);
  return s;
}

static char *dup(px_ctx *c, const char *s) {
  return s ? px_arena_strdup(c->arena, s) : NULL;
}

/* "YYYY-MM-DDTHH:MM:SSZ" from a row: publish time, else when stored. */
static char *when(px_ctx *c, int64_t utc, const char *fallback) {
  char t[32];
  if (utc) {
    px_atom_time(utc, t);
    return dup(c, t);
  }
  return dup(c, fallback && *fallback ? fallback : "1970-01-01T00:00:00Z");
}

static void send_feed(px_ctx *c, const px_atom_feed *f, px_atom_entry *e,
                      size_t n) {
  c->resp->content_type = "application/atom+xml; charset=utf-8";
  c->resp->body.len = 0;
  if (px_atom_write(&c->resp->body, f, e, n)) {
    px_resp_text_error(c, 500, "out of memory");
  }
}

typedef struct feed_ctx {
  px_ctx *c;
  px_atom_entry *e;
  size_t n;
} feed_ctx;

static int story_entry(const px_story_row *s, void *ud) {
  feed_ctx *f = ud;
  if (f->n == FEED_MAX) return 1;
  px_ctx *c = f->c;
  px_atom_entry *e = &f->e[f->n++];
  e->id = fmt(c, "urn:parallax:story:%lld", (long long)s->id);
  e->title = dup(c, s->title);
  e->link = fmt(c, "%s/stories/%lld", c->app->base_url, (long long)s->id);
  e->updated = dup(c, s->updated_at);
  e->summary = fmt(c, "%lld outlets, %lld articles", (long long)s->nsources,
                   (long long)s->narticles);
  return 0;
}

void px_feed_front(px_ctx *c) {
  px_atom_entry e[FEED_MAX];
  memset(e, 0, sizeof e);
  feed_ctx f = {c, e, 0};
  px_err err = {0};
  if (px_story_list(c->st, 0, FEED_MAX, story_entry, &f, NULL, &err)) {
    px_resp_text_error(c, px_status_for(err.rc), err.msg);
    return;
  }
  px_atom_feed feed = {"urn:parallax:front", "Parallax: stories",
                       fmt(c, "%s/feed.atom", c->app->base_url),
                       fmt(c, "%s/", c->app->base_url), NULL};
  send_feed(c, &feed, e, f.n);
}

static char *first_words(px_ctx *c, int64_t id) {
  px_doc *d = NULL;
  px_err err = {0};
  if (px_store_article_doc(c->st, id, &d, &err)) return NULL;
  char *s = NULL;
  for (size_t i = 0; i < d->nblocks && !s; i++) {
    if (d->blocks[i].kind != PX_BLOCK_PARA) continue;
    size_t n = d->blocks[i].len;
    if (n > 400) {
      n = 400;
      while (n > 0 && ((unsigned char)d->blocks[i].text[n] & 0xC0) == 0x80) n--;
    }
    s = px_arena_strndup(c->arena, d->blocks[i].text, n);
  }
  px_doc_free(d);
  return s;
}

void px_feed_story(px_ctx *c, int64_t id) {
  px_err err = {0};
  px_story_row *s = NULL;
  int64_t *ids = NULL;
  size_t n = 0;
  if (px_store_story_get(c->st, id, &s, &err) ||
      px_store_story_articles(c->st, id, &ids, &n, &err)) {
    px_resp_text_error(c, px_status_for(err.rc), err.msg);
    px_story_row_free(s);
    return;
  }
  px_atom_entry e[FEED_MAX];
  memset(e, 0, sizeof e);
  size_t k = 0;
  /* Newest coverage first. */
  for (size_t i = n; i-- > 0 && k < FEED_MAX;) {
    px_article_row *a = NULL;
    if (px_store_article_get(c->st, ids[i], &a, &err)) continue;
    px_atom_entry *x = &e[k++];
    x->id = fmt(c, "urn:parallax:article:%lld", (long long)a->id);
    x->title = fmt(c, "%s: %s",
                   a->source && *a->source ? a->source : "Unknown outlet",
                   a->title && *a->title ? a->title : "(untitled)");
    x->link = px_html_url_ok(a->url) && a->url[0] != '/'
                  ? dup(c, a->url)
                  : fmt(c, "%s/articles/%lld", c->app->base_url, (long long)a->id);
    x->updated = when(c, a->published_utc, a->added_at);
    x->author = dup(c, a->source);
    x->summary = a->subtitle && *a->subtitle ? dup(c, a->subtitle)
                                             : first_words(c, a->id);
    px_article_row_free(a);
  }
  px_atom_feed feed = {fmt(c, "urn:parallax:story:%lld", (long long)id),
                       fmt(c, "Parallax: %s", s->title ? s->title : "story"),
                       fmt(c, "%s/stories/%lld/feed.atom", c->app->base_url,
                           (long long)id),
                       fmt(c, "%s/stories/%lld", c->app->base_url, (long long)id),
                       NULL};
  send_feed(c, &feed, e, k);
  free(ids);
  px_story_row_free(s);
}

void px_feed_search(px_ctx *c) {
  px_search_query q;
  px_err err = {0};
  px_search_result *r = NULL;
  const char *qs = px_param(c, "q");
  if (!qs || !*qs) {
    px_resp_text_error(c, 400, "the q parameter is required");
    return;
  }
  if (px_search_params(c, &q, &err)) {
    px_resp_text_error(c, 400, err.msg);
    return;
  }
  q.limit = FEED_MAX;
  if (px_search_run(c->st, &q, &r, &err)) {
    px_resp_text_error(c, px_status_for(err.rc), err.msg);
    return;
  }
  px_atom_entry e[FEED_MAX];
  memset(e, 0, sizeof e);
  size_t k = 0;
  for (size_t i = 0; i < r->nhits && k < FEED_MAX; i++) {
    px_search_hit *h = &r->hits[i];
    px_atom_entry *x = &e[k++];
    x->id = fmt(c, "urn:parallax:article:%lld", (long long)h->article_id);
    x->title = dup(c, h->title);
    x->link = fmt(c, "%s/articles/%lld", c->app->base_url, (long long)h->article_id);
    px_article_row *a = NULL;
    if (px_store_article_get(c->st, h->article_id, &a, &err) == PX_OK) {
      x->updated = when(c, a->published_utc, a->added_at);
      px_article_row_free(a);
    }
    x->author = dup(c, h->source);
    if (h->snippet) {
      char *s = px_arena_strdup(c->arena, h->snippet);
      if (s) {
        char *w = s;
        for (char *p = s; *p; p++)
          if (*p != PX_SEARCH_MARK_OPEN[0] && *p != PX_SEARCH_MARK_CLOSE[0]) *w++ = *p;
        *w = '\0';
      }
      x->summary = s;
    }
  }
  px_buf self, alt, title;
  px_buf_init(&self, 0);
  px_buf_init(&alt, 0);
  px_buf_init(&title, 0);
  px_buf_printf(&self, "%s/search.atom?q=", c->app->base_url);
  px_url_encode(&self, qs, strlen(qs));
  px_buf_printf(&alt, "%s/search?q=", c->app->base_url);
  px_url_encode(&alt, qs, strlen(qs));
  px_buf_printf(&title, "Parallax search: %s", qs);
  px_buf id;
  px_buf_init(&id, 0);
  px_buf_puts(&id, "urn:parallax:search:");
  px_url_encode(&id, qs, strlen(qs));
  px_atom_feed feed = {px_buf_cstr(&id), px_buf_cstr(&title), px_buf_cstr(&self),
                       px_buf_cstr(&alt), NULL};
  send_feed(c, &feed, e, k);
  px_buf_reset(&self);
  px_buf_reset(&alt);
  px_buf_reset(&title);
  px_buf_reset(&id);
  px_search_result_free(r);
}
