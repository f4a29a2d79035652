/*
** takedown.c: removal of an outlet's or a URL's content from everywhere
** (see takedown.h). One transaction does the removal and writes the
** audit record; then the search index is optimised and the WAL
** checkpointed so no old page keeps the text, and story analyses are
** refreshed without the removed articles.
** Memory: id and string lists are malloc'd here and freed before return.
*/
#include "serve/takedown.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "extract/outlets.h"
#include "ingest/url.h"
#include "search/search.h"
#include "store/pipeline.h"
#include "util/err.h"
#include "util/str.h"

/* A list of ids, kept sorted and unique once ids_sort has run (a large
** outlet has tens of thousands of articles: looked up by bsearch). */
typedef struct ids {
  int64_t *v;
  size_t n, cap;
} ids;

static int cmp_id(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static void ids_sort(ids *s) {
  if (s->n) qsort(s->v, s->n, sizeof *s->v, cmp_id);
  size_t k = 0;
  for (size_t i = 0; i < s->n; i++)
    if (k == 0 || s->v[k - 1] != s->v[i]) s->v[k++] = s->v[i];
  s->n = k;
}

static int ids_has(const ids *s, int64_t x) {
  return s->n && bsearch(&x, s->v, s->n, sizeof *s->v, cmp_id) != NULL;
}

/* Appends x (duplicates go at ids_sort). */
static int ids_add(ids *s, int64_t x) {
  if (s->n == s->cap) {
    size_t nc = s->cap ? s->cap * 2 : 16;
    int64_t *p = realloc(s->v, nc * sizeof *p);
    if (!p) return -1;
    s->v = p;
    s->cap = nc;
  }
  s->v[s->n++] = x;
  return 0;
}

static px_rc collect(sqlite3 *db, const char *sql, const char *a,
                     const char *b, ids *out, px_err *err) {
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
  if (b) sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
  int r;
  px_rc rc = PX_OK;
  while ((r = sqlite3_step(s)) == SQLITE_ROW)
    if (ids_add(out, sqlite3_column_int64(s, 0))) {
      rc = px_err_set(err, PX_ENOMEM, "out of memory");
      break;
    }
  if (!rc && r != SQLITE_DONE)
    rc = px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  sqlite3_finalize(s);
  return rc;
}

static px_rc exec1(sqlite3 *db, const char *sql, const char *a, const char *b,
                   px_err *err) {
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
  if (b) sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
  px_rc rc = sqlite3_step(s) == SQLITE_DONE
                 ? PX_OK
                 : px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  sqlite3_finalize(s);
  return rc;
}

/* ---- pruning JSON that mentions removed articles ------------------------- */

static int id_key(const char *k) {
  static const char *const keys[] = {"id", "a", "b", "origin", "article",
                                     "article_id", "source_article", NULL};
  for (int i = 0; keys[i]; i++)
    if (!strcmp(k, keys[i])) return 1;
  return 0;
}

typedef struct removed {
  const ids *art;
  const char *value;   /* the URL or outlet taken down */
} removed;

/* Does object o name a removed article or the taken-down value directly? */
static int names_removed(json_t *o, const removed *rm) {
  const char *k;
  json_t *x;
  json_object_foreach(o, k, x) {
    if (json_is_integer(x) && id_key(k) && ids_has(rm->art, json_integer_value(x)))
      return 1;
    if (json_is_string(x) &&
        px_str_ieq_cstr(px_str_from_cstr(json_string_value(x)), rm->value))
      return 1;
  }
  return 0;
}

/* Drops array members that name removed content; returns 1 if changed. */
static int prune(json_t *v, const removed *rm, int depth) {
  int changed = 0;
  if (depth > 16) return 0;
  if (json_is_array(v)) {
    size_t i = 0;
    while (i < json_array_size(v)) {
      json_t *el = json_array_get(v, i);
      if ((json_is_object(el) && names_removed(el, rm)) ||
          (json_is_integer(el) && ids_has(rm->art, json_integer_value(el))) ||
          (json_is_string(el) &&
           px_str_ieq_cstr(px_str_from_cstr(json_string_value(el)), rm->value))) {
        json_array_remove(v, i);
        changed = 1;
        continue;
      }
      changed |= prune(el, rm, depth + 1);
      i++;
    }
  } else if (json_is_object(v)) {
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x) changed |= prune(x, rm, depth + 1);
  }
  return changed;
}

