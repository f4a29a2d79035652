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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/dedup.h"
#include "ingest/jsonl.h"
#include "util/err.h"
#include "util/file.h"
#include "util/hash.h"
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

/* ---- the first, simple story placement ------------------------------- */
/* A bag of hashed content words per story; an article joins the story
** whose bag is most similar (cosine) above a threshold. The copies-and-
** stories issue replaces this with the TF-IDF/entity/time clusterer. */

typedef struct bag {
  uint64_t *h;
  double *w;
  size_t n;
} bag;

typedef struct story_state {
  int64_t story_id;
  bag words;
} story_state;

struct px_pipeline {
  px_store *st;
  px_dedup_index *dedup;   /* every stored article, for copy matches */
  story_state *stories;
  size_t nstories, cap;
};

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static const char *const stop[] = {
  "that", "this", "with", "from", "have", "were", "been", "their", "they",
  "will", "would", "said", "which", "about", "after", "also", "there",
  "when", "what", "more", "than", "into", "other", "some", "over", "such",
  "only", "then", "them", "these", "those", "while", "could", "should",
  "being", "both", "each", "very", "just", "most", "many", "much", "told",
  "says", "year", "years", "time", "your", "does", "here", NULL};

static int is_stop(const char *w, size_t n) {
  for (const char *const *s = stop; *s; s++)
    if (strlen(*s) == n && !memcmp(*s, w, n)) return 1;
  return 0;
}

static px_rc bag_from_doc(const px_doc *d, bag *out) {
  size_t cap = 256, n = 0;
  uint64_t *h = malloc(cap * sizeof *h);
  if (!h) return PX_ENOMEM;
  for (size_t b = 0; b <= d->nblocks; b++) {
    const char *t = b < d->nblocks ? d->blocks[b].text : d->title;
    size_t len = b < d->nblocks ? d->blocks[b].len : (t ? strlen(t) : 0);
    if (b < d->nblocks && d->blocks[b].kind == PX_BLOCK_CAPTION) continue;
    char word[64];
    size_t wl = 0;
    for (size_t i = 0; i <= len; i++) {
      unsigned char c = i < len ? (unsigned char)t[i] : ' ';
      if (px_isalnum(c) || c >= 0x80) {
        if (wl < sizeof word) word[wl++] = (char)px_tolower(c);
        continue;
      }
      if (wl >= 4 && wl < sizeof word && !is_stop(word, wl)) {
        if (n == cap) {
          uint64_t *nh = realloc(h, cap * 2 * sizeof *nh);
          if (!nh) { free(h); return PX_ENOMEM; }
          h = nh;
          cap *= 2;
        }
        /* crude stemming: fold plural -s so "talks" meets "talk" */
        size_t k = wl > 4 && word[wl - 1] == 's' && word[wl - 2] != 's' ? wl - 1 : wl;
        h[n++] = px_hash64(word, k, 0);
      }
      wl = 0;
    }
  }
  qsort(h, n, sizeof *h, cmp_u64);
  out->h = malloc((n ? n : 1) * sizeof *out->h);
  out->w = malloc((n ? n : 1) * sizeof *out->w);
  out->n = 0;
  if (!out->h || !out->w) {
    free(h); free(out->h); free(out->w);
    return PX_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    if (out->n && out->h[out->n - 1] == h[i]) {
      out->w[out->n - 1] += 1;
    } else {
      out->h[out->n] = h[i];
      out->w[out->n++] = 1;
    }
  }
  /* sublinear term frequency, so one repeated name cannot dominate */
  for (size_t i = 0; i < out->n; i++) out->w[i] = 1 + __builtin_log(out->w[i]);
  free(h);
  return PX_OK;
}

static double bag_cosine(const bag *a, const bag *b) {
  double dot = 0, na = 0, nb = 0;
  size_t i = 0, j = 0;
  for (size_t k = 0; k < a->n; k++) na += a->w[k] * a->w[k];
  for (size_t k = 0; k < b->n; k++) nb += b->w[k] * b->w[k];
  while (i < a->n && j < b->n) {
    if (a->h[i] == b->h[j]) dot += a->w[i++] * b->w[j++];
    else if (a->h[i] < b->h[j]) i++;
    else j++;
  }
  return na > 0 && nb > 0 ? dot / __builtin_sqrt(na * nb) : 0;
}

