/*
** pipeline.c: one input through every stage, inside one transaction.
**
**   bytes -> sniff format -> extract px_doc -> exact-duplicate check ->
**   store -> copies -> story placement -> (later) story analysis
**
** Stages that live in later-built modules are reached through their
** headers only; the pipeline owns the long-lived state (the clusterer
** and the copy index), warm-started from the store when it is created so
** every run of the command sees the same stories.
*/
#include "store/pipeline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/analysis.h"
#include "cluster/cluster.h"
#include "dedup/copies.h"
#include "dedup/dedup.h"
#include "dedup/u64map.h"
#include "ingest/jsonl.h"
#include "store/settings.h"
#include "ingest/url.h"
#include "store/takedown.h"
#include "util/err.h"
#include "util/file.h"
#include "util/hash.h"
#include "util/snap.h"
#include "util/str.h"

#include <jansson.h>

#if __has_include("extract/plaintext.h") && !defined(PX_NO_PLAIN)
#include "extract/plaintext.h"
#else
/* Until the plain-text cleaner lands: paragraphs split on blank lines. */
static px_rc px_plaintext_extract(const char *t, size_t len, const char *url,
                                  px_doc **out, px_err *err) {
  px_doc *d = px_doc_new(0);
  if (!d) return px_err_set(err, PX_ENOMEM, "out of memory");
  size_t i = 0, start = 0;
  int first = 1;
  while (i <= len) {
    if (i == len || t[i] == '\n') {
      if (first && i > start) {
        px_doc_set(d, &d->title, t + start, i - start);
        first = 0;
      } else {
        px_doc_add_block(d, PX_BLOCK_PARA, t + start, i - start);
      }
      start = i + 1;
    }
    i++;
  }
  if (url) px_doc_set(d, &d->url, url, strlen(url));
  *out = d;
  return PX_OK;
}
#endif
#if __has_include("extract/html_extract.h") && !defined(PX_NO_HTML)
#include "extract/html_extract.h"
#define HAVE_HTML 1
#endif

#include <stdlib.h>
#include <string.h>

/* ---- story placement --------------------------------------------------- */
/* The clusterer (cluster/cluster.h) decides stories in memory with its own
** dense ids; `map` turns them into the store's story ids. At start-up
** every stored article is re-added in id order, which rebuilds the same
** clusters (the clusterer is deterministic) and repairs the store where
** they differ (after deletions, or when the store's clustering settings
** changed: store/settings.h). A stored story keeps its id for the first
** cluster that claims it; another cluster among its old articles becomes
** a new story, so a split really splits. */

struct px_pipeline {
  px_store *st;
  px_dedup_index *dedup;   /* every stored article, for copy matches */
  px_clusterer *cl;
  int64_t *map;            /* clusterer story id -> store story id (0: none) */
  size_t nmap;
  px_u64map claimed;       /* store story id -> clusterer story id using it */
  int64_t gen;             /* the store generation the state above is of
                              (store.h), when gen_ok */
  bool gen_ok;             /* false after a write of ours failed */
  bool saved;              /* the snapshot on disk is of gen */
  char *snap_path;         /* "<store>-state", NULL for in-memory stores */
  unsigned rebuilds;       /* times rebuilt because others wrote */
  bool from_snapshot;      /* the last build loaded the snapshot */
  px_rc merge_rc;          /* first failure inside the merge callback */
  px_err merge_err;
};

static px_rc map_slot(px_pipeline *p, int64_t cid, int64_t **slot) {
  if (cid <= 0) return PX_EINVAL;
  if ((size_t)cid >= p->nmap) {
    size_t n = p->nmap ? p->nmap : 64;
    while (n <= (size_t)cid) n *= 2;
    int64_t *m = realloc(p->map, n * sizeof *m);
    if (!m) return PX_ENOMEM;
    memset(m + p->nmap, 0, (n - p->nmap) * sizeof *m);
    p->map = m;
    p->nmap = n;
  }
  *slot = &p->map[cid];
  return PX_OK;
}

static void on_merge(int64_t from, int64_t into, void *ud) {
  px_pipeline *p = ud;
  int64_t *f, *t;
  if (p->merge_rc || map_slot(p, from, &f) || map_slot(p, into, &t)) return;
  if (*f && *t && *f != *t)
    p->merge_rc = px_store_story_merge(p->st, *t, *f, &p->merge_err);
  else if (*f && !*t)
    *t = *f;
  *f = 0;
}

