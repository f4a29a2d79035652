/*
** test_date.c: px_date_parse / px_date_find over the forms news carries:
** RFC 822 and its mistakes, ISO 8601, free text with US zone names, and
** things that must not become dates ("in 2018", "7-1/2 hours").
*/
#include <criterion/criterion.h>
#include <string.h>

#include "util/date.h"

static const char *iso(const char *s) {
  static char out[64];
  px_time t;
  if (px_date_parse(s, strlen(s), &t) != PX_OK) return "FAIL";
  px_date_format_iso(&t, out, sizeof out);
  return out;
}

static const char *found(const char *s) {
  static char out[64];
  px_time t;
  if (px_date_find(s, strlen(s), &t, NULL, NULL) != PX_OK) return "NONE";
  px_date_format_iso(&t, out, sizeof out);
  return out;
}

#define PARSES(in, want) cr_expect_str_eq(iso(in), want, "parse(%s)", in)
#define FINDS(in, want) cr_expect_str_eq(found(in), want, "find(%s)", in)

Test(date, rfc822) {
  PARSES("Mon, 19 Jun 2023 10:48:00 GMT", "2023-06-19T10:48:00Z");
  PARSES("Mon, 19 Jun 2023 10:48:00 +0000", "2023-06-19T10:48:00Z");
  PARSES("Mon, 19 Jun 2023 10:48:00 -0400", "2023-06-19T10:48:00-04:00");
  PARSES("Mon, 19 Jun 2023 10:48:00 +0530", "2023-06-19T10:48:00+05:30");
  PARSES("19 Jun 2023 10:48:00 GMT", "2023-06-19T10:48:00Z");    /* no weekday */
  PARSES("Fri, 19 Jun 2023 10:48:00 GMT", "2023-06-19T10:48:00Z"); /* wrong */
  PARSES("Mon, 5 Jun 2023 10:48:00 GMT", "2023-06-05T10:48:00Z");
  PARSES("Mon, 05 Jun 23 10:48:00 GMT", "2023-06-05T10:48:00Z");  /* 2-digit */
  PARSES("Sat, 05 Jun 99 10:48:00 GMT", "1999-06-05T10:48:00Z");
  PARSES("Mon, 19 Jun 2023 10:48 EDT", "2023-06-19T10:48:00-04:00");
  PARSES("Mon, 19 Jun 2023 10:48:00 PST", "2023-06-19T10:48:00-08:00");
  PARSES("Mon, 19 Jun 2023 10:48:00 CDT", "2023-06-19T10:48:00-05:00");
  PARSES("Mon, 19 Jun 2023 10:48:00 MST", "2023-06-19T10:48:00-07:00");
  PARSES("Mon, 19 Jun 2023 10:48:00 UT", "2023-06-19T10:48:00Z");
  PARSES("Mon, 19 Jun 2023 10:48:00 Z", "2023-06-19T10:48:00Z");
  PARSES("Mon, 19 Jun 2023 10:48:00 A", "2023-06-19T10:48:00"); /* military */
  PARSES("Mon, 19 Jun 2023 10:48:00 +0000 (UTC)", "2023-06-19T10:48:00Z");
  PARSES("Mon,19 Jun 2023 10:48:00 GMT", "2023-06-19T10:48:00Z");
  PARSES("  Mon, 19 Jun 2023 10:48:00 GMT  ", "2023-06-19T10:48:00Z");
  PARSES("Tue, 29 Feb 2000 00:00:00 GMT", "2000-02-29T00:00:00Z");
  PARSES("Mon, 19 June 2023 10:48:00 GMT", "2023-06-19T10:48:00Z");
  PARSES("Mon, 19 Jun 2023 10:48:00 +0000 GMT", "2023-06-19T10:48:00Z");
  PARSES("Monday, 19-Jun-23 10:48:00 GMT", "2023-06-19T10:48:00Z"); /* RFC 850 */
  PARSES("Mon Jun 19 10:48:00 2023", "2023-06-19T10:48:00");       /* asctime */
  PARSES("mon, 19 jun 2023 10:48:00 gmt", "2023-06-19T10:48:00Z");
  PARSES("Tue, 20 Jun 2023 3:04:05 PM EDT", "2023-06-20T15:04:05-04:00");
  PARSES("Mon, 19 Jun 2023 10:48 +0100 (BST)", "2023-06-19T10:48:00+01:00");
  PARSES("Mon, 19 Jun 2023 24:00:00 GMT", "2023-06-20T00:00:00Z");
  PARSES("19 Jun 2023", "2023-06-19");
  PARSES("Jun 19 2023", "2023-06-19");
  PARSES("2023-06-19 10:48:00 +0000", "2023-06-19T10:48:00Z");
  PARSES("2023-06-19T10:48:00.000+0000", "2023-06-19T10:48:00Z");
}

