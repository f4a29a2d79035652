/*
** render.c: generic JSON-to-HTML for analysis sections (see render.h).
** Every string passes through px_html_text; URLs through px_html_href.
*/
#include "serve/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/html.h"
#include "util/str.h"

#define MAX_DEPTH 8
#define MAX_ITEMS 500

void px_render_key(px_buf *b, const char *key) {
  if (!key) return;
  size_t n = strlen(key);
  for (size_t i = 0; i < n; i++) {
    char c = key[i] == '_' ? ' ' : key[i];
    if (i == 0) c = (char)px_toupper((unsigned char)c);
    px_html_text(b, &c, 1);
  }
}

static int id_key(const char *key) {
  if (!key) return 0;
  static const char *const keys[] = {"a", "b", "id", "article", "article_id",
                                     "article_ids", "origin", "articles",
                                     "from", "to", "source_article", "cites",
                                     "cite", "sources", "copy", "of", NULL};
  for (int i = 0; keys[i]; i++)
    if (!strcmp(key, keys[i])) return 1;
  return 0;
}

static const char *label_for(const px_render *r, int64_t id) {
  for (size_t i = 0; i < r->nids; i++)
    if (r->ids[i].id == id) return r->ids[i].label;
  return NULL;
}

static void scalar(px_render *r, const char *key, json_t *v) {
  px_buf *b = r->b;
  if (json_is_string(v)) {
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if ((px_str_istarts(px_str_make(s, len), "http://") ||
         px_str_istarts(px_str_make(s, len), "https://")) &&
        len < 2048 && px_html_url_ok(s)) {
      px_buf_puts(b, "<a rel=\"nofollow noopener\" href=\"");
      px_html_href(b, s);
      px_buf_puts(b, "\">");
      px_html_text(b, s, len);
      px_buf_puts(b, "</a>");
    } else {
      px_html_text(b, s, len);
    }
  } else if (json_is_integer(v)) {
    long long n = (long long)json_integer_value(v);
    const char *lab = id_key(key) ? label_for(r, n) : NULL;
    if (lab) {
      px_buf_printf(b, "<a class=\"art\" href=\"/articles/%lld\">", n);
      px_html_str(b, *lab ? lab : "article");
      px_buf_printf(b, " <small>#%lld</small></a>", n);
    } else {
      px_buf_printf(b, "%lld", n);
    }
  } else if (json_is_real(v)) {
    double d = json_real_value(v);
    if (d >= 0 && d <= 1 && key && (strstr(key, "share") || strstr(key, "ratio")))
      px_buf_printf(b, "%.0f%%", d * 100);
    else
      px_buf_printf(b, "%.3g", d);
  } else if (json_is_true(v)) {
    px_buf_puts(b, "yes");
  } else if (json_is_false(v)) {
    px_buf_puts(b, "no");
  } else {
    px_buf_puts(b, "\xe2\x80\x94");
  }
}

static int is_scalar(json_t *v) { return !json_is_object(v) && !json_is_array(v); }

/* An array of objects renders as a table when its members are records
** (mostly scalar fields); the columns are the union of their keys. */
static int table_columns(json_t *arr, const char **cols, size_t *ncols) {
  size_t n = 0;
  size_t i;
  json_t *el;
  json_array_foreach(arr, i, el) {
    if (!json_is_object(el)) return 0;
    const char *k;
    json_t *x;
    json_object_foreach(el, k, x) {
      size_t j = 0;
      while (j < n && strcmp(cols[j], k)) j++;
      if (j == n) {
        if (n == 12) return 0;
        cols[n++] = k;
      }
    }
    if (i > 50) break;
  }
  *ncols = n;
  return n > 0;
}