/* Places an article into a story. stored_story: where the store has it
** already (warm start), 0 for a new article. */
static px_rc place(px_pipeline *p, int64_t article_id, const px_doc *d,
                   int64_t stored_story, int64_t *story_id, px_err *err) {
  int64_t cid;
  px_rc rc = px_clusterer_add(p->cl, article_id, d, px_store_published_utc(d), &cid, err);
  if (rc) return rc;
  if (p->merge_rc) {
    px_err_set(err, p->merge_rc, "%s", p->merge_err.msg);
    return p->merge_rc;
  }
  int64_t *slot;
  if ((rc = map_slot(p, cid, &slot))) return px_err_set(err, rc, "out of memory");
  if (!*slot) {
    bool take = false;
    if (stored_story) {
      bool added;
      uint32_t *owner = px_u64map_put(&p->claimed, (uint64_t)stored_story,
                                      (uint32_t)cid, &added);
      if (!owner) return px_err_set(err, PX_ENOMEM, "out of memory");
      /* The story is free unless the (live, after merges) cluster that
      ** claimed it still maps to it. */
      int64_t live = added ? 0 : px_clusterer_resolve(p->cl, *owner);
      take = added || live <= 0 || (size_t)live >= p->nmap ||
             p->map[live] != stored_story;
      if (take) *owner = (uint32_t)cid;
    }
    if (take) *slot = stored_story;
    else if ((rc = px_store_story_create(p->st, d->title, slot, err))) return rc;
  }
  *story_id = *slot;
  if (stored_story == *slot) return PX_OK;
  return px_store_story_add(p->st, *slot, article_id, 0, err);
}

struct warm {
  px_pipeline *p;
  px_err *err;
  px_rc rc;
};

static int warm_one(const px_article_row *r, void *ud) {
  struct warm *w = ud;
  px_doc *d = NULL;
  if ((w->rc = px_store_article_doc(w->p->st, r->id, &d, w->err))) return 1;
  int64_t sid;
  w->rc = place(w->p, r->id, d, r->story_id, &sid, w->err);
  if (w->rc == PX_OK)
    w->rc = px_dedup_index_add(w->p->dedup, r->id, d, NULL, NULL, w->err);
  px_doc_free(d);
  return w->rc != PX_OK;
}

/* Drops what the pipeline holds in memory (clusterer, copy index, story
** map) so it can be rebuilt. */
static void forget(px_pipeline *p) {
  px_clusterer_free(p->cl);
  px_dedup_index_free(p->dedup);
  px_u64map_reset(&p->claimed);
  free(p->map);
  p->cl = NULL;
  p->dedup = NULL;
  p->map = NULL;
  p->nmap = 0;
  p->merge_rc = PX_OK;
  px_err_clear(&p->merge_err);
}

/* Empty clusterer, copy index and story map, after forgetting the old. */
static px_rc fresh(px_pipeline *p, const px_cluster_opts *co, px_err *err) {
  forget(p);
  px_u64map_init(&p->claimed);
  p->dedup = px_dedup_index_new(NULL);
  p->cl = px_clusterer_new(co);
  if (!p->dedup || !p->cl) return px_err_set(err, PX_ENOMEM, "out of memory");
  return PX_OK;
}

/* ---- snapshots ----------------------------------------------------------- */
/* Rebuilding re-reads every stored article: seconds for tens of thousands,
** minutes for a million. So the state is also saved beside the store
** (util/snap.h) with the store generation it reflects, and a new pipeline
** loads it when that generation is still the store's: any change made
** since, by anyone, moved the generation on and the snapshot is ignored.
** Bump SNAP_VERSION whenever what the clusterer or copy index computes
** from an article changes, so an old snapshot is never taken for new. */
#define SNAP_VERSION 1

static void save_map(const px_pipeline *p, px_snap *s) {
  px_snap_put_u64(s, p->nmap);
  px_snap_put(s, p->map, p->nmap * sizeof *p->map);
  px_u64map_save(&p->claimed, s);
}

static void load_map(px_pipeline *p, px_snap *s) {
  uint64_t n = px_snap_get_u64(s);
  p->map = px_snap_get_array(s, n, sizeof *p->map);
  if (px_snap_ok(s)) p->nmap = n;
  px_u64map_load(&p->claimed, s, UINT32_MAX);
}

