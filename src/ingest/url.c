/*
** url.c: URL splitting and RFC 3986 reference resolution.
**
** Feeds are full of relative links (xml:base, the feed's own URL), so every
** link is resolved here before anyone stores it. This is a resolver, not a
** validator: garbage in gives deterministic garbage out, never a crash.
** Resolution does no normalisation beyond what section 5.2 asks for (no
** case folding of hosts, no percent-decoding), so a URL round-trips byte
** for byte; px_url_normalize is the separate, explicit step that the
** store, dedup and takedown all use.
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

/* ---- normalisation --------------------------------------------------------- */

static int hexval(int c) {
  if (px_isdigit(c)) return c - '0';
  c = px_tolower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool unreserved(int c) {
  return px_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* Appends s with %XX of unreserved characters decoded and other escapes'
** hex upper-cased (RFC 3986 6.2.2.1-2): "%7e%2f" -> "~%2F". */
static px_rc put_pct(px_buf *out, const char *s, size_t len) {
  px_rc rc = PX_OK;
  for (size_t i = 0; i < len && !rc; i++) {
    int hi, lo;
    if (s[i] == '%' && i + 2 < len && (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
        (lo = hexval((unsigned char)s[i + 2])) >= 0) {
      int c = hi * 16 + lo;
      if (unreserved(c)) {
        rc = px_buf_putc(out, (char)c);
      } else {
        static const char hex[] = "0123456789ABCDEF";
        char e[3] = {'%', hex[hi], hex[lo]};
        rc = px_buf_append(out, e, 3);
      }
      i += 2;
    } else {
      rc = px_buf_putc(out, s[i]);
    }
  }
  return rc;
}

/* Query parameters that say where a reader came from, not what the page
** is: dropped, so a tracked link is the same article as a clean one. */
static bool tracking_param(const char *p, size_t n) {
  static const char *const names[] = {
      "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid",
      "mc_eid", "igshid", "yclid", "_ga", "_gl", "ocid", "cmpid", NULL};
  size_t k = 0;
  while (k < n && p[k] != '=') k++;
  px_str name = px_str_make(p, k);
  if (px_str_istarts(name, "utm_") || px_str_istarts(name, "utm%5f")) return true;
  for (int i = 0; names[i]; i++)
    if (px_str_ieq_cstr(name, names[i])) return true;
  return false;
}

static px_rc put_query(px_buf *out, px_str q) {
  px_rc rc = PX_OK;
  bool first = true;
  size_t i = 0;
  while (i <= q.len && !rc) {
    size_t e = i;
    while (e < q.len && q.p[e] != '&' && q.p[e] != ';') e++;
    if (e > i && !tracking_param(q.p + i, e - i)) {
      rc = px_buf_putc(out, first ? '?' : '&');
      if (!rc) rc = put_pct(out, q.p + i, e - i);
      first = false;
    }
    i = e + 1;
  }
  return rc;
}

/* The host of authority a, lower-cased, its trailing dots gone; with key,
** also no "www.". Then ":port" unless it is empty or the default. */
static px_rc put_authority(px_buf *out, px_str a, bool https, bool key) {
  px_rc rc = PX_OK;
  px_str h = auth_host(a);
  if (!key && h.p > a.p) rc = px_buf_append(out, a.p, (size_t)(h.p - a.p));  /* userinfo@ */
  size_t after = (size_t)(h.p - a.p) + h.len;
  px_str port = after < a.len && a.p[after] == ':'
                    ? px_str_make(a.p + after + 1, a.len - after - 1)
                    : px_str_make(NULL, 0);
  while (h.len && h.p[h.len - 1] == '.') h.len--;
  if (key && h.len > 4 && px_str_istarts(h, "www.")) h = px_str_make(h.p + 4, h.len - 4);
  for (size_t i = 0; i < h.len && !rc; i++)
    rc = px_buf_putc(out, (char)px_tolower((unsigned char)h.p[i]));
  if (!rc && port.len && !px_str_eq_cstr(port, https ? "443" : "80")) {
    rc = px_buf_putc(out, ':');
    if (!rc) rc = px_buf_append(out, port.p, port.len);
  }
  return rc;
}

px_rc px_url_normalize(const char *url, size_t len, unsigned flags, px_buf *out) {
  bool key = (flags & PX_URL_KEY) != 0;
  px_str t = px_str_trim(px_str_make(url ? url : "", url ? len : 0));
  px_url_parts u;
  px_url_split(t.p, t.len, &u);
  bool http = px_str_ieq_cstr(u.scheme, "http"), https = px_str_ieq_cstr(u.scheme, "https");
  if ((!http && !https) || !u.authority.p) {
    if (!key) return px_buf_append(out, t.p, t.len);
    size_t n = 0;
    while (n < t.len && t.p[n] != '#') n++;
    while (n > 1 && t.p[n - 1] == '/') n--;
    return px_buf_append(out, t.p, n);
  }
  px_rc rc = px_buf_puts(out, https || key ? "https://" : "http://");
  if (!rc) rc = put_authority(out, u.authority, https, key);
  size_t path_at = out->len;
  if (!rc) {
    /* Decode first, so "%2E%2E" is removed as the ".." it is. */
    px_buf p;
    px_buf_init(&p, out->max);
    rc = put_pct(&p, u.path.p ? u.path.p : "", u.path.len);
    if (!rc) rc = remove_dots(p.data ? p.data : "", p.len, out);
    px_buf_reset(&p);
  }
  if (!rc && out->len == path_at) rc = px_buf_putc(out, '/');
  if (!rc && key) {
    while (out->len > path_at && out->data[out->len - 1] == '/') out->len--;
    out->data[out->len] = '\0';
  }
  if (!rc && u.query.p) rc = put_query(out, u.query);
  return rc;
}
