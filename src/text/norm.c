/*
** norm.c: normalisation for matching (see norm.h). The full path runs
** utf8proc (NFC + casefold) over a punctuation-folded copy; the per-word
** path avoids utf8proc for ASCII, which is nearly all news text, so
** tokenising a million articles stays cheap.
** Memory: only the caller's px_buf, plus a temporary utf8proc buffer that
** is freed before returning.
*/
#include "text/norm.h"

#include <stdlib.h>
#include <utf8proc.h>

#include "util/err.h"
#include "util/str.h"

uint32_t px_norm_fold_punct(uint32_t cp) {
  if (cp < 0x80) return cp;
  switch (cp) {
  case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
  case 0x02BC: case 0x0060: case 0x00B4: case 0xFF07:
    return '\'';
  case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
  case 0x00AB: case 0x00BB: case 0xFF02:
    return '"';
  case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
  case 0x2015: case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
    return '-';
  case 0x2044: case 0x2215:
    return '/';
  default:
    break;
  }
  if (px_unicode_isspace(cp)) return ' ';
  return cp;
}

uint32_t px_norm_lower(uint32_t cp) {
  if (cp < 0x80) return (uint32_t)px_tolower((int)cp);
  return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

px_rc px_norm_text(const char *s, size_t len, px_buf *out, px_err *err) {
  px_buf tmp;
  px_buf_init(&tmp, 0);
  px_rc rc = PX_OK;
  size_t i = 0;
  while (i < len && rc == PX_OK) {
    uint32_t cp;
    size_t n = px_utf8_decode(s + i, len - i, &cp);
    i += n;
    if (cp == 0x2026) { /* ellipsis */
      rc = px_buf_append(&tmp, "...", 3);
      continue;
    }
    cp = px_norm_fold_punct(cp);
    char enc[4];
    size_t m = px_utf8_encode(cp, enc);
    rc = px_buf_append(&tmp, enc, m);
  }
  if (rc != PX_OK) {
    px_buf_reset(&tmp);
    return px_err_set(err, rc, "normalising text: out of memory");
  }
  if (tmp.len == 0) {
    px_buf_reset(&tmp);
    return PX_OK;
  }
  utf8proc_uint8_t *mapped = NULL;
  utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)tmp.data,
                                    (utf8proc_ssize_t)tmp.len, &mapped,
                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                        UTF8PROC_CASEFOLD);
  if (m < 0) {
    /* Cannot happen for the valid UTF-8 built above, but keep the folded
    ** text rather than failing the caller. */
    rc = px_buf_append(out, tmp.data, tmp.len);
  } else {
    rc = px_buf_append(out, mapped, (size_t)m);
  }
  free(mapped);
  px_buf_reset(&tmp);
  if (rc != PX_OK) return px_err_set(err, rc, "normalising text: output full");
  return PX_OK;
}

px_rc px_norm_word(const char *s, size_t len, px_buf *out) {
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      i++;
      if (c == '\'' || c == '.') continue;
      px_rc rc = px_buf_putc(out, (char)px_tolower(c));
      if (rc != PX_OK) return rc;
      continue;
    }
    uint32_t cp;
    i += px_utf8_decode(s + i, len - i, &cp);
    cp = px_norm_fold_punct(cp);
    if (cp == '\'' || cp == '.') continue;
    cp = px_norm_lower(cp);
    char enc[4];
    size_t m = px_utf8_encode(cp, enc);
    px_rc rc = px_buf_append(out, enc, m);
    if (rc != PX_OK) return rc;
  }
  return PX_OK;
}