/* Loads the snapshot made at generation gen into the fresh clusterer and
** copy index. False (state to be discarded) when there is none usable. */
static bool load_snapshot(px_pipeline *p, int64_t gen) {
  px_snap *s;
  if (!p->snap_path || px_snap_open(p->snap_path, SNAP_VERSION, &s, NULL)) return false;
  if ((int64_t)px_snap_get_u64(s) != gen) px_snap_fail(s, "stale");
  load_map(p, s);
  px_clusterer_load(p->cl, s);
  px_dedup_index_load(p->dedup, s);
  return px_snap_finish(s, NULL) == PX_OK;
}

px_rc px_pipeline_save(px_pipeline *p, px_err *err) {
  if (!p->snap_path || !p->gen_ok || p->saved) return PX_OK;
  /* Only a state that is the store's as it stands now is worth keeping. */
  int64_t g;
  px_rc rc = px_store_generation(p->st, &g, err);
  if (rc || g != p->gen) return rc;
  px_snap *s;
  if ((rc = px_snap_create(p->snap_path, SNAP_VERSION, &s, err))) return rc;
  px_snap_put_u64(s, (uint64_t)g);
  save_map(p, s);
  px_clusterer_save(p->cl, s);
  px_dedup_index_save(p->dedup, s);
  if ((rc = px_snap_commit(s, err)) == PX_OK) p->saved = true;
  return rc;
}

bool px_pipeline_from_snapshot(const px_pipeline *p) { return p->from_snapshot; }

static char *snapshot_path(px_store *st) {
  const char *path = px_store_path(st);
  /* A database server's store keeps no state file (yet): rebuilt per run. */
  if (!path || !*path || strcmp(path, ":memory:") == 0 || px_store_is_url(path))
    return NULL;
  size_t n = strlen(path) + sizeof "-state";
  char *sp = malloc(n);
  if (sp) snprintf(sp, n, "%s-state", path);
  return sp;
}

px_rc px_pipeline_drop_saved(px_store *st, px_err *err) {
  char *sp = snapshot_path(st);
  px_rc rc = PX_OK;
  if (sp && unlink(sp) != 0 && errno != ENOENT)
    rc = px_err_set(err, PX_EIO, "%s: %s", sp, strerror(errno));
  free(sp);
  return rc;
}

/* ---- building ------------------------------------------------------------ */

/* Builds the in-memory state: from the snapshot when it is current, else
** from the store, every stored article re-added in id order with the
** store's current settings. */
static px_rc warm(px_pipeline *p, px_err *err) {
  px_store *st = p->st;
  px_cluster_opts co;
  px_rc rc = px_settings_cluster_opts(st, &co, err);
  if (rc) return rc;
  co.on_merge = on_merge;
  co.ud = p;
  int64_t gen = 0;
  if ((rc = px_store_generation(st, &gen, err)) || (rc = fresh(p, &co, err))) return rc;
  p->from_snapshot = load_snapshot(p, gen);
  p->gen = gen;
  p->gen_ok = p->saved = p->from_snapshot;
  if (p->from_snapshot) return PX_OK;
  /* What a failed load filled in is dropped. */
  if ((rc = fresh(p, &co, err))) return rc;
  /* One transaction: repairs made while rebuilding land together. */
  if ((rc = px_store_begin(st, err))) return rc;
  struct warm w = {p, err, PX_OK};
  rc = px_store_sources_canonicalize(st, err);
  if (rc == PX_OK) rc = px_store_article_each(st, 0, warm_one, &w, err);
  if (rc == PX_OK) rc = w.rc;
  if (rc == PX_OK) rc = px_store_story_prune(st, err);
  if (rc == PX_OK) rc = px_store_generation(st, &p->gen, err);
  if (rc == PX_OK) rc = px_store_commit(st, err);
  else px_store_rollback(st);
  p->gen_ok = rc == PX_OK;
  return rc;
}

/* Rebuilds when the store changed other than through this pipeline (an
** `add`, `delete` or `config` from another process while a daemon or
** server runs, or a write of ours that was rolled back): the clusterer and
** copy index must be of exactly the stored articles. Call inside the
** write transaction, so nothing can change between check and use. */
static px_rc sync_with_store(px_pipeline *p, px_err *err) {
  int64_t g;
  px_rc rc = px_store_generation(p->st, &g, err);
  if (rc || (p->gen_ok && g == p->gen)) return rc;
  p->rebuilds++;
  return warm(p, err);
}