static px_rc prune_copies(px_store *st, const removed *rm, px_err *err) {
  sqlite3 *db = px_store_sqlite(st);
  sqlite3_stmt *s = NULL;
  ids owners = {0};
  char **texts = NULL;
  size_t n = 0;
  px_rc rc = PX_OK;
  if (sqlite3_prepare_v2(db, "SELECT article_id, json FROM copies", -1, &s,
                         NULL) != SQLITE_OK)
    return PX_OK;  /* no copies table: nothing to prune */
  while (sqlite3_step(s) == SQLITE_ROW) {
    const char *j = (const char *)sqlite3_column_text(s, 1);
    json_t *v = j ? json_loads(j, JSON_DECODE_ANY, NULL) : NULL;
    if (v && prune(v, rm, 0)) {
      char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
      char **p = realloc(texts, (n + 1) * sizeof *p);
      if (!t || !p || ids_add(&owners, sqlite3_column_int64(s, 0))) {
        free(t);
        if (p) texts = p;
        json_decref(v);
        rc = px_err_set(err, PX_ENOMEM, "out of memory");
        break;
      }
      texts = p;
      texts[n++] = t;
    }
    json_decref(v);
  }
  sqlite3_finalize(s);
  for (size_t i = 0; i < n; i++) {
    if (!rc) rc = px_store_copies_set(st, owners.v[i], texts[i], err);
    free(texts[i]);
  }
  free(texts);
  free(owners.v);
  return rc;
}

/* ---- the takedown -------------------------------------------------------- */

static px_rc fix_story_titles(px_store *st, const ids *stories, px_err *err) {
  sqlite3 *db = px_store_sqlite(st);
  px_rc rc = PX_OK;
  for (size_t i = 0; i < stories->n && !rc; i++) {
    int64_t *art = NULL;
    size_t n = 0;
    px_err e = {0};
    if (px_store_story_articles(st, stories->v[i], &art, &n, &e) != PX_OK ||
        n == 0) {
      free(art);
      continue;  /* pruned with its last article */
    }
    /* The title may have come from a removed article: take it again from
    ** the earliest remaining one; the analysis is rebuilt afterwards. */
    sqlite3_stmt *s = NULL;
    if (px_store_story_set_analysis(st, stories->v[i], NULL, NULL, NULL, err) != PX_OK) {
      free(art);
      return err->rc;
    }
    if (sqlite3_prepare_v2(db,
                           "UPDATE stories SET title=(SELECT "
                           "title FROM articles WHERE id=?1) WHERE id=?2",
                           -1, &s, NULL) != SQLITE_OK) {
      free(art);
      return px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
    }
    sqlite3_bind_int64(s, 1, art[0]);
    sqlite3_bind_int64(s, 2, stories->v[i]);
    if (sqlite3_step(s) != SQLITE_DONE)
      rc = px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
    sqlite3_finalize(s);
    free(art);
  }
  return rc;
}

/* URLs to refuse after an outlet's takedown: every URL its articles were
** stored or seen under (kept as key hashes, store/takedown.h). */
typedef struct urls {
  char **v;
  size_t n;
} urls;

static void urls_free(urls *u) {
  for (size_t i = 0; i < u->n; i++) free(u->v[i]);
  free(u->v);
}

