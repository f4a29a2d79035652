/*
** pages.c: the server-rendered HTML pages: front, story, article, search
** and outlet. Pages work without JavaScript and reflow on a phone (the
** CSS does the layout). Every value from the store or the request goes
** through html.h; analysis JSON through render.h.
** Memory: rows and ids fetched here are freed before returning; strings
** kept across calls live in the request arena.
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/search.h"
#include "serve/app.h"
#include "serve/diff.h"
#include "serve/html.h"
#include "serve/render.h"
#include "serve/timeline.h"
#include "util/date.h"
#include "util/hash.h"
#include "util/str.h"

#define FRONT_PAGE_SIZE 20
#define MAX_RELS 256   /* copy relations shown on a story page */

static px_buf *out(px_ctx *c) { return &c->resp->body; }

static void fail(px_ctx *c, const px_err *e) {
  px_resp_html_error(c, px_status_for(e->rc), e->msg[0] ? e->msg : "error");
}

/* A publish time: shown in UTC with the zone said ("2023-06-19 14:48
** UTC"), as the outlets' own clocks run in different zones and a list
** ordered by instant must read in order (issue 15, 14); datetime carries
** the instant, or the text as written when it has none. utc is the
** store's published_utc (0: unknown; a zone the text states is used). */
static void date_text(px_buf *b, const char *iso, int64_t utc) {
  char shown[PX_DATE_SHOW_MAX], machine[32];
  px_date_show(iso, utc, shown, sizeof shown);
  if (!shown[0]) {
    px_buf_puts(b, "<span class=\"none\">date unknown</span>");
    return;
  }
  px_time t;
  int date_only = iso && px_date_parse(iso, strlen(iso), &t) == PX_OK && !t.has_time;
  if (!utc && iso && !date_only && px_date_parse(iso, strlen(iso), &t) == PX_OK && t.has_tz)
    utc = t.epoch;
  px_date_utc_iso(utc, machine, sizeof machine);
  px_buf_puts(b, "<time datetime=\"");
  px_html_str(b, date_only || !utc ? iso : machine);
  px_buf_puts(b, "\">");
  px_html_str(b, shown);
  px_buf_puts(b, "</time>");
}

/* A link to the original only for web addresses (a file path is shown
** as text, not linked). */
static int web_url(const char *u) { return px_html_url_ok(u) && u[0] != '/'; }

static void outlet_link(px_buf *b, const char *name) {
  if (!name || !*name) {
    px_buf_puts(b, "<span class=\"none\">unknown outlet</span>");
    return;
  }
  px_buf_puts(b, "<a class=\"outlet\" href=\"/outlets/");
  px_buf tmp;
  px_buf_init(&tmp, 0);
  px_url_encode(&tmp, name, strlen(name));
  px_html_str(b, px_buf_cstr(&tmp));
  px_buf_reset(&tmp);
  px_buf_puts(b, "\">");
  px_html_str(b, name);
  px_buf_puts(b, "</a>");
}

/* ---- front page ---------------------------------------------------------- */

typedef struct front {
  px_ctx *c;
  size_t skip, take, seen;
} front;

/* One story as a list item: title link, outlets, articles, latest, topic. */
static void front_row_html(px_buf *b, const px_story_row *s) {
  px_buf_printf(b, "<li class=\"story\"><a class=\"title\" href=\"/stories/%lld\">",
                (long long)s->id);
  px_html_str(b, s->title && *s->title ? s->title : "(untitled story)");
  px_buf_printf(b, "</a><div class=\"meta\"><span class=\"count\">%lld outlet%s"
                   "</span> \xc2\xb7 %lld article%s",
                (long long)s->nsources, s->nsources == 1 ? "" : "s",
                (long long)s->narticles, s->narticles == 1 ? "" : "s");
  if (s->last_published && *s->last_published) {
    px_buf_puts(b, " \xc2\xb7 latest ");
    date_text(b, s->last_published, s->last_utc);
  }
  if (s->topic && *s->topic) {
    px_buf_puts(b, " \xc2\xb7 <span class=\"topic\">");
    px_html_str(b, s->topic);
    px_buf_puts(b, "</span>");
  }
  px_buf_puts(b, "</div></li>\n");
}

static int front_row(const px_story_row *s, void *ud) {
  front *f = ud;
  size_t i = f->seen++;
  if (i < f->skip || i >= f->skip + f->take) return 0;
  front_row_html(out(f->c), s);
  return 0;
}

static void pager(px_buf *b, const char *base, const char *extra, size_t page,
                  size_t total, size_t per) {
  size_t pages = per ? (total + per - 1) / per : 1;
  if (pages <= 1) return;
  px_buf_puts(b, "<nav class=\"pager\">");
  if (page > 1) {
    px_buf_printf(b, "<a rel=\"prev\" href=\"%s?%spage=%zu\">\xe2\x86\x90 Newer</a> ",
                  base, extra ? extra : "", page - 1);
  }
  px_buf_printf(b, "<span>page %zu of %zu</span>", page, pages);
  if (page < pages) {
    px_buf_printf(b, " <a rel=\"next\" href=\"%s?%spage=%zu\">Older \xe2\x86\x92</a>",
                  base, extra ? extra : "", page + 1);
  }
  px_buf_puts(b, "</nav>");
}

