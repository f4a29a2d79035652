/*
** html.h: writing untrusted text into HTML and URLs safely.
**
** Everything shown on a page goes through px_html_text (text and attribute
** values) or px_html_href (links); nothing from an article, a title, a URL
** or a query is ever appended raw. Invalid UTF-8 becomes U+FFFD and
** control characters are dropped, so output is always valid UTF-8.
** Memory: all functions append to a caller-owned px_buf.
*/
#ifndef PX_SERVE_HTML_H
#define PX_SERVE_HTML_H

#include <stddef.h>
#include "parallax.h"
#include "util/buf.h"

/* Escapes & < > " ' for use in element text and quoted attributes (HTML
** and XML). Drops control characters (but tab and newline) and
** noncharacters (U+FFFE, U+FFFF: not XML); text holding bidi controls is
** wrapped in an isolate (FSI .. PDI) that it cannot leave. */
px_rc px_html_text(px_buf *b, const char *s, size_t len);
/* Same for a NUL-terminated string; NULL appends nothing. */
px_rc px_html_str(px_buf *b, const char *s);
/* A link target for href="": http(s) URLs and site paths ("/x") pass
** (escaped); anything else (javascript:, data:, protocol-relative //x,
** control characters) becomes "#". */
px_rc px_html_href(px_buf *b, const char *url);
/* True when url would be kept by px_html_href. */
int px_html_url_ok(const char *url);
/* A search snippet: escaped, with the PX_SEARCH_MARK_* markers turned
** into balanced <mark> elements. */
px_rc px_html_snippet(px_buf *b, const char *s);
/* Percent-encodes for a query-string value (RFC 3986 unreserved kept). */
px_rc px_url_encode(px_buf *b, const char *s, size_t len);
/* Decodes %XX and (when plus) '+' as space, in place semantics: writes
** into out (at least len+1 bytes) and NUL-terminates; returns the length.
** Returns -1 for a bad escape or a NUL byte. */
long px_url_decode(const char *s, size_t len, char *out, int plus);

/* The shared page frame: doctype, head (title escaped, CSS link, viewport
** for phones), header with navigation and a search box holding q. */
px_rc px_html_begin(px_buf *b, const char *title, const char *q,
                    const char *feed_href);
px_rc px_html_end(px_buf *b);

#endif
