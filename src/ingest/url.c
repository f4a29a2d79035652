/*
** url.c: URL splitting and RFC 3986 reference resolution.
**
** Feeds are full of relative links (xml:base, the feed's own URL), so every
** link is resolved here before anyone stores it. This is a resolver, not a
** validator: garbage in gives deterministic garbage out, never a crash.
** No normalisation beyond what section 5.2 asks for (no case folding of
** hosts, no percent-decoding), so a URL round-trips byte for byte.
** Memory: results are appended to the caller's px_buf.
*/
#include "ingest/url.h"

#include <string.h>

static bool scheme_char(int c, bool first) {
  if (px_isalpha(c)) return true;
  return !first && (px_isdigit(c) || c == '+' || c == '-' || c == '.');
}

static size_t scheme_len(const char *s, size_t len) {
  size_t i = 0;
  while (i < len && scheme_char((unsigned char)s[i], i == 0)) i++;
  return (i > 0 && i < len && s[i] == ':') ? i : 0;
}

bool px_url_is_absolute(const char *s, size_t len) {
  px_str t = px_str_trim(px_str_make(s, len));
  return scheme_len(t.p, t.len) > 0;
}

void px_url_split(const char *s, size_t len, px_url_parts *o) {
  memset(o, 0, sizeof *o);
  size_t i = 0, sl = scheme_len(s, len);
  if (sl) {
    o->scheme = px_str_make(s, sl);
    i = sl + 1;
  }
  if (i + 1 < len && s[i] == '/' && s[i + 1] == '/') {
    size_t a = i + 2, e = a;
    while (e < len && s[e] != '/' && s[e] != '?' && s[e] != '#') e++;
    o->authority = px_str_make(s + a, e - a);
    i = e;
  }
  size_t p = i;
  while (i < len && s[i] != '?' && s[i] != '#') i++;
  o->path = px_str_make(s + p, i - p);
  if (i < len && s[i] == '?') {
    size_t q = ++i;
    while (i < len && s[i] != '#') i++;
    o->query = px_str_make(s + q, i - q);
  }
  if (i < len && s[i] == '#') o->fragment = px_str_make(s + i + 1, len - i - 1);
}

/* RFC 3986 5.2.4, appending the cleaned path to out. Works segment by
** segment on the input; output segments are removed by truncating out
** back to the previous '/'. */
static px_rc remove_dots(const char *p, size_t len, px_buf *out) {
  size_t floor = out->len;  /* never truncate into what was there before */
  size_t i = 0;
  px_rc rc = PX_OK;
  while (i < len && !rc) {
    size_t rest = len - i;
    const char *s = p + i;
    if (rest >= 3 && !memcmp(s, "../", 3)) { i += 3; continue; }
    if (rest >= 2 && !memcmp(s, "./", 2)) { i += 2; continue; }
    if (rest >= 3 && !memcmp(s, "/./", 3)) { i += 2; continue; }
    if (rest == 2 && !memcmp(s, "/.", 2)) { rc = px_buf_putc(out, '/'); break; }
    if ((rest >= 4 && !memcmp(s, "/../", 4)) ||
        (rest == 3 && !memcmp(s, "/..", 3))) {
      while (out->len > floor && out->data[out->len - 1] != '/') out->len--;
      if (out->len > floor) out->len--;
      if (out->data) out->data[out->len] = '\0';
      if (rest == 3) { rc = px_buf_putc(out, '/'); break; }
      i += 3;
      continue;
    }
    if ((rest == 1 && s[0] == '.') || (rest == 2 && !memcmp(s, "..", 2))) break;
    size_t j = (s[0] == '/') ? 1 : 0;
    while (j < rest && s[j] != '/') j++;
    rc = px_buf_append(out, s, j);
    i += j;
  }
  return rc;
}

static px_rc put_str(px_buf *b, const char *pre, px_str s) {
  px_rc rc = PX_OK;
  if (!s.p) return PX_OK;
  if (pre) rc = px_buf_puts(b, pre);
  if (!rc) rc = px_buf_append(b, s.p, s.len);
  return rc;
}

/* Appends scheme ":" and "//" authority when present. */
static px_rc put_head(px_buf *out, px_str scheme, px_str auth) {
  px_rc rc = PX_OK;
  if (scheme.p) {
    rc = px_buf_append(out, scheme.p, scheme.len);
    if (!rc) rc = px_buf_putc(out, ':');
  }
  if (!rc && auth.p) rc = put_str(out, "//", auth);
  return rc;
}