void px_render_json(px_render *r, const char *key, json_t *v, int depth) {
  px_buf *b = r->b;
  if (depth > MAX_DEPTH) {
    px_buf_puts(b, "\xe2\x80\xa6");
    return;
  }
  if (is_scalar(v)) {
    scalar(r, key, v);
    return;
  }
  if (json_is_array(v)) {
    size_t n = json_array_size(v);
    if (n == 0) {
      px_buf_puts(b, "<span class=\"none\">none</span>");
      return;
    }
    const char *cols[12];
    size_t ncols = 0;
    if (table_columns(v, cols, &ncols)) {
      px_buf_puts(b, "<div class=\"tablewrap\"><table><thead><tr>");
      for (size_t c = 0; c < ncols; c++) {
        px_buf_puts(b, "<th>");
        px_render_key(b, cols[c]);
        px_buf_puts(b, "</th>");
      }
      px_buf_puts(b, "</tr></thead><tbody>");
      size_t i;
      json_t *el;
      json_array_foreach(v, i, el) {
        if (i >= MAX_ITEMS) break;
        px_buf_puts(b, "<tr>");
        for (size_t c = 0; c < ncols; c++) {
          px_buf_puts(b, "<td>");
          json_t *x = json_object_get(el, cols[c]);
          if (x) px_render_json(r, cols[c], x, depth + 1);
          px_buf_puts(b, "</td>");
        }
        px_buf_puts(b, "</tr>");
      }
      px_buf_puts(b, "</tbody></table></div>");
      return;
    }
    int inline_list = 1;
    size_t i;
    json_t *el;
    json_array_foreach(v, i, el) if (!json_is_integer(el)) inline_list = 0;
    if (inline_list) {
      /* A joined list never repeats a value ("4, 4" reads as a mistake). */
      size_t shown = 0;
      json_array_foreach(v, i, el) {
        if (i >= MAX_ITEMS) break;
        size_t k;
        json_t *prev;
        int dup = 0;
        json_array_foreach(v, k, prev) {
          if (k >= i) break;
          if (json_integer_value(prev) == json_integer_value(el)) dup = 1;
        }
        if (dup) continue;
        if (shown++) px_buf_puts(b, ", ");
        scalar(r, key, el);
      }
      return;
    }
    px_buf_puts(b, "<ul>");
    json_array_foreach(v, i, el) {
      if (i >= MAX_ITEMS) break;
      px_buf_puts(b, "<li>");
      px_render_json(r, key, el, depth + 1);
      px_buf_puts(b, "</li>");
    }
    px_buf_puts(b, "</ul>");
    return;
  }
  /* Object: a definition list. */
  px_buf_puts(b, "<dl>");
  const char *k;
  json_t *x;
  json_object_foreach(v, k, x) {
    px_buf_puts(b, "<dt>");
    px_render_key(b, k);
    px_buf_puts(b, "</dt><dd>");
    px_render_json(r, k, x, depth + 1);
    px_buf_puts(b, "</dd>");
  }
  px_buf_puts(b, "</dl>");
}

/* ---- the story analysis -------------------------------------------------- */

#define MAX_ROWS 40

static const char *outlet_of(const px_render *r, json_t *cite) {
  const char *o = json_string_value(json_object_get(cite, "outlet"));
  if (o && *o) return o;
  const char *l = label_for(r, json_integer_value(json_object_get(cite, "article_id")));
  return l && *l ? l : "article";
}

/* A link to the cited sentence's block on the article page. */
static void cite_link(px_render *r, json_t *cite, const char *label) {
  px_buf *b = r->b;
  long long id = (long long)json_integer_value(json_object_get(cite, "article_id"));
  json_t *blk = json_object_get(cite, "block");
  px_buf_printf(b, "<a class=\"cite\" href=\"/articles/%lld", id);
  if (json_is_integer(blk))
    px_buf_printf(b, "#b%lld", (long long)json_integer_value(blk));
  px_buf_puts(b, "\"");
  const char *t = json_string_value(json_object_get(cite, "text"));
  if (t) {
    px_buf_puts(b, " title=\"");
    px_html_str(b, t);
    px_buf_puts(b, "\"");
  }
  px_buf_puts(b, ">");
  px_html_str(b, label ? label : outlet_of(r, cite));
  px_buf_puts(b, "</a>");
}

static void section_open(px_buf *b, const char *id, const char *title) {
  px_buf_printf(b, "<section class=\"analysis\" id=\"%s\"><h2>%s</h2>", id, title);
}

/* A section the reader opens when wanted: the heading stays visible as
** the <summary> (with a short count after it), the body folds away, so
** the page reads as a list of headings. Closed with section_fold_close. */
static void section_fold(px_buf *b, const char *id, const char *title,
                         const char *count) {
  px_buf_printf(b, "<section class=\"analysis\" id=\"%s\"><details class=\"fold\">"
                   "<summary><h2>%s <span class=\"count-note\">%s</span></h2>"
                   "</summary>", id, title, count ? count : "");
}

static void section_fold_close(px_buf *b) { px_buf_puts(b, "</details></section>\n"); }

