/*
** charset.c: encoding sniffing and conversion to UTF-8 (see charset.h).
** The meta prescan reuses the HTML tokenizer on the first 1024 bytes, so
** comments and scripts there cannot fake a declaration. Labels from the
** page only reach iconv_open after being reduced to [A-Za-z0-9._:-].
** Memory: converted text goes into the caller's px_buf.
*/
#include "extract/charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include "extract/html_tok.h"
#include "util/err.h"
#include "util/str.h"

#define PRESCAN_BYTES 1024

static const uint16_t cp1252_hi[32] = {
  0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
  0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
};

/* Length of the valid UTF-8 sequence at s, or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && s[1] < 0xA0) return 0;
    if (c == 0xED && s[1] > 0x9F) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
        (s[3] & 0xC0) != 0x80)
      return 0;
    if (c == 0xF0 && s[1] < 0x90) return 0;
    if (c == 0xF4 && s[1] > 0x8F) return 0;
    return 4;
  }
  return 0;
}

/* Bytes of s that form valid UTF-8 from the start. */
static size_t utf8_prefix(const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    if (len - i >= 32) {
      uint64_t w[4];
      memcpy(w, u + i, 32);
      if (((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ull) == 0) {
        i += 32;
        continue;
      }
    }
    if (len - i >= 8) {
      uint64_t w;
      memcpy(&w, u + i, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    size_t k = utf8_seq(u + i, len - i);
    if (k == 0) return i;
    i += k;
  }
  return len;
}

bool px_charset_utf8_valid(const char *s, size_t len) {
  return utf8_prefix(s, len) == len;
}

px_rc px_utf8_repair(const char *s, size_t len, px_buf *out) {
  size_t i = 0;
  px_rc rc;
  while (i < len) {
    size_t ok = utf8_prefix(s + i, len - i);
    if ((rc = px_buf_append(out, s + i, ok)) != PX_OK) return rc;
    i += ok;
    if (i < len) {
      if ((rc = px_buf_append(out, "\xEF\xBF\xBD", 3)) != PX_OK) return rc;
      i++;
    }
  }
  return px_buf_reserve(out, 1);
}

/* Reduces a label to its canonical encoding name; false when unusable. */
static bool canon_label(const char *s, size_t len, bool from_meta,
                        char out[48]) {
  px_str t = px_str_trim(px_str_make(s, len));
  if (t.len > 0 && (t.p[0] == '"' || t.p[0] == '\'')) {
    t.p++;
    t.len--;
  }
  while (t.len > 0 && (t.p[t.len - 1] == '"' || t.p[t.len - 1] == '\''))
    t.len--;
  char low[48];
  if (t.len == 0 || t.len >= sizeof low) return false;
  for (size_t i = 0; i < t.len; i++) {
    unsigned char c = (unsigned char)t.p[i];
    if (!px_isalnum(c) && c != '-' && c != '_' && c != '.' && c != ':')
      return false;
    low[i] = (char)px_tolower(c);
  }
  low[t.len] = 0;
  static const char *const w1252[] = {
    "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "ascii",
    "us-ascii", "windows-1252", "cp1252", "x-cp1252", "cp819", "ibm819",
    "iso-ir-100", "csisolatin1", "iso_8859-1:1987", "iso88591", NULL};
  for (size_t i = 0; w1252[i]; i++)
    if (strcmp(low, w1252[i]) == 0) {
      memcpy(out, "windows-1252", 13);
      return true;
    }
  const char *name = NULL;
  if (!strcmp(low, "utf-8") || !strcmp(low, "utf8") ||
      !strcmp(low, "unicode-1-1-utf-8") || !strcmp(low, "x-unicode20utf8"))
    name = "UTF-8";
  else if (!strcmp(low, "utf-16") || !strcmp(low, "utf-16le") ||
           !strcmp(low, "unicode") || !strcmp(low, "ucs-2") ||
           !strcmp(low, "csunicode") || !strcmp(low, "iso-10646-ucs-2"))
    name = from_meta ? "UTF-8" : "UTF-16LE";
  else if (!strcmp(low, "utf-16be") || !strcmp(low, "unicodefffe"))
    name = from_meta ? "UTF-8" : "UTF-16BE";
  else if (!strcmp(low, "gb2312") || !strcmp(low, "gbk") ||
           !strcmp(low, "x-gbk") || !strcmp(low, "chinese") ||
           !strcmp(low, "csgb2312") || !strcmp(low, "gb18030"))
    name = "GB18030";
  else if (!strcmp(low, "shift_jis") || !strcmp(low, "shift-jis") ||
           !strcmp(low, "sjis") || !strcmp(low, "x-sjis") ||
           !strcmp(low, "ms_kanji") || !strcmp(low, "windows-31j"))
    name = "CP932";
  else if (!strcmp(low, "euc-kr") || !strcmp(low, "ks_c_5601-1987") ||
           !strcmp(low, "windows-949"))
    name = "CP949";
  else if (!strcmp(low, "big5") || !strcmp(low, "big5-hkscs") ||
           !strcmp(low, "x-x-big5"))
    name = "BIG5-HKSCS";
  else if (!strcmp(low, "x-user-defined"))
    name = "windows-1252";
  if (name) {
    size_t n = strlen(name);
    memcpy(out, name, n + 1);
    return true;
  }
  /* Anything else: whatever glibc iconv knows by that name. */
  for (size_t i = 0; i <= t.len; i++) out[i] = (char)px_toupper((unsigned char)low[i]);
  iconv_t cd = iconv_open("UTF-8", out);
  if (cd == (iconv_t)-1) return false;
  iconv_close(cd);
  return true;
}

/* The charset parameter of a Content-Type value. */
static bool charset_param(const char *s, size_t len, bool from_meta,
                          char out[48]) {
  px_str h = px_str_make(s, len);
  long at = px_str_ifind(h, "charset");
  if (at < 0) return false;
  size_t i = (size_t)at + 7;
  while (i < len && px_isspace((unsigned char)s[i])) i++;
  if (i >= len || s[i] != '=') return false;
  i++;
  while (i < len && px_isspace((unsigned char)s[i])) i++;
  size_t j = i;
  if (j < len && (s[j] == '"' || s[j] == '\'')) j++;
  while (j < len && s[j] != ';' && s[j] != '"' && s[j] != '\'' &&
         !px_isspace((unsigned char)s[j]))
    j++;
  return canon_label(s + i, j - i, from_meta, out);
}

static bool meta_prescan(const char *buf, size_t len, char out[48]) {
  px_htokenizer t;
  px_htok tok;
  bool found = false;
  px_htok_init(&t, buf, len < PRESCAN_BYTES ? len : PRESCAN_BYTES);
  while (!found && px_htok_next(&t, &tok)) {
    if (tok.type != PX_HTOK_START || tok.tag != PX_TAG_META) continue;
    const px_hattr *cs = px_htok_attr(&tok, "charset");
    if (cs) {
      found = canon_label(cs->value.p, cs->value.len, true, out);
      continue;
    }
    const px_hattr *he = px_htok_attr(&tok, "http-equiv");
    const px_hattr *ct = px_htok_attr(&tok, "content");
    if (he && ct && px_str_ieq_cstr(px_str_trim(he->value), "content-type"))
      found = charset_param(ct->value.p, ct->value.len, true, out);
  }
  px_htok_reset(&t);
  return found;
}

void px_charset_sniff(const char *buf, size_t len, const char *content_type,
                      char out[48], size_t *bom_len) {
  const unsigned char *u = (const unsigned char *)buf;
  *bom_len = 0;
  if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
    *bom_len = 3;
    memcpy(out, "UTF-8", 6);
    return;
  }
  if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
    *bom_len = 2;
    memcpy(out, "UTF-16LE", 9);
    return;
  }
  if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
    *bom_len = 2;
    memcpy(out, "UTF-16BE", 9);
    return;
  }
  if (content_type && charset_param(content_type, strlen(content_type), false, out))
    return;
  if (meta_prescan(buf, len, out)) return;
  const char *det = px_charset_utf8_valid(buf, len) ? "UTF-8" : "windows-1252";
  memcpy(out, det, strlen(det) + 1);
}

