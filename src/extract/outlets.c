/*
** outlets.c: lookups in the compiled-in outlet directory (see outlets.h).
** About two hundred rows: a linear scan per article costs less than
** building an index would, and keeps the table a plain array.
*/
#include "extract/outlets.h"

#include <string.h>

static const px_outlet rows[] = {
#include "outlets.inc"
};
#define NROWS (sizeof rows / sizeof rows[0])

size_t px_outlet_count(void) { return NROWS; }

/* name without surrounding space and a leading "The ". */
static px_str core(px_str s) {
  s = px_str_trim(s);
  if (s.len > 4 && px_str_istarts(s, "the ")) s = px_str_trim(px_str_make(s.p + 4, s.len - 4));
  return s;
}

static int same_name(px_str a, const char *b, size_t blen) {
  px_str x = core(a), y = core(px_str_make(b, blen));
  if (!x.len || x.len != y.len) return 0;
  for (size_t i = 0; i < x.len; i++)
    if (px_tolower((unsigned char)x.p[i]) != px_tolower((unsigned char)y.p[i])) return 0;
  return 1;
}

/* True when name matches one entry of a ';'-separated list. */
static int in_list(px_str name, const char *list) {
  while (*list) {
    const char *e = strchr(list, ';');
    size_t n = e ? (size_t)(e - list) : strlen(list);
    if (n && same_name(name, list, n)) return 1;
    list += n + (e != NULL);
  }
  return 0;
}

const px_outlet *px_outlet_by_name(px_str name) {
  if (!core(name).len) return NULL;
  for (size_t i = 0; i < NROWS; i++) {
    const px_outlet *o = &rows[i];
    if (same_name(name, o->name, strlen(o->name)) ||
        (o->short_name[0] && same_name(name, o->short_name, strlen(o->short_name))) ||
        in_list(name, o->aliases))
      return o;
  }
  return NULL;
}

const px_outlet *px_outlet_by_host(px_str host) {
  host = px_str_trim(host);
  while (host.len && host.p[host.len - 1] == '.') host.len--;  /* FQDN dot */
  const px_outlet *best = NULL;
  size_t best_len = 0;
  for (size_t i = 0; i < NROWS; i++) {
    const char *list = rows[i].domains;
    while (*list) {
      const char *e = strchr(list, ';');
      size_t n = e ? (size_t)(e - list) : strlen(list);
      /* host is the domain, or ends in "." + domain; the longest listed
      ** domain wins (news.yahoo.com over yahoo.com). */
      if (n && n <= host.len && n > best_len) {
        const char *tail = host.p + host.len - n;
        int match = 1;
        for (size_t k = 0; k < n; k++)
          if (px_tolower((unsigned char)tail[k]) != (unsigned char)list[k]) match = 0;
        if (match && (n == host.len || tail[-1] == '.')) {
          best = &rows[i];
          best_len = n;
        }
      }
      list += n + (e != NULL);
    }
  }
  return best;
}

const char *px_outlet_canonical(const char *name) {
  if (!name) return NULL;
  const px_outlet *o = px_outlet_by_name(px_str_from_cstr(name));
  return o ? o->name : name;
}