static void summary(px_render *r, json_t *v, json_t *disputed) {
  px_buf *b = r->b;
  section_open(b, "summary", "Summary");
  px_buf_puts(b, "<ol class=\"summary\">");
  size_t i;
  json_t *s;
  json_array_foreach(v, i, s) {
    px_buf_puts(b, "<li>");
    px_html_str(b, json_string_value(json_object_get(s, "text")));
    json_t *sup = json_object_get(s, "support");
    size_t k;
    json_t *c;
    px_buf_puts(b, " <span class=\"cites\">");
    size_t shown = 0;
    json_array_foreach(sup, k, c) {
      /* One citation per article: "[OAN] [OAN]" repeats a value. */
      json_int_t aid = json_integer_value(json_object_get(c, "article_id"));
      size_t j;
      json_t *prev;
      int dup = 0;
      json_array_foreach(sup, j, prev) {
        if (j >= k) break;
        if (json_integer_value(json_object_get(prev, "article_id")) == aid) dup = 1;
      }
      if (dup) continue;
      if (shown++) px_buf_puts(b, " ");
      px_buf_puts(b, "[");
      cite_link(r, c, NULL);
      px_buf_puts(b, "]");
    }
    px_buf_puts(b, "</span></li>");
  }
  px_buf_puts(b, "</ol>");
  /* what the summary leaves out because outlets dispute it: said, not
  ** stated either way */
  if (json_array_size(disputed)) {
    px_buf_puts(b, "<p class=\"disputed\">Outlets disagree on: ");
    size_t i2;
    json_t *d;
    json_array_foreach(disputed, i2, d) {
      if (i2) px_buf_puts(b, "; ");
      px_html_str(b, json_string_value(d));
    }
    px_buf_puts(b, " (see below).</p>");
  }
  px_buf_puts(b, "</section>\n");
}

