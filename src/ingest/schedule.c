/*
** schedule.c: the polling policy described in schedule.h. No I/O, no
** clock: every input is an argument.
*/
#include "ingest/schedule.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

void px_sched_defaults(px_sched_cfg *cfg) {
  cfg->min_interval = 300;
  cfg->max_interval = 86400;
  cfg->default_interval = 3600;
  cfg->max_backoff = 7 * 86400;
}

static int64_t clamp(int64_t v, int64_t lo, int64_t hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

static int cmp_desc(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x < y) - (x > y);
}

int64_t px_sched_rate_interval(const int64_t *pub, size_t n,
                               const px_sched_cfg *cfg) {
  int64_t t[20];
  size_t k = 0;
  /* Keep the 20 most recent non-zero times (a small insertion buffer). */
  for (size_t i = 0; i < n; i++) {
    if (pub[i] <= 0) continue;
    if (k < 20) {
      t[k++] = pub[i];
      qsort(t, k, sizeof t[0], cmp_desc);
    } else if (pub[i] > t[19]) {
      t[19] = pub[i];
      qsort(t, k, sizeof t[0], cmp_desc);
    }
  }
  if (k < 2 || t[0] == t[k - 1]) return 0;
  int64_t mean_gap = (t[0] - t[k - 1]) / (int64_t)(k - 1);
  return clamp(mean_gap / 2, cfg->min_interval, cfg->max_interval);
}

int64_t px_sched_next(px_sched_state *st, const px_sched_outcome *o,
                      const px_sched_cfg *cfg, uint64_t jitter_key) {
  int64_t iv = st->interval > 0 ? st->interval : cfg->default_interval;
  int64_t delay;
  if (o->ok) {
    st->failures = 0;
    if (o->got_new) {
      /* Move halfway toward what the publishing rate suggests. */
      if (o->rate_interval > 0) iv = (iv + o->rate_interval) / 2;
      if (o->rate_interval > 0 && o->rate_interval < iv) iv = o->rate_interval;
    } else {
      iv = iv + iv / 2;
    }
    iv = clamp(iv, cfg->min_interval, cfg->max_interval);
    st->interval = iv;
    delay = iv;
  } else {
    if (st->failures < 30) st->failures++;
    st->interval = clamp(iv, cfg->min_interval, cfg->max_interval);
    delay = st->interval;
    for (int i = 0; i < st->failures && delay < cfg->max_backoff; i++) delay *= 2;
    if (delay > cfg->max_backoff) delay = cfg->max_backoff;
  }
  if (o->retry_after > delay) delay = o->retry_after;
  if (delay > cfg->max_backoff && o->retry_after <= cfg->max_backoff) delay = cfg->max_backoff;
  /* Stable jitter in [-10%, +10%] from the key (splitmix64). */
  uint64_t z = jitter_key + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  int64_t span = delay / 10;
  if (span > 0 && o->retry_after < delay) delay += (int64_t)(z % (uint64_t)(2 * span + 1)) - span;
  return delay < 1 ? 1 : delay;
}

int64_t px_sched_retry_after(const char *value, int64_t now) {
  if (!value) return 0;
  px_str v = px_str_trim(px_str_from_cstr(value));
  if (!v.len) return 0;
  bool digits = true;
  for (size_t i = 0; i < v.len; i++)
    if (!px_isdigit((unsigned char)v.p[i])) digits = false;
  if (digits) {
    int64_t s = 0;
    for (size_t i = 0; i < v.len && s < 100000000; i++) s = s * 10 + (v.p[i] - '0');
    return s;
  }
  char tmp[128];
  if (v.len >= sizeof tmp) return 0;
  memcpy(tmp, v.p, v.len);
  tmp[v.len] = '\0';
  time_t t = curl_getdate(tmp, NULL);
  if (t == (time_t)-1 || (int64_t)t <= now) return 0;
  return (int64_t)t - now;
}
