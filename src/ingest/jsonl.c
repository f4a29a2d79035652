/*
** jsonl.c: JSON-lines reader over jansson. Each line is parsed on its own
** (json_loadb with an explicit length), so one broken line costs only
** itself. Line length is capped to bound memory. One pretty-printed
** object (a whole file that is a single JSON object over several lines)
** is read as one item, not taken for plain text.
*/
#include "ingest/jsonl.h"
#include "util/err.h"
#include "util/str.h"

#include <jansson.h>
#include <string.h>

#define MAX_LINE ((size_t)32 << 20)

void px_jsonl_init(px_jsonl *r, const char *data, size_t len) {
  r->p = data;
  r->end = data + len;
  r->line = 0;
  r->obj = NULL;
}

void px_jsonl_reset(px_jsonl *r) {
  json_decref((json_t *)r->obj);
  r->obj = NULL;
}

static const char *field(json_t *o, const char *const *names, size_t *len) {
  for (; *names; names++) {
    json_t *v = json_object_get(o, *names);
    if (json_is_string(v) && json_string_length(v) > 0) {
      if (len) *len = json_string_length(v);
      return json_string_value(v);
    }
  }
  if (len) *len = 0;
  return NULL;
}

static const char *first_author(json_t *o) {
  static const char *const names[] = {"author", "authors", "byline", NULL};
  for (const char *const *n = names; *n; n++) {
    json_t *v = json_object_get(o, *n);
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_array(v) && json_is_string(json_array_get(v, 0)))
      return json_string_value(json_array_get(v, 0));
  }
  return NULL;
}

/* Is [p, end) one JSON object spread over several lines (its first line
** not a whole object)? Returns end when it is, else NULL. Parsed once
** here to tell; only such inputs pay for it. */
static const char *one_object(const char *p, const char *end) {
  px_str all = px_str_trim(px_str_make(p, (size_t)(end - p)));
  if (all.len < 2 || all.p[0] != '{' || all.p[all.len - 1] != '}' ||
      all.len > MAX_LINE)
    return NULL;
  const char *nl = memchr(all.p, '\n', all.len);
  if (!nl) return NULL;
  px_str first = px_str_trim(px_str_make(all.p, (size_t)(nl - all.p)));
  if (first.p[first.len - 1] == '}') return NULL;   /* JSON lines */
  json_error_t je;
  json_t *o = json_loadb(all.p, all.len, JSON_REJECT_DUPLICATES, &je);
  bool ok = json_is_object(o);
  json_decref(o);
  return ok ? end : NULL;
}

px_rc px_jsonl_next(px_jsonl *r, px_jsonl_item *item, px_err *err) {
  static const char *const k_url[] = {"url", "link", "canonical_url", NULL};
  static const char *const k_title[] = {"title", "headline", NULL};
  static const char *const k_text[] = {"text", "body", "content", "articleBody", NULL};
  static const char *const k_html[] = {"html", "raw_html", NULL};
  static const char *const k_pub[] = {"published", "date", "published_at",
                                      "datePublished", "pubDate", NULL};
  static const char *const k_src[] = {"source", "outlet", "site", "site_name", NULL};
  px_jsonl_reset(r);
  const char *whole_end = r->line == 0 ? one_object(r->p, r->end) : NULL;
  while (r->p < r->end) {
    const char *nl = whole_end ? NULL : memchr(r->p, '\n', (size_t)(r->end - r->p));
    const char *eol = nl ? nl : r->end;
    const char *start = r->p;
    r->p = nl ? nl + 1 : r->end;
    r->line++;
    px_str line = px_str_trim(px_str_make(start, (size_t)(eol - start)));
    if (line.len == 0) continue;
    if (line.len > MAX_LINE)
      return px_err_set(err, PX_ETOOBIG, "line %zu: over %zu bytes", r->line, MAX_LINE);
    json_error_t je;
    json_t *o = json_loadb(line.p, line.len, JSON_REJECT_DUPLICATES, &je);
    if (!o)
      return px_err_set(err, PX_EPARSE, "line %zu: invalid JSON: %s", r->line, je.text);
    if (!json_is_object(o)) {
      json_decref(o);
      return px_err_set(err, PX_EPARSE, "line %zu: not a JSON object", r->line);
    }
    r->obj = o;
    memset(item, 0, sizeof *item);
    item->line = r->line;
    item->url = field(o, k_url, NULL);
    item->title = field(o, k_title, NULL);
    item->text = field(o, k_text, &item->text_len);
    item->html = field(o, k_html, &item->html_len);
    item->published = field(o, k_pub, NULL);
    item->source = field(o, k_src, NULL);
    item->author = first_author(o);
    if (!item->text && !item->html && item->title) {
      /* a headline-only item (a brief, a one-sentence report) */
      item->text = item->title;
      item->text_len = strlen(item->title);
    }
    if (!item->text && !item->html)
      return px_err_set(err, PX_EEMPTY, "line %zu: no text, html or title field", r->line);
    return PX_OK;
  }
  return PX_EEMPTY;
}

int px_jsonl_sniff(const char *data, size_t len) {
  size_t i = 0;
  while (i < len && px_isspace((unsigned char)data[i])) i++;
  if (i >= len || data[i] != '{') return 0;
  /* One pretty-printed object is read as one item (px_jsonl_next). */
  if (one_object(data, data + len)) return 1;
  /* Otherwise the first line must end with '}'. */
  const char *nl = memchr(data + i, '\n', len - i);
  size_t e = nl ? (size_t)(nl - data) : len;
  while (e > i && px_isspace((unsigned char)data[e - 1])) e--;
  return e > i && data[e - 1] == '}';
}