px_rc px_url_resolve(const char *base, size_t blen, const char *ref,
                     size_t rlen, px_buf *out) {
  px_str r = px_str_trim(px_str_make(ref ? ref : "", ref ? rlen : 0));
  px_str b = px_str_trim(px_str_make(base ? base : "", base ? blen : 0));
  if (!b.len || !scheme_len(b.p, b.len)) return px_buf_append(out, r.p, r.len);

  px_url_parts R, B;
  px_url_split(r.p, r.len, &R);
  px_url_split(b.p, b.len, &B);
  px_rc rc;
  px_str query;
  if (R.scheme.p) {
    rc = put_head(out, R.scheme, R.authority);
    if (!rc) rc = remove_dots(R.path.p, R.path.len, out);
    query = R.query;
  } else if (R.authority.p) {
    rc = put_head(out, B.scheme, R.authority);
    if (!rc) rc = remove_dots(R.path.p, R.path.len, out);
    query = R.query;
  } else {
    rc = put_head(out, B.scheme, B.authority);
    if (rc) return rc;
    if (R.path.len == 0) {
      rc = px_buf_append(out, B.path.p, B.path.len);
      query = R.query.p ? R.query : B.query;
    } else {
      /* Merge (5.2.3) into a scratch buffer, then remove dot segments. */
      px_buf m;
      px_buf_init(&m, out->max);
      if (R.path.p[0] == '/') {
        rc = px_buf_append(&m, R.path.p, R.path.len);
      } else {
        if (B.authority.p && B.path.len == 0) {
          rc = px_buf_putc(&m, '/');
        } else {
          size_t k = B.path.len;
          while (k > 0 && B.path.p[k - 1] != '/') k--;
          rc = px_buf_append(&m, B.path.p, k);
        }
        if (!rc) rc = px_buf_append(&m, R.path.p, R.path.len);
      }
      if (!rc) rc = remove_dots(m.data ? m.data : "", m.len, out);
      px_buf_reset(&m);
      query = R.query;
    }
  }
  if (!rc) rc = put_str(out, "?", query);
  if (!rc) rc = put_str(out, "#", R.fragment);
  return rc;
}

/* Host span inside an authority: after "user@", before ":port"; IPv6
** literals keep their brackets. */
static px_str auth_host(px_str a) {
  const char *at = NULL;
  for (size_t i = 0; i < a.len; i++)
    if (a.p[i] == '@') at = a.p + i;
  if (at) a = px_str_make(at + 1, a.len - (size_t)(at + 1 - a.p));
  if (a.len && a.p[0] == '[') {
    size_t e = 0;
    while (e < a.len && a.p[e] != ']') e++;
    return px_str_make(a.p, e < a.len ? e + 1 : a.len);
  }
  size_t e = 0;
  while (e < a.len && a.p[e] != ':') e++;
  return px_str_make(a.p, e);
}

px_rc px_url_host(const char *url, size_t len, px_buf *out) {
  px_url_parts u;
  px_str t = px_str_trim(px_str_make(url, len));
  px_url_split(t.p, t.len, &u);
  out->len = 0;
  if (out->data) out->data[0] = '\0';
  if (!u.scheme.p || !u.authority.p) return PX_EINVAL;
  px_str h = auth_host(u.authority);
  if (!h.len) return PX_EINVAL;
  for (size_t i = 0; i < h.len; i++) {
    px_rc rc = px_buf_putc(out, (char)px_tolower((unsigned char)h.p[i]));
    if (rc) return rc;
  }
  return PX_OK;
}

px_rc px_url_origin(const char *url, size_t len, px_buf *out) {
  px_url_parts u;
  px_str t = px_str_trim(px_str_make(url, len));
  px_url_split(t.p, t.len, &u);
  out->len = 0;
  if (out->data) out->data[0] = '\0';
  if (!u.scheme.p || !u.authority.p) return PX_EINVAL;
  return put_head(out, u.scheme, u.authority);
}

px_rc px_url_path_query(const char *url, size_t len, px_buf *out) {
  px_url_parts u;
  px_str t = px_str_trim(px_str_make(url, len));
  px_url_split(t.p, t.len, &u);
  px_rc rc = u.path.len ? px_buf_append(out, u.path.p, u.path.len)
                        : px_buf_putc(out, '/');
  if (!rc) rc = put_str(out, "?", u.query);
  return rc;
}