void px_page_front(px_ctx *c) {
  px_buf *b = out(c);
  int64_t page = px_parse_id(px_param(c, "page"));
  if (page < 1) page = 1;
  if (page > 100000) page = 100000;
  front f = {c, 0, FRONT_PAGE_SIZE, 0};
  size_t total = 0;
  px_html_begin(b, "Stories", NULL, "/feed.atom");
  px_buf_puts(b, "<h1>Stories</h1><p class=\"lede\">Ranked by how many outlets "
                 "cover them, counting each day without new reports half as much."
                 "</p><ol class=\"stories\">\n");
  px_err err = {0};
  if (px_story_list(c->st, (size_t)(page - 1) * FRONT_PAGE_SIZE,
                    FRONT_PAGE_SIZE, front_row, &f, &total, &err)) {
    fail(c, &err);
    return;
  }
  px_buf_puts(b, "</ol>");
  if (total == 0)
    px_buf_puts(b, "<p class=\"none\">No stories yet. Add articles with "
                   "<code>parallax add</code>.</p>");
  pager(b, "/", NULL, (size_t)page, total, FRONT_PAGE_SIZE);
  px_html_end(b);
}

/* ---- story page ---------------------------------------------------------- */

typedef struct story_art {
  px_article_row *row;
  json_t *copies;    /* parsed copies JSON or NULL */
  px_doc *doc;       /* clean text, read when a shared passage is shown */
  int doc_failed;    /* reading it failed: do not retry */
} story_art;

static void copies_summary(px_buf *b, json_t *cp, int64_t id,
                           const px_idlabel *ids, size_t nids) {
  /* The dedup JSON: {"articles":[{id, republished, credits, shares_none,
  ** copied_share}], "relations":[...]}; read what is there. */
  json_t *arts = json_object_get(cp, "articles");
  size_t i;
  json_t *a;
  json_array_foreach(arts, i, a) {
    if (json_integer_value(json_object_get(a, "id")) != id) continue;
    if (json_is_true(json_object_get(a, "republished")))
      px_buf_puts(b, "<span class=\"badge repub\">republication</span> ");
    double share = json_number_value(json_object_get(a, "copied_share"));
    if (share > 0.05)
      px_buf_printf(b, "<span class=\"badge shared\">%.0f%% shared</span> ",
                    share * 100);
    if (json_is_true(json_object_get(a, "shares_none")) ||
        json_is_true(json_object_get(a, "shares_no_passages")))
      px_buf_puts(b, "<span class=\"badge own\">no shared passages</span> ");
    json_t *cr = json_object_get(a, "credits");
    if (json_array_size(cr)) {
      px_buf_puts(b, "<span class=\"credits\">credits ");
      size_t k;
      json_t *x;
      size_t shown = 0;
      json_array_foreach(cr, k, x) {
        if (!json_is_string(x)) continue;
        /* Each credit once, however often the text names it. */
        size_t j;
        json_t *prev;
        int dup = 0;
        json_array_foreach(cr, j, prev) {
          if (j >= k) break;
          if (json_is_string(prev) &&
              px_str_ieq_cstr(px_str_from_cstr(json_string_value(prev)),
                              json_string_value(x)))
            dup = 1;
        }
        if (dup) continue;
        if (shown++) px_buf_puts(b, ", ");
        px_html_str(b, json_string_value(x));
      }
      px_buf_puts(b, "</span>");
    }
  }
  (void)ids;
  (void)nids;
}

/* Stories whose coverage reads alike (store.h), with their figures: the
** same subject before or after, or an event of the same kind. Nothing
** when there are none. */
static void related_section(px_ctx *c, px_buf *b, int64_t id) {
  px_story_row **rows = NULL;
  size_t n = 0;
  px_err e = {0};
  if (px_store_story_related_get(c->st, id, PX_STORY_RELATED_MAX, &rows, NULL, &n, &e) != PX_OK || n == 0) {
    free(rows);
    return;
  }
  px_buf_puts(b, "<section id=\"related\"><h2>Related stories</h2><ul class=\"related\">");
  for (size_t i = 0; i < n; i++) {
    front_row_html(b, rows[i]);
    px_story_row_free(rows[i]);
  }
  px_buf_puts(b, "</ul></section>\n");
  free(rows);
}

/* The copy relations of a story, each pair once (every article's copies
** JSON repeats the relations it takes part in), both ends in the story. */
static size_t story_relations(story_art *arts, size_t n, json_t **rels, size_t max) {
  size_t nrels = 0;
  for (size_t i = 0; i < n; i++) {
    json_t *x = arts[i].copies ? json_object_get(arts[i].copies, "relations") : NULL;
    size_t k;
    json_t *rel;
    json_array_foreach(x, k, rel) {
      json_int_t a = json_integer_value(json_object_get(rel, "a"));
      json_int_t bb = json_integer_value(json_object_get(rel, "b"));
      int dup = 0, ina = 0, inb = 0;
      for (size_t j = 0; j < nrels && !dup; j++)
        dup = json_integer_value(json_object_get(rels[j], "a")) == a &&
              json_integer_value(json_object_get(rels[j], "b")) == bb;
      for (size_t j = 0; j < n; j++) {
        if (!arts[j].row) continue;
        ina |= arts[j].row->id == a;
        inb |= arts[j].row->id == bb;
      }
      if (!dup && ina && inb && nrels < max) rels[nrels++] = rel;
    }
  }
  return nrels;
}

/* Which side of a relation the copy came from: the likely origin the copy
** finder names, else "a", which it gives as the earlier article. */
static int origin_is_b(json_t *rel) {
  json_t *o = json_object_get(rel, "origin");
  return json_is_integer(o) &&
         json_integer_value(o) == json_integer_value(json_object_get(rel, "b"));
}

static size_t art_index(story_art *arts, size_t n, json_int_t id) {
  for (size_t i = 0; i < n; i++)
    if (arts[i].row && arts[i].row->id == id) return i;
  return n;
}

/* The text of blocks first..last of an article (one paragraph break as a
** space), read from the store once per article. */
#define PASSAGE_MAX_BYTES 6000

