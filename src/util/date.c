/*
** date.c: date parsing. (First cut: ISO 8601 only; the plain-text issue
** extends it.)
*/
#include "util/date.h"
#include "util/str.h"

#include <stdio.h>
#include <string.h>

int64_t px_days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t yy = (int64_t)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (int)(yy + (*m <= 2));
}

static int num(const char *s, size_t len, size_t *i, int digits) {
  int v = 0;
  for (int k = 0; k < digits; k++) {
    if (*i >= len || !px_isdigit((unsigned char)s[*i])) return -1;
    v = v * 10 + (s[(*i)++] - '0');
  }
  return v;
}

px_rc px_date_parse(const char *s, size_t len, px_time *out) {
  px_str t = px_str_trim(px_str_make(s, len));
  size_t i = 0;
  int y = num(t.p, t.len, &i, 4);
  if (y < 0 || i >= t.len || t.p[i++] != '-') return PX_EPARSE;
  int mo = num(t.p, t.len, &i, 2);
  if (mo < 1 || mo > 12 || i >= t.len || t.p[i++] != '-') return PX_EPARSE;
  int d = num(t.p, t.len, &i, 2);
  if (d < 1 || d > 31) return PX_EPARSE;
  px_time r = {0};
  r.epoch = px_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400;
  if (i < t.len && (t.p[i] == 'T' || t.p[i] == ' ')) {
    i++;
    int hh = num(t.p, t.len, &i, 2), mm = -1, ss = 0;
    if (i < t.len && t.p[i] == ':') { i++; mm = num(t.p, t.len, &i, 2); }
    if (i < t.len && t.p[i] == ':') { i++; ss = num(t.p, t.len, &i, 2); }
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
      return PX_EPARSE;
    while (i < t.len && (t.p[i] == '.' || px_isdigit((unsigned char)t.p[i]))) i++;
    r.epoch += hh * 3600 + mm * 60 + ss;
    r.has_time = true;
    if (i < t.len && (t.p[i] == 'Z' || t.p[i] == 'z')) {
      r.has_tz = true;
      i++;
    } else if (i < t.len && (t.p[i] == '+' || t.p[i] == '-')) {
      int sign = t.p[i++] == '-' ? -1 : 1;
      int oh = num(t.p, t.len, &i, 2), om = 0;
      if (i < t.len && t.p[i] == ':') i++;
      if (i < t.len) om = num(t.p, t.len, &i, 2);
      if (oh < 0 || om < 0) return PX_EPARSE;
      r.has_tz = true;
      r.tz_offset_min = sign * (oh * 60 + om);
      r.epoch -= (int64_t)r.tz_offset_min * 60;
    }
  }
  if (i != t.len) return PX_EPARSE;
  *out = r;
  return PX_OK;
}

px_rc px_date_find(const char *s, size_t len, px_time *out, size_t *start,
                   size_t *end) {
  for (size_t i = 0; i + 10 <= len; i++) {
    for (size_t e = len; e >= i + 10; e--) {
      if (px_date_parse(s + i, e - i, out) == PX_OK) {
        if (start) *start = i;
        if (end) *end = e;
        return PX_OK;
      }
      if (e - i > 40) e = i + 41;
    }
  }
  return PX_EPARSE;
}

void px_date_format_iso(const px_time *t, char *out, size_t outlen) {
  int64_t local = t->epoch + (t->has_tz ? (int64_t)t->tz_offset_min * 60 : 0);
  int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  int64_t secs = local - days * 86400;
  int y;
  unsigned m, d;
  civil_from_days(days, &y, &m, &d);
  if (!t->has_time) {
    snprintf(out, outlen, "%04d-%02u-%02u", y, m, d);
    return;
  }
  int n = snprintf(out, outlen, "%04d-%02u-%02uT%02d:%02d:%02d", y, m, d,
                   (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
  if (!t->has_tz || n < 0 || (size_t)n >= outlen) return;
  if (t->tz_offset_min == 0) {
    snprintf(out + n, outlen - (size_t)n, "Z");
  } else {
    int o = t->tz_offset_min < 0 ? -t->tz_offset_min : t->tz_offset_min;
    snprintf(out + n, outlen - (size_t)n, "%c%02d:%02d",
             t->tz_offset_min < 0 ? '-' : '+', o / 60, o % 60);
  }
}
