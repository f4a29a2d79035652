/*
** date.c: parsing the dates news carries into a px_time, and writing them
** back as ISO 8601.
**
** Three readers share one result:
**  - iso_scan: ISO 8601 / RFC 3339, extended and basic forms, date only,
**    fractions, week dates ("2023-W25-1"), zones Z / +hh / +hhmm / +hh:mm.
**  - numeric dates "2023/06/19", "19.06.2023", "6/19/2023" (d/m/y when the
**    first number cannot be a month, else m/d/y; dots mean d.m.y).
**  - a token reader for RFC 822/1123 (and its usual mistakes: no weekday,
**    wrong weekday, one-digit day, two-digit year, no seconds, military
**    zones) and free text ("10:48 AM - Monday, June 19, 2023", "19 June
**    2023 16:01 GMT+8", "June 19, 2023 at 3:04 p.m. ET").
** A date needs a day, a month and a year: "in 2018", "June 2023" and
** "7-1/2 hours" are not dates. The weekday is skipped, never checked, as
** feeds often get it wrong. US zone names without a season ("ET", "PT")
** take daylight saving time from the date (US rules since 2007, the older
** April-October rule before). Military letters other than Z are read as
** "zone unknown", as RFC 2822 advises, since senders used them backwards.
**
** Memory: no allocation; inputs are (pointer, length) and never assumed to
** be NUL-terminated. Work is linear: px_date_find tries each start at most
** once with a bounded look-ahead.
*/
#include "util/date.h"
#include "util/str.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

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

static int days_in_month(int y, int m) {
  static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return dm[m - 1];
}

/* 0 = Sunday. */
static int weekday_of(int64_t days) {
  int64_t w = (days + 4) % 7;
  return (int)(w < 0 ? w + 7 : w);
}

/* The fields a reader collects; -1 means "not seen". */
typedef struct fields {
  int y, mo, d, hh, mi, ss;
  int ampm;      /* 0 none, 1 am, 2 pm */
  int tz;        /* offset minutes when has_tz */
  int tzkind;    /* 0 none, 1 fixed offset, 2 US zone needing DST, 3 unknown */
  int us_std;    /* for tzkind 2: standard offset in minutes */
  bool dmy;      /* the page's language writes "04/03/2023" day first */
} fields;

static void fields_init(fields *f) {
  f->y = f->mo = f->d = f->hh = f->mi = f->ss = -1;
  f->ampm = 0;
  f->tz = 0;
  f->tzkind = 0;
  f->us_std = 0;
  f->dmy = false;
}

/* US daylight saving time for a civil date (by day; the hour of change is
** ignored, which only matters for two hours a year). */
static bool us_dst(int y, int m, int d) {
  int64_t d1;
  int start_m, start_d, end_m, end_d;
  if (y >= 2007) {
    d1 = px_days_from_civil(y, 3, 1);
    start_m = 3;
    start_d = 1 + (7 - weekday_of(d1)) % 7 + 7;      /* second Sunday */
    d1 = px_days_from_civil(y, 11, 1);
    end_m = 11;
    end_d = 1 + (7 - weekday_of(d1)) % 7;            /* first Sunday */
  } else {
    d1 = px_days_from_civil(y, 4, 1);
    start_m = 4;
    start_d = 1 + (7 - weekday_of(d1)) % 7;          /* first Sunday */
    d1 = px_days_from_civil(y, 10, 31);
    end_m = 10;
    end_d = 31 - weekday_of(d1);                     /* last Sunday */
  }
  int v = m * 100 + d;
  return v >= start_m * 100 + start_d && v < end_m * 100 + end_d;
}