/* Commits the pipeline's own write transaction, noting the generation its
** state now reflects; after a failure the state is not the store's. */
static px_rc commit(px_pipeline *p, px_err *err) {
  int64_t g = 0;
  px_rc rc = px_store_generation(p->st, &g, err);
  if (rc == PX_OK) rc = px_store_commit(p->st, err);
  else px_store_rollback(p->st);
  if (rc == PX_OK && (!p->gen_ok || g != p->gen)) p->saved = false;
  p->gen = g;
  p->gen_ok = rc == PX_OK;
  return rc;
}

px_rc px_pipeline_new(px_store *st, px_pipeline **out, px_err *err) {
  px_pipeline *p = calloc(1, sizeof *p);
  if (!p) return px_err_set(err, PX_ENOMEM, "out of memory");
  p->st = st;
  p->snap_path = snapshot_path(st);
  px_rc rc = warm(p, err);
  if (rc) {
    px_pipeline_free(p);
    return rc;
  }
  *out = p;
  return PX_OK;
}

unsigned px_pipeline_rebuilds(const px_pipeline *p) { return p->rebuilds; }

void px_pipeline_free(px_pipeline *p) {
  if (!p) return;
  forget(p);
  free(p->snap_path);
  free(p);
}

/* ---- extraction --------------------------------------------------------- */

int px_input_is_html(const char *data, size_t len, const char *url,
                     const char *ctype) {
  if (ctype && (px_str_ifind(px_str_from_cstr(ctype), "html") >= 0)) return 1;
  if (url) {
    px_str u = px_str_from_cstr(url);
    if (px_str_iends(u, ".html") || px_str_iends(u, ".htm")) return 1;
    if (px_str_iends(u, ".txt")) return 0;
  }
  size_t n = len < 2048 ? len : 2048;
  px_str head = px_str_make(data, n);
  return px_str_ifind(head, "<!doctype html") >= 0 ||
         px_str_ifind(head, "<html") >= 0 ||
         (px_str_ifind(head, "<body") >= 0 && px_str_ifind(head, "</") >= 0);
}

/* Case-folded, whitespace- and punctuation-collapsed hash of the body, so
** the same text re-typeset by another outlet still counts as identical. */
static void content_hash(const px_doc *d, char out[33]) {
  px_buf b;
  px_buf_init(&b, 0);
  for (size_t i = 0; i < d->nblocks; i++) {
    if (d->blocks[i].kind == PX_BLOCK_CAPTION) continue;
    const char *t = d->blocks[i].text;
    for (size_t k = 0; k < d->blocks[i].len; k++) {
      unsigned char c = (unsigned char)t[k];
      if (px_isalnum(c) || c >= 0x80) px_buf_putc(&b, (char)px_tolower(c));
      else if (b.len && b.data[b.len - 1] != ' ') px_buf_putc(&b, ' ');
    }
  }
  px_hash128_hex(px_buf_cstr(&b), b.len, out);
  px_buf_reset(&b);
}

static px_rc extract(const px_input *in, int is_html, px_doc **out, px_err *err) {
  const char *data = in->data;
  size_t len = in->len;
  px_buf tmp;
  px_buf_init(&tmp, 0);
  px_rc rc;
  if (in->text) {
    /* JSON lines carry the text already; a title hint becomes its first
    ** line so the cleaner treats it as the headline. */
    if (in->title) {
      px_buf_puts(&tmp, in->title);
      px_buf_puts(&tmp, "\n\n");
    }
    if ((rc = px_buf_puts(&tmp, in->text)))
      return px_err_set(err, rc, "out of memory");
    data = tmp.data;
    len = tmp.len;
    rc = px_plaintext_extract(data, len, in->url, out, err);
    /* A title too long to look like a headline (a whole sentence) stays in
    ** the body as its first paragraph: it is the title, once. */
    px_doc *d = rc == PX_OK ? *out : NULL;
    if (d && in->title && d->nblocks > 1 && d->blocks[0].kind == PX_BLOCK_PARA &&
        px_str_eq(px_str_make(d->blocks[0].text, d->blocks[0].len),
                  px_str_trim(px_str_from_cstr(in->title)))) {
      if (!d->title) rc = px_doc_set(d, &d->title, d->blocks[0].text, d->blocks[0].len);
      memmove(d->blocks, d->blocks + 1, (d->nblocks - 1) * sizeof *d->blocks);
      d->nblocks--;
    }
  } else if (len && is_html) {
#ifdef HAVE_HTML
    rc = px_html_extract(data, len, in->url, in->content_type, out, err);
#else
    rc = px_err_set(err, PX_EINVAL, "HTML extraction is not built in");
#endif
  } else {
    rc = px_plaintext_extract(data, len, in->url, out, err);
  }
  px_buf_reset(&tmp);
  return rc;
}

