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
#include "search/search.h"
#include "store/pipeline.h"
#include "util/err.h"
#include "util/str.h"

typedef struct ids {
  int64_t *v;
  size_t n, cap;
} ids;

static int ids_has(const ids *s, int64_t x) {
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i] == x) return 1;
  return 0;
}

static int ids_add(ids *s, int64_t x) {
  if (ids_has(s, x)) return 0;
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

px_rc px_serve_takedown(px_store *st, px_takedown_kind kind,
                        const char *value, const char *reason,
                        int64_t *removed_n, int64_t *record, px_err *err) {
  if (!st || !value || !*value)
    return px_err_set(err, PX_EINVAL, "takedown: give an outlet name or a URL");
  /* "OAN" takes down One America News under every spelling it is filed
  ** under (extract/outlets.h). */
  if (kind == PX_TAKEDOWN_SOURCE) value = px_outlet_canonical(value);
  sqlite3 *db = px_store_sqlite(st);
  ids art = {0}, stories = {0};
  char *key = NULL, *ids_json = NULL;
  px_rc rc = px_search_init(st, err);
  if (!rc) rc = px_takedown_init(st, err);
  if (rc) return rc;
  /* Freed pages are zeroed, so deleted text does not linger in the file. */
  sqlite3_exec(db, "PRAGMA secure_delete=ON", NULL, NULL, NULL);
  key = malloc(strlen(value) + 1);
  if (!key) return px_err_set(err, PX_ENOMEM, "out of memory");
  px_takedown_url_key(value, key);
  if ((rc = px_store_begin(st, err))) goto out;

  if (kind == PX_TAKEDOWN_URL) {
    rc = collect(db,
                 "SELECT id FROM articles WHERE url=?1 OR rtrim(url,'/')=?2 "
                 "OR canonical_url=?1 OR rtrim(canonical_url,'/')=?2",
                 value, key, &art, err);
    if (!rc)
      rc = exec1(db, "DELETE FROM article_urls WHERE url=?1 OR "
                     "rtrim(url,'/')=?2", value, key, err);
  } else {
    rc = collect(db,
                 "SELECT a.id FROM articles a JOIN sources s ON "
                 "s.id=a.source_id WHERE s.name=?1 COLLATE NOCASE",
                 value, NULL, &art, err);
    if (!rc)
      rc = exec1(db, "DELETE FROM article_urls WHERE source=?1 COLLATE NOCASE",
                 value, NULL, err);
  }
  for (size_t i = 0; !rc && i < art.n; i++) {
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT story_id FROM story_articles WHERE "
                           "article_id=?",
                           -1, &s, NULL) == SQLITE_OK) {
      sqlite3_bind_int64(s, 1, art.v[i]);
      if (sqlite3_step(s) == SQLITE_ROW &&
          ids_add(&stories, sqlite3_column_int64(s, 0)))
        rc = px_err_set(err, PX_ENOMEM, "out of memory");
    }
    sqlite3_finalize(s);
  }
  for (size_t i = 0; !rc && i < art.n; i++) {
    rc = px_store_article_delete(st, art.v[i], err);
    if (rc == PX_ENOTFOUND) {
      px_err_clear(err);
      rc = PX_OK;
    }
  }
  if (!rc && kind == PX_TAKEDOWN_SOURCE) {
    int64_t more = 0;
    px_err e = {0};
    /* Removes the outlet itself (its articles are gone already). */
    px_rc r2 = px_store_source_delete(st, value, &more, &e);
    if (r2 && r2 != PX_ENOTFOUND) rc = px_err_set(err, r2, "%s", e.msg);
  }
  removed rm = {&art, value};
  if (!rc) rc = prune_copies(st, &rm, err);
  if (!rc) rc = fix_story_titles(st, &stories, err);
  if (!rc) {
    /* The audit record: ids and counts, never content. */
    json_t *a = json_array();
    for (size_t i = 0; i < art.n; i++)
      json_array_append_new(a, json_integer(art.v[i]));
    ids_json = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    rc = px_takedown_record(st, kind, value, reason, (int64_t)art.n, ids_json,
                            record, err);
  }
  if (rc) {
    px_store_rollback(st);
    goto out;
  }
  if ((rc = px_store_commit(st, err))) goto out;

  /* Rewrite the index without the removed terms' old segments, then move
  ** the WAL into the file and truncate it. */
  sqlite3_exec(db, "INSERT INTO search_fts(search_fts) VALUES('optimize')",
               NULL, NULL, NULL);
  sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
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
  if (removed_n) *removed_n = (int64_t)art.n;
out:
  free(key);
  free(ids_json);
  free(art.v);
  free(stories.v);
  return rc;
}
