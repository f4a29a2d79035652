/*
** store.c: the store interface (store.h) over its backends. Opens the
** backend the location names (a postgresql:// or postgres:// URL:
** store_pg.c; anything else is a SQLite file: store_sqlite.c) and routes
** every call through its px_store_ops (store_int.h). Also what the
** backends share: row freeing, a doc's JSON columns and its rebuilding.
** An operation a backend lacks fails with PX_EDB naming the backend.
*/
#include "store/store_int.h"
#include "store/schema.h"
#include "analyze/zone.h"
#include "extract/outlets.h"
#include "ingest/url.h"
#include "util/date.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/str.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* ---- opening and routing ------------------------------------------------- */

bool px_store_is_url(const char *where) {
  return where && (!strncmp(where, "postgresql://", 13) || !strncmp(where, "postgres://", 11));
}

/* Weak: a program that links no PostgreSQL (the light `parallax`, which
** hands URL stores to parallax-full, src/cli/meson.build) keeps libpq and
** the ~20 libraries it loads out of every run; one that wants the backend
** references store_pg.c itself. */
extern px_rc px_store_pg_open(const char *url, px_store **out, px_err *err)
    __attribute__((weak));

px_rc px_store_open(const char *path, px_store **out, px_err *err) {
  if (!path || !*path) return px_err_set(err, PX_EINVAL, "no store given");
  if (px_store_is_url(path)) {
    if (!px_store_pg_open)
      return px_err_set(err, PX_EINVAL, "this program is built without the "
                                        "postgresql backend");
    return px_store_pg_open(path, out, err);
  }
  return px_store_sqlite_open(path, out, err);
}

int px_store_schema_version(px_store *s) {
  (void)s;
  return PX_SCHEMA_VERSION;
}

const char *px_store_path(const px_store *s) { return s->path; }

const char *px_store_backend(const px_store *s) { return s->ops->name; }

px_rc px_store_unsupported(px_store *s, const char *what, px_err *err) {
  return px_err_set(err, PX_EDB, "%s is not supported on the %s backend yet", what,
                    s ? s->ops->name : "(no store)");
}

static px_rc unsupported(px_store *s, const char *what, px_err *err) {
  return px_store_unsupported(s, what, err);
}

void px_store_close(px_store *s) {
  if (s) s->ops->close(s);
}

struct sqlite3 *px_store_sqlite(px_store *s) {
  return s->ops->sqlite ? s->ops->sqlite(s) : NULL;
}

struct pg_conn *px_store_pg(px_store *s) {
  return s->ops->pg ? s->ops->pg(s) : NULL;
}

px_rc px_store_generation(px_store *s, int64_t *g, px_err *err) {
  if (!s->ops->generation) return unsupported(s, "generation", err);
  return s->ops->generation(s, g, err);
}

px_rc px_store_begin(px_store *s, px_err *err) {
  if (!s->ops->begin) return unsupported(s, "begin", err);
  return s->ops->begin(s, err);
}

px_rc px_store_commit(px_store *s, px_err *err) {
  if (!s->ops->commit) return unsupported(s, "commit", err);
  return s->ops->commit(s, err);
}

void px_store_rollback(px_store *s) {
  s->ops->rollback(s);
}

px_rc px_store_sources_canonicalize(px_store *s, px_err *err) {
  if (!s->ops->sources_canonicalize) return unsupported(s, "sources canonicalize", err);
  return s->ops->sources_canonicalize(s, err);
}

px_rc px_store_source_id(px_store *s, const char *name, int create, int64_t *id, px_err *err) {
  if (!s->ops->source_id) return unsupported(s, "source id", err);
  return s->ops->source_id(s, name, create, id, err);
}

px_rc px_store_article_put(px_store *s, const px_article_put *a, int64_t *id, px_err *err) {
  if (!s->ops->article_put) return unsupported(s, "article put", err);
  return s->ops->article_put(s, a, id, err);
}

px_rc px_store_article_get(px_store *s, int64_t id, px_article_row **out, px_err *err) {
  if (!s->ops->article_get) return unsupported(s, "article get", err);
  return s->ops->article_get(s, id, out, err);
}

px_rc px_store_article_doc(px_store *s, int64_t id, px_doc **out, px_err *err) {
  if (!s->ops->article_doc) return unsupported(s, "article doc", err);
  return s->ops->article_doc(s, id, out, err);
}

