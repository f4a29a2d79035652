/*
** discover.c: a scanner for <link> and <base> tags. It walks the bytes
** once, skipping comments and the content of script/style/textarea, so a
** feed URL written inside JavaScript is not taken for a link. Attribute
** values get the few entity references that matter in URLs decoded
** (&amp; &quot; &#NN;). Memory: the result's arena; no other allocation
** survives the call.
*/
#include "ingest/discover.h"

#include <stdlib.h>
#include <string.h>

#include "ingest/url.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/str.h"

#define DISCOVER_MAX_LINKS 64

typedef struct attrs {
  px_str rel, type, href, title;
} attrs;

static bool is_feed_type(px_str t, const char **canon) {
  static const char *const types[] = {
    "application/rss+xml", "application/atom+xml", "application/feed+json",
    "application/json", "application/rdf+xml", "text/xml", "application/xml",
    NULL};
  px_str s = px_str_trim(t);
  for (size_t i = 0; i < s.len; i++)
    if (s.p[i] == ';') s.len = i;
  s = px_str_trim(s);
  for (size_t i = 0; types[i]; i++)
    if (px_str_ieq_cstr(s, types[i])) {
      *canon = types[i];
      return true;
    }
  return false;
}

static bool rel_has(px_str rel, const char *word) {
  size_t i = 0, wl = strlen(word);
  while (i < rel.len) {
    while (i < rel.len && px_isspace((unsigned char)rel.p[i])) i++;
    size_t s = i;
    while (i < rel.len && !px_isspace((unsigned char)rel.p[i])) i++;
    if (i - s == wl && px_str_ieq_cstr(px_str_make(rel.p + s, wl), word)) return true;
  }
  return false;
}

/* Copies an attribute value with &amp; &quot; &lt; &gt; &#N; &#xN; decoded. */
static char *decode(px_arena *a, px_str v) {
  v = px_str_trim(v);
  char *o = px_arena_alloc(a, v.len * 4 + 1);
  if (!o) return NULL;
  size_t n = 0;
  for (size_t i = 0; i < v.len;) {
    if (v.p[i] == '&') {
      static const struct { const char *name; char ch; } named[] = {
        {"amp;", '&'}, {"quot;", '"'}, {"lt;", '<'}, {"gt;", '>'}, {"apos;", '\''}};
      bool done = false;
      for (size_t k = 0; k < 5 && !done; k++) {
        size_t nl = strlen(named[k].name);
        if (v.len - i - 1 >= nl && !memcmp(v.p + i + 1, named[k].name, nl)) {
          o[n++] = named[k].ch;
          i += nl + 1;
          done = true;
        }
      }
      if (!done && i + 2 < v.len && v.p[i + 1] == '#') {
        size_t j = i + 2;
        bool hex = j < v.len && (v.p[j] == 'x' || v.p[j] == 'X');
        if (hex) j++;
        uint32_t cp = 0;
        size_t d = 0;
        while (j < v.len && d < 7) {
          int ch = (unsigned char)v.p[j];
          int dv = px_isdigit(ch) ? ch - '0'
                   : hex && px_tolower(ch) >= 'a' && px_tolower(ch) <= 'f' ? px_tolower(ch) - 'a' + 10
                   : -1;
          if (dv < 0) break;
          cp = cp * (hex ? 16 : 10) + (uint32_t)dv;
          j++;
          d++;
        }
        if (d && j < v.len && v.p[j] == ';' && cp > 0 && cp <= 0x10ffff &&
            !(cp >= 0xd800 && cp < 0xe000)) {
          n += px_utf8_encode(cp, o + n);
          i = j + 1;
          done = true;
        }
      }
      if (done) continue;
    }
    unsigned char ch = (unsigned char)v.p[i];
    if (ch < 0x20) {
      i++;
      continue;
    }
    uint32_t cp;
    size_t k = px_utf8_decode(v.p + i, v.len - i, &cp);
    n += px_utf8_encode(cp, o + n);
    i += k;
  }
  o[n] = '\0';
  return o;
}

/* Reads the attributes of the tag whose name ends at *pi; leaves *pi after
** the closing '>'. */
static void read_attrs(const char *s, size_t len, size_t *pi, attrs *a) {
  size_t i = *pi;
  memset(a, 0, sizeof *a);
  while (i < len && s[i] != '>') {
    while (i < len && (px_isspace((unsigned char)s[i]) || s[i] == '/')) i++;
    size_t ns = i;
    while (i < len && !px_isspace((unsigned char)s[i]) && s[i] != '=' && s[i] != '>' &&
           s[i] != '/')
      i++;
    px_str name = px_str_make(s + ns, i - ns);
    while (i < len && px_isspace((unsigned char)s[i])) i++;
    px_str val = {s + i, 0};
    if (i < len && s[i] == '=') {
      i++;
      while (i < len && px_isspace((unsigned char)s[i])) i++;
      if (i < len && (s[i] == '"' || s[i] == '\'')) {
        char q = s[i++];
        size_t vs = i;
        while (i < len && s[i] != q) i++;
        val = px_str_make(s + vs, i - vs);
        if (i < len) i++;
      } else {
        size_t vs = i;
        while (i < len && !px_isspace((unsigned char)s[i]) && s[i] != '>') i++;
        val = px_str_make(s + vs, i - vs);
      }
    } else if (i == ns) {
      i++;
      continue;
    }
    if (px_str_ieq_cstr(name, "rel")) a->rel = val;
    else if (px_str_ieq_cstr(name, "type")) a->type = val;
    else if (px_str_ieq_cstr(name, "href")) a->href = val;
    else if (px_str_ieq_cstr(name, "title")) a->title = val;
  }
  *pi = i < len ? i + 1 : len;
}

