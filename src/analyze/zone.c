/*
** zone.c: city -> UTC offset with the three daylight-saving rules news
** cities follow (US, EU, southern hemisphere), for zoneless publish times.
** The table holds capitals and the cities wires file from; it is data
** about the world, not about any outlet.
*/
#include "analyze/zone.h"
#include "util/date.h"
#include "util/str.h"

#include <string.h>

enum { DST_NONE = 0, DST_US, DST_EU, DST_SOUTH };

static const struct city {
  const char *name;
  short std_min;   /* standard offset, minutes east of UTC */
  char dst;
} cities[] = {
  {"WASHINGTON", -300, DST_US}, {"NEW YORK", -300, DST_US},
  {"BOSTON", -300, DST_US}, {"PHILADELPHIA", -300, DST_US},
  {"ATLANTA", -300, DST_US}, {"MIAMI", -300, DST_US},
  {"DETROIT", -300, DST_US}, {"OTTAWA", -300, DST_US},
  {"TORONTO", -300, DST_US}, {"MONTREAL", -300, DST_US},
  {"CHICAGO", -360, DST_US}, {"HOUSTON", -360, DST_US},
  {"DALLAS", -360, DST_US}, {"NEW ORLEANS", -360, DST_US},
  {"DENVER", -420, DST_US}, {"PHOENIX", -420, DST_NONE},
  {"LOS ANGELES", -480, DST_US}, {"SAN FRANCISCO", -480, DST_US},
  {"SEATTLE", -480, DST_US}, {"VANCOUVER", -480, DST_US},
  {"ANCHORAGE", -540, DST_US}, {"HONOLULU", -600, DST_NONE},
  {"MEXICO CITY", -360, DST_NONE}, {"HAVANA", -300, DST_US},
  {"BOGOTA", -300, DST_NONE}, {"LIMA", -300, DST_NONE},
  {"CARACAS", -240, DST_NONE}, {"SANTIAGO", -240, DST_SOUTH},
  {"SAO PAULO", -180, DST_NONE}, {"BRASILIA", -180, DST_NONE},
  {"RIO DE JANEIRO", -180, DST_NONE}, {"BUENOS AIRES", -180, DST_NONE},
  {"LONDON", 0, DST_EU}, {"DUBLIN", 0, DST_EU}, {"LISBON", 0, DST_EU},
  {"REYKJAVIK", 0, DST_NONE}, {"PARIS", 60, DST_EU}, {"BERLIN", 60, DST_EU},
  {"BRUSSELS", 60, DST_EU}, {"AMSTERDAM", 60, DST_EU},
  {"THE HAGUE", 60, DST_EU}, {"MADRID", 60, DST_EU}, {"ROME", 60, DST_EU},
  {"VATICAN CITY", 60, DST_EU}, {"VIENNA", 60, DST_EU},
  {"GENEVA", 60, DST_EU}, {"ZURICH", 60, DST_EU}, {"BERN", 60, DST_EU},
  {"STOCKHOLM", 60, DST_EU}, {"OSLO", 60, DST_EU},
  {"COPENHAGEN", 60, DST_EU}, {"WARSAW", 60, DST_EU},
  {"PRAGUE", 60, DST_EU}, {"BUDAPEST", 60, DST_EU},
  {"BELGRADE", 60, DST_EU}, {"FRANKFURT", 60, DST_EU},
  {"MUNICH", 60, DST_EU}, {"MILAN", 60, DST_EU}, {"LAGOS", 60, DST_NONE},
  {"ATHENS", 120, DST_EU}, {"KYIV", 120, DST_EU}, {"KIEV", 120, DST_EU},
  {"HELSINKI", 120, DST_EU}, {"BUCHAREST", 120, DST_EU},
  {"SOFIA", 120, DST_EU}, {"RIGA", 120, DST_EU}, {"VILNIUS", 120, DST_EU},
  {"TALLINN", 120, DST_EU}, {"JERUSALEM", 120, DST_EU},
  {"TEL AVIV", 120, DST_EU}, {"BEIRUT", 120, DST_EU},
  {"CAIRO", 120, DST_NONE}, {"JOHANNESBURG", 120, DST_NONE},
  {"PRETORIA", 120, DST_NONE}, {"MOSCOW", 180, DST_NONE},
  {"ISTANBUL", 180, DST_NONE}, {"ANKARA", 180, DST_NONE},
  {"MINSK", 180, DST_NONE}, {"RIYADH", 180, DST_NONE},
  {"BAGHDAD", 180, DST_NONE}, {"DOHA", 180, DST_NONE},
  {"NAIROBI", 180, DST_NONE}, {"ADDIS ABABA", 180, DST_NONE},
  {"TEHRAN", 210, DST_NONE}, {"DUBAI", 240, DST_NONE},
  {"ABU DHABI", 240, DST_NONE}, {"KABUL", 270, DST_NONE},
  {"ISLAMABAD", 300, DST_NONE}, {"KARACHI", 300, DST_NONE},
  {"NEW DELHI", 330, DST_NONE}, {"MUMBAI", 330, DST_NONE},
  {"KATHMANDU", 345, DST_NONE}, {"DHAKA", 360, DST_NONE},
  {"YANGON", 390, DST_NONE}, {"BANGKOK", 420, DST_NONE},
  {"HANOI", 420, DST_NONE}, {"JAKARTA", 420, DST_NONE},
  {"BEIJING", 480, DST_NONE}, {"SHANGHAI", 480, DST_NONE},
  {"HONG KONG", 480, DST_NONE}, {"TAIPEI", 480, DST_NONE},
  {"SINGAPORE", 480, DST_NONE}, {"MANILA", 480, DST_NONE},
  {"KUALA LUMPUR", 480, DST_NONE}, {"PERTH", 480, DST_NONE},
  {"SEOUL", 540, DST_NONE}, {"PYONGYANG", 540, DST_NONE},
  {"TOKYO", 540, DST_NONE}, {"SYDNEY", 600, DST_SOUTH},
  {"CANBERRA", 600, DST_SOUTH}, {"MELBOURNE", 600, DST_SOUTH},
  {"BRISBANE", 600, DST_NONE}, {"WELLINGTON", 720, DST_SOUTH},
  {"AUCKLAND", 720, DST_SOUTH},
};