static px_rc finish(const fields *f, bool need_time_ok, px_time *out) {
  (void)need_time_ok;
  if (f->y < 0 || f->mo < 1 || f->mo > 12 || f->d < 1) return PX_EPARSE;
  if (f->y < 1 || f->y > 9999) return PX_EPARSE;
  if (f->d > days_in_month(f->y, f->mo)) return PX_EPARSE;
  px_time r;
  memset(&r, 0, sizeof r);
  r.epoch = px_days_from_civil(f->y, (unsigned)f->mo, (unsigned)f->d) * 86400;
  if (f->hh >= 0) {
    int hh = f->hh;
    if (f->ampm) {
      if (hh < 1 || hh > 12) return PX_EPARSE;
      if (f->ampm == 1 && hh == 12) hh = 0;
      if (f->ampm == 2 && hh != 12) hh += 12;
    }
    int mi = f->mi < 0 ? 0 : f->mi, ss = f->ss < 0 ? 0 : f->ss;
    if (hh > 24 || mi > 59 || ss > 60) return PX_EPARSE;
    if (hh == 24 && (mi || ss)) return PX_EPARSE;
    if (ss == 60) ss = 59;  /* a leap second, kept inside the minute */
    r.epoch += hh * 3600 + mi * 60 + ss;
    r.has_time = true;
    if (f->tzkind == 1 || f->tzkind == 2) {
      int off = f->tz;
      if (f->tzkind == 2)
        off = f->us_std + (us_dst(f->y, f->mo, f->d) ? 60 : 0);
      r.has_tz = true;
      r.tz_offset_min = off;
      r.epoch -= (int64_t)off * 60;
    }
  }
  *out = r;
  return PX_OK;
}

/* ---- small scanners over (s, len) starting at *i ---- */

static int digits_at(const char *s, size_t len, size_t i) {
  int n = 0;
  while (i + (size_t)n < len && px_isdigit((unsigned char)s[i + n]) && n < 12)
    n++;
  return n;
}

static int num_n(const char *s, size_t len, size_t *i, int n) {
  int v = 0;
  for (int k = 0; k < n; k++) {
    if (*i >= len || !px_isdigit((unsigned char)s[*i])) return -1;
    v = v * 10 + (s[(*i)++] - '0');
  }
  return v;
}

/* Reads "+hh", "+hhmm", "+hh:mm", "+h" (after GMT/UTC only: loose). */
static bool offset_at(const char *s, size_t len, size_t *i, bool loose,
                      int *minutes) {
  size_t k = *i;
  if (k >= len) return false;
  int sign;
  if (s[k] == '+') sign = 1;
  else if (s[k] == '-') sign = -1;
  else if ((unsigned char)s[k] == 0xE2 && k + 2 < len &&
           (unsigned char)s[k + 1] == 0x88 && (unsigned char)s[k + 2] == 0x92) {
    sign = -1;  /* U+2212 MINUS SIGN */
    k += 2;
  } else {
    return false;
  }
  k++;
  int nd = digits_at(s, len, k), oh, om = 0;
  if (nd == 4) {
    oh = num_n(s, len, &k, 2);
    om = num_n(s, len, &k, 2);
  } else if (nd == 2 || (loose && nd == 1)) {
    oh = num_n(s, len, &k, nd);
    if (k + 2 < len + 0 && s[k] == ':' && digits_at(s, len, k + 1) == 2) {
      k++;
      om = num_n(s, len, &k, 2);
    } else if (!loose && nd == 2 && k < len && s[k] == ':') {
      return false;
    }
  } else {
    return false;
  }
  if (oh > 18 || om > 59) return false;
  *minutes = sign * (oh * 60 + om);
  *i = k;
  return true;
}

