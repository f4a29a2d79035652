/*
** date.h: parsing the dates news carries (RFC 822 and its common mistakes,
** ISO 8601 / RFC 3339, and free-text forms such as "10:48 AM - Monday,
** June 19, 2023" or "19 June 2023 16:01 GMT+8", and their German, French,
** Spanish, Italian, Portuguese and Dutch forms) into one representation,
** and writing it back as ISO 8601.
*/
#ifndef PX_UTIL_DATE_H
#define PX_UTIL_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "parallax.h"

typedef struct px_time {
  int64_t epoch;      /* seconds since 1970-01-01T00:00:00Z; when has_tz is
                         false, the wall-clock time read as if it were UTC */
  int tz_offset_min;  /* offset east of UTC, when has_tz */
  bool has_tz;
  bool has_time;      /* false: a date only (time fields are zero) */
} px_time;

/* Parses the whole of s (surrounding spaces allowed) as one date in any
** supported format. PX_EPARSE when it is not a date. A date needs a day,
** a month and a year ("June 2023" and "2018" are not dates); leading
** labels such as "Updated" or "Published:" are allowed. Zone names without
** a season ("ET", "PT") follow US daylight saving time for the date. */
px_rc px_date_parse(const char *s, size_t len, px_time *out);
/* Finds the first date anywhere in s (e.g. in a byline line); *start and
** *end (may be NULL) receive its byte span. Stricter than px_date_parse:
** month and weekday names must be capitalised, zone abbreviations must be
** capitals, and two-digit years are not read ("June 19, 23 people"). */
px_rc px_date_find(const char *s, size_t len, px_time *out, size_t *start,
                   size_t *end);
/* As px_date_parse and px_date_find, for a page in language lang (a BCP 47
** tag such as "fr" or "de-AT"; NULL: unknown). Month, weekday, filler and
** label words of de, fr, es, it, pt and nl (data/dates.tsv) are read
** whatever lang is ("3. März 2023", "Publié le 3 mars 2023", "3 de marzo
** de 2023"); lang decides only the order of all-number dates: "04/03/2023"
** is 4 March on a page whose language writes days first, and read as the
** unlabelled functions read it otherwise. */
px_rc px_date_parse_lang(const char *s, size_t len, const char *lang,
                         px_time *out);
px_rc px_date_find_lang(const char *s, size_t len, const char *lang,
                        px_time *out, size_t *start, size_t *end);
/* Writes "2023-06-19T10:48:00-04:00", "2023-06-19T10:48:00" (no zone) or
** "2023-06-19" (no time) into out (at least 32 bytes). */
void px_date_format_iso(const px_time *t, char *out, size_t outlen);
/* A publish time for people (issue 15, 14): the instant utc in UTC with
** the zone said, "2023-06-19 14:48 UTC", so times from outlets in other
** zones read in one order; "2023-06-19" when published states no time;
** published as given when it cannot be read and utc is 0; "" when both are
** empty. utc is what the store orders by (px_store_published_utc: a
** zoneless time is read in the dateline city's zone), so the text shown
** and the order always agree; utc 0 with a published that states its zone
** uses the instant the text gives. out holds at least PX_DATE_SHOW_MAX bytes. */
#define PX_DATE_SHOW_MAX 32
void px_date_show(const char *published, int64_t utc, char *out, size_t outlen);
/* The instant t (seconds, UTC) as RFC 3339, "2023-06-19T14:48:00Z", into
** out (at least 32 bytes); "" for 0. For machine-readable output. */
void px_date_utc_iso(int64_t t, char *out, size_t outlen);

/* The UTC instant, treating a zoneless time as UTC (for ordering). */
static inline int64_t px_time_utc(const px_time *t) {
  return t->has_tz ? t->epoch : t->epoch;
}
/* Days since the epoch for a proleptic Gregorian date (no time zone). */
int64_t px_days_from_civil(int64_t y, unsigned m, unsigned d);

/* Seconds on the monotonic clock: for measuring intervals (timeouts,
** pacing), never for dates. */
double px_clock_secs(void);

#endif