/* Sets *field to its normal form (ingest/url.h), the form the store keeps,
** so the duplicate checks below compare what will be stored. */
static px_rc normal_url(px_doc *d, const char **field) {
  if (!*field) return PX_OK;
  px_buf b;
  px_buf_init(&b, 0);
  px_rc rc = px_url_normalize(*field, strlen(*field), 0, &b);
  if (!rc) rc = px_doc_set(d, field, px_buf_cstr(&b), b.len);
  px_buf_reset(&b);
  return rc;
}

static px_rc apply_hints(px_doc *d, const px_input *in) {
  px_rc rc = PX_OK;
  if (!d->url && in->url) rc = px_doc_set(d, &d->url, in->url, strlen(in->url));
  if (!rc) rc = normal_url(d, &d->url);
  if (!rc) rc = normal_url(d, &d->canonical_url);
  if (!rc && !d->title && in->title)
    rc = px_doc_set(d, &d->title, in->title, strlen(in->title));
  if (!rc && !d->site && in->source)
    rc = px_doc_set(d, &d->site, in->source, strlen(in->source));
  if (!rc && !d->published && in->published) {
    px_time t;
    if (px_date_parse(in->published, strlen(in->published), &t) == PX_OK) {
      char iso[40];
      px_date_format_iso(&t, iso, sizeof iso);
      rc = px_doc_set(d, &d->published, iso, strlen(iso));
    }
  }
  return rc;
}

static px_rc record_duplicate_url(px_store *st, int64_t id, const px_doc *d,
                                  const px_input *in, px_err *err) {
  if (!d->url) return PX_OK;
  return px_store_article_add_url(st, id, d->url,
                                  in->source ? in->source : d->site ? d->site : in->source_hint,
                                  err);
}

/* Finds the earlier articles this one copies or shares passages with, and
** records them with the article. */
static px_rc copy_matches(px_pipeline *p, int64_t id, const px_doc *d,
                          px_err *err) {
  px_dedup_match *m = NULL;
  size_t n = 0;
  px_rc rc = px_dedup_index_add(p->dedup, id, d, &m, &n, err);
  if (rc || n == 0) {
    free(m);
    return rc;
  }
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < n; i++) {
    json_array_append_new(arr, json_pack("{s:I, s:s, s:f, s:f}", "article",
                                         (json_int_t)m[i].article_id, "kind",
                                         px_dedup_kind_name(m[i].kind), "jaccard",
                                         m[i].jaccard, "containment",
                                         m[i].containment));
  }
  json_t *obj = json_pack("{s:o}", "matches", arr);
  char *js = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
  json_decref(obj);
  free(m);
  if (!js) return px_err_set(err, PX_ENOMEM, "out of memory");
  rc = px_store_copies_set(p->st, id, js, err);
  free(js);
  return rc;
}

