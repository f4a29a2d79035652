/*
** charset.h: finding a page's character encoding and converting it to
** UTF-8, in the order browsers trust the evidence: a byte-order mark, the
** HTTP Content-Type charset, a <meta charset> or http-equiv Content-Type
** in the first 1024 bytes, then detection (valid UTF-8 is UTF-8, anything
** else windows-1252). Labels follow WHATWG: latin1, iso-8859-1 and ascii
** mean windows-1252; a UTF-16 label found in a meta tag means UTF-8 (the
** bytes that carried it were ASCII). UTF-8, UTF-16LE/BE and windows-1252
** are converted here; other labels go through glibc iconv. Output is
** always valid UTF-8: undecodable bytes become U+FFFD.
*/
#ifndef PX_EXTRACT_CHARSET_H
#define PX_EXTRACT_CHARSET_H

#include <stdbool.h>
#include <stddef.h>
#include "parallax.h"
#include "util/buf.h"

/* Canonical name of the encoding to use ("UTF-8", "UTF-16LE",
** "UTF-16BE", "windows-1252" or an iconv name such as "SHIFT_JIS") into
** out (at least 48 bytes). *bom_len receives the BOM bytes to skip.
** content_type may be NULL. */
void px_charset_sniff(const char *buf, size_t len, const char *content_type,
                      char out[48], size_t *bom_len);

/* Converts buf to UTF-8. When buf is already valid UTF-8 in UTF-8 (the
** common case) nothing is copied: *res points into buf and out is left
** empty. Otherwise out receives the converted bytes and *res points at
** out->data. enc (may be NULL) receives the encoding used (48 bytes). */
px_rc px_charset_to_utf8(const char *buf, size_t len, const char *content_type,
                         px_buf *out, const char **res, size_t *res_len,
                         char *enc, px_err *err);

/* Appends s with each invalid UTF-8 sequence replaced by U+FFFD. */
px_rc px_utf8_repair(const char *s, size_t len, px_buf *out);
/* Fast validity check (ASCII runs eight bytes at a time). */
bool px_charset_utf8_valid(const char *s, size_t len);

#endif
