/*
** fuzz_date.c: px_date_parse and px_date_find on arbitrary bytes. A parsed
** date must format, and the formatted ISO text must parse back to the same
** instant.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  px_time t, u;
  char iso[64];
  if (px_date_parse(s, size, &t) == PX_OK) {
    px_date_format_iso(&t, iso, sizeof iso);
    if (px_date_parse(iso, strlen(iso), &u) != PX_OK) abort();
    if (u.epoch != t.epoch || u.has_tz != t.has_tz || u.has_time != t.has_time)
      abort();
  }
  size_t a = 0, b = 0;
  if (px_date_find(s, size, &t, &a, &b) == PX_OK) {
    if (a > b || b > size) abort();
    px_date_format_iso(&t, iso, sizeof iso);
  }
  return 0;
}
