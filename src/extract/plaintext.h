/*
** plaintext.h: turning an article copied from a web page as plain text
** (boilerplate and all) into a px_doc: title, subtitle, site, byline and
** wire credit, dateline, publish time, captions kept apart, in-body
** headings, and the body with web boilerplate dropped.
*/
#ifndef PX_EXTRACT_PLAINTEXT_H
#define PX_EXTRACT_PLAINTEXT_H

#include <stddef.h>
#include "extract/doc.h"

/* Inputs larger than this are refused with PX_ETOOBIG. */
#define PX_PLAINTEXT_MAX_INPUT ((size_t)256 << 20)
/* Inputs with more non-blank lines than this are refused (PX_ETOOBIG). */
#define PX_PLAINTEXT_MAX_LINES 1000000

/* Cleans text[0..len) (any bytes: invalid UTF-8 is repaired to U+FFFD;
** CRLF, a BOM, tabs and NBSP are handled). url_or_path (may be NULL) is
** stored as the doc's url. On success *out receives a new doc.
** Caller frees with px_doc_free.
** Errors: PX_EEMPTY (nothing but white space), PX_EBINARY (NUL bytes or
** mostly control bytes), PX_ETOOBIG (over PX_PLAINTEXT_MAX_INPUT or the
** doc's arena cap), PX_ENOMEM, PX_EINVAL. */
px_rc px_plaintext_extract(const char *text, size_t len,
                           const char *url_or_path, px_doc **out,
                           px_err *err);

#endif
