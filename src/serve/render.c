/*
** render.c: generic JSON-to-HTML for analysis sections (see render.h).
** Every string passes through px_html_text; URLs through px_html_href.
*/
#include "serve/render.h"

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
      json_array_foreach(v, i, el) {
        if (i >= MAX_ITEMS) break;
        if (i) px_buf_puts(b, ", ");
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