static bool tag_is(const char *s, size_t len, size_t i, const char *name) {
  size_t n = strlen(name);
  if (len - i < n) return false;
  if (!px_str_ieq_cstr(px_str_make(s + i, n), name)) return false;
  return i + n == len || px_isspace((unsigned char)s[i + n]) || s[i + n] == '>' ||
         s[i + n] == '/';
}

/* Skips to just after the closing tag `</name`, case-insensitively. */
static size_t skip_raw(const char *s, size_t len, size_t i, const char *name) {
  size_t n = strlen(name);
  while (i + 2 + n <= len) {
    if (s[i] == '<' && s[i + 1] == '/' &&
        px_str_ieq_cstr(px_str_make(s + i + 2, n), name))
      return i;
    i++;
  }
  return len;
}

px_rc px_discover_feeds(const char *html, size_t len, const char *page_url,
                        px_discovered **out, px_err *err) {
  px_discovered *d = calloc(1, sizeof *d);
  if (d) d->arena = px_arena_new(0);
  if (!d || !d->arena) {
    free(d);
    return px_err_set(err, PX_ENOMEM, "discover: out of memory");
  }
  d->refs = px_arena_calloc(d->arena, DISCOVER_MAX_LINKS, sizeof *d->refs);
  const char *base = page_url;
  px_buf u;
  px_buf_init(&u, 1 << 16);
  px_rc rc = d->refs ? PX_OK : PX_ENOMEM;
  size_t i = 0;
  while (i < len && !rc && d->n < DISCOVER_MAX_LINKS) {
    if (html[i] != '<') {
      const char *lt = memchr(html + i, '<', len - i);
      if (!lt) break;
      i = (size_t)(lt - html);
    }
    if (len - i >= 4 && !memcmp(html + i, "<!--", 4)) {
      size_t j = i + 4;
      while (j + 3 <= len && memcmp(html + j, "-->", 3)) j++;
      i = j + 3 <= len ? j + 3 : len;
      continue;
    }
    i++;
    if (tag_is(html, len, i, "script") || tag_is(html, len, i, "style") ||
        tag_is(html, len, i, "textarea")) {
      const char *name = px_tolower((unsigned char)html[i]) == 's'
                             ? (px_tolower((unsigned char)html[i + 1]) == 'c' ? "script" : "style")
                             : "textarea";
      i += strlen(name);
      attrs a;
      read_attrs(html, len, &i, &a);
      i = skip_raw(html, len, i, name);
      continue;
    }
    bool is_link = tag_is(html, len, i, "link");
    bool is_base = tag_is(html, len, i, "base");
    if (!is_link && !is_base) continue;
    i += 4;
    attrs a;
    read_attrs(html, len, &i, &a);
    if (is_base) {
      if (a.href.p && a.href.len) {
        char *h = decode(d->arena, a.href);
        u.len = 0;
        if (h && !px_url_resolve(page_url, page_url ? strlen(page_url) : 0, h, strlen(h), &u))
          base = px_arena_strndup(d->arena, px_buf_cstr(&u), u.len);
      }
      continue;
    }
    const char *type = NULL;
    bool feed = a.href.p && a.href.len &&
                ((rel_has(a.rel, "alternate") && is_feed_type(a.type, &type)) ||
                 rel_has(a.rel, "feed"));
    if (!feed) continue;
    if (!type && a.type.len) is_feed_type(a.type, &type);
    char *href = decode(d->arena, a.href);
    if (!href) {
      rc = PX_ENOMEM;
      break;
    }
    u.len = 0;
    rc = px_url_resolve(base, base ? strlen(base) : 0, href, strlen(href), &u);
    if (rc) break;
    bool dup = false;
    for (size_t k = 0; k < d->n; k++)
      if (!strcmp(d->refs[k].url, px_buf_cstr(&u))) dup = true;
    if (dup) continue;
    px_feed_ref *r = &d->refs[d->n++];
    r->url = px_arena_strndup(d->arena, px_buf_cstr(&u), u.len);
    r->type = type;
    r->title = a.title.p && a.title.len ? decode(d->arena, a.title) : NULL;
    if (!r->url) rc = PX_ENOMEM;
  }
  px_buf_reset(&u);
  if (rc) {
    px_discovered_free(d);
    return px_err_set(err, rc, "discover: %s", px_strerror(rc));
  }
  *out = d;
  return PX_OK;
}

void px_discovered_free(px_discovered *d) {
  if (!d) return;
  px_arena_free(d->arena);
  free(d);
}