px_rc px_store_article_raw(px_store *s, int64_t id, char **raw, size_t *len, px_err *err) {
  if (!s->ops->article_raw) return unsupported(s, "article raw", err);
  return s->ops->article_raw(s, id, raw, len, err);
}

px_rc px_store_article_each(px_store *s, int64_t source_id, px_article_fn fn, void *ud, px_err *err) {
  if (!s->ops->article_each) return unsupported(s, "article each", err);
  return s->ops->article_each(s, source_id, fn, ud, err);
}

px_rc px_store_article_find_hash(px_store *s, const char *content_hash, int64_t *id, px_err *err) {
  if (!s->ops->article_find_hash) return unsupported(s, "article find hash", err);
  return s->ops->article_find_hash(s, content_hash, id, err);
}

px_rc px_store_article_add_url(px_store *s, int64_t id, const char *url, const char *source, px_err *err) {
  if (!s->ops->article_add_url) return unsupported(s, "article add url", err);
  return s->ops->article_add_url(s, id, url, source, err);
}

px_rc px_store_article_urls(px_store *s, int64_t id, px_url_fn fn, void *ud, px_err *err) {
  if (!s->ops->article_urls) return unsupported(s, "article urls", err);
  return s->ops->article_urls(s, id, fn, ud, err);
}

px_rc px_store_article_delete(px_store *s, int64_t id, px_err *err) {
  if (!s->ops->article_delete) return unsupported(s, "article delete", err);
  return s->ops->article_delete(s, id, err);
}

px_rc px_store_articles_delete(px_store *s, const int64_t *ids, size_t n, size_t *deleted, px_err *err) {
  if (!s->ops->articles_delete) return unsupported(s, "articles delete", err);
  return s->ops->articles_delete(s, ids, n, deleted, err);
}

px_rc px_store_scrub(px_store *s, bool vacuum, px_err *err) {
  if (!s->ops->scrub) return unsupported(s, "scrub", err);
  return s->ops->scrub(s, vacuum, err);
}

px_rc px_store_source_delete(px_store *s, const char *name, int64_t *count, px_err *err) {
  if (!s->ops->source_delete) return unsupported(s, "source delete", err);
  return s->ops->source_delete(s, name, count, err);
}

px_rc px_store_story_create(px_store *s, const char *title, int64_t *id, px_err *err) {
  if (!s->ops->story_create) return unsupported(s, "story create", err);
  return s->ops->story_create(s, title, id, err);
}

px_rc px_store_story_add(px_store *s, int64_t story_id, int64_t article_id, double score, px_err *err) {
  if (!s->ops->story_add) return unsupported(s, "story add", err);
  return s->ops->story_add(s, story_id, article_id, score, err);
}

px_rc px_store_story_merge(px_store *s, int64_t into, int64_t from, px_err *err) {
  if (!s->ops->story_merge) return unsupported(s, "story merge", err);
  return s->ops->story_merge(s, into, from, err);
}

px_rc px_store_story_resolve(px_store *s, int64_t id, int64_t *live, px_err *err) {
  if (!s->ops->story_resolve) return unsupported(s, "story resolve", err);
  return s->ops->story_resolve(s, id, live, err);
}

px_rc px_store_story_get(px_store *s, int64_t id, px_story_row **out, px_err *err) {
  if (!s->ops->story_get) return unsupported(s, "story get", err);
  return s->ops->story_get(s, id, out, err);
}

px_rc px_store_story_each(px_store *s, px_story_fn fn, void *ud, px_err *err) {
  if (!s->ops->story_each) return unsupported(s, "story each", err);
  return s->ops->story_each(s, fn, ud, err);
}

px_rc px_store_story_articles(px_store *s, int64_t story_id, int64_t **ids, size_t *n, px_err *err) {
  if (!s->ops->story_articles) return unsupported(s, "story articles", err);
  return s->ops->story_articles(s, story_id, ids, n, err);
}

px_rc px_store_story_related_set(px_store *s, int64_t story_id, const int64_t *ids, const double *scores, size_t n, px_err *err) {
  if (!s->ops->story_related_set) return unsupported(s, "story related set", err);
  return s->ops->story_related_set(s, story_id, ids, scores, n, err);
}

px_rc px_store_story_related_get(px_store *s, int64_t story_id, size_t max, px_story_row ***rows, double **scores, size_t *n, px_err *err) {
  if (!s->ops->story_related_get) return unsupported(s, "story related get", err);
  return s->ops->story_related_get(s, story_id, max, rows, scores, n, err);
}