static void passage_text(px_ctx *c, story_art *art, json_t *first, json_t *last,
                         px_buf *out) {
  if (!art->doc && !art->doc_failed) {
    px_err e = {0};
    if (px_store_article_doc(c->st, art->row->id, &art->doc, &e) != PX_OK)
      art->doc_failed = 1;
  }
  if (!art->doc || !json_is_integer(first)) return;
  size_t f = (size_t)json_integer_value(first);
  size_t l = json_is_integer(last) ? (size_t)json_integer_value(last) : f;
  for (size_t i = f; i <= l && i < art->doc->nblocks; i++) {
    if (out->len >= PASSAGE_MAX_BYTES) break;
    if (out->len) px_buf_putc(out, ' ');
    px_buf_append(out, art->doc->blocks[i].text, art->doc->blocks[i].len);
  }
}

static void sbs_head(px_buf *b, const px_article_row *a, json_t *block,
                     const char *role) {
  px_buf_printf(b, "<div class=\"sbs-head\"><a href=\"/articles/%lld", (long long)a->id);
  if (json_is_integer(block))
    px_buf_printf(b, "#b%lld", (long long)json_integer_value(block));
  px_buf_puts(b, "\">");
  px_html_str(b, a->source && *a->source ? a->source : "article");
  px_buf_printf(b, "</a> <small>%s</small></div>", role);
}

/* The passages two articles share, origin on the left and the copy on the
** right, what the copy changed marked word by word: <del> on the origin's
** side for words the copy dropped, <ins> on the copy's for its own. */
#define SBS_PASSAGES 12

static void side_by_side(px_ctx *c, px_buf *b, story_art *arts, size_t n,
                         json_t *rel, int open) {
  json_t *ps = json_object_get(rel, "passages");
  size_t np = json_array_size(ps);
  if (!np) return;
  int swap = origin_is_b(rel);
  size_t ia = art_index(arts, n, json_integer_value(json_object_get(rel, swap ? "b" : "a")));
  size_t ib = art_index(arts, n, json_integer_value(json_object_get(rel, swap ? "a" : "b")));
  if (ia == n || ib == n) return;
  const char *fa = swap ? "b_first" : "a_first", *la = swap ? "b_last" : "a_last";
  const char *fb = swap ? "a_first" : "b_first", *lb = swap ? "a_last" : "b_last";
  json_t *wire = json_object_get(rel, "wire");
  int has_origin = json_is_integer(json_object_get(rel, "origin"));
  const char *left_role = has_origin ? "likely origin" : "published first";
  px_article_row *A = arts[ia].row, *B = arts[ib].row;
  px_buf_printf(b, "<details class=\"sbs\"%s><summary>", open ? " open" : "");
  px_html_str(b, A->source && *A->source ? A->source : "article");
  px_buf_puts(b, " \xe2\x86\x92 ");
  px_html_str(b, B->source && *B->source ? B->source : "article");
  px_buf_printf(b, ": %zu shared passage%s side by side", np, np == 1 ? "" : "s");
  if (json_is_string(wire) && *json_string_value(wire)) {
    px_buf_puts(b, " <small>(both trace to ");
    px_html_str(b, json_string_value(wire));
    px_buf_puts(b, ")</small>");
  }
  px_buf_puts(b, "</summary><p class=\"help\"><del>Struck</del> words are the "
                 "left article's that the right one dropped or changed; "
                 "<ins>marked</ins> words are the right article's own.</p>");
  size_t k;
  json_t *p;
  json_array_foreach(ps, k, p) {
    if (k == SBS_PASSAGES) break;
    px_buf ta, tb, ha, hb;
    px_buf_init(&ta, 0);
    px_buf_init(&tb, 0);
    px_buf_init(&ha, 0);
    px_buf_init(&hb, 0);
    passage_text(c, &arts[ia], json_object_get(p, fa), json_object_get(p, la), &ta);
    passage_text(c, &arts[ib], json_object_get(p, fb), json_object_get(p, lb), &tb);
    if ((ta.len || tb.len) &&
        px_diff_words_html(&ha, &hb, px_buf_cstr(&ta), ta.len, px_buf_cstr(&tb),
                           tb.len, NULL) == PX_OK) {
      px_buf_puts(b, "<div class=\"sbs-row\"><div class=\"sbs-col\">");
      sbs_head(b, A, json_object_get(p, fa), left_role);
      px_buf_puts(b, "<p>");
      px_buf_append(b, px_buf_cstr(&ha), ha.len);
      px_buf_puts(b, "</p></div><div class=\"sbs-col\">");
      sbs_head(b, B, json_object_get(p, fb), "reused");
      px_buf_puts(b, "<p>");
      px_buf_append(b, px_buf_cstr(&hb), hb.len);
      px_buf_puts(b, "</p></div></div>");
    }
    px_buf_reset(&ta);
    px_buf_reset(&tb);
    px_buf_reset(&ha);
    px_buf_reset(&hb);
  }
  if (np > SBS_PASSAGES)
    px_buf_printf(b, "<p class=\"none\">and %zu more passages</p>", np - SBS_PASSAGES);
  px_buf_puts(b, "</details>");
}