/* ISO 8601 at s+*i. Sets *i past the match on success. basic_ok allows
** "20230619" forms (only when the whole string is one date, or a 'T'
** follows, so that other 8-digit numbers are not taken for dates). */
static bool iso_scan(const char *s, size_t len, size_t *i, bool whole,
                     fields *f) {
  size_t k = *i;
  fields r;
  fields_init(&r);
  int nd = digits_at(s, len, k);
  bool basic = false;
  if (nd == 4 && k + 4 < len && s[k + 4] == '-') {
    r.y = num_n(s, len, &k, 4);
    k++;
    if (k < len && s[k] == 'W') {  /* week date YYYY-Www[-D] */
      k++;
      if (digits_at(s, len, k) != 2) return false;
      int w = num_n(s, len, &k, 2), wd = 1;
      if (k + 1 < len && s[k] == '-' && digits_at(s, len, k + 1) == 1) {
        k++;
        wd = num_n(s, len, &k, 1);
      }
      if (w < 1 || w > 53 || wd < 1 || wd > 7) return false;
      /* Week 1 holds January 4th. */
      int64_t j4 = px_days_from_civil(r.y, 1, 4);
      int iso_wd = (weekday_of(j4) + 6) % 7;  /* Monday = 0 */
      int64_t day = j4 - iso_wd + (int64_t)(w - 1) * 7 + (wd - 1);
      int yy;
      unsigned mm, dd;
      civil_from_days(day, &yy, &mm, &dd);
      r.y = yy;
      r.mo = (int)mm;
      r.d = (int)dd;
    } else {
      if (digits_at(s, len, k) != 2) return false;
      r.mo = num_n(s, len, &k, 2);
      if (k >= len || s[k] != '-' || digits_at(s, len, k + 1) != 2) {
        return false;  /* "2023-06" is a month, not a date */
      }
      k++;
      r.d = num_n(s, len, &k, 2);
      if (digits_at(s, len, k) > 0) return false;
    }
  } else if (nd == 8 && (whole || (k + 8 < len && s[k + 8] == 'T'))) {
    r.y = num_n(s, len, &k, 4);
    r.mo = num_n(s, len, &k, 2);
    r.d = num_n(s, len, &k, 2);
    basic = true;
  } else {
    return false;
  }
  if (r.mo < 1 || r.mo > 12 || r.d < 1) return false;
  /* Optional time: 'T' or one space, then hh[:mm[:ss[.fff]]] or hhmmss. */
  if (k + 2 < len + 0 && (s[k] == 'T' || s[k] == 't' || s[k] == ' ') &&
      digits_at(s, len, k + 1) >= 2) {
    size_t t = k + 1;
    int td = digits_at(s, len, t);
    bool ok = false;
    if (td == 2) {
      r.hh = num_n(s, len, &t, 2);
      ok = true;
      if (t < len && s[t] == ':' && digits_at(s, len, t + 1) == 2) {
        t++;
        r.mi = num_n(s, len, &t, 2);
        if (t < len && s[t] == ':' && digits_at(s, len, t + 1) == 2) {
          t++;
          r.ss = num_n(s, len, &t, 2);
        }
      } else if (s[k] == ' ') {
        ok = false;  /* "2023-06-19 10" is not a time */
      }
    } else if ((td == 4 || td == 6) && (basic || s[k] == 'T')) {
      r.hh = num_n(s, len, &t, 2);
      r.mi = num_n(s, len, &t, 2);
      if (td == 6) r.ss = num_n(s, len, &t, 2);
      ok = true;
    }
    if (ok) {
      if (t + 1 < len && (s[t] == '.' || s[t] == ',') &&
          px_isdigit((unsigned char)s[t + 1])) {
        t++;
        while (t < len && px_isdigit((unsigned char)s[t])) t++;
      }
      if (t < len && (s[t] == 'Z' || s[t] == 'z')) {
        r.tzkind = 1;
        r.tz = 0;
        t++;
      } else {
        size_t t2 = t;
        if (t2 < len && s[t2] == ' ' && t2 + 1 < len &&
            (s[t2 + 1] == '+' || s[t2 + 1] == '-'))
          t2++;
        int off;
        if (offset_at(s, len, &t2, false, &off)) {
          r.tzkind = 1;
          r.tz = off;
          t = t2;
        }
      }
      k = t;
    }
  }
  if (k < len && px_isalnum((unsigned char)s[k]) && r.tzkind == 0 &&
      r.hh < 0)
    return false;  /* "2023-06-19abc" */
  *f = r;
  *i = k;
  return true;
}

/* "2023/06/19", "19.06.2023", "6/19/2023". */
static bool numeric_scan(const char *s, size_t len, size_t *i, fields *f) {
  size_t k = *i;
  int n1 = digits_at(s, len, k);
  if (n1 < 1 || n1 > 4 || n1 == 3) return false;
  int a = num_n(s, len, &k, n1);
  if (k >= len) return false;
  char sep = s[k];
  if (sep != '/' && sep != '.' && sep != '-') return false;
  k++;
  int n2 = digits_at(s, len, k);
  if (n2 < 1 || n2 > 2) return false;
  int b = num_n(s, len, &k, n2);
  if (k >= len || s[k] != sep) return false;
  k++;
  int n3 = digits_at(s, len, k);
  if (n3 < 1 || n3 > 4 || n3 == 3) return false;
  int c = num_n(s, len, &k, n3);
  if (k < len && (px_isalnum((unsigned char)s[k]) ||
                  s[k] == '/' || (s[k] == '.' && k + 1 < len &&
                                  px_isdigit((unsigned char)s[k + 1]))))
    return false;
  int y, m, d;
  if (n1 == 4) {
    if (n3 > 2) return false;
    y = a; m = b; d = c;
  } else if (n3 == 4) {
    if (sep == '-' ) return false;  /* "19-06-2023" is too rare to guess */
    y = c;
    if (a > 12 || sep == '.' || f->dmy) { d = a; m = b; }
    else { m = a; d = b; }
  } else {
    return false;
  }
  if (m < 1 || m > 12 || d < 1 || y < 1000) return false;
  f->y = y;
  f->mo = m;
  f->d = d;
  *i = k;
  return true;
}