static px_rc collect_urls(sqlite3 *db, const char *key, urls *out, px_err *err) {
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(db,
                         "WITH gone(id) AS (SELECT a.id FROM articles a JOIN "
                         "sources s ON s.id=a.source_id WHERE px_name_key(s.name)=?1) "
                         "SELECT url FROM articles WHERE id IN gone "
                         "UNION SELECT canonical_url FROM articles WHERE id IN gone "
                         "UNION SELECT url FROM article_urls WHERE article_id IN gone "
                         "UNION SELECT url FROM article_urls WHERE px_name_key(source)=?1",
                         -1, &s, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
  int r;
  px_rc rc = PX_OK;
  while ((r = sqlite3_step(s)) == SQLITE_ROW) {
    const char *u = (const char *)sqlite3_column_text(s, 0);
    if (!u || !*u) continue;
    char **p = realloc(out->v, (out->n + 1) * sizeof *p);
    char *d = strdup(u);
    if (p) out->v = p;
    if (!p || !d) {
      free(d);
      rc = px_err_set(err, PX_ENOMEM, "out of memory");
      break;
    }
    out->v[out->n++] = d;
  }
  if (!rc && r != SQLITE_DONE)
    rc = px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  sqlite3_finalize(s);
  return rc;
}

/* The stories the removed articles were in, found before they go. */
static px_rc collect_stories(sqlite3 *db, const ids *art, ids *out, px_err *err) {
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(db, "SELECT story_id FROM story_articles WHERE article_id=?",
                         -1, &s, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  px_rc rc = PX_OK;
  for (size_t i = 0; !rc && i < art->n; i++) {
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, art->v[i]);
    if (sqlite3_step(s) == SQLITE_ROW && ids_add(out, sqlite3_column_int64(s, 0)))
      rc = px_err_set(err, PX_ENOMEM, "out of memory");
  }
  sqlite3_finalize(s);
  ids_sort(out);
  return rc;
}

/* Refuses, under record rec, an outlet's article URLs and the domains the
** outlet directory lists for it ("its own URLs"). Hosts merely seen in
** its articles are not taken: a syndicating portal's host would take
** other outlets down with it. */
static px_rc block_outlet(px_store *st, int64_t rec, const char *name,
                          const urls *u, px_err *err) {
  px_rc rc = PX_OK;
  for (size_t i = 0; !rc && i < u->n; i++) rc = px_takedown_block(st, rec, "url", u->v[i], err);
  const px_outlet *o = px_outlet_by_name(px_str_from_cstr(name));
  for (const char *d = o ? o->domains : ""; !rc && *d;) {
    const char *e = strchr(d, ';');
    size_t n = e ? (size_t)(e - d) : strlen(d);
    char host[256];
    if (n && n < sizeof host) {
      memcpy(host, d, n);
      host[n] = '\0';
      rc = px_takedown_block(st, rec, "host", host, err);
    }
    d += n + (e != NULL);
  }
  return rc;
}

px_rc px_serve_takedown(px_store *st, px_takedown_kind kind,
                        const char *value, const char *reason,
                        int64_t *removed_n, int64_t *record, px_err *err) {
  if (st && !px_store_sqlite(st)) return px_store_unsupported(st, "takedown", err);
  px_str v = px_str_trim(px_str_from_cstr(value ? value : ""));
  if (!st || !v.len)
    return px_err_set(err, PX_EINVAL, "takedown: give an outlet name or a URL");
  sqlite3 *db = px_store_sqlite(st);
  ids art = {0}, stories = {0};
  urls own = {0};
  char *ids_json = NULL, *shown = NULL;
  px_buf key, norm;
  px_buf_init(&key, 0);
  px_buf_init(&norm, 0);
  int64_t rec = 0;
  px_rc rc = px_search_init(st, err);
  if (!rc) rc = px_takedown_init(st, err);
  if (rc) return rc;
  /* Compared by key (store/takedown.h): "OAN", " the  OANN\u00a0" and a
  ** Cyrillic-lettered "ОАN" are one outlet; a URL with utm_ parameters,
  ** http:, www. or :443 is the URL. The record names the outlet as the
  ** directory does, or the URL in the form the store keeps it. */
  if (kind == PX_TAKEDOWN_SOURCE) {
    rc = px_takedown_name_key(v.p, v.len, &key);
    if (!rc) {
      const px_outlet *o = px_takedown_outlet(v.p, v.len);
      shown = o ? strdup(o->name) : strndup(v.p, v.len);
      if (!shown) rc = PX_ENOMEM;
    }
  } else {
    rc = px_takedown_url_key(v.p, v.len, &key);
    if (!rc) rc = px_url_normalize(v.p, v.len, 0, &norm);
    if (!rc && !(shown = strdup(px_buf_cstr(&norm)))) rc = PX_ENOMEM;
  }
  if (rc) {
    rc = px_err_set(err, rc, "out of memory");
    goto out;
  }
  if (!key.len) {
    rc = px_err_set(err, PX_EINVAL, "takedown: '%s' names no outlet or URL", shown);
    goto out;
  }
  if ((rc = px_store_begin(st, err))) goto out;

  if (kind == PX_TAKEDOWN_URL) {
    rc = collect(db,
                 "SELECT id FROM articles WHERE px_url_key(url)=?1 OR "
                 "px_url_key(canonical_url)=?1",
                 px_buf_cstr(&key), NULL, &art, err);
    if (!rc)
      rc = exec1(db, "DELETE FROM article_urls WHERE px_url_key(url)=?1",
                 px_buf_cstr(&key), NULL, err);
  } else {
    rc = collect(db,
                 "SELECT a.id FROM articles a JOIN sources s ON "
                 "s.id=a.source_id WHERE px_name_key(s.name)=?1",
                 px_buf_cstr(&key), NULL, &art, err);
    if (!rc) rc = collect_urls(db, px_buf_cstr(&key), &own, err);
    if (!rc)
      rc = exec1(db, "DELETE FROM article_urls WHERE px_name_key(source)=?1",
                 px_buf_cstr(&key), NULL, err);
  }
  ids_sort(&art);
  if (!rc) rc = collect_stories(db, &art, &stories, err);
  if (!rc) rc = px_store_articles_delete(st, art.v, art.n, NULL, err);
  /* The outlet itself, under every spelling it was filed under (its
  ** articles are gone already). */
  if (!rc && kind == PX_TAKEDOWN_SOURCE)
    rc = exec1(db, "DELETE FROM sources WHERE px_name_key(name)=?1",
               px_buf_cstr(&key), NULL, err);
  removed rm = {&art, shown};
  if (!rc) rc = prune_copies(st, &rm, err);
  if (!rc) rc = fix_story_titles(st, &stories, err);
  if (!rc) {
    /* The audit record: ids and counts, never content. */
    json_t *a = json_array();
    for (size_t i = 0; i < art.n; i++)
      json_array_append_new(a, json_integer(art.v[i]));
    ids_json = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    rc = px_takedown_record(st, kind, shown, reason, (int64_t)art.n, ids_json,
                            &rec, err);
  }
  if (!rc && kind == PX_TAKEDOWN_SOURCE) rc = block_outlet(st, rec, shown, &own, err);
  if (rc) {
    px_store_rollback(st);
    goto out;
  }
  if ((rc = px_store_commit(st, err))) goto out;
  if (removed_n) *removed_n = (int64_t)art.n;
  if (record) *record = rec;

  /* Rewrite the index without the removed terms' old segments. */
  sqlite3_exec(db, "INSERT INTO search_fts(search_fts) VALUES('optimize')",
               NULL, NULL, NULL);
  {
    px_pipeline *p = NULL;
    px_err e = {0};
    /* The saved state was derived from the removed text too: gone first,
    ** whether or not the rebuild below gets to save a new one. */
    if ((rc = px_pipeline_drop_saved(st, err))) goto out;
    if (px_pipeline_new(st, &p, &e) == PX_OK) {
      px_pipeline_refresh(p, &e);
      /* The rebuild after removing articles is saved, so the next command
      ** need not repeat it; a failed save only costs that. */
      px_pipeline_save(p, &e);
    }
    px_pipeline_free(p);
  }
  /* Last, so nothing written above brings old pages back: the file is
  ** rewritten from its live rows (free space that a build without
  ** secure_delete, or another program, left in live pages goes with it)
  ** and the WAL emptied. Costs a pass over the whole store; a takedown is
  ** rare and must be complete when it returns. */
  rc = px_store_scrub(st, true, err);
  if (rc) px_err_prefix(err, "takedown recorded and content removed, but: ");
out:
  px_buf_reset(&key);
  px_buf_reset(&norm);
  free(shown);
  free(ids_json);
  free(art.v);
  free(stories.v);
  urls_free(&own);
  return rc;
}
