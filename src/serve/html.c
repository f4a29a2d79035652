/*
** html.c: HTML escaping, safe links, URL encoding and the page frame.
** The escaper walks UTF-8 itself so it can replace invalid bytes and drop
** control characters in the same pass. No allocation besides the buffer.
*/
#include "serve/html.h"

#include <stdbool.h>
#include <string.h>

#include "search/search.h"
#include "util/str.h"

/* Explicit bidi controls: embeddings and overrides U+202A-202E, isolates
** U+2066-2069 (all "\xe2\x80\xaa".."\xe2\x80\xae", "\xe2\x81\xa6".."\xe2\x81\xa9"). */
static bool has_bidi_control(const char *s, size_t len) {
  for (size_t i = 0; i + 2 < len; i++) {
    if ((unsigned char)s[i] != 0xE2) continue;
    unsigned char b1 = (unsigned char)s[i + 1], b2 = (unsigned char)s[i + 2];
    if ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) ||
        (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9))
      return true;
  }
  return false;
}

#define FSI "\xe2\x81\xa8"
#define PDI "\xe2\x81\xa9"

/* Text with bidi controls is put inside its own isolate (FSI .. PDI), and
** an isolate it leaves open is closed: an unclosed override in an outlet
** name or a title reversed the page's own text after it. A PDI without
** its opener is dropped, so the text cannot close our isolate early; the
** final PDI ends any embedding or override opened inside. Characters XML
** forbids or calls noncharacters (U+FFFE, U+FFFF, U+FDD0-FDEF, ...) are
** dropped, so the same escaper writes valid Atom. */
px_rc px_html_text(px_buf *b, const char *s, size_t len) {
  px_rc rc = PX_OK;
  size_t i = 0, run = 0;  /* run: start of bytes to copy as they are */
  bool bidi = has_bidi_control(s, len);
  size_t isolates = 0;    /* isolates the text opened and left open */
  if (bidi) rc = px_buf_puts(b, FSI);
  while (i < len && !rc) {
    unsigned char c = (unsigned char)s[i];
    const char *rep = NULL;
    size_t adv = 1;
    if (c < 0x80) {
      switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\n': case '\t': break;
        default:
          if (c < 0x20 || c == 0x7f) rep = "";
      }
    } else {
      size_t ok = px_utf8_valid_prefix(s + i, len - i > 4 ? 4 : len - i);
      uint32_t cp;
      adv = px_utf8_decode(s + i, len - i, &cp);
      if (ok < adv || (cp == 0xFFFD && adv == 1)) {
        rep = "\xef\xbf\xbd";
        adv = 1;
      } else if (cp >= 0x80 && cp < 0xA0) {
        rep = "";   /* C1 controls */
      } else if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
        rep = "";   /* noncharacters; U+FFFE and U+FFFF are not XML */
      } else if (cp >= 0x2066 && cp <= 0x2068) {
        isolates++;
      } else if (cp == 0x2069) {
        if (isolates) isolates--;
        else rep = "";
      }
    }
    if (rep) {
      if (i > run) rc = px_buf_append(b, s + run, i - run);
      if (!rc) rc = px_buf_puts(b, rep);
      run = i + adv;
    }
    i += adv;
  }
  if (!rc && len > run) rc = px_buf_append(b, s + run, len - run);
  while (!rc && bidi && isolates--) rc = px_buf_puts(b, PDI);
  if (!rc && bidi) rc = px_buf_puts(b, PDI);
  return rc;
}

px_rc px_html_str(px_buf *b, const char *s) {
  return s ? px_html_text(b, s, strlen(s)) : PX_OK;
}