/* The SVG timeline: every article at its publish time, copy arrows from
** the side a relation came from; the plain ordered list stays, folded,
** for reading without the chart. */
static void timeline_section(px_buf *b, story_art *arts, size_t n,
                             json_t *const *rels, size_t nrels) {
  px_tl_item *items = calloc(n + 1, sizeof *items);
  px_tl_copy *cps = calloc(nrels + 1, sizeof *cps);
  size_t ni = 0;
  px_buf_puts(b, "<section id=\"coverage-timeline\"><h2>Timeline of coverage</h2>");
  if (items && cps) {
    for (size_t i = 0; i < n; i++) {
      px_article_row *a = arts[i].row;
      if (!a) continue;
      items[ni].id = a->id;
      items[ni].outlet = a->source;
      items[ni].title = a->title;
      items[ni].utc = a->published_utc;
      ni++;
    }
    for (size_t i = 0; i < nrels; i++) {
      int swap = origin_is_b(rels[i]);
      cps[i].from = json_integer_value(json_object_get(rels[i], swap ? "b" : "a"));
      cps[i].to = json_integer_value(json_object_get(rels[i], swap ? "a" : "b"));
      cps[i].wire = json_string_value(json_object_get(rels[i], "wire"));
    }
    px_timeline_html(b, items, ni, cps, nrels, NULL);
  }
  free(items);
  free(cps);
  px_buf_printf(b, "<details class=\"more\"><summary>All %zu article%s in order"
                   "</summary><ol class=\"timeline\">", ni, ni == 1 ? "" : "s");
  for (size_t i = 0; i < n; i++) {
    px_article_row *a = arts[i].row;
    if (!a) continue;
    px_buf_puts(b, "<li>");
    date_text(b, a->published, a->published_utc);
    px_buf_puts(b, " \xe2\x80\x94 ");
    outlet_link(b, a->source);
    px_buf_printf(b, ": <a href=\"/articles/%lld\">", (long long)a->id);
    px_html_str(b, a->title && *a->title ? a->title : "(untitled)");
    px_buf_puts(b, "</a></li>");
  }
  px_buf_puts(b, "</ol></details></section>\n");
}

/* The cached rendering of a story's copies JSON: one part per article
** (its card's badges), then the timeline, then who copied whom. Stored as
** the parts' lengths (uint64_t each) followed by their bytes, in the
** fragment cache under the story's id negated (the analysis uses the id). */
#define COPIES_TAIL_PARTS 2

/* Points parts[] into a cached blob of n + COPIES_TAIL_PARTS parts; false
** when it is not one. */
static bool copies_parts_split(const char *blob, size_t len, size_t n,
                               px_str *parts) {
  size_t np = n + COPIES_TAIL_PARTS, head;
  if (__builtin_mul_overflow(np, sizeof(uint64_t), &head) || head > len)
    return false;
  size_t at = head;
  for (size_t i = 0; i < np; i++) {
    uint64_t l;
    memcpy(&l, blob + i * sizeof l, sizeof l);
    if (l > len - at) return false;
    parts[i].p = blob + at;
    parts[i].len = (size_t)l;
    at += (size_t)l;
  }
  return at == len;
}

/* Caches the parts just rendered into b (parts[].p are offsets into b). */
static void copies_parts_put(px_ctx *c, int64_t slot, uint64_t key,
                             const px_buf *b, const px_str *parts, size_t n) {
  size_t np = n + COPIES_TAIL_PARTS;
  px_buf blob;
  px_buf_init(&blob, 0);
  px_rc rc = PX_OK;
  for (size_t i = 0; !rc && i < np; i++) {
    uint64_t l = parts[i].len;
    rc = px_buf_append(&blob, &l, sizeof l);
  }
  for (size_t i = 0; !rc && i < np; i++)
    rc = px_buf_append(&blob, b->data + (size_t)(uintptr_t)parts[i].p,
                       parts[i].len);
  if (!rc) px_frag_put(c->app, slot, key, blob.data, blob.len);
  px_buf_reset(&blob);
}