Test(date, iso8601) {
  PARSES("2023-06-19", "2023-06-19");
  PARSES("2023-06-19T10:48:00Z", "2023-06-19T10:48:00Z");
  PARSES("2023-06-19T10:48:00.123Z", "2023-06-19T10:48:00Z");
  PARSES("2023-06-19T10:48:00+08:00", "2023-06-19T10:48:00+08:00");
  PARSES("2023-06-19T10:48:00-0400", "2023-06-19T10:48:00-04:00");
  PARSES("2023-06-19T10:48:00+08", "2023-06-19T10:48:00+08:00");
  PARSES("2023-06-19T10:48", "2023-06-19T10:48:00");
  PARSES("2023-06-19 10:48:00", "2023-06-19T10:48:00");
  PARSES("2023-06-19T10:48:00", "2023-06-19T10:48:00");
  PARSES("20230619", "2023-06-19");
  PARSES("20230619T104800Z", "2023-06-19T10:48:00Z");
  PARSES("20230619T1048+0800", "2023-06-19T10:48:00+08:00");
  PARSES("2023-W25-1", "2023-06-19");
  PARSES("2023-W25", "2023-06-19");
  PARSES("2020-W53-5", "2021-01-01");
  PARSES("2023-06-19t10:48:00z", "2023-06-19T10:48:00Z");
  PARSES("2023-06-19T23:59:60Z", "2023-06-19T23:59:59Z");
}

Test(date, free_text) {
  PARSES("June 19, 2023", "2023-06-19");
  PARSES("19 June 2023", "2023-06-19");
  PARSES("Jun. 19, 2023", "2023-06-19");
  PARSES("Sept. 5, 2023", "2023-09-05");
  PARSES("June 19th, 2023", "2023-06-19");
  PARSES("10:48 AM \xE2\x80\x93 Monday, June 19, 2023", "2023-06-19T10:48:00");
  PARSES("04:01 PM June 19, 2023", "2023-06-19T16:01:00");
  PARSES("June 19, 2023 at 3:04 p.m. ET", "2023-06-19T15:04:00-04:00");
  PARSES("January 9, 2023 at 3:04 p.m. ET", "2023-01-09T15:04:00-05:00");
  PARSES("Updated 3:14 PM EDT, Tue June 20, 2023", "2023-06-20T15:14:00-04:00");
  PARSES("Published: June 19, 2023 12:00 a.m. PT", "2023-06-19T00:00:00-07:00");
  PARSES("2023/06/19", "2023-06-19");
  PARSES("19.06.2023", "2023-06-19");
  PARSES("6/19/2023", "2023-06-19");
  PARSES("19/6/2023", "2023-06-19");
  PARSES("19 June 2023 16:01 GMT+8", "2023-06-19T16:01:00+08:00");
  PARSES("June 19, 2023 16:01 UTC+08:00", "2023-06-19T16:01:00+08:00");
  PARSES("June 19, 2023 3 p.m.", "2023-06-19T15:00:00");
  PARSES("12:30 AM June 19, 2023", "2023-06-19T00:30:00");
  PARSES("12:30 PM June 19, 2023", "2023-06-19T12:30:00");
  PARSES("Monday 19 June 2023 10.48", "2023-06-19T10:48:00");
  PARSES("Wed 15 Nov 2023 20.08 EST", "2023-11-15T20:08:00-05:00");
  PARSES("Monday 19 June 2023 10.485", "FAIL");
}