int px_html_url_ok(const char *url) {
  if (!url || !*url) return 0;
  for (const char *p = url; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\') return 0;
  px_str u = px_str_from_cstr(url);
  if (url[0] == '/') return url[1] != '/';
  return px_str_istarts(u, "http://") || px_str_istarts(u, "https://");
}

px_rc px_html_href(px_buf *b, const char *url) {
  if (!px_html_url_ok(url)) return px_buf_putc(b, '#');
  return px_html_str(b, url);
}

px_rc px_html_snippet(px_buf *b, const char *s) {
  if (!s) return PX_OK;
  px_rc rc = PX_OK;
  int open = 0;
  const char *p = s;
  while (*p && !rc) {
    size_t n = strcspn(p, PX_SEARCH_MARK_OPEN PX_SEARCH_MARK_CLOSE);
    rc = px_html_text(b, p, n);
    p += n;
    if (rc || !*p) break;
    if (*p == PX_SEARCH_MARK_OPEN[0] && !open) {
      rc = px_buf_puts(b, "<mark>");
      open = 1;
    } else if (*p == PX_SEARCH_MARK_CLOSE[0] && open) {
      rc = px_buf_puts(b, "</mark>");
      open = 0;
    }
    p++;
  }
  if (!rc && open) rc = px_buf_puts(b, "</mark>");
  return rc;
}

px_rc px_url_encode(px_buf *b, const char *s, size_t len) {
  static const char hex[] = "0123456789ABCDEF";
  px_rc rc = PX_OK;
  for (size_t i = 0; i < len && !rc; i++) {
    unsigned char c = (unsigned char)s[i];
    if (px_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      rc = px_buf_putc(b, (char)c);
    } else {
      char e[3] = {'%', hex[c >> 4], hex[c & 15]};
      rc = px_buf_append(b, e, 3);
    }
  }
  return rc;
}

static int hexval(int c) {
  if (px_isdigit(c)) return c - '0';
  c = px_tolower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

long px_url_decode(const char *s, size_t len, char *out, int plus) {
  size_t o = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == '%') {
      if (len - i < 3) return -1;
      int h = hexval((unsigned char)s[i + 1]), l = hexval((unsigned char)s[i + 2]);
      if (h < 0 || l < 0) return -1;
      c = (char)(h * 16 + l);
      i += 2;
    } else if (c == '+' && plus) {
      c = ' ';
    }
    if (c == '\0') return -1;
    out[o++] = c;
  }
  out[o] = '\0';
  return (long)o;
}

px_rc px_html_begin(px_buf *b, const char *title, const char *q,
                    const char *feed_href) {
  px_rc rc = px_buf_puts(
      b,
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\"><title>");
  if (!rc) rc = px_html_str(b, title);
  if (!rc) rc = px_buf_puts(b, " \xc2\xb7 Parallax</title>"
                               "<link rel=\"stylesheet\" href=\"/static/style.css\">");
  if (!rc && feed_href) {
    rc = px_buf_puts(b, "<link rel=\"alternate\" type=\"application/atom+xml\" "
                        "title=\"Atom feed\" href=\"");
    if (!rc) rc = px_html_href(b, feed_href);
    if (!rc) rc = px_buf_puts(b, "\">");
  }
  if (!rc)
    rc = px_buf_puts(
        b,
        "</head><body><header class=\"top\"><a class=\"brand\" href=\"/\">"
        "Parallax</a><form class=\"search\" action=\"/search\" method=\"get\" "
        "role=\"search\"><input type=\"search\" name=\"q\" "
        "aria-label=\"Search articles\" placeholder=\"Search articles\" value=\"");
  if (!rc) rc = px_html_str(b, q);
  if (!rc)
    rc = px_buf_puts(b, "\"><button type=\"submit\">Search</button></form>"
                        "</header><main>\n");
  return rc;
}

px_rc px_html_end(px_buf *b) {
  return px_buf_puts(b,
                     "</main><footer>Parallax " PX_VERSION
                     " \xc2\xb7 <a href=\"/feed.atom\">Atom feed</a> \xc2\xb7 "
                     "<a href=\"/api/stories\">JSON API</a></footer>"
                     "</body></html>\n");
}