void px_page_story(px_ctx *c, int64_t id) {
  px_buf *b = out(c);
  px_err err = {0};
  px_story_row *s = NULL;
  int64_t *ids = NULL;
  size_t n = 0;
  story_art *arts = NULL;
  px_idlabel *labels = NULL;
  char *analysis = NULL;
  json_t *aj = NULL;
  uint64_t key = 0;
  char *frag = NULL;    /* cached rendering of the analysis */
  size_t fraglen = 0;
  json_t **rels = NULL; /* borrowed from arts[].copies */
  char **cjs = NULL;    /* each article's copies JSON text */
  char *cfrag = NULL;   /* cached rendering of the copies JSON */
  size_t cfraglen = 0;
  px_str *parts = NULL; /* its parts (views into cfrag, or into b) */
  if (px_store_story_get(c->st, id, &s, &err) ||
      px_store_story_articles(c->st, id, &ids, &n, &err)) {
    fail(c, &err);
    goto out;
  }
  arts = calloc(n + 1, sizeof *arts);
  labels = calloc(n + 1, sizeof *labels);
  parts = calloc(n + COPIES_TAIL_PARTS, sizeof *parts);
  if (!arts || !labels || !parts) {
    px_resp_html_error(c, 500, "out of memory");
    goto out;
  }
  cjs = calloc(n + 1, sizeof *cjs);
  if (!cjs) {
    px_resp_html_error(c, 500, "out of memory");
    goto out;
  }
  for (size_t i = 0; i < n; i++) {
    px_err e2 = {0};
    if (px_store_article_get(c->st, ids[i], &arts[i].row, &e2)) continue;
    if (px_store_copies_get(c->st, ids[i], &cjs[i], &e2) != PX_OK) cjs[i] = NULL;
    labels[i].id = ids[i];
    labels[i].label = arts[i].row->source;
  }
  /* What the copy finder's JSON renders to (the cards' badges, the
  ** timeline, who copied whom) is cached under a hash of that JSON, the
  ** labels and the store generation (which every change to an article
  ** replaces), so a page shown again parses none of it. */
  int64_t gen = 0;
  px_err eg = {0};
  int cacheable = px_store_generation(c->st, &gen, &eg) == PX_OK;
  uint64_t ckey = px_hash64(&gen, sizeof gen, 0x51ed270b27b5f2a1ULL);
  for (size_t i = 0; i < n; i++) {
    ckey = px_hash64(&ids[i], sizeof ids[i], ckey);
    if (labels[i].label)
      ckey = px_hash64(labels[i].label, strlen(labels[i].label) + 1, ckey);
    ckey = px_hash64(cjs[i] ? cjs[i] : "", cjs[i] ? strlen(cjs[i]) + 1 : 0, ckey);
  }
  if (cacheable) cfrag = px_frag_get(c->app, -id, ckey, &cfraglen);
  if (cfrag && !copies_parts_split(cfrag, cfraglen, n, parts)) {
    free(cfrag);
    cfrag = NULL;
  }
  if (!cfrag)
    for (size_t i = 0; i < n; i++)
      if (cjs[i]) arts[i].copies = json_loads(cjs[i], 0, NULL);
  px_store_story_analysis(c->st, id, &analysis, &err);
  /* The rendered analysis is cached by a hash of its text and labels. */
  if (analysis) {
    key = px_hash64(analysis, strlen(analysis), 0x9e3779b97f4a7c15ULL);
    for (size_t i = 0; i < n; i++) {
      key = px_hash64(&labels[i].id, sizeof labels[i].id, key);
      if (labels[i].label)
        key = px_hash64(labels[i].label, strlen(labels[i].label), key);
    }
    frag = px_frag_get(c->app, id, key, &fraglen);
    if (!frag) aj = json_loads(analysis, 0, NULL);
  }

  char feed[64];
  snprintf(feed, sizeof feed, "/stories/%lld/feed.atom", (long long)id);
  const char *title = s->title && *s->title ? s->title : "(untitled story)";
  px_html_begin(b, title, NULL, feed);
  px_buf_puts(b, "<article class=\"storypage\"><h1>");
  px_html_str(b, title);
  px_buf_printf(b, "</h1><p class=\"meta\"><span class=\"count\">%lld outlet%s"
                   "</span> \xc2\xb7 %lld article%s",
                (long long)s->nsources, s->nsources == 1 ? "" : "s",
                (long long)s->narticles, s->narticles == 1 ? "" : "s");
  if (s->first_published && *s->first_published) {
    px_buf_puts(b, " \xc2\xb7 from ");
    date_text(b, s->first_published, s->first_utc);
  }
  if (s->last_published && *s->last_published) {
    px_buf_puts(b, " to ");
    date_text(b, s->last_published, s->last_utc);
  }
  const char *topic = s->topic;
  json_t *jt = aj ? json_object_get(aj, "topic") : NULL;
  if (json_is_object(jt)) jt = json_object_get(jt, "label");
  if ((!topic || !*topic) && json_is_string(jt)) topic = json_string_value(jt);
  if (topic && *topic) {
    px_buf_puts(b, " \xc2\xb7 topic: <span class=\"topic\">");
    px_html_str(b, topic);
    px_buf_puts(b, "</span>");
  }
  px_buf_printf(b, " \xc2\xb7 <a href=\"%s\">Atom feed</a></p>\n", feed);

  /* Coverage side by side: one card per article, oldest first. */
  px_buf_puts(b, "<section id=\"coverage\"><h2>Coverage</h2><div class=\"cards\">");
  for (size_t i = 0; i < n; i++) {
    px_article_row *a = arts[i].row;
    if (!a) continue;
    px_buf_printf(b, "<div class=\"card\" id=\"a%lld\"><div class=\"outletname\">",
                  (long long)a->id);
    outlet_link(b, a->source);
    px_buf_printf(b, "</div><h3><a href=\"/articles/%lld\">", (long long)a->id);
    px_html_str(b, a->title && *a->title ? a->title : "(untitled)");
    px_buf_puts(b, "</a></h3>");
    if (a->subtitle && *a->subtitle) {
      px_buf_puts(b, "<p class=\"dek\">");
      px_html_str(b, a->subtitle);
      px_buf_puts(b, "</p>");
    }
    px_buf_puts(b, "<p class=\"meta\">");
    date_text(b, a->published, a->published_utc);
    if (a->wire && *a->wire) {
      px_buf_puts(b, " \xc2\xb7 wire: ");
      px_html_str(b, a->wire);
    }
    px_buf_puts(b, "</p><p class=\"flags\">");
    if (a->is_republished)
      px_buf_puts(b, "<span class=\"badge repub\">republished</span> ");
    if (cfrag) {
      px_buf_append(b, parts[i].p, parts[i].len);
    } else {
      parts[i].p = (const char *)(uintptr_t)b->len;   /* an offset for now */
      if (arts[i].copies)
        copies_summary(b, arts[i].copies, a->id, labels, n);
      parts[i].len = b->len - (size_t)(uintptr_t)parts[i].p;
    }
    px_buf_puts(b, "</p>");
    if (web_url(a->url)) {
      px_buf_puts(b, "<p><a class=\"orig\" rel=\"nofollow noopener\" href=\"");
      px_html_href(b, a->url);
      px_buf_puts(b, "\">Original \xe2\x86\x97</a></p>");
    }
    px_buf_puts(b, "</div>");
  }
  px_buf_puts(b, "</div></section>\n");

  size_t nrels = 0;
  if (cfrag) {
    px_buf_append(b, parts[n].p, parts[n].len);
  } else {
    rels = calloc(MAX_RELS, sizeof *rels);
    nrels = rels ? story_relations(arts, n, rels, MAX_RELS) : 0;
    parts[n].p = (const char *)(uintptr_t)b->len;
    timeline_section(b, arts, n, rels, nrels);
    parts[n].len = b->len - (size_t)(uintptr_t)parts[n].p;
  }

  px_render r = {b, labels, n};
  /* The analysis: the comparison of the outlets. */
  if (frag) {
    px_buf_append(b, frag, fraglen);
  } else if (json_is_object(aj)) {
    size_t start = b->len;
    px_render_analysis(&r, aj);
    if (b->len > start) px_frag_put(c->app, id, key, b->data + start, b->len - start);
  } else {
    px_buf_puts(b, "<section class=\"analysis\"><h2>Comparison</h2><p "
                   "class=\"none\">The comparison of this story is not ready "
                   "yet.</p></section>");
  }

  /* Who copied whom: the relations the copy finder stored per article,
  ** then the shared passages side by side (the first pair open). */
  px_buf_puts(b, "<section id=\"copies\"><h2>Who copied whom</h2>");
  int any_repub = 0;
  for (size_t i = 0; i < n; i++)
    if (arts[i].row && arts[i].row->is_republished) any_repub = 1;
  if (cfrag) {
    px_buf_append(b, parts[n + 1].p, parts[n + 1].len);
  } else {
    size_t start = b->len;
    if (nrels) {
      px_render_copies(&r, rels, nrels);
      for (size_t i = 0; i < nrels; i++) side_by_side(c, b, arts, n, rels[i], i == 0);
    } else {
      px_buf_puts(b, "<p class=\"none\">No shared passages found between these "
                     "articles.</p>");
    }
    parts[n + 1].p = (const char *)(uintptr_t)start;
    parts[n + 1].len = b->len - start;
    if (cacheable) copies_parts_put(c, -id, ckey, b, parts, n);
  }
  if (any_repub)
    px_buf_puts(b, "<p class=\"help\">Articles marked <span class=\"badge "
                   "repub\">republished</span> are an aggregator's copies, not "
                   "original reporting.</p>");
  px_buf_puts(b, "</section>\n");
  related_section(c, b, id);
  px_buf_puts(b, "</article>\n");
  px_html_end(b);

out:
  for (size_t i = 0; arts && i < n; i++) {
    px_article_row_free(arts[i].row);
    json_decref(arts[i].copies);
    px_doc_free(arts[i].doc);
    if (cjs) free(cjs[i]);
  }
  free(cjs);
  free(cfrag);
  free(parts);
  free(arts);
  free(rels);
  free(labels);
  free(ids);
  free(analysis);
  free(frag);
  json_decref(aj);
  px_story_row_free(s);
}