/* Short form of a claim item: its value, place or status. */
static void item_short(px_buf *b, json_t *it) {
  json_t *v = json_object_get(it, "value");
  const char *unit = json_string_value(json_object_get(it, "unit"));
  const char *place = json_string_value(json_object_get(it, "place"));
  const char *venue = json_string_value(json_object_get(it, "venue"));
  const char *status = json_string_value(json_object_get(it, "status"));
  const char *text = json_string_value(json_object_get(it, "text"));
  if (json_is_number(v) && text && *text) {
    /* the figure as the outlet wrote it ("more than 7-1/2 hours"), its
    ** qualifier kept; the value it was compared as goes in the tooltip */
    px_buf_printf(b, "<span title=\"compared as %g", json_number_value(v));
    if (unit) {
      px_buf_putc(b, ' ');
      px_html_str(b, unit);
    }
    px_buf_puts(b, "\">");
    px_html_str(b, text);
    px_buf_puts(b, "</span>");
  } else if (json_is_number(v)) {
    px_buf_printf(b, "%g", json_number_value(v));
    if (unit) {
      px_buf_putc(b, ' ');
      px_html_str(b, unit);
    }
  } else if (json_is_string(v)) {
    px_html_str(b, json_string_value(v));
  } else if (venue || place) {
    if (venue) px_html_str(b, venue);
    if (venue && place) px_buf_puts(b, ", ");
    if (place) px_html_str(b, place);
  } else if (status) {
    px_html_str(b, status);
  } else if (text) {
    size_t n = strlen(text);
    if (n > 140) {
      n = 140;
      while (n && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
    }
    px_html_text(b, text, n);
    if (n < strlen(text)) px_buf_puts(b, "\xe2\x80\xa6");
  }
}

static int has_id(json_t *arr, json_int_t id) {
  size_t i;
  json_t *x;
  json_array_foreach(arr, i, x) if (json_integer_value(x) == id) return 1;
  return 0;
}

#define CELL_VALUES 3   /* distinct values shown in one claims cell */
#define CLAIMS_SHOWN 10  /* claim rows shown before "more claims" */

/* One outlet's cell of a claim row: each distinct value once (compared
** case-insensitively, so "Beijing; BEIJING" is one value), linked to the
** first sentence that gives it; more than CELL_VALUES adds "+N". */
static void claim_cell(px_buf *b, json_t *items, json_int_t id) {
  px_buf seen[CELL_VALUES];
  size_t nseen = 0, more = 0, j;
  json_t *it;
  json_array_foreach(items, j, it) {
    if (json_integer_value(json_object_get(it, "article_id")) != id) continue;
    px_buf tmp;
    px_buf_init(&tmp, 0);
    item_short(&tmp, it);
    int dup = 0;
    for (size_t k = 0; k < nseen && !dup; k++)
      dup = px_str_ieq_cstr(px_str_make(px_buf_cstr(&tmp), tmp.len),
                            px_buf_cstr(&seen[k]));
    if (dup) {
      px_buf_reset(&tmp);
      continue;
    }
    if (nseen == CELL_VALUES) {
      more++;
      px_buf_reset(&tmp);
      continue;
    }
    if (nseen) px_buf_puts(b, "; ");
    /* The short form is already escaped: link it to the sentence. */
    json_t *sent = json_object_get(it, "sentence");
    json_t *blk = json_object_get(sent, "block");
    px_buf_printf(b, "<a class=\"cite\" href=\"/articles/%lld", (long long)id);
    if (json_is_integer(blk)) px_buf_printf(b, "#b%lld", (long long)json_integer_value(blk));
    px_buf_puts(b, "\" title=\"");
    px_html_str(b, json_string_value(json_object_get(sent, "text")));
    px_buf_puts(b, "\">");
    px_buf_append(b, px_buf_cstr(&tmp), tmp.len);
    if (!tmp.len) px_buf_puts(b, "source");
    px_buf_puts(b, "</a>");
    seen[nseen++] = tmp;   /* keeps the bytes for later comparisons */
  }
  if (more) px_buf_printf(b, " <small>+%zu</small>", more);
  if (!nseen) px_buf_puts(b, "<span class=\"none\">\xe2\x80\x94</span>");
  for (size_t k = 0; k < nseen; k++) px_buf_reset(&seen[k]);
}

static void claims_table_open(px_buf *b, json_t *arts) {
  size_t i;
  json_t *a;
  px_buf_puts(b, "<div class=\"tablewrap\"><table class=\"claims\"><thead><tr>"
                 "<th>Claim</th><th>Verdict</th>");
  json_array_foreach(arts, i, a) {
    px_buf_puts(b, "<th>");
    px_html_str(b, json_string_value(json_object_get(a, "outlet")));
    px_buf_puts(b, "</th>");
  }
  px_buf_puts(b, "</tr></thead><tbody>");
}

static void claim_row(px_buf *b, json_t *c, json_t *arts) {
  const char *verdict = json_string_value(json_object_get(c, "verdict"));
  px_buf_puts(b, "<tr><th scope=\"row\">");
  px_html_str(b, json_string_value(json_object_get(c, "label")));
  const char *note = json_string_value(json_object_get(c, "note"));
  if (note) {
    px_buf_puts(b, "<br><small>");
    px_html_str(b, note);
    px_buf_puts(b, "</small>");
  }
  px_buf_puts(b, "</th><td><span class=\"verdict v-");
  px_html_str(b, verdict ? verdict : "none");
  px_buf_puts(b, "\">");
  px_html_str(b, verdict ? verdict : "");
  px_buf_puts(b, "</span></td>");
  json_t *items = json_object_get(c, "items");
  json_t *minority = json_object_get(c, "minority");
  size_t k;
  json_t *a;
  json_array_foreach(arts, k, a) {
    json_int_t id = json_integer_value(json_object_get(a, "id"));
    px_buf_puts(b, has_id(minority, id) ? "<td class=\"minority\">" : "<td>");
    claim_cell(b, items, id);
    px_buf_puts(b, "</td>");
  }
  px_buf_puts(b, "</tr>");
}

static int claim_shown(json_t *c) {
  return !json_is_true(json_object_get(c, "only_one_outlet")) &&
         json_array_size(json_object_get(c, "outlets")) >= 2;
}

/* The first CLAIMS_SHOWN rows in the open; the rest in a second table
** under "N more claims" (a <details> cannot sit inside a table). */
static void claims(px_render *r, json_t *v, json_t *arts) {
  px_buf *b = r->b;
  size_t total = 0, i, rows = 0;
  json_t *c;
  json_array_foreach(v, i, c) if (claim_shown(c)) total++;
  if (total > MAX_ROWS) total = MAX_ROWS;
  /* Folding away two or three rows saves nothing. */
  size_t fold_at = total <= CLAIMS_SHOWN + 3 ? MAX_ROWS + 1 : CLAIMS_SHOWN;
  section_open(b, "claims", "Where the outlets agree and differ");
  px_buf_puts(b, "<p class=\"help\">Each cell links to the sentence it comes "
                 "from; a marked cell disagrees with the others.</p>");
  claims_table_open(b, arts);
  json_array_foreach(v, i, c) {
    if (!claim_shown(c)) continue;
    if (rows == MAX_ROWS) break;
    if (rows == fold_at) {
      px_buf_printf(b, "</tbody></table></div><details class=\"more\"><summary>"
                       "%zu more claim%s</summary>", total - rows,
                    total - rows == 1 ? "" : "s");
      claims_table_open(b, arts);
    }
    claim_row(b, c, arts);
    rows++;
  }
  px_buf_puts(b, "</tbody></table></div>");
  if (rows > fold_at) px_buf_puts(b, "</details>");
  px_buf_puts(b, "</section>\n");
}

static void only_one(px_render *r, json_t *v, json_t *arts) {
  px_buf *b = r->b;
  char count[64];
  snprintf(count, sizeof count, "%zu sentence%s", json_array_size(v),
           json_array_size(v) == 1 ? "" : "s");
  section_fold(b, "only-one", "Only one outlet reports", count);
  size_t i, k;
  json_t *a, *x;
  json_array_foreach(arts, i, a) {
    json_int_t id = json_integer_value(json_object_get(a, "id"));
    size_t shown = 0;
    json_array_foreach(v, k, x) {
      if (json_integer_value(json_object_get(x, "article_id")) != id) continue;
      if (shown == 0) {
        px_buf_puts(b, "<h3>");
        px_html_str(b, json_string_value(json_object_get(a, "outlet")));
        px_buf_puts(b, "</h3><ul class=\"onlyone\">");
      }
      if (shown++ == 8) break;
      json_t *s = json_object_get(x, "sentence");
      px_buf_puts(b, "<li>");
      px_html_str(b, json_string_value(json_object_get(s, "text")));
      px_buf_puts(b, " ");
      cite_link(r, s, "\xe2\x86\x97");
      px_buf_puts(b, "</li>");
    }
    if (shown) px_buf_puts(b, "</ul>");
  }
  section_fold_close(b);
}

/* ---- quotes -------------------------------------------------------------- */

#define MAX_QUOTES 500       /* quote entries read from the analysis */
#define QUOTES_PER_SPEAKER 30
#define ITEMS_PER_QUOTE 12

static const char *speaker_of(json_t *q) {
  const char *sp = json_string_value(json_object_get(q, "speaker"));
  return sp && *sp ? sp : "Unattributed";
}

static int same_speaker(json_t *q, const char *name) {
  return px_str_ieq_cstr(px_str_from_cstr(speaker_of(q)), name);
}

/* One quote and its variants across outlets: each distinct wording once,
** followed by the outlets that carry it (each linked to its sentence). */
static void quote_item(px_render *r, json_t *q) {
  px_buf *b = r->b;
  json_t *items = json_object_get(q, "items");
  json_int_t var = json_integer_value(json_object_get(q, "variants"));
  px_buf_puts(b, "<li>");
  if (var > 1)
    px_buf_printf(b, "<span class=\"badge\">%lld wordings</span> ", (long long)var);
  size_t k, j;
  json_t *it, *prev;
  json_array_foreach(items, k, it) {
    if (k == ITEMS_PER_QUOTE) break;
    const char *text = json_string_value(json_object_get(it, "text"));
    int dup = 0;
    json_array_foreach(items, j, prev) {
      if (j >= k) break;
      const char *pt = json_string_value(json_object_get(prev, "text"));
      if (text && pt && px_str_ieq_cstr(px_str_from_cstr(text), pt)) dup = 1;
    }
    if (dup) continue;   /* printed with the first item of this wording */
    int indirect = json_is_true(json_object_get(it, "indirect"));
    px_buf_puts(b, k ? "<br>" : "");
    px_buf_puts(b, indirect ? "<span class=\"indirect\">" : "<q>");
    px_html_str(b, text);
    px_buf_puts(b, indirect ? "</span>" : "</q>");
    px_buf_puts(b, " <span class=\"who\">\xe2\x80\x94 ");
    size_t shown = 0;
    json_array_foreach(items, j, prev) {
      if (j == ITEMS_PER_QUOTE) break;
      const char *pt = json_string_value(json_object_get(prev, "text"));
      if (j != k && !(text && pt && px_str_ieq_cstr(px_str_from_cstr(text), pt)))
        continue;
      if (shown++) px_buf_puts(b, ", ");
      json_t *s = json_object_get(prev, "sentence");
      if (s)
        cite_link(r, s, outlet_of(r, prev));
      else
        px_html_str(b, outlet_of(r, prev));
    }
    px_buf_puts(b, "</span>");
  }
  px_buf_puts(b, "</li>");
}

/* Quotes grouped by speaker: one heading (the <summary>) per speaker with
** the role and how many quotes from how many outlets, their quotes under
** it. The analysis lists a quote per entry, the same speaker many times;
** speakers keep the order of their first entry. */
static void quotes(px_render *r, json_t *v) {
  px_buf *b = r->b;
  size_t n = json_array_size(v);
  if (n > MAX_QUOTES) n = MAX_QUOTES;
  unsigned char *done = calloc(n, 1);
  if (!done) return;
  size_t nspeakers = 0;
  for (size_t i = 0; i < n; i++) {
    if (done[i]) continue;
    nspeakers++;
    const char *name = speaker_of(json_array_get(v, i));
    for (size_t j = i; j < n; j++)
      if (same_speaker(json_array_get(v, j), name)) done[j] = 1;
  }
  memset(done, 0, n);
  section_open(b, "quotes", "Quotes by speaker");
  px_buf_printf(b, "<p class=\"help\">%zu quote%s from %zu speaker%s; open a "
                   "speaker to read what each outlet quoted.</p>",
                n, n == 1 ? "" : "s", nspeakers, nspeakers == 1 ? "" : "s");
  size_t groups = 0;
  for (size_t i = 0; i < n; i++) {
    if (done[i]) continue;
    if (groups++ == MAX_ROWS) break;
    json_t *q0 = json_array_get(v, i);
    const char *name = speaker_of(q0);
    const char *role = NULL;
    size_t nq = 0;
    json_int_t outlets[64];
    size_t no = 0;
    for (size_t j = i; j < n; j++) {
      json_t *q = json_array_get(v, j);
      if (!same_speaker(q, name)) continue;
      nq++;
      const char *rl = json_string_value(json_object_get(q, "speaker_role"));
      if (!role && rl && *rl) role = rl;
      size_t k;
      json_t *it;
      json_array_foreach(json_object_get(q, "items"), k, it) {
        json_int_t aid = json_integer_value(json_object_get(it, "article_id"));
        size_t m = 0;
        while (m < no && outlets[m] != aid) m++;
        if (m == no && no < sizeof outlets / sizeof *outlets) outlets[no++] = aid;
      }
    }
    px_buf_puts(b, "<details class=\"speaker\"><summary><strong>");
    px_html_str(b, name);
    px_buf_puts(b, "</strong>");
    if (role) {
      px_buf_puts(b, " <small>");
      px_html_str(b, role);
      px_buf_puts(b, "</small>");
    }
    px_buf_printf(b, " <span class=\"count-note\">%zu quote%s, %zu outlet%s</span>"
                     "</summary><ul class=\"quotes\">",
                  nq, nq == 1 ? "" : "s", no, no == 1 ? "" : "s");
    size_t shown = 0;
    for (size_t j = i; j < n; j++) {
      json_t *q = json_array_get(v, j);
      if (!same_speaker(q, name)) continue;
      done[j] = 1;
      if (shown++ < QUOTES_PER_SPEAKER) quote_item(r, q);
    }
    if (shown > QUOTES_PER_SPEAKER)
      px_buf_printf(b, "<li class=\"none\">and %zu more</li>", shown - QUOTES_PER_SPEAKER);
    px_buf_puts(b, "</ul></details>");
  }
  px_buf_puts(b, "</section>\n");
  free(done);
}

static void outlier(px_render *r, json_t *v) {
  px_buf *b = r->b;
  section_open(b, "outlier", "The outlier");
  px_buf_puts(b, "<p><strong>");
  px_html_str(b, outlet_of(r, v));
  px_buf_puts(b, "</strong> disagrees most with the others");
  json_t *cf = json_object_get(v, "conflicts");
  size_t i, k, shown = 0;
  json_t *x, *prev;
  json_array_foreach(cf, i, x) {
    int dup = 0;
    json_array_foreach(cf, k, prev) {
      if (k >= i) break;
      if (json_equal(prev, x)) dup = 1;
    }
    if (dup) continue;
    px_buf_puts(b, shown++ ? "; " : ": ");
    px_html_str(b, json_string_value(x));
  }
  px_buf_puts(b, ".</p></section>\n");
}

/* ---- updates ------------------------------------------------------------- */

static int same_label(json_t *u, json_t *w) {
  const char *a = json_string_value(json_object_get(u, "label"));
  const char *b = json_string_value(json_object_get(w, "label"));
  return a && b ? !strcmp(a, b) : a == b;
}

/* Two citations of the same sentence (an earlier report many updates
** start from). */
static int same_cite(json_t *x, json_t *y) {
  return json_integer_value(json_object_get(x, "article_id")) ==
             json_integer_value(json_object_get(y, "article_id")) &&
         json_equal(json_object_get(x, "text"), json_object_get(y, "text"));
}

static void cite_quoted(px_render *r, json_t *c) {
  cite_link(r, c, NULL);
  px_buf_puts(r->b, " \xe2\x80\x9c");
  px_html_str(r->b, json_string_value(json_object_get(c, "text")));
  px_buf_puts(r->b, "\xe2\x80\x9d");
}

/* Updates with one label are one entry: the label once with the number of
** reports, and under it (folded) each earlier sentence once with the later
** sentences that moved on from it. */
static void updates(px_render *r, json_t *v) {
  px_buf *b = r->b;
  size_t n = json_array_size(v);
  if (n > MAX_QUOTES) n = MAX_QUOTES;
  unsigned char *done = calloc(n + 1, 1);
  if (!done) return;
  section_open(b, "updates", "What changed as the story developed");
  px_buf_puts(b, "<ul class=\"updates\">");
  size_t labels = 0;
  for (size_t i = 0; i < n; i++) {
    if (done[i]) continue;
    if (labels++ == MAX_ROWS) break;
    json_t *u0 = json_array_get(v, i);
    size_t count = 0;
    for (size_t j = i; j < n; j++)
      if (same_label(json_array_get(v, j), u0)) count++;
    px_buf_puts(b, "<li>");
    if (count == 1) {
      done[i] = 1;
      px_buf_puts(b, "<strong>");
      px_html_str(b, json_string_value(json_object_get(u0, "label")));
      px_buf_puts(b, "</strong>: ");
      cite_quoted(r, json_object_get(u0, "earlier"));
      px_buf_puts(b, " \xe2\x86\x92 ");
      cite_quoted(r, json_object_get(u0, "later"));
      px_buf_puts(b, "</li>");
      continue;
    }
    px_buf_puts(b, "<details><summary><strong>");
    px_html_str(b, json_string_value(json_object_get(u0, "label")));
    px_buf_printf(b, "</strong> <span class=\"count-note\">%zu reports</span>"
                     "</summary>", count);
    for (size_t j = i; j < n; j++) {
      json_t *uj = json_array_get(v, j);
      if (done[j] || !same_label(uj, u0)) continue;
      json_t *e = json_object_get(uj, "earlier");
      px_buf_puts(b, "<div class=\"update\"><p>Earlier: ");
      cite_quoted(r, e);
      px_buf_puts(b, "</p><p>Later:</p><ul>");
      for (size_t k = j; k < n; k++) {
        json_t *uk = json_array_get(v, k);
        if (done[k] || !same_label(uk, u0) ||
            !same_cite(json_object_get(uk, "earlier"), e))
          continue;
        done[k] = 1;
        px_buf_puts(b, "<li>");
        cite_quoted(r, json_object_get(uk, "later"));
        px_buf_puts(b, "</li>");
      }
      px_buf_puts(b, "</ul></div>");
    }
    px_buf_puts(b, "</details></li>");
  }
  px_buf_puts(b, "</ul></section>\n");
  free(done);
}

static void people(px_render *r, json_t *v) {
  px_buf *b = r->b;
  char count[32];
  snprintf(count, sizeof count, "%zu", json_array_size(v));
  section_fold(b, "people", "People", count);
  px_buf_puts(b, "<ul class=\"people\">");
  size_t i;
  json_t *p;
  json_array_foreach(v, i, p) {
    if (i == MAX_ROWS) break;
    px_buf_puts(b, "<li>");
    px_html_str(b, json_string_value(json_object_get(p, "name")));
    const char *role = json_string_value(json_object_get(p, "role"));
    if (role && *role) {
      px_buf_puts(b, ", <em>");
      px_html_str(b, role);
      px_buf_puts(b, "</em>");
    }
    px_buf_printf(b, " <small>(%lld mentions, %zu outlets)</small></li>",
                  (long long)json_integer_value(json_object_get(p, "mentions")),
                  json_array_size(json_object_get(p, "outlets")));
  }
  px_buf_puts(b, "</ul>");
  section_fold_close(b);
}

static void agreements(px_render *r, json_t *v) {
  px_buf *b = r->b;
  char count[32];
  snprintf(count, sizeof count, "%zu", json_array_size(v));
  section_fold(b, "agreements", "Said the same way by several outlets", count);
  px_buf_puts(b, "<ul>");
  size_t i, k;
  json_t *g, *s;
  json_array_foreach(v, i, g) {
    if (i == MAX_ROWS) break;
    px_buf_puts(b, "<li><ul>");
    json_array_foreach(json_object_get(g, "sentences"), k, s) {
      if (k == 8) break;
      px_buf_puts(b, "<li>");
      cite_link(r, s, NULL);
      px_buf_puts(b, ": ");
      px_html_str(b, json_string_value(json_object_get(s, "text")));
      px_buf_puts(b, "</li>");
    }
    px_buf_puts(b, "</ul></li>");
  }
  px_buf_puts(b, "</ul>");
  section_fold_close(b);
}

void px_render_analysis(px_render *r, json_t *a) {
  static const char *const handled[] = {
      "articles", "timeline", "topic", "summary", "disputed", "claims", "updates",
      "outlier", "quotes", "people", "agreements", "only_one", NULL};
  json_t *arts = json_object_get(a, "articles");
  json_t *v;
  if (json_array_size(v = json_object_get(a, "summary")))
    summary(r, v, json_object_get(a, "disputed"));
  if (json_array_size(v = json_object_get(a, "claims")) && json_array_size(arts))
    claims(r, v, arts);
  if (json_is_object(v = json_object_get(a, "outlier"))) outlier(r, v);
  if (json_array_size(v = json_object_get(a, "quotes"))) quotes(r, v);
  if (json_array_size(v = json_object_get(a, "only_one")) && json_array_size(arts))
    only_one(r, v, arts);
  if (json_array_size(v = json_object_get(a, "updates"))) updates(r, v);
  if (json_array_size(v = json_object_get(a, "agreements"))) agreements(r, v);
  if (json_array_size(v = json_object_get(a, "people"))) people(r, v);
  json_t *tl = json_object_get(a, "timeline");
  const char *note = json_string_value(json_object_get(tl, "note"));
  if (note) {
    px_buf_puts(r->b, "<p class=\"help\">Timeline: ");
    px_html_str(r->b, note);
    px_buf_puts(r->b, "</p>");
  }
  /* Anything else the analysis grows later. */
  const char *key;
  json_object_foreach(a, key, v) {
    int known = 0;
    for (int k = 0; handled[k]; k++)
      if (!strcmp(key, handled[k])) known = 1;
    if (known || json_is_null(v)) continue;
    px_buf_puts(r->b, "<section class=\"analysis\"><h2>");
    px_render_key(r->b, key);
    px_buf_puts(r->b, "</h2>");
    px_render_json(r, key, v, 0);
    px_buf_puts(r->b, "</section>\n");
  }
}

/* ---- copy relations ------------------------------------------------------ */

static void pct(px_buf *b, json_t *v) {
  if (json_is_number(v)) px_buf_printf(b, "%.0f%%", json_number_value(v) * 100);
}

static void art_link(px_render *r, json_int_t id, json_t *block) {
  const char *l = label_for(r, id);
  px_buf_printf(r->b, "<a href=\"/articles/%lld", (long long)id);
  if (json_is_integer(block))
    px_buf_printf(r->b, "#b%lld", (long long)json_integer_value(block));
  px_buf_puts(r->b, "\">");
  px_html_str(r->b, l && *l ? l : "article");
  px_buf_puts(r->b, "</a>");
}

void px_render_copies(px_render *r, json_t *const *rels, size_t n) {
  px_buf *b = r->b;
  px_buf_puts(b, "<ul class=\"copies\">");
  for (size_t i = 0; i < n; i++) {
    json_t *x = rels[i];
    json_int_t a = json_integer_value(json_object_get(x, "a"));
    json_int_t bb = json_integer_value(json_object_get(x, "b"));
    int dup = 0;
    for (size_t k = 0; k < i && !dup; k++)
      dup = json_integer_value(json_object_get(rels[k], "a")) == a &&
            json_integer_value(json_object_get(rels[k], "b")) == bb;
    if (dup) continue;
    const char *kind = json_string_value(json_object_get(x, "kind"));
    px_buf_puts(b, "<li>");
    art_link(r, a, NULL);
    px_buf_puts(b, " and ");
    art_link(r, bb, NULL);
    if (kind && !strcmp(kind, "exact"))
      px_buf_puts(b, " carry the same text");
    else {
      px_buf_puts(b, " share passages (");
      pct(b, json_object_get(x, "a_share"));
      px_buf_puts(b, " of the first, ");
      pct(b, json_object_get(x, "b_share"));
      px_buf_puts(b, " of the second)");
    }
    const char *wire = json_string_value(json_object_get(x, "wire"));
    if (wire && *wire) {
      px_buf_puts(b, ", traced to <strong>");
      px_html_str(b, wire);
      px_buf_puts(b, "</strong>");
    }
    json_t *origin = json_object_get(x, "origin");
    if (json_is_integer(origin) && json_integer_value(origin) > 0) {
      px_buf_puts(b, "; likely origin: ");
      art_link(r, json_integer_value(origin), NULL);
    }
    json_t *ps = json_object_get(x, "passages");
    size_t k;
    json_t *p;
    if (json_array_size(ps)) px_buf_puts(b, "<br><small>passages:");
    json_array_foreach(ps, k, p) {
      if (k == 12) break;
      px_buf_puts(b, k ? "; " : " ");
      art_link(r, a, json_object_get(p, "a_first"));
      px_buf_puts(b, " \xe2\x86\x94 ");
      art_link(r, bb, json_object_get(p, "b_first"));
    }
    if (json_array_size(ps)) px_buf_puts(b, "</small>");
    px_buf_puts(b, "</li>");
  }
  px_buf_puts(b, "</ul>");
}
