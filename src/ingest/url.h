/*
** url.h: RFC 3986 reference resolution and the few URL views the feed
** code needs (scheme, host, path). Works on (pointer, length) input that
** may come straight from a hostile document; output goes into a caller's
** px_buf, so nothing here allocates behind the caller's back.
*/
#ifndef PX_INGEST_URL_H
#define PX_INGEST_URL_H

#include <stdbool.h>
#include <stddef.h>
#include "parallax.h"
#include "util/buf.h"
#include "util/str.h"

/* The five RFC 3986 components of a URL, as views into the input. A
** component that is absent has p == NULL (an empty one has len 0). */
typedef struct px_url_parts {
  px_str scheme, authority, path, query, fragment;
} px_url_parts;

/* Splits s into components (never fails: every string is a reference). */
void px_url_split(const char *s, size_t len, px_url_parts *out);

/* True when s starts with a scheme ("http:", "mailto:", ...). */
bool px_url_is_absolute(const char *s, size_t len);

/* Resolves ref against base (RFC 3986 section 5.2, with dot segments
** removed) and appends the result to out. Surrounding white space in both
** is ignored. When base is NULL, empty or not absolute, ref is appended as
** it is. Returns PX_ETOOBIG / PX_ENOMEM from the buffer. */
px_rc px_url_resolve(const char *base, size_t blen, const char *ref,
                     size_t rlen, px_buf *out);

/* The host of an absolute URL, lower-cased, without userinfo or port, into
** out (cleared first). PX_EINVAL when there is none. */
px_rc px_url_host(const char *url, size_t len, px_buf *out);

/* The scheme+authority ("https://example.com:8080") into out (cleared
** first), for building robots.txt URLs. PX_EINVAL when not absolute. */
px_rc px_url_origin(const char *url, size_t len, px_buf *out);

/* ---- one normaliser for storage, dedup and takedown ------------------- */

/* Flags for px_url_normalize. */
#define PX_URL_KEY 1u  /* the comparison key, not a URL to store (below) */

/* Appends the normal form of url to out (not cleared first), so one page
** has one spelling whoever wrote its link. For http and https URLs:
** scheme and host lower-cased, the host's trailing dot, an empty or the
** scheme's default port and the #fragment dropped, percent-escapes of
** unreserved characters decoded and the others upper-cased (RFC 3986
** 6.2.2), dot segments removed, an empty path made "/", and tracking
** parameters (utm_*, fbclid, gclid, ...) dropped from the query; what
** remains keeps its order. Other references (file paths, mailto:, a
** JSON line's "path#line3") are only trimmed.
**
** With PX_URL_KEY the result is for comparing only and is never stored
** as a link: it also folds http into https, drops a leading "www." and
** userinfo and trailing slashes (and for non-http references the
** #fragment and trailing slashes, as takedown keys always did). These
** folds name the same article in practice but may not be the same
** resource (a site without https, a bare domain that does not answer),
** so stored links keep them.
** Returns PX_ETOOBIG / PX_ENOMEM from the buffer. */
px_rc px_url_normalize(const char *url, size_t len, unsigned flags, px_buf *out);

/* Path plus query ("/a/b?x=1"; "/" when the path is empty), appended to
** out: what robots.txt rules are matched against. */
px_rc px_url_path_query(const char *url, size_t len, px_buf *out);

#endif