/* ---- words ---- */

typedef struct word_ent {
  const char *w;
  int v;
} word_ent;

static const word_ent months[] = {
  {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5},
  {"june", 6}, {"july", 7}, {"august", 8}, {"september", 9},
  {"october", 10}, {"november", 11}, {"december", 12},
  {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7},
  {"aug", 8}, {"sep", 9}, {"sept", 9}, {"oct", 10}, {"nov", 11},
  {"dec", 12}, {NULL, 0}};

static const word_ent weekdays[] = {
  {"monday", 1}, {"tuesday", 2}, {"wednesday", 3}, {"thursday", 4},
  {"friday", 5}, {"saturday", 6}, {"sunday", 7}, {"mon", 1}, {"tue", 2},
  {"tues", 2}, {"wed", 3}, {"thu", 4}, {"thur", 4}, {"thurs", 4},
  {"fri", 5}, {"sat", 6}, {"sun", 7}, {NULL, 0}};

/* Fixed zones, minutes east of UTC. */
static const word_ent zones[] = {
  {"ut", 0}, {"utc", 0}, {"gmt", 0}, {"z", 0}, {"zulu", 0},
  {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},
  {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
  {"akst", -540}, {"akdt", -480}, {"hst", -600},
  {"bst", 60}, {"wet", 0}, {"west", 60}, {"cet", 60}, {"cest", 120},
  {"eet", 120}, {"eest", 180}, {"msk", 180}, {"ist", 330}, {"pkt", 300},
  {"wib", 420}, {"ict", 420}, {"hkt", 480}, {"sgt", 480}, {"pht", 480},
  {"awst", 480}, {"jst", 540}, {"kst", 540}, {"aest", 600},
  {"aedt", 660}, {"nzst", 720}, {"nzdt", 780}, {NULL, 0}};

/* US zone names without a season: standard offset; DST from the date. */
static const word_ent us_zones[] = {
  {"et", -300}, {"ct", -360}, {"mt", -420}, {"pt", -480}, {"akt", -540},
  {NULL, 0}};

static int word_lookup(const word_ent *t, const char *w, size_t n) {
  for (; t->w; t++)
    if (strlen(t->w) == n && px_str_ieq_cstr(px_str_make(w, n), t->w))
      return t->v;
  return 0;
}

/* Other languages' words: data/dates.tsv, compiled by tools/gen_dates.py
** into lang_months, lang_weekdays, lang_fillers, lang_leads, dmy_langs.
** Their names are read on every page (no word there names two months), so
** a page of unknown language still gets its "3. März 2023"; only the
** order of all-number dates needs the page's language. Non-ASCII letters
** compare exactly: "März" and "märz" match, "MÄRZ" does not. */
#include "dates.inc"

static int month_lookup(const char *w, size_t n, bool *foreign) {
  int v = word_lookup(months, w, n);
  *foreign = v == 0;
  return v ? v : word_lookup(lang_months, w, n);
}

static int weekday_lookup(const char *w, size_t n) {
  int v = word_lookup(weekdays, w, n);
  return v ? v : word_lookup(lang_weekdays, w, n);
}

static bool lang_is_dmy(const char *lang) {
  if (!lang) return false;
  for (int k = 0; dmy_langs[k]; k++)
    if (strncasecmp(lang, dmy_langs[k], 2) == 0 &&
        (lang[2] == 0 || lang[2] == '-' || lang[2] == '_'))
      return true;
  return false;
}

/* End of the word at s+i: ASCII letters and any non-ASCII UTF-8 that is
** not a separator (so "März" and "février" are one word each). */
static size_t sep_len(const char *s, size_t len, size_t i);
static size_t word_end(const char *s, size_t len, size_t i) {
  while (i < len && (px_isalpha((unsigned char)s[i]) ||
                     ((unsigned char)s[i] >= 0x80 && sep_len(s, len, i) == 0)))
    i++;
  return i;
}

/* Filler words allowed between date parts ("at 3 p.m.", "on Monday"). */
static bool is_filler(const char *w, size_t n) {
  static const char *const f[] = {"at", "on", "the", "of", NULL};
  for (int k = 0; f[k]; k++)
    if (strlen(f[k]) == n && px_str_ieq_cstr(px_str_make(w, n), f[k]))
      return true;
  return word_lookup(lang_fillers, w, n) != 0;
}

/* Words that may precede a date in a whole-string parse. */
static bool is_lead_word(const char *w, size_t n) {
  static const char *const f[] = {"updated", "published", "posted", "last",
                                  "first", "modified", "date", "on", "at",
                                  "created", "issued", NULL};
  for (int k = 0; f[k]; k++)
    if (strlen(f[k]) == n && px_str_ieq_cstr(px_str_make(w, n), f[k]))
      return true;
  return word_lookup(lang_leads, w, n) != 0;
}

/* Length of a separator at s+i (space, punctuation, dashes, NBSP), 0 if
** none. */
static size_t sep_len(const char *s, size_t len, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == ' ' || c == '\t' || c == ',' || c == '|' || c == '-' || c == '/' ||
      c == '\n' || c == '\r' || c == '(' || c == ')' || c == ';')
    return 1;
  if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80) {
    unsigned char c2 = (unsigned char)s[i + 2];
    if ((c2 >= 0x90 && c2 <= 0x95) || (c2 >= 0x80 && c2 <= 0x8B) ||
        c2 == 0xAF || c2 == 0xA2)  /* dashes, spaces, bullet */
      return 3;
  }
  return 0;
}

