/*
** str.c: string views, UTF-8 validation and decoding, binary sniffing.
*/
#include "util/str.h"

#include <string.h>

#include "util/buf.h"

px_str px_str_from_cstr(const char *s) {
  px_str r = {s, s ? strlen(s) : 0};
  return r;
}

bool px_unicode_isspace(uint32_t cp) {
  switch (cp) {
  case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20:
  case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
  case 0x202F: case 0x205F: case 0x3000: case 0x200B: case 0x200C:
  case 0x200D: case 0x2060: case 0xFEFF:
    return true;
  default:
    return cp >= 0x2000 && cp <= 0x200A;
  }
}

px_str px_str_trim(px_str s) {
  while (s.len) {
    uint32_t cp;
    size_t n = px_utf8_decode(s.p, s.len, &cp);
    if (!px_unicode_isspace(cp)) break;
    s.p += n;
    s.len -= n;
  }
  while (s.len) {
    size_t i = s.len - 1;
    while (i > 0 && ((unsigned char)s.p[i] & 0xC0) == 0x80 && s.len - i < 4) i--;
    uint32_t cp;
    px_utf8_decode(s.p + i, s.len - i, &cp);
    if (!px_unicode_isspace(cp)) break;
    s.len = i;
  }
  return s;
}

bool px_str_eq(px_str a, px_str b) {
  return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

bool px_str_eq_cstr(px_str a, const char *b) {
  return px_str_eq(a, px_str_from_cstr(b));
}

bool px_str_ieq_cstr(px_str a, const char *b) {
  size_t n = strlen(b);
  if (n != a.len) return false;
  for (size_t i = 0; i < n; i++)
    if (px_tolower((unsigned char)a.p[i]) != px_tolower((unsigned char)b[i]))
      return false;
  return true;
}

bool px_str_istarts(px_str a, const char *prefix) {
  size_t n = strlen(prefix);
  if (n > a.len) return false;
  return px_str_ieq_cstr(px_str_make(a.p, n), prefix);
}

bool px_str_iends(px_str a, const char *suffix) {
  size_t n = strlen(suffix);
  if (n > a.len) return false;
  return px_str_ieq_cstr(px_str_make(a.p + a.len - n, n), suffix);
}

long px_str_ifind(px_str hay, const char *needle) {
  size_t n = strlen(needle);
  if (n == 0) return 0;
  if (n > hay.len) return -1;
  for (size_t i = 0; i + n <= hay.len; i++) {
    size_t j = 0;
    while (j < n && px_tolower((unsigned char)hay.p[i + j]) ==
                        px_tolower((unsigned char)needle[j]))
      j++;
    if (j == n) return (long)i;
  }
  return -1;
}

size_t px_utf8_decode(const char *str, size_t len, uint32_t *cp) {
  const unsigned char *s = (const unsigned char *)str;
  unsigned c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t n;
  uint32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) { n = 2; v = c & 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { n = 3; v = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { n = 4; v = c & 0x07; min = 0x10000; }
  else goto bad;
  if (len < n) goto bad;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) goto bad;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) goto bad;
  *cp = v;
  return n;
bad:
  *cp = 0xFFFD;
  return 1;
}

size_t px_utf8_valid_prefix(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    uint32_t cp;
    size_t n = px_utf8_decode(s + i, len - i, &cp);
    if (cp == 0xFFFD && n == 1) return i;  /* U+FFFD itself is 3 bytes */
    i += n;
  }
  return len;
}

size_t px_utf8_encode(uint32_t cp, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  if (cp > 0x10FFFF) return px_utf8_encode(0xFFFD, out);
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

bool px_looks_binary(const char *s, size_t len) {
  size_t n = len < 65536 ? len : 65536, ctrl = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ctrl++;
  }
  return n && ctrl * 20 > n;  /* over 5% control bytes */
}

/* Windows-1252 0x80-0x9F; 0 marks the five undefined bytes (kept as C1). */
static const uint16_t cp1252_c1[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

int px_cp1252_to_utf8(const char *s, size_t len, struct px_buf *out) {
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    uint32_t cp = c;
    if (c >= 0x80 && c < 0xA0 && cp1252_c1[c - 0x80]) cp = cp1252_c1[c - 0x80];
    char enc[4];
    size_t n = px_utf8_encode(cp, enc);
    if (px_buf_append(out, enc, n) != PX_OK) return -1;
  }
  return 0;
}