px_rc px_store_story_set_analysis(px_store *s, int64_t story_id, const char *title, const char *topic, const char *json, px_err *err) {
  if (!s->ops->story_set_analysis) return unsupported(s, "story set analysis", err);
  return s->ops->story_set_analysis(s, story_id, title, topic, json, err);
}

px_rc px_store_story_analysis(px_store *s, int64_t story_id, char **json, px_err *err) {
  if (!s->ops->story_analysis) return unsupported(s, "story analysis", err);
  return s->ops->story_analysis(s, story_id, json, err);
}

px_rc px_store_story_stale(px_store *s, int64_t **ids, size_t *n, px_err *err) {
  if (!s->ops->story_stale) return unsupported(s, "story stale", err);
  return s->ops->story_stale(s, ids, n, err);
}

px_rc px_store_story_prune(px_store *s, px_err *err) {
  if (!s->ops->story_prune) return unsupported(s, "story prune", err);
  return s->ops->story_prune(s, err);
}

px_rc px_store_copies_set(px_store *s, int64_t article_id, const char *json, px_err *err) {
  if (!s->ops->copies_set) return unsupported(s, "copies set", err);
  return s->ops->copies_set(s, article_id, json, err);
}

px_rc px_store_copies_get(px_store *s, int64_t article_id, char **json, px_err *err) {
  if (!s->ops->copies_get) return unsupported(s, "copies get", err);
  return s->ops->copies_get(s, article_id, json, err);
}

px_rc px_store_setting_get(px_store *s, const char *key, char **value, px_err *err) {
  if (!s->ops->setting_get) return unsupported(s, "setting get", err);
  return s->ops->setting_get(s, key, value, err);
}

px_rc px_store_setting_set(px_store *s, const char *key, const char *value, px_err *err) {
  if (!s->ops->setting_set) return unsupported(s, "setting set", err);
  return s->ops->setting_set(s, key, value, err);
}

px_rc px_store_takedown_match(px_store *s, const char *url_hash, const char *name_key, const char *host_key, int *found, px_err *err) {
  if (!s->ops->takedown_match) return unsupported(s, "takedown match", err);
  return s->ops->takedown_match(s, url_hash, name_key, host_key, found, err);
}

/* ---- shared by the backends --------------------------------------------- */

void px_article_row_free(px_article_row *r) {
  if (!r) return;
  free(r->source); free(r->url); free(r->canonical_url); free(r->title);
  free(r->subtitle); free(r->authors_json); free(r->wire); free(r->dateline);
  free(r->published); free(r->feed_meta); free(r->lang); free(r->section); free(r->added_at);
  free(r->content_hash);
  free(r);
}

char *px_store_blocks_json(const px_doc *d) {
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < d->nblocks; i++) {
    json_t *o = json_pack("{s:s, s:s%}", "kind",
                          px_block_kind_name(d->blocks[i].kind), "text",
                          d->blocks[i].text, d->blocks[i].len);
    if (!o || json_array_append_new(arr, o)) {
      json_decref(arr);
      return NULL;
    }
  }
  char *s = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
  json_decref(arr);
  return s;
}

char *px_store_authors_json(const px_doc *d) {
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < d->nauthors; i++)
    json_array_append_new(arr, json_string(d->authors[i]));
  char *s = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
  json_decref(arr);
  return s;
}

int64_t px_store_published_utc(const px_doc *d) {
  px_time t;
  if (!d->published || px_date_parse(d->published, strlen(d->published), &t) != PX_OK)
    return 0;
  size_t plen;
  const char *place = t.has_tz || !t.has_time ? NULL : an_zone_place(d, &plen);
  int off;
  if (place && an_zone_offset(place, plen, t.epoch, &off)) return t.epoch - (int64_t)off * 60;
  return t.epoch;
}

void px_story_row_free(px_story_row *r) {
  if (!r) return;
  free(r->title); free(r->topic); free(r->first_published);
  free(r->last_published); free(r->updated_at);
  free(r);
}