/* am/pm at s+i: "AM", "pm", "a.m.", "p.m", "A.M."; returns 1/2 and sets
** *n to its length. */
static int ampm_at(const char *s, size_t len, size_t i, size_t *n) {
  if (i >= len) return 0;
  int c = px_tolower((unsigned char)s[i]);
  if (c != 'a' && c != 'p') return 0;
  size_t k = i + 1;
  if (k < len && s[k] == '.') k++;
  if (k >= len || px_tolower((unsigned char)s[k]) != 'm') return 0;
  k++;
  if (k < len && s[k] == '.') k++;
  if (k < len && px_isalpha((unsigned char)s[k])) return 0;
  *n = k - i;
  return c == 'a' ? 1 : 2;
}

/* The token reader. Starts at s+start; reads as far as date parts go.
** On success *endp is just after the last date part. */
static bool token_scan(const char *s, size_t len, size_t start, bool whole,
                       bool dmy, fields *f, size_t *endp) {
  fields_init(f);
  f->dmy = dmy;
  size_t i = start, last_end = start;
  int parts = 0, steps = 0;
  bool any_date = false;
  while (i < len && steps++ < 40) {
    size_t sl = sep_len(s, len, i);
    if (sl && s[i] == '-' && f->hh >= 0 && f->tzkind == 0 &&
        i + 1 < len && px_isdigit((unsigned char)s[i + 1]))
      sl = 0;  /* "-0400" after a time is a zone offset */
    if (sl) {
      i += sl;
      if (i - last_end > 12) break;  /* too far apart to be one date */
      continue;
    }
    if (s[i] == '.' && parts > 0) {
      i++;
      continue;
    }
    unsigned char c = (unsigned char)s[i];
    if (px_isdigit(c)) {
      fields tmp = *f;
      size_t k = i;
      if (!any_date && f->y < 0 && f->mo < 0 && f->d < 0 &&
          (iso_scan(s, len, &k, whole, &tmp) ||
           numeric_scan(s, len, &k, &tmp))) {
        if (f->hh >= 0 && tmp.hh < 0) {  /* time read earlier */
          tmp.hh = f->hh; tmp.mi = f->mi; tmp.ss = f->ss;
          tmp.ampm = f->ampm; tmp.tzkind = f->tzkind; tmp.tz = f->tz;
          tmp.us_std = f->us_std;
        }
        *f = tmp;
        i = last_end = k;
        any_date = true;
        parts++;
        continue;
      }
      int nd = digits_at(s, len, i);
      k = i;
      if (nd <= 2 && k + (size_t)nd < len && s[k + nd] == ':' &&
          digits_at(s, len, k + nd + 1) == 2 && f->hh < 0) {
        f->hh = num_n(s, len, &k, nd);
        k++;
        f->mi = num_n(s, len, &k, 2);
        if (k < len && s[k] == ':' && digits_at(s, len, k + 1) == 2) {
          k++;
          f->ss = num_n(s, len, &k, 2);
          if (k + 1 < len && s[k] == '.' && px_isdigit((unsigned char)s[k + 1])) {
            k++;
            while (k < len && px_isdigit((unsigned char)s[k])) k++;
          }
        }
        size_t k2 = k, an;
        while (k2 < len && s[k2] == ' ') k2++;
        int ap = ampm_at(s, len, k2, &an);
        if (ap) {
          f->ampm = ap;
          k = k2 + an;
        }
        i = last_end = k;
        parts++;
        continue;
      }
      if (nd <= 2 && f->hh < 0 && f->y > 0 && f->mo > 0 && f->d > 0 &&
          k + (size_t)nd + 2 < len && s[k + nd] == '.' &&
          digits_at(s, len, k + nd + 1) == 2 &&
          (k + nd + 3 >= len || !px_isdigit((unsigned char)s[k + nd + 3]))) {
        /* "Wed 15 Nov 2023 20.08 EST": a dotted time after a full date. */
        f->hh = num_n(s, len, &k, nd);
        k++;
        f->mi = num_n(s, len, &k, 2);
        size_t k2 = k, an;
        while (k2 < len && s[k2] == ' ') k2++;
        int ap = ampm_at(s, len, k2, &an);
        if (ap) {
          f->ampm = ap;
          k = k2 + an;
        }
        i = last_end = k;
        parts++;
        continue;
      }
      if (nd <= 2 && f->hh < 0) {  /* "3 p.m." */
        size_t k2 = k + (size_t)nd, an;
        while (k2 < len && s[k2] == ' ') k2++;
        int ap = ampm_at(s, len, k2, &an);
        if (ap) {
          f->hh = num_n(s, len, &k, nd);
          f->mi = 0;
          f->ampm = ap;
          i = last_end = k2 + an;
          parts++;
          continue;
        }
      }
      if (k + (size_t)nd < len && px_isalpha((unsigned char)s[k + nd])) {
        /* "19th", "1st": ordinal day. */
        size_t k2 = k + (size_t)nd;
        if (nd <= 2 && k2 + 1 < len &&
            (px_str_istarts(px_str_make(s + k2, len - k2), "st") ||
             px_str_istarts(px_str_make(s + k2, len - k2), "nd") ||
             px_str_istarts(px_str_make(s + k2, len - k2), "rd") ||
             px_str_istarts(px_str_make(s + k2, len - k2), "th")) &&
            (k2 + 2 >= len || !px_isalpha((unsigned char)s[k2 + 2])) &&
            f->d < 0) {
          f->d = num_n(s, len, &k, nd);
          i = last_end = k2 + 2;
          parts++;
          continue;
        }
        break;
      }
      if (nd <= 2 && f->d < 0 && (f->mo > 0 || f->y < 0)) {
        /* A day: after a month, or before one (checked at the end). */
        f->d = num_n(s, len, &k, nd);
        i = last_end = k;
        parts++;
        continue;
      }
      if ((nd == 4 || (whole && nd == 2 && f->d > 0 && f->mo > 0)) &&
          f->y < 0) {
        int y = num_n(s, len, &k, nd);
        if (nd == 2) y += y < 50 ? 2000 : 1900;
        f->y = y;
        i = last_end = k;
        parts++;
        continue;
      }
      break;
    }
    if (c == '+' || c == '-' || (c == 0xE2 && f->hh >= 0)) {
      int off;
      size_t k = i;
      if (f->hh >= 0 && f->tzkind == 0 && offset_at(s, len, &k, false, &off)) {
        f->tzkind = 1;
        f->tz = off;
        i = last_end = k;
        parts++;
        continue;
      }
      break;
    }
    if (px_isalpha(c) || c >= 0x80) {
      size_t k = word_end(s, len, i);
      if (k == i) break;
      size_t n = k - i;
      const char *w = s + i;
      int v;
      bool cap = whole || px_isupper(c), foreign;
      /* French, Spanish, Italian, Portuguese and Dutch write months in
      ** lower case: after a day ("3 mars 2023") that is still a date. */
      if (f->mo < 0 && (v = month_lookup(w, n, &foreign)) > 0 &&
          (cap || (foreign && f->d > 0))) {
        /* "May" alone could be the verb; it counts only next to numbers,
        ** which the final check ensures. */
        f->mo = v;
        if (k < len && s[k] == '.') k++;
        i = last_end = k;
        parts++;
        continue;
      }
      if (cap && weekday_lookup(w, n) > 0) {
        if (k < len && s[k] == '.') k++;
        if (k + 1 < len && s[k] == '-') {  /* Portuguese "quarta-feira" */
          size_t k2 = word_end(s, len, k + 1);
          if (k2 > k + 1 && is_filler(s + k + 1, k2 - k - 1)) k = k2;
        }
        i = k;
        /* Also before any date part: the gap limit below counts from the
        ** weekday's end ("quarta-feira, 15 de ..." is 12 bytes in). */
        last_end = k;
        continue;
      }
      if (f->hh >= 0 && f->tzkind == 0) {
        int off = 0;
        bool is_gmt = (n == 3 && (px_str_ieq_cstr(px_str_make(w, n), "gmt") ||
                                   px_str_ieq_cstr(px_str_make(w, n), "utc")));
        size_t k2 = k;
        if (is_gmt && offset_at(s, len, &k2, true, &off)) {
          f->tzkind = 1;
          f->tz = off;
          i = last_end = k2;
          parts++;
          continue;
        }
        if (n <= 4 && (v = word_lookup(us_zones, w, n)) != 0 &&
            (n == 2 ? px_isupper((unsigned char)w[0]) &&
                      px_isupper((unsigned char)w[1]) : true)) {
          f->tzkind = 2;
          f->us_std = v;
          i = last_end = k;
          parts++;
          continue;
        }
        if (n <= 4 && (word_lookup(zones, w, n) != 0 ||
                       px_str_ieq_cstr(px_str_make(w, n), "gmt") ||
                       px_str_ieq_cstr(px_str_make(w, n), "utc") ||
                       px_str_ieq_cstr(px_str_make(w, n), "ut") ||
                       (n == 1 && (w[0] == 'Z' || w[0] == 'z')))) {
          /* Zone names must be capitals in free text ("est" is a word). */
          bool caps = true;
          for (size_t q = 0; q < n; q++)
            if (!px_isupper((unsigned char)w[q])) caps = false;
          if (caps || whole) {
            f->tzkind = 1;
            f->tz = word_lookup(zones, w, n);
            i = last_end = k;
            parts++;
            continue;
          }
        }
        if (whole && n == 1 && px_isupper((unsigned char)w[0]) && w[0] != 'J') {
          f->tzkind = 3;  /* military zone: unknown offset */
          i = last_end = k;
          parts++;
          continue;
        }
      }
      if (whole && f->tzkind == 1 && n <= 5 &&
          (word_lookup(zones, w, n) != 0 || word_lookup(us_zones, w, n) != 0 ||
           px_str_ieq_cstr(px_str_make(w, n), "gmt") ||
           px_str_ieq_cstr(px_str_make(w, n), "utc"))) {
        i = last_end = k;  /* "+0000 GMT": a name repeating the offset */
        continue;
      }
      if (parts > 0 && is_filler(w, n)) {
        i = k;
        continue;
      }
      break;
    }
    break;
  }
  if (f->y < 0 || f->mo < 0 || f->d < 0) return false;
  *endp = last_end;
  return true;
}