px_rc px_pipeline_add(px_pipeline *p, const px_input *in, px_add_result *res,
                      px_err *err) {
  memset(res, 0, sizeof *res);
  const px_input *raw_in = in;
  const char *where = in->url ? in->url : "input";
  if (in->len == 0 && !in->text)
    return px_err_set(err, PX_EEMPTY, "%s: empty input", where);
  if (!in->text && px_looks_binary(in->data, in->len))
    return px_err_set(err, PX_EBINARY, "%s: binary data, not an article", where);
  /* Text that is not UTF-8 is almost always Windows-1252 or Latin-1;
  ** read it as such and say so, rather than refuse it. HTML is left to
  ** the HTML extractor, which honours the page's declared charset. */
  px_input fixed;
  px_buf conv;
  px_buf_init(&conv, 0);
  int is_html = !in->text && px_input_is_html(in->data, in->len, in->url, in->content_type);
  const char *txt = in->text ? in->text : in->data;
  size_t tlen = in->text ? strlen(in->text) : in->len;
  size_t valid = is_html ? tlen : px_utf8_valid_prefix(txt, tlen);
  if (valid < tlen) {
    if (px_cp1252_to_utf8(txt, tlen, &conv))
      return px_err_set(err, PX_ENOMEM, "%s: out of memory", where);
    fixed = *in;
    if (in->text) fixed.text = conv.data;
    fixed.data = conv.data;
    fixed.len = conv.len;
    snprintf(res->note, sizeof res->note,
             "not valid UTF-8 (first bad byte at offset %zu); read as Windows-1252",
             valid);
    in = &fixed;
  }
  px_doc *d = NULL;
  px_rc rc = extract(in, is_html, &d, err);
  if (rc) px_buf_reset(&conv);
  if (rc) {
    px_err_prefix(err, "%s: ", where);
    return rc;
  }
  if ((rc = apply_hints(d, in))) {
    px_doc_free(d);
    px_buf_reset(&conv);
    return px_err_set(err, rc, "%s: out of memory", where);
  }
  if (px_doc_body_blocks(d) == 0 && in->text) {
    /* A JSON line's text field is the article by declaration: when the
    ** cleaner keeps nothing of it (a fragment, a truncated dump), keep its
    ** paragraphs as given rather than lose the article. */
    const char *t = in->text, *e = t + strlen(t);
    while (t < e && rc == PX_OK) {
      const char *nl = memchr(t, '\n', (size_t)(e - t));
      const char *le = nl ? nl : e;
      rc = px_doc_add_block(d, PX_BLOCK_PARA, t, (size_t)(le - t));
      t = nl ? nl + 1 : e;
    }
    if (rc) {
      px_doc_free(d);
      px_buf_reset(&conv);
      return px_err_set(err, rc, "%s: out of memory", where);
    }
  }
  if (px_doc_body_blocks(d) == 0) {
    px_doc_free(d);
    px_buf_reset(&conv);
    return px_err_set(err, PX_EEMPTY, "%s: no article text found", where);
  }
  /* Taken-down URLs and outlets are refused (store/takedown.h). */
  if (px_takedown_is_blocked(p->st, in->url,
                             in->source ? in->source : d->site ? d->site : in->source_hint) ||
      (d->canonical_url && px_takedown_is_blocked(p->st, d->canonical_url, NULL))) {
    px_doc_free(d);
    px_buf_reset(&conv);
    return px_err_set(err, PX_EREFUSED, "%s: taken down; refused", where);
  }
  char hash[33];
  bool touched = false;
  content_hash(d, hash);
  if ((rc = px_store_begin(p->st, err))) goto out;
  /* Inside the write transaction, so nobody can commit between the check
  ** and this article. */
  if ((rc = sync_with_store(p, err))) goto rollback;
  int64_t dup = 0;
  rc = px_store_article_find_hash(p->st, hash, &dup, err);
  if (rc == PX_OK) {
    /* The same text is stored already: keep its URL there, not a copy. */
    px_article_row *row = NULL;
    if ((rc = px_store_article_get(p->st, dup, &row, err))) goto rollback;
    int same = row->url && d->url && !strcmp(row->url, d->url);
    res->story_id = row->story_id;
    px_article_row_free(row);
    res->article_id = dup;
    res->status = same ? PX_UNCHANGED : PX_DUPLICATE;
    if (!same && (rc = record_duplicate_url(p->st, dup, d, in, err))) goto rollback;
    rc = commit(p, err);
    goto out;
  }
  if (rc != PX_ENOTFOUND) goto rollback;
  px_err_clear(err);
  px_article_put put = {d, in->source, raw_in->data, raw_in->len,
                        in->text ? "application/x-ndjson"
                        : is_html ? "text/html" : "text/plain",
                        hash, in->source_hint, in->feed_meta};
  int64_t id = 0;
  rc = px_store_article_put(p->st, &put, &id, err);
  if (rc == PX_EEXISTS) {
    px_err_clear(err);
    res->status = PX_UNCHANGED;
    res->article_id = id;
    rc = commit(p, err);
    goto out;
  }
  if (rc) goto rollback;
  res->article_id = id;
  res->status = PX_ADDED;
  touched = true;   /* from here a rollback leaves memory ahead of the store */
  if ((rc = copy_matches(p, id, d, err))) goto rollback;
  if ((rc = place(p, id, d, 0, &res->story_id, err))) goto rollback;
  rc = commit(p, err);
  goto out;
rollback:
  px_store_rollback(p->st);
  if (touched) p->gen_ok = false;
  px_err_prefix(err, "%s: ", where);
out:
  px_doc_free(d);
  px_buf_reset(&conv);
  return rc;
}