/* ---- article page -------------------------------------------------------- */

static void authors(px_buf *b, const char *json) {
  json_t *a = json ? json_loads(json, 0, NULL) : NULL;
  size_t i;
  json_t *x;
  int any = 0;
  json_array_foreach(a, i, x) {
    if (!json_is_string(x)) continue;
    px_buf_puts(b, any ? ", " : "By ");
    px_html_str(b, json_string_value(x));
    any = 1;
  }
  if (any) px_buf_puts(b, " \xc2\xb7 ");
  json_decref(a);
}

void px_page_article(px_ctx *c, int64_t id) {
  px_buf *b = out(c);
  px_err err = {0};
  px_article_row *a = NULL;
  px_doc *d = NULL;
  if (px_store_article_get(c->st, id, &a, &err) ||
      px_store_article_doc(c->st, id, &d, &err)) {
    fail(c, &err);
    goto out;
  }
  const char *title = a->title && *a->title ? a->title : "(untitled)";
  px_html_begin(b, title, NULL, NULL);
  px_buf_puts(b, "<article class=\"articlepage\"><p class=\"outletname\">");
  outlet_link(b, a->source);
  px_buf_puts(b, "</p><h1>");
  px_html_str(b, title);
  px_buf_puts(b, "</h1>");
  if (a->subtitle && *a->subtitle) {
    px_buf_puts(b, "<p class=\"dek\">");
    px_html_str(b, a->subtitle);
    px_buf_puts(b, "</p>");
  }
  px_buf_puts(b, "<p class=\"meta\">");
  authors(b, a->authors_json);
  date_text(b, a->published, a->published_utc);
  if (a->wire && *a->wire) {
    px_buf_puts(b, " \xc2\xb7 wire: ");
    px_html_str(b, a->wire);
  }
  if (a->dateline && *a->dateline) {
    px_buf_puts(b, " \xc2\xb7 dateline: ");
    px_html_str(b, a->dateline);
  }
  if (a->lang && *a->lang) {
    px_buf_puts(b, " \xc2\xb7 language: ");
    px_html_str(b, a->lang);
  }
  px_buf_puts(b, "</p><p class=\"meta\">");
  if (a->story_id)
    px_buf_printf(b, "<a href=\"/stories/%lld\">Compare coverage of this "
                     "story</a> \xc2\xb7 ",
                  (long long)a->story_id);
  if (web_url(a->url)) {
    px_buf_puts(b, "<a class=\"orig\" rel=\"nofollow noopener\" href=\"");
    px_html_href(b, a->url);
    px_buf_puts(b, "\">Original \xe2\x86\x97</a>");
  } else if (a->url) {
    px_buf_puts(b, "source: ");
    px_html_str(b, a->url);
  }
  if (a->is_republished)
    px_buf_puts(b, " \xc2\xb7 <span class=\"badge repub\">republished</span>");
  px_buf_puts(b, "</p><div class=\"body\">");
  int in_list = 0;
  for (size_t i = 0; i < d->nblocks; i++) {
    const px_block *bl = &d->blocks[i];
    if (bl->kind == PX_BLOCK_LIST_ITEM && !in_list) {
      px_buf_puts(b, "<ul>");
      in_list = 1;
    } else if (bl->kind != PX_BLOCK_LIST_ITEM && in_list) {
      px_buf_puts(b, "</ul>");
      in_list = 0;
    }
    static const char *const open[] = {"<p>", "<h2>", "<blockquote>", "<li>",
                                       "<p class=\"caption\">"};
    static const char *const close[] = {"</p>", "</h2>", "</blockquote>",
                                        "</li>", "</p>"};
    size_t k = bl->kind < PX_BLOCK_KIND_COUNT ? (size_t)bl->kind : 0;
    /* id="bN": citations on the story page point at block N. */
    px_buf_printf(b, "%.*s id=\"b%zu\"%s", (int)(strchr(open[k], '>') - open[k]),
                  open[k], i, strchr(open[k], '>'));
    px_html_text(b, bl->text, bl->len);
    px_buf_puts(b, close[k]);
  }
  if (in_list) px_buf_puts(b, "</ul>");
  px_buf_puts(b, "</div></article>");
  px_html_end(b);
out:
  px_doc_free(d);
  px_article_row_free(a);
}