px_rc px_date_parse(const char *s, size_t len, px_time *out) {
  return px_date_parse_lang(s, len, NULL, out);
}

px_rc px_date_parse_lang(const char *s, size_t len, const char *lang,
                         px_time *out) {
  if (!s || !out) return PX_EINVAL;
  px_str t = px_str_trim(px_str_make(s, len));
  size_t i = 0;
  /* Leading words such as "Updated" or "Published:" */
  for (int guard = 0; guard < 4 && i < t.len; guard++) {
    size_t k = i;
    k = word_end(t.p, t.len, k);
    if (k == i || !is_lead_word(t.p + i, k - i)) break;
    while (k < t.len && (t.p[k] == ':' || t.p[k] == ' ' || t.p[k] == ','))
      k++;
    i = k;
  }
  fields f;
  size_t end = 0;
  fields_init(&f);
  size_t k = i;
  if (iso_scan(t.p, t.len, &k, true, &f)) {
    end = k;
  } else if (!token_scan(t.p, t.len, i, true, lang_is_dmy(lang), &f, &end)) {
    return PX_EPARSE;
  }
  /* Allow trailing punctuation and a parenthesised zone comment such as
  ** "+0000 (UTC)". */
  while (end < t.len) {
    size_t sl = sep_len(t.p, t.len, end);
    if (sl) { end += sl; continue; }
    if (t.p[end] == '.') { end++; continue; }
    if (px_isalpha((unsigned char)t.p[end]) && end > 0 && t.p[end - 1] == '(') {
      while (end < t.len && px_isalpha((unsigned char)t.p[end])) end++;
      continue;
    }
    break;
  }
  if (end != t.len) return PX_EPARSE;
  return finish(&f, true, out);
}