/* ---- files --------------------------------------------------------------- */

px_rc px_pipeline_add_file(px_pipeline *p, const char *path,
                           px_report_fn report, void *ud, px_err *err) {
  char *data = NULL;
  size_t len = 0;
  px_rc rc = px_file_read(path, PX_MAX_INPUT_BYTES, &data, &len, err);
  if (rc) return rc;
  px_add_result res;
  if (px_jsonl_sniff(data, len)) {
    px_jsonl r;
    px_jsonl_init(&r, data, len);
    size_t ok = 0, bad = 0;
    for (;;) {
      px_jsonl_item it;
      px_err lerr = {0};
      rc = px_jsonl_next(&r, &it, &lerr);
      if (rc == PX_EEMPTY && lerr.rc == PX_OK) break;
      char where[64];
      snprintf(where, sizeof where, "line %zu", r.line);
      if (rc == PX_OK) {
        px_input in = {0};
        in.url = it.url;
        in.title = it.title;
        in.published = it.published;
        in.source = it.source;
        if (it.text) {
          in.text = it.text;
          in.data = it.text;
          in.len = it.text_len;
        } else {
          in.data = it.html;
          in.len = it.html_len;
          in.content_type = "text/html";
        }
        char *url_owned = NULL;
        if (!in.url) {  /* a line without a URL is known by its place */
          size_t n = strlen(path) + 32;
          url_owned = malloc(n);
          if (url_owned) snprintf(url_owned, n, "%s#line%zu", path, it.line);
          in.url = url_owned;
        }
        rc = px_pipeline_add(p, &in, &res, &lerr);
        free(url_owned);
      }
      if (rc) bad++;
      else ok++;
      if (report) report(where, rc, lerr.msg, rc ? NULL : &res, ud);
    }
    px_jsonl_reset(&r);
    free(data);
    if (ok == 0 && bad > 0)
      return px_err_set(err, PX_EPARSE, "%s: no line could be added", path);
    return PX_OK;
  }
  px_input in = {0};
  in.data = data;
  in.len = len;
  in.url = path;
  rc = px_pipeline_add(p, &in, &res, err);
  if (rc == PX_OK && report) report(path, rc, "", &res, ud);
  free(data);
  return rc;
}

/* ---- story refresh ------------------------------------------------------ */
/* After a batch, each changed story gets its copy report (per article) and
** its analysis recomputed and cached in the store, so readers (the web
** pages, the API) never compute them on a request. */

px_rc px_story_copies(px_pipeline *p, px_doc *const *docs, const int64_t *ids,
                      size_t n, px_copy_report **out, px_err *err) {
  px_copy_input *in = calloc(n ? n : 1, sizeof *in);
  char **labels = calloc(n ? n : 1, sizeof *labels);
  px_rc rc = in && labels ? PX_OK : px_err_set(err, PX_ENOMEM, "out of memory");
  for (size_t i = 0; i < n && rc == PX_OK; i++) {
    const char *site = docs[i]->site;
    size_t len = (site ? strlen(site) : 0) + 32;
    if (!(labels[i] = malloc(len))) {
      rc = px_err_set(err, PX_ENOMEM, "out of memory");
      break;
    }
    if (site) snprintf(labels[i], len, "%s [%lld]", site, (long long)ids[i]);
    else snprintf(labels[i], len, "article %lld", (long long)ids[i]);
    in[i].id = ids[i];
    in[i].doc = docs[i];
    in[i].published = px_store_published_utc(docs[i]);
    in[i].label = labels[i];
  }
  if (rc == PX_OK) rc = px_copies_analyze_ix(in, n, p ? p->dedup : NULL, out, err);
  for (size_t i = 0; labels && i < n; i++) free(labels[i]);
  free(labels);
  free(in);
  return rc;
}

/* Related stories: those the clusterer finds reading alike at least this
** much (centroid cosine), a few. On the ECB+ set such links join
** fragments of one event and, as often, its same-kind twin (the other
** church fire): related, not the same story (bench/stories/README.md). */
#define RELATED_MIN_SIM 0.2