px_rc px_store_doc_build(const char *const col[15], int64_t id, px_doc **out,
                         px_err *err) {
  px_doc *d = px_doc_new(0);
  if (!d) return px_err_set(err, PX_ENOMEM, "out of memory");
  const char **fields[] = {&d->url, &d->canonical_url, &d->title, &d->subtitle,
                           &d->site};
  for (int i = 0; i < 5; i++)
    if (col[i]) px_doc_set(d, fields[i], col[i], strlen(col[i]));
  const char **more[] = {&d->wire, &d->dateline, &d->published, &d->updated,
                         &d->lang, &d->image, &d->section};
  for (int i = 0; i < 7; i++)
    if (col[6 + i]) px_doc_set(d, more[i], col[6 + i], strlen(col[6 + i]));
  d->is_republished = col[13] && strcmp(col[13], "0") != 0 && *col[13];
  json_error_t je;
  json_t *authors = col[5] ? json_loads(col[5], 0, &je) : NULL;
  size_t i;
  json_t *v;
  json_array_foreach(authors, i, v) {
    if (json_is_string(v))
      px_doc_add_author(d, json_string_value(v), json_string_length(v));
  }
  json_decref(authors);
  json_t *blocks = col[14] ? json_loads(col[14], 0, &je) : NULL;
  px_rc rc = PX_OK;
  json_array_foreach(blocks, i, v) {
    const char *kind = json_string_value(json_object_get(v, "kind"));
    json_t *text = json_object_get(v, "text");
    px_block_kind k = PX_BLOCK_PARA;
    for (int kk = 0; kind && kk < PX_BLOCK_KIND_COUNT; kk++)
      if (!strcmp(kind, px_block_kind_name((px_block_kind)kk))) k = (px_block_kind)kk;
    if (json_is_string(text) &&
        (rc = px_doc_add_block(d, k, json_string_value(text), json_string_length(text))))
      break;
  }
  json_decref(blocks);
  if (rc) {
    px_doc_free(d);
    return px_err_set(err, rc, "article %lld: rebuilding text", (long long)id);
  }
  *out = d;
  return PX_OK;
}

px_rc px_store_put_prep(const px_article_put *a, px_put_prep *p, px_err *err) {
  const px_doc *d = a->doc;
  memset(p, 0, sizeof *p);
  px_buf_init(&p->url, 0);
  px_buf_init(&p->canon, 0);
  px_buf_init(&p->body, 0);
  /* URLs are stored, and so compared for dedup, in their one normal form
  ** (ingest/url.h). */
  if ((d->url && px_url_normalize(d->url, strlen(d->url), 0, &p->url)) ||
      (d->canonical_url &&
       px_url_normalize(d->canonical_url, strlen(d->canonical_url), 0, &p->canon)))
    goto oom;
  p->nurl = d->url ? px_buf_cstr(&p->url) : NULL;
  p->ncanon = d->canonical_url ? px_buf_cstr(&p->canon) : NULL;
  /* The doc is const, but its body must be joined: do it in a scratch buf. */
  for (size_t i = 0; i < d->nblocks; i++) {
    if (d->blocks[i].kind == PX_BLOCK_CAPTION) continue;
    if (p->body.len) px_buf_append(&p->body, "\n\n", 2);
    if (px_buf_append(&p->body, d->blocks[i].text, d->blocks[i].len)) goto oom;
  }
  p->hash = a->content_hash;
  if (!p->hash) {
    px_hash128_hex(px_buf_cstr(&p->body), p->body.len, p->body_hash);
    p->hash = p->body_hash;
  }
  p->bj = px_store_blocks_json(d);
  p->aj = px_store_authors_json(d);
  if (!p->bj || !p->aj) goto oom;
  const char *source = a->source ? a->source : d->site;
  if ((!source || !*source) && p->nurl) {
    /* A page that names no outlet is filed under its domain's. */
    px_buf host;
    px_buf_init(&host, 4096);
    const px_outlet *o = px_url_host(p->nurl, strlen(p->nurl), &host) == PX_OK
                             ? px_outlet_by_host(px_str_make(host.data, host.len))
                             : NULL;
    px_buf_reset(&host);
    if (o) source = o->name;
  }
  if (!source || !*source) source = a->source_hint;
  p->source = source;
  return PX_OK;
oom:
  px_store_put_prep_reset(p);
  return px_err_set(err, PX_ENOMEM, "out of memory");
}

void px_store_put_prep_reset(px_put_prep *p) {
  px_buf_reset(&p->url);
  px_buf_reset(&p->canon);
  px_buf_reset(&p->body);
  free(p->bj);
  free(p->aj);
  p->bj = p->aj = NULL;
  p->nurl = p->ncanon = NULL;
}