/* ---- search page --------------------------------------------------------- */

px_rc px_search_params(const px_ctx *c, px_search_query *q, px_err *err) {
  memset(q, 0, sizeof *q);
  const char *s = px_param(c, "q");
  q->q = s ? s : "";
  q->qlen = strlen(q->q);
  q->source = px_param(c, "source");
  if (!q->source) q->source = px_param(c, "outlet");
  q->lang = px_param(c, "lang");
  const char *names[2] = {"from", "to"};
  int64_t *dst[2] = {&q->from_utc, &q->to_utc};
  for (int i = 0; i < 2; i++) {
    const char *v = px_param(c, names[i]);
    if (!v || !*v) continue;
    px_time t;
    if (px_date_parse(v, strlen(v), &t) != PX_OK)
      return px_err_set(err, PX_EINVAL, "'%s' is not a date (use YYYY-MM-DD)",
                        names[i]);
    *dst[i] = px_time_utc(&t);
    /* "to" a day includes the whole day. */
    if (i == 1 && !t.has_time) *dst[i] += 86399;
  }
  q->story_id = px_parse_id(px_param(c, "story"));
  px_page_params(c, &q->offset, &q->limit);
  return PX_OK;
}

static void filter_input(px_buf *b, const char *name, const char *label,
                         const char *value, const char *type) {
  px_buf_printf(b, "<label>%s <input type=\"%s\" name=\"%s\" value=\"", label,
                type, name);
  px_html_str(b, value);
  px_buf_puts(b, "\"></label> ");
}

/* The query string of the current search, for pager links (escaped). */
static void search_qs(px_ctx *c, px_buf *qs) {
  static const char *const keys[] = {"q", "source", "lang", "from", "to", NULL};
  for (int i = 0; keys[i]; i++) {
    const char *v = px_param(c, keys[i]);
    if (!v || !*v) continue;
    px_buf_printf(qs, "%s=", keys[i]);
    px_url_encode(qs, v, strlen(v));
    px_buf_puts(qs, "&amp;");
  }
}

void px_page_search(px_ctx *c) {
  px_buf *b = out(c);
  const char *q = px_param(c, "q");
  px_search_query sq;
  px_err err = {0};
  px_search_result *r = NULL;
  px_rc rc = px_search_params(c, &sq, &err);
  px_buf atom;
  px_buf_init(&atom, 0);
  px_buf_puts(&atom, "/search.atom?q=");
  if (q) px_url_encode(&atom, q, strlen(q));
  px_html_begin(b, q && *q ? q : "Search", q, q && *q ? px_buf_cstr(&atom) : NULL);
  px_buf_puts(b, "<h1>Search</h1><form class=\"filters\" action=\"/search\" "
                 "method=\"get\">");
  filter_input(b, "q", "Words", q, "search");
  filter_input(b, "source", "Outlet", px_param(c, "source"), "text");
  filter_input(b, "lang", "Language", px_param(c, "lang"), "text");
  filter_input(b, "from", "From", px_param(c, "from"), "date");
  filter_input(b, "to", "To", px_param(c, "to"), "date");
  px_buf_puts(b, "<button type=\"submit\">Search</button></form>"
                 "<p class=\"help\">Words are all required; use \"quotes\" "
                 "for a phrase, OR for either, -word or NOT word to "
                 "exclude, word* for a prefix.</p>");
  if (!q || !*q) {
    px_html_end(b);
    px_buf_reset(&atom);
    return;
  }
  if (!rc) rc = px_search_run(c->st, &sq, &r, &err);
  if (rc) {
    c->resp->status = px_status_for(rc);
    px_buf_puts(b, "<p class=\"error\">");
    px_html_str(b, err.msg);
    px_buf_puts(b, "</p>");
    px_html_end(b);
    px_buf_reset(&atom);
    return;
  }
  px_buf_printf(b, "<p class=\"count\">%zu article%s in %zu stor%s \xc2\xb7 "
                   "<a href=\"",
                r->total_hits, r->total_hits == 1 ? "" : "s", r->total_groups,
                r->total_groups == 1 ? "y" : "ies");
  px_html_str(b, px_buf_cstr(&atom));
  px_buf_puts(b, "\">Atom feed of this search</a></p><ol class=\"results\">");
  for (size_t g = 0; g < r->ngroups; g++) {
    px_search_group *gr = &r->groups[g];
    px_buf_puts(b, "<li class=\"group\">");
    if (gr->story_id) {
      px_buf_printf(b, "<h2><a href=\"/stories/%lld\">", (long long)gr->story_id);
      px_html_str(b, gr->story_title && *gr->story_title ? gr->story_title
                                                         : "(untitled story)");
      px_buf_puts(b, "</a></h2>");
    }
    px_buf_puts(b, "<ul>");
    for (size_t k = gr->first; k < gr->first + gr->count; k++) {
      px_search_hit *h = &r->hits[k];
      px_buf_printf(b, "<li class=\"hit\"><a class=\"title\" href=\"/articles/%lld\">",
                    (long long)h->article_id);
      px_html_str(b, h->title && *h->title ? h->title : "(untitled)");
      px_buf_puts(b, "</a> <span class=\"meta\">");
      outlet_link(b, h->source);
      px_buf_puts(b, " \xc2\xb7 ");
      date_text(b, h->published, 0);
      px_buf_puts(b, "</span><p class=\"snippet\">");
      px_html_snippet(b, h->snippet);
      px_buf_puts(b, "</p></li>");
    }
    px_buf_puts(b, "</ul></li>");
  }
  px_buf_puts(b, "</ol>");
  if (r->total_groups == 0) px_buf_puts(b, "<p class=\"none\">Nothing found.</p>");
  px_buf qs;
  px_buf_init(&qs, 0);
  search_qs(c, &qs);
  size_t per = sq.limit ? sq.limit : 20;
  pager(b, "/search", px_buf_cstr(&qs), sq.offset / per + 1, r->total_groups, per);
  px_buf_reset(&qs);
  px_html_end(b);
  px_search_result_free(r);
  px_buf_reset(&atom);
}