/* Records story's related stories, found through one of its articles. */
static px_rc save_related(px_pipeline *p, int64_t story, int64_t article, px_err *err) {
  int64_t cid = px_clusterer_story_of(p->cl, article);
  px_related rel[PX_STORY_RELATED_MAX];
  size_t k = cid > 0 ? px_clusterer_related(p->cl, cid, RELATED_MIN_SIM, rel, PX_STORY_RELATED_MAX) : 0;
  int64_t ids[PX_STORY_RELATED_MAX];
  double scores[PX_STORY_RELATED_MAX];
  size_t m = 0;
  for (size_t i = 0; i < k; i++) {
    int64_t sid = (size_t)rel[i].story < p->nmap ? p->map[rel[i].story] : 0;
    if (sid <= 0 || sid == story) continue;
    ids[m] = sid;
    scores[m++] = rel[i].sim;
  }
  return px_store_story_related_set(p->st, story, ids, scores, m, err);
}

static px_rc refresh_story(px_pipeline *p, int64_t story, px_err *err) {
  int64_t *ids = NULL;
  size_t n = 0;
  px_rc rc = px_store_story_articles(p->st, story, &ids, &n, err);
  if (rc) return rc;
  /* Copy alignment is pairwise: a story is compared over its first
  ** PX_ANALYSIS_MAX_DOCS reports (by publish time), the same set the
  ** analysis reads, so one huge story cannot stall a batch. */
  if (n > PX_ANALYSIS_MAX_DOCS) n = PX_ANALYSIS_MAX_DOCS;
  px_doc **docs = calloc(n ? n : 1, sizeof *docs);
  px_copy_report *rep = NULL;
  px_analysis *an = NULL;
  px_buf js;
  px_buf_init(&js, 0);
  if (!docs) {
    rc = px_err_set(err, PX_ENOMEM, "out of memory");
    goto out;
  }
  for (size_t i = 0; i < n && rc == PX_OK; i++)
    rc = px_store_article_doc(p->st, ids[i], &docs[i], err);
  if (rc) goto out;
  if ((rc = px_store_begin(p->st, err))) goto out;
  if ((rc = px_story_copies(p, docs, ids, n, &rep, err))) goto rollback;
  for (size_t i = 0; i < n; i++) {
    json_t *j = px_copy_report_json(rep, &ids[i]);
    char *old = NULL;
    /* keep the index matches recorded at add time (they may point outside
    ** the story) */
    if (j && px_store_copies_get(p->st, ids[i], &old, err) == PX_OK && old) {
      json_t *o = json_loads(old, 0, NULL);
      json_t *m = json_object_get(o, "matches");
      if (m) json_object_set(j, "matches", m);
      json_decref(o);
    }
    free(old);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!text) {
      rc = px_err_set(err, PX_ENOMEM, "out of memory");
      goto rollback;
    }
    rc = px_store_copies_set(p->st, ids[i], text, err);
    free(text);
    if (rc) goto rollback;
  }
  if ((rc = px_story_analyze((const px_doc *const *)docs, ids, n, &an, err)) ||
      (rc = px_analysis_to_json(an, &js)))
    goto rollback;
  json_t *aj = json_loads(px_buf_cstr(&js), 0, NULL);
  const char *topic = json_string_value(json_object_get(json_object_get(aj, "topic"), "label"));
  rc = px_store_story_set_analysis(p->st, story, px_analysis_headline(an), topic,
                                   px_buf_cstr(&js), err);
  json_decref(aj);
  if (rc == PX_OK && n) rc = save_related(p, story, ids[0], err);
  if (rc) goto rollback;
  rc = px_store_commit(p->st, err);
  goto out;
rollback:
  px_store_rollback(p->st);
out:
  px_err_prefix(err, "story %lld: ", (long long)story);
  px_analysis_free(an);
  px_copy_report_free(rep);
  px_buf_reset(&js);
  for (size_t i = 0; docs && i < n; i++) px_doc_free(docs[i]);
  free(docs);
  free(ids);
  return rc;
}

px_rc px_pipeline_refresh(px_pipeline *p, px_err *err) {
  int64_t *ids = NULL;
  size_t n = 0;
  px_rc rc = px_store_story_stale(p->st, &ids, &n, err);
  /* One story's failure is reported; the others still get refreshed. */
  px_rc first = rc;
  for (size_t i = 0; rc == PX_OK && i < n; i++) {
    px_err one = {0};
    px_rc r = refresh_story(p, ids[i], &one);
    if (r && first == PX_OK) {
      first = r;
      px_err_set(err, r, "%s", one.msg);
    }
  }
  free(ids);
  return first;
}