static px_rc from_1252(const char *s, size_t len, px_buf *out) {
  px_rc rc = px_buf_reserve(out, len + len / 2 + 1);
  for (size_t i = 0; i < len && rc == PX_OK; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      rc = px_buf_putc(out, (char)c);
      continue;
    }
    char tmp[4];
    uint32_t cp = c < 0xA0 ? cp1252_hi[c - 0x80] : c;
    rc = px_buf_append(out, tmp, px_utf8_encode(cp, tmp));
  }
  return rc;
}

static px_rc from_utf16(const char *s, size_t len, bool be, px_buf *out) {
  const unsigned char *u = (const unsigned char *)s;
  px_rc rc = px_buf_reserve(out, len + len / 2 + 1);
  size_t i = 0;
  while (i + 1 < len && rc == PX_OK) {
    uint32_t w = be ? (uint32_t)(u[i] << 8 | u[i + 1]) : (uint32_t)(u[i + 1] << 8 | u[i]);
    i += 2;
    if (w >= 0xD800 && w <= 0xDBFF && i + 1 < len) {
      uint32_t w2 = be ? (uint32_t)(u[i] << 8 | u[i + 1]) : (uint32_t)(u[i + 1] << 8 | u[i]);
      if (w2 >= 0xDC00 && w2 <= 0xDFFF) {
        w = 0x10000 + ((w - 0xD800) << 10) + (w2 - 0xDC00);
        i += 2;
      } else {
        w = 0xFFFD;
      }
    } else if (w >= 0xD800 && w <= 0xDFFF) {
      w = 0xFFFD;
    }
    char tmp[4];
    rc = px_buf_append(out, tmp, px_utf8_encode(w, tmp));
  }
  if (rc == PX_OK && i < len) rc = px_buf_append(out, "\xEF\xBF\xBD", 3);
  return rc;
}