Test(date, rejects) {
  const char *bad[] = {
    "", "   ", "2018", "in 2018", "June 2023", "June 19", "7-1/2 hours",
    "2023-13-01", "2023-02-30", "2023-06", "Feb 29, 2023", "hello",
    "25:00 June 19, 2023", "13:00 PM June 19, 2023", "2023-06-19T10:61",
    "June 32, 2023", "99999999", "Mon, 19 Jun 2023 10:48:00 GMT extra",
    NULL};
  for (int i = 0; bad[i]; i++) {
    px_time t;
    cr_expect_eq(px_date_parse(bad[i], strlen(bad[i]), &t), PX_EPARSE,
                 "should reject \"%s\"", bad[i]);
  }
}

Test(date, find) {
  FINDS("OAN\xE2\x80\x99s Noah Herring 10:48 AM \xE2\x80\x93 Monday, June 19, 2023",
        "2023-06-19T10:48:00");
  FINDS("/ 04:01 PM June 19, 2023", "2023-06-19T16:01:00");
  FINDS("the first secretary of state to travel to China since 2018.", "NONE");
  FINDS("Blinken met Qin for more than 7-1/2 hours on Sunday.", "NONE");
  FINDS("in the Great Hall of the People in Beijing in June 2023.", "NONE");
  FINDS("at the Diaoyutai State Guesthouse in Beijing on June 19, 2023.",
        "2023-06-19");
  FINDS("Updated 3:14 PM EDT, Tue June 20, 2023", "2023-06-20T15:14:00-04:00");
  FINDS("Posted on 2023-06-19T08:01:00Z by staff", "2023-06-19T08:01:00Z");
  FINDS("On June 19, 23 people were hurt.", "NONE");
  FINDS("it may 5 times a year, 2023", "NONE");
  FINDS("Call 555-1234 today", "NONE");

  const char *s = "By Jane Doe | June 19, 2023 | 5 min read";
  px_time t;
  size_t a = 0, b = 0;
  cr_assert_eq(px_date_find(s, strlen(s), &t, &a, &b), PX_OK);
  cr_expect_eq(a, 14);
  cr_expect_eq(b, 27);
}

Test(date, zones_dst) {
  /* ET follows US daylight saving time (second Sunday of March to the
  ** first Sunday of November since 2007). */
  PARSES("March 11, 2023 10:00 AM ET", "2023-03-11T10:00:00-05:00");
  PARSES("March 12, 2023 10:00 AM ET", "2023-03-12T10:00:00-04:00");
  PARSES("November 4, 2023 10:00 AM ET", "2023-11-04T10:00:00-04:00");
  PARSES("November 5, 2023 10:00 AM ET", "2023-11-05T10:00:00-05:00");
  PARSES("July 4, 2023 9:00 AM PT", "2023-07-04T09:00:00-07:00");
  PARSES("July 4, 2005 9:00 AM PT", "2005-07-04T09:00:00-07:00");
  PARSES("December 4, 2005 9:00 AM CT", "2005-12-04T09:00:00-06:00");
}

Test(date, epoch_and_format) {
  px_time t;
  cr_assert_eq(px_date_parse("1970-01-01T00:00:00Z", 20, &t), PX_OK);
  cr_expect_eq(t.epoch, 0);
  cr_assert_eq(px_date_parse("2023-06-19T10:48:00-04:00", 25, &t), PX_OK);
  cr_expect_eq(t.epoch, 1687186080);
  cr_expect(t.has_tz);
  cr_expect_eq(t.tz_offset_min, -240);
  px_time u;
  cr_assert_eq(px_date_parse("Mon, 19 Jun 2023 14:48:00 GMT", 29, &u), PX_OK);
  cr_expect_eq(t.epoch, u.epoch);
  cr_assert_eq(px_date_parse("1969-12-31T23:00:00Z", 20, &t), PX_OK);
  char out[40];
  px_date_format_iso(&t, out, sizeof out);
  cr_expect_str_eq(out, "1969-12-31T23:00:00Z");
  /* Not NUL-terminated input: the length is honoured. */
  const char buf[] = "2023-06-19XXXX";
  cr_assert_eq(px_date_parse(buf, 10, &t), PX_OK);
  cr_expect(!t.has_time);
}

