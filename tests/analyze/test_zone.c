/*
** test_zone.c: zoneless publish times read in the filing city's zone,
** with its daylight-saving rule.
*/
#include <criterion/criterion.h>
#include <string.h>
#include "analyze/zone.h"
#include "util/date.h"

static int64_t at(int y, unsigned m, unsigned d, int h) {
  return px_days_from_civil(y, m, d) * 86400 + h * 3600;
}

static int off(const char *place, int64_t t) {
  int o = 9999;
  an_zone_offset(place, strlen(place), t, &o);
  return o;
}

Test(zone, cities_and_daylight_saving) {
  cr_assert_eq(off("BEIJING", at(2023, 6, 19, 16)), 480);
  cr_assert_eq(off("WASHINGTON, DC", at(2023, 6, 19, 10)), -240, "EDT in June");
  cr_assert_eq(off("Washington", at(2023, 1, 19, 10)), -300, "EST in January");
  cr_assert_eq(off("LONDON", at(2023, 7, 1, 12)), 60);
  cr_assert_eq(off("LONDON", at(2023, 12, 1, 12)), 0);
  cr_assert_eq(off("SYDNEY", at(2023, 1, 10, 12)), 660, "southern summer");
  cr_assert_eq(off("SYDNEY", at(2023, 7, 10, 12)), 600);
  cr_assert_eq(off("NEW DELHI", at(2023, 7, 10, 12)), 330);
  cr_assert_eq(off("PARISH COUNCIL", at(2023, 7, 10, 12)), 9999, "whole names only");
  cr_assert_eq(off("ATLANTIS", at(2023, 7, 10, 12)), 9999);
}

Test(zone, place_from_dateline_or_caption) {
  px_doc *d = px_doc_new(0);
  const char *cap = "WASHINGTON, DC - JUNE 16: The minister attends a news conference.";
  px_doc_add_block(d, PX_BLOCK_PARA, "Body text here.", 15);
  px_doc_add_block(d, PX_BLOCK_CAPTION, cap, strlen(cap));
  size_t len = 0;
  const char *p = an_zone_place(d, &len);
  cr_assert(p);
  cr_assert_eq(len, 10);
  cr_assert_eq(strncmp(p, "WASHINGTON", 10), 0);
  px_doc_set(d, &d->dateline, "BEIJING", 7);
  p = an_zone_place(d, &len);
  cr_assert_str_eq(p, "BEIJING");
  px_doc_free(d);
}