static px_rc from_iconv(const char *s, size_t len, const char *enc,
                        px_buf *out, px_err *err) {
  iconv_t cd = iconv_open("UTF-8", enc);
  if (cd == (iconv_t)-1)
    return px_err_set(err, PX_EINVAL, "charset %s: not supported", enc);
  px_buf tmp;
  px_buf_init(&tmp, out->max);
  px_rc rc = px_buf_reserve(&tmp, len * 2 + 16);
  char *in = (char *)s;
  size_t inleft = len;
  while (rc == PX_OK && inleft > 0) {
    char *o = tmp.data + tmp.len;
    size_t oleft = tmp.cap - tmp.len - 1;
    size_t r = iconv(cd, &in, &inleft, &o, &oleft);
    tmp.len = (size_t)(o - tmp.data);
    if (r != (size_t)-1) break;
    if (errno == E2BIG) {
      rc = px_buf_reserve(&tmp, tmp.cap);
    } else if (errno == EILSEQ || errno == EINVAL) {
      rc = px_buf_append(&tmp, "\xEF\xBF\xBD", 3);
      in++;
      inleft--;
      iconv(cd, NULL, NULL, NULL, NULL);
    } else {
      rc = px_err_set(err, PX_EPARSE, "charset %s: conversion failed", enc);
    }
  }
  iconv_close(cd);
  /* iconv's output is trusted only after checking it. */
  if (rc == PX_OK) rc = px_utf8_repair(tmp.data ? tmp.data : "", tmp.len, out);
  px_buf_reset(&tmp);
  return rc;
}

px_rc px_charset_to_utf8(const char *buf, size_t len, const char *content_type,
                         px_buf *out, const char **res, size_t *res_len,
                         char *enc, px_err *err) {
  char name[48];
  size_t bom;
  px_rc rc = PX_OK;
  px_charset_sniff(buf, len, content_type, name, &bom);
  if (enc) memcpy(enc, name, strlen(name) + 1);
  const char *s = buf + bom;
  size_t n = len - bom;
  bool w1252 = strcmp(name, "windows-1252") == 0;
  if (strcmp(name, "UTF-8") == 0 || w1252) {
    size_t ok = utf8_prefix(s, n);
    if (ok == n && (!w1252 || px_charset_utf8_valid(s, n))) {
      /* Zero-copy when the bytes already are what we need: valid UTF-8,
      ** or pure ASCII under windows-1252. */
      bool ascii = true;
      if (w1252)
        for (size_t i = 0; i < n && ascii; i++) ascii = (unsigned char)s[i] < 0x80;
      if (!w1252 || ascii) {
        *res = s;
        *res_len = n;
        return PX_OK;
      }
    }
    rc = w1252 ? from_1252(s, n, out) : px_utf8_repair(s, n, out);
  } else if (strcmp(name, "UTF-16LE") == 0 || strcmp(name, "UTF-16BE") == 0) {
    rc = from_utf16(s, n, name[6] == 'B', out);
  } else {
    rc = from_iconv(s, n, name, out, err);
  }
  if (rc == PX_OK) rc = px_buf_reserve(out, 1);
  if (rc != PX_OK) return px_err_set(err, rc, "converting %s to UTF-8", name);
  *res = out->data;
  *res_len = out->len;
  return PX_OK;
}