static px_rc bag_merge(bag *into, const bag *add) {
  size_t n = into->n + add->n, i = 0, j = 0, k = 0;
  uint64_t *h = malloc((n ? n : 1) * sizeof *h);
  double *w = malloc((n ? n : 1) * sizeof *w);
  if (!h || !w) { free(h); free(w); return PX_ENOMEM; }
  while (i < into->n || j < add->n) {
    if (j >= add->n || (i < into->n && into->h[i] < add->h[j])) {
      h[k] = into->h[i]; w[k++] = into->w[i++];
    } else if (i >= into->n || add->h[j] < into->h[i]) {
      h[k] = add->h[j]; w[k++] = add->w[j++];
    } else {
      h[k] = into->h[i]; w[k++] = into->w[i++] + add->w[j++];
    }
  }
  free(into->h); free(into->w);
  into->h = h; into->w = w; into->n = k;
  return PX_OK;
}

#define STORY_THRESHOLD 0.30

/* Places an article (already stored) into a story; *story_id receives it.
** known_story: the story the store already has it in (warm start: only the
** in-memory state is rebuilt). join_story: a story it must join (it copies
** an article there). Both 0: the most similar story, or a new one. */
static px_rc place(px_pipeline *p, int64_t article_id, const px_doc *d,
                   int64_t known_story, int64_t join_story, int64_t *story_id,
                   px_err *err) {
  int persist = !known_story;
  if (join_story) known_story = join_story;
  bag b;
  px_rc rc = bag_from_doc(d, &b);
  if (rc) return px_err_set(err, rc, "out of memory");
  size_t best = (size_t)-1;
  double best_sim = 0;
  for (size_t i = 0; i < p->nstories; i++) {
    if (known_story && p->stories[i].story_id != known_story) continue;
    double sim = bag_cosine(&b, &p->stories[i].words);
    if (sim > best_sim) { best_sim = sim; best = i; }
  }
  if (known_story && best == (size_t)-1) {
    for (size_t i = 0; i < p->nstories; i++)
      if (p->stories[i].story_id == known_story) best = i;
  } else if (!known_story && best_sim < STORY_THRESHOLD) {
    best = (size_t)-1;
  }
  if (best == (size_t)-1) {
    if (p->nstories == p->cap) {
      size_t nc = p->cap ? p->cap * 2 : 16;
      story_state *ns = realloc(p->stories, nc * sizeof *ns);
      if (!ns) { free(b.h); free(b.w); return px_err_set(err, PX_ENOMEM, "out of memory"); }
      p->stories = ns;
      p->cap = nc;
    }
    int64_t sid = known_story;
    if (!sid && (rc = px_store_story_create(p->st, d->title, &sid, err))) {
      free(b.h); free(b.w);
      return rc;
    }
    p->stories[p->nstories].story_id = sid;
    p->stories[p->nstories].words = b;
    best = p->nstories++;
  } else {
    rc = bag_merge(&p->stories[best].words, &b);
    free(b.h); free(b.w);
    if (rc) return px_err_set(err, rc, "out of memory");
  }
  *story_id = p->stories[best].story_id;
  if (persist)
    return px_store_story_add(p->st, *story_id, article_id, best_sim, err);
  return PX_OK;
}

struct warm {
  px_pipeline *p;
  px_err *err;
  px_rc rc;
};

static int warm_one(const px_article_row *r, void *ud) {
  struct warm *w = ud;
  if (!r->story_id) return 0;
  px_doc *d = NULL;
  if ((w->rc = px_store_article_doc(w->p->st, r->id, &d, w->err))) return 1;
  int64_t sid;
  w->rc = place(w->p, r->id, d, r->story_id, 0, &sid, w->err);
  if (w->rc == PX_OK)
    w->rc = px_dedup_index_add(w->p->dedup, r->id, d, NULL, NULL, w->err);
  px_doc_free(d);
  return w->rc != PX_OK;
}