static bool can_start(const char *s, size_t len, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (i > 0 && px_isalnum((unsigned char)s[i - 1])) return false;
  if (px_isdigit(c)) return !(i > 0 && (s[i - 1] == '.' || s[i - 1] == ':'));
  if (!px_isupper(c)) return false;
  size_t k = word_end(s, len, i);
  bool foreign;
  return month_lookup(s + i, k - i, &foreign) > 0 ||
         weekday_lookup(s + i, k - i) > 0;
}

px_rc px_date_find(const char *s, size_t len, px_time *out, size_t *start,
                   size_t *end) {
  return px_date_find_lang(s, len, NULL, out, start, end);
}

px_rc px_date_find_lang(const char *s, size_t len, const char *lang,
                        px_time *out, size_t *start, size_t *end) {
  if (!s || !out) return PX_EINVAL;
  bool dmy = lang_is_dmy(lang);
  for (size_t i = 0; i < len; i++) {
    if (!can_start(s, len, i)) continue;
    fields f;
    size_t e = 0;
    px_time t;
    if (token_scan(s, len, i, false, dmy, &f, &e) && finish(&f, false, &t) == PX_OK) {
      /* Tighten the start past a leading weekday-only run is not needed:
      ** the span starts where reading started. */
      *out = t;
      if (start) *start = i;
      if (end) *end = e;
      return PX_OK;
    }
    /* Skip the rest of this word or number: starts inside it are not
    ** token boundaries anyway. */
    while (i + 1 < len && px_isalnum((unsigned char)s[i + 1])) i++;
  }
  return PX_EPARSE;
}