/* ---- other languages (issue 17; words from data/dates.tsv) ---- */

static const char *iso_lang(const char *s, const char *lang) {
  static char out[64];
  px_time t;
  if (px_date_parse_lang(s, strlen(s), lang, &t) != PX_OK) return "FAIL";
  px_date_format_iso(&t, out, sizeof out);
  return out;
}

static const char *found_lang(const char *s, const char *lang) {
  static char out[64];
  px_time t;
  if (px_date_find_lang(s, strlen(s), lang, &t, NULL, NULL) != PX_OK) return "NONE";
  px_date_format_iso(&t, out, sizeof out);
  return out;
}

Test(date, month_names_in_six_languages) {
  PARSES("3. März 2023", "2023-03-03");
  PARSES("Publié le 3 mars 2023", "2023-03-03");
  PARSES("3 de marzo de 2023", "2023-03-03");
  PARSES("Veröffentlicht am 14. Oktober 2022, 10:30", "2022-10-14T10:30:00");
  PARSES("Mis à jour le 1er février 2024", "FAIL"); /* "1er": not read yet */
  PARSES("mardi 3 décembre 2024 à 18:05", "2024-12-03T18:05:00");
  PARSES("Publicado el 12 de agosto de 2021", "2021-08-12");
  PARSES("miércoles, 5 de julio del 2023", "2023-07-05");
  PARSES("Pubblicato il 21 giugno 2023 alle 12:40", "2023-06-21T12:40:00");
  PARSES("quarta-feira, 15 de novembro de 2023", "2023-11-15");
  PARSES("3 de março de 2023", "2023-03-03");
  PARSES("Gepubliceerd op 7 mei 2023", "2023-05-07");
  PARSES("zondag 12 maart 2023 om 14:02", "2023-03-12T14:02:00");
  PARSES("Okt. 5, 2023", "2023-10-05");
}

Test(date, foreign_names_in_text) {
  FINDS("BERLIN (dpa) - Am 3. März 2023 teilte das Amt mit", "2023-03-03");
  FINDS("Paris, le 3 mars 2023 - Le gouvernement", "2023-03-03");
  FINDS("MADRID, 3 de marzo de 2023 (EFE).", "2023-03-03");
  FINDS("Roma, 21 giugno 2023", "2023-06-21");
  /* A lower-case month counts only after a day: "mars" alone is a planet,
  ** "mai" alone a word. */
  FINDS("la mission vers mars 2023 est prête", "NONE");
  FINDS("le 3 mai 2023", "2023-05-03");
}

Test(date, day_first_by_language) {
  cr_expect_str_eq(iso_lang("04/03/2023", "fr"), "2023-03-04");
  cr_expect_str_eq(iso_lang("04/03/2023", "es-ES"), "2023-03-04");
  cr_expect_str_eq(iso_lang("04/03/2023", "de"), "2023-03-04");
  cr_expect_str_eq(iso_lang("04/03/2023", "pt_BR"), "2023-03-04");
  cr_expect_str_eq(iso_lang("04/03/2023", "en"), "2023-04-03");
  cr_expect_str_eq(iso_lang("04/03/2023", NULL), "2023-04-03");
  cr_expect_str_eq(iso_lang("04/03/2023", "d"), "2023-04-03");
  cr_expect_str_eq(iso_lang("04/03/2023", "fra"), "2023-04-03");
  cr_expect_str_eq(found_lang("Publié le 04/03/2023 à 10:12", "fr"), "2023-03-04T10:12:00");
  cr_expect_str_eq(found_lang("Actualizado 04/03/2023 10:12", "es"), "2023-03-04T10:12:00");
  cr_expect_str_eq(found_lang("Published 04/03/2023", "en-US"), "2023-04-03");
  /* A first number over 12 is a day in any language. */
  cr_expect_str_eq(iso_lang("19/06/2023", "en"), "2023-06-19");
  /* ISO stays ISO. */
  cr_expect_str_eq(iso_lang("2023-03-04", "fr"), "2023-03-04");
}