px_rc px_pipeline_new(px_store *st, px_pipeline **out, px_err *err) {
  px_pipeline *p = calloc(1, sizeof *p);
  if (!p) return px_err_set(err, PX_ENOMEM, "out of memory");
  p->st = st;
  p->dedup = px_dedup_index_new(NULL);
  if (!p->dedup) {
    free(p);
    return px_err_set(err, PX_ENOMEM, "out of memory");
  }
  struct warm w = {p, err, PX_OK};
  px_rc rc = px_store_article_each(st, 0, warm_one, &w, err);
  if (rc == PX_OK) rc = w.rc;
  if (rc) {
    px_pipeline_free(p);
    return rc;
  }
  *out = p;
  return PX_OK;
}

void px_pipeline_free(px_pipeline *p) {
  if (!p) return;
  for (size_t i = 0; i < p->nstories; i++) {
    free(p->stories[i].words.h);
    free(p->stories[i].words.w);
  }
  free(p->stories);
  px_dedup_index_free(p->dedup);
  free(p);
}

/* ---- extraction --------------------------------------------------------- */

static int looks_html(const char *data, size_t len, const char *url,
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

static px_rc extract(const px_input *in, px_doc **out, px_err *err) {
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
  } else if (len && looks_html(data, len, in->url, in->content_type)) {
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

static px_rc apply_hints(px_doc *d, const px_input *in) {
  px_rc rc = PX_OK;
  if (!d->url && in->url) rc = px_doc_set(d, &d->url, in->url, strlen(in->url));
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
  return px_store_article_add_url(st, id, d->url, in->source ? in->source : d->site,
                                  err);
}

/* Finds the earlier articles this one copies or shares passages with,
** records them, and names the story of the strongest one: an article that
** carries another's text belongs to that article's story. */
static px_rc copy_matches(px_pipeline *p, int64_t id, const px_doc *d,
                          int64_t *join_story, px_err *err) {
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
    if (!*join_story && (m[i].kind != PX_DEDUP_SHARED || m[i].containment >= 0.2)) {
      px_article_row *row = NULL;
      if (px_store_article_get(p->st, m[i].article_id, &row, NULL) == PX_OK)
        *join_story = row->story_id;
      px_article_row_free(row);
    }
  }
  char *js = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
  json_decref(arr);
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
  int is_html = !in->text && looks_html(in->data, in->len, in->url, in->content_type);
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
  px_rc rc = extract(in, &d, err);
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
  if (px_doc_body_blocks(d) == 0) {
    px_doc_free(d);
    px_buf_reset(&conv);
    return px_err_set(err, PX_EEMPTY, "%s: no article text found", where);
  }
  char hash[33];
  content_hash(d, hash);
  if ((rc = px_store_begin(p->st, err))) goto out;
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
    rc = px_store_commit(p->st, err);
    goto out;
  }
  if (rc != PX_ENOTFOUND) goto rollback;
  px_err_clear(err);
  px_article_put put = {d, in->source, raw_in->data, raw_in->len,
                        in->text ? "application/x-ndjson"
                        : looks_html(in->data, in->len, in->url, in->content_type)
                            ? "text/html" : "text/plain",
                        hash};
  int64_t id = 0;
  rc = px_store_article_put(p->st, &put, &id, err);
  if (rc == PX_EEXISTS) {
    px_err_clear(err);
    res->status = PX_UNCHANGED;
    res->article_id = id;
    rc = px_store_commit(p->st, err);
    goto out;
  }
  if (rc) goto rollback;
  res->article_id = id;
  res->status = PX_ADDED;
  int64_t join = 0;
  if ((rc = copy_matches(p, id, d, &join, err))) goto rollback;
  if ((rc = place(p, id, d, 0, join, &res->story_id, err))) goto rollback;
  rc = px_store_commit(p->st, err);
  goto out;
rollback:
  px_store_rollback(p->st);
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

px_rc px_pipeline_refresh(px_pipeline *p, px_err *err) {
  (void)p;
  (void)err;
  return PX_OK;
}