/* Day number of the nth (1-based; 0 = last) Sunday of a month. */
static int64_t nth_sunday(int year, unsigned month, int nth) {
  if (nth == 0) {
    unsigned nm = month == 12 ? 1 : month + 1;
    int ny = month == 12 ? year + 1 : year;
    int64_t last = px_days_from_civil(ny, nm, 1) - 1;
    int64_t wd = ((last % 7) + 11) % 7;  /* 1970-01-01 was a Thursday: 0=Sun */
    return last - wd;
  }
  int64_t first = px_days_from_civil(year, month, 1);
  int64_t wd = ((first % 7) + 11) % 7;
  return first + (7 - wd) % 7 + 7 * (nth - 1);
}

static int year_of(int64_t day) {
  int y = 1970 + (int)(day / 366);
  while (px_days_from_civil(y + 1, 1, 1) <= day) y++;
  while (px_days_from_civil(y, 1, 1) > day) y--;
  return y;
}

static bool in_dst(char rule, int64_t local_epoch) {
  int64_t day = local_epoch >= 0 ? local_epoch / 86400 : -((-local_epoch + 86399) / 86400);
  int y = year_of(day);
  switch (rule) {
  case DST_US: return day >= nth_sunday(y, 3, 2) && day < nth_sunday(y, 11, 1);
  case DST_EU: return day >= nth_sunday(y, 3, 0) && day < nth_sunday(y, 10, 0);
  case DST_SOUTH: return day < nth_sunday(y, 4, 1) || day >= nth_sunday(y, 10, 1);
  default: return false;
  }
}

bool an_zone_offset(const char *place, size_t len, int64_t local_epoch,
                    int *offset_min) {
  px_str p = px_str_trim(px_str_make(place, len));
  for (size_t i = 0; i < sizeof cities / sizeof cities[0]; i++) {
    size_t n = strlen(cities[i].name);
    if (p.len < n || !px_str_istarts(p, cities[i].name)) continue;
    /* the whole first name of the place: "WASHINGTON, DC", not "PARISH" */
    if (p.len > n && (px_isalpha((unsigned char)p.p[n]))) continue;
    *offset_min = cities[i].std_min + (in_dst(cities[i].dst, local_epoch) ? 60 : 0);
    return true;
  }
  return false;
}

/* "WASHINGTON, DC - JUNE 16:" or "BEIJING (Reuters) -": an upper-case
** place opening the text, then a comma, dash or parenthesis. */
static size_t caption_dateline(const char *t, size_t n) {
  size_t i = 0, letters = 0;
  while (i < n && i < 40 && (px_isupper((unsigned char)t[i]) || t[i] == ' ' ||
                             t[i] == '.')) {
    if (px_isupper((unsigned char)t[i])) letters++;
    i++;
  }
  if (letters < 3 || i >= n) return 0;
  if (t[i] == ',' || t[i] == '(' || t[i] == '-' || (unsigned char)t[i] == 0xE2)
    return i;
  return 0;
}

const char *an_zone_place(const px_doc *doc, size_t *len) {
  if (doc->dateline) {
    *len = strlen(doc->dateline);
    return doc->dateline;
  }
  for (size_t b = 0; b < doc->nblocks; b++) {
    if (doc->blocks[b].kind != PX_BLOCK_CAPTION) continue;
    size_t n = caption_dateline(doc->blocks[b].text, doc->blocks[b].len);
    if (n) {
      *len = n;
      return doc->blocks[b].text;
    }
  }
  return NULL;
}