void px_date_format_iso(const px_time *t, char *out, size_t outlen) {
  if (!out || outlen == 0) return;
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

void px_date_utc_iso(int64_t t, char *out, size_t outlen) {
  if (!out || !outlen) return;
  out[0] = '\0';
  if (!t) return;
  px_time u = {t, 0, true, true};
  px_date_format_iso(&u, out, outlen);
}

void px_date_show(const char *published, int64_t utc, char *out, size_t outlen) {
  if (!out || !outlen) return;
  out[0] = '\0';
  px_time t;
  int parsed = published && *published &&
               px_date_parse(published, strlen(published), &t) == PX_OK;
  if (parsed && !t.has_time) {
    px_date_format_iso(&t, out, outlen);  /* a date alone: no zone to state */
    return;
  }
  if (!utc && parsed && t.has_tz) utc = t.epoch;  /* the text states its instant */
  if (!utc) {
    if (published) snprintf(out, outlen, "%s", published);
    return;
  }
  int64_t days = utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400);
  int64_t secs = utc - days * 86400;
  int y;
  unsigned m, d;
  civil_from_days(days, &y, &m, &d);
  snprintf(out, outlen, "%04d-%02u-%02u %02d:%02d UTC", y, m, d, (int)(secs / 3600),
           (int)(secs / 60 % 60));
}

double px_clock_secs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}