/* ---- outlet page --------------------------------------------------------- */

typedef struct outlet_stats {
  px_ctx *c;
  px_buf rows;
  size_t narticles;
  int64_t *stories;
  size_t nstories;
} outlet_stats;

static int outlet_row(const px_article_row *a, void *ud) {
  outlet_stats *o = ud;
  o->narticles++;
  if (a->story_id) {
    size_t i = 0;
    while (i < o->nstories && o->stories[i] != a->story_id) i++;
    if (i == o->nstories) {
      int64_t *p = realloc(o->stories, (o->nstories + 1) * sizeof *p);
      if (p) {
        o->stories = p;
        o->stories[o->nstories++] = a->story_id;
      }
    }
  }
  if (o->narticles > 500) return 0;
  px_buf *b = &o->rows;
  px_buf_printf(b, "<li><a href=\"/articles/%lld\">", (long long)a->id);
  px_html_str(b, a->title && *a->title ? a->title : "(untitled)");
  px_buf_puts(b, "</a> <span class=\"meta\">");
  date_text(b, a->published, a->published_utc);
  if (a->story_id)
    px_buf_printf(b, " \xc2\xb7 <a href=\"/stories/%lld\">story</a>",
                  (long long)a->story_id);
  px_buf_puts(b, "</span></li>");
  return 0;
}

/* Does a JSON value mention name (a string equal to it, case-insensitive)? */
static int mentions(json_t *v, const char *name, int depth) {
  if (depth > 8 || !v) return 0;
  if (json_is_string(v))
    return px_str_ieq_cstr(px_str_from_cstr(json_string_value(v)), name);
  size_t i;
  json_t *x;
  const char *k;
  if (json_is_array(v)) {
    json_array_foreach(v, i, x) if (mentions(x, name, depth + 1)) return 1;
  } else if (json_is_object(v)) {
    json_object_foreach(v, k, x) if (mentions(x, name, depth + 1)) return 1;
  }
  return 0;
}

/* How often the outlet published first in its stories (the likely origin)
** and how often the analysis names it the outlier. */
static void origin_outlier(px_ctx *c, outlet_stats *o, const char *name,
                           size_t *origin, size_t *outlier) {
  *origin = *outlier = 0;
  for (size_t i = 0; i < o->nstories; i++) {
    int64_t *ids = NULL;
    size_t n = 0;
    px_err e = {0};
    if (px_store_story_articles(c->st, o->stories[i], &ids, &n, &e) == PX_OK &&
        n > 1) {
      px_article_row *a = NULL;
      if (px_store_article_get(c->st, ids[0], &a, &e) == PX_OK && a->published_utc &&
          px_str_ieq_cstr(px_str_from_cstr(a->source), name))
        (*origin)++;
      px_article_row_free(a);
    }
    free(ids);
    char *js = NULL;
    if (px_store_story_analysis(c->st, o->stories[i], &js, &e) == PX_OK && js) {
      json_t *j = json_loads(js, 0, NULL);
      if (mentions(json_object_get(j, "outlier"), name, 0)) (*outlier)++;
      json_decref(j);
    }
    free(js);
  }
}

void px_page_outlet(px_ctx *c, const char *name) {
  px_buf *b = out(c);
  px_err err = {0};
  int64_t sid = 0;
  if (px_store_source_id(c->st, name, 0, &sid, &err) || !sid) {
    px_resp_html_error(c, 404, "No such outlet.");
    return;
  }
  outlet_stats o = {c, {0}, 0, NULL, 0};
  px_buf_init(&o.rows, 0);
  if (px_store_article_each(c->st, sid, outlet_row, &o, &err)) {
    px_buf_reset(&o.rows);
    free(o.stories);
    fail(c, &err);
    return;
  }
  size_t origin, outlier;
  origin_outlier(c, &o, name, &origin, &outlier);
  px_html_begin(b, name, NULL, NULL);
  px_buf_puts(b, "<h1>");
  px_html_str(b, name);
  px_buf_printf(b, "</h1><dl class=\"stats\"><dt>Articles</dt><dd>%zu</dd>"
                   "<dt>Stories</dt><dd>%zu</dd>"
                   "<dt>First to publish (likely origin)</dt><dd>%zu</dd>"
                   "<dt>The outlier of a story</dt><dd>%zu</dd></dl>"
                   "<h2>Articles</h2><ul class=\"articles\">",
                o.narticles, o.nstories, origin, outlier);
  px_buf_append(b, o.rows.data ? o.rows.data : "", o.rows.len);
  px_buf_puts(b, "</ul>");
  px_html_end(b);
  px_buf_reset(&o.rows);
  free(o.stories);
}
