/*
** str.h: borrowed string views and locale-free character helpers.
**
** px_str is a (pointer, length) view into bytes someone else owns; it is
** never assumed to be NUL-terminated. The ctype helpers are ASCII-only and
** independent of the C locale, so results never change with LANG.
*/
#ifndef PX_UTIL_STR_H
#define PX_UTIL_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct px_str {
  const char *p;
  size_t len;
} px_str;

#define PX_STR_LIT(s) ((px_str){(s), sizeof(s) - 1})

static inline px_str px_str_make(const char *p, size_t len) {
  px_str s = {p, len};
  return s;
}
px_str px_str_from_cstr(const char *s);

static inline bool px_isspace(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}
static inline bool px_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline bool px_isalpha(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline bool px_isalnum(int c) { return px_isalpha(c) || px_isdigit(c); }
static inline bool px_isupper(int c) { return c >= 'A' && c <= 'Z'; }
static inline bool px_islower(int c) { return c >= 'a' && c <= 'z'; }
static inline int px_tolower(int c) { return px_isupper(c) ? c + 32 : c; }
static inline int px_toupper(int c) { return px_islower(c) ? c - 32 : c; }

/* Trims ASCII whitespace and Unicode spaces (NBSP, thin, zero-width...). */
px_str px_str_trim(px_str s);
bool px_str_eq(px_str a, px_str b);
bool px_str_eq_cstr(px_str a, const char *b);
/* ASCII case-insensitive comparisons. */
bool px_str_ieq_cstr(px_str a, const char *b);
bool px_str_istarts(px_str a, const char *prefix);
bool px_str_iends(px_str a, const char *suffix);
/* Index of the first case-insensitive occurrence of needle, or -1. */
long px_str_ifind(px_str hay, const char *needle);

/* Length of the valid UTF-8 prefix of s (equals len when all valid).
** Rejects overlongs, surrogates and code points past U+10FFFF. */
size_t px_utf8_valid_prefix(const char *s, size_t len);
static inline bool px_utf8_valid(const char *s, size_t len) {
  return px_utf8_valid_prefix(s, len) == len;
}
/* Decodes one code point at s (len > 0). Returns bytes consumed (>= 1);
** invalid sequences yield U+FFFD and consume one byte. */
size_t px_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encodes cp into out (4 bytes room); returns the byte count. */
size_t px_utf8_encode(uint32_t cp, char *out);
/* Unicode white space (including NBSP and zero-width characters). */
bool px_unicode_isspace(uint32_t cp);

/* Appends s, read as Windows-1252 (a superset of ISO-8859-1 in practice),
** to out as UTF-8. The usual reading of text that is not valid UTF-8. */
struct px_buf;
int px_cp1252_to_utf8(const char *s, size_t len, struct px_buf *out);

/* Heuristic: does this look like text rather than binary (NUL bytes,
** many control characters)? Looks at up to the first 64 KiB. */
bool px_looks_binary(const char *s, size_t len);

#endif
