/*
** settings.c: the settings table (schema 3) and the registry (see
** settings.h). A setting without a row has its default.
** Memory: values returned are malloc'd for the caller.
*/
#include "store/settings.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

static void set_threshold(px_cluster_opts *o, double v) { o->threshold = v; }
static void set_merge(px_cluster_opts *o, double v) { o->merge_threshold = v; }
static void set_window(px_cluster_opts *o, double v) {
  /* 0 days: no window; INT64_MAX / 4 keeps the clusterer's subtraction of
  ** two times from overflowing. */
  o->window_secs = v > 0 ? (int64_t)(v * 86400) : INT64_MAX / 4;
}
static void set_name_weight(px_cluster_opts *o, double v) { o->name_weight = v; }
static void set_name_support(px_cluster_opts *o, double v) { o->name_support = v; }
static void set_title_boost(px_cluster_opts *o, double v) { o->title_boost = (float)v; }
static void set_entity_boost(px_cluster_opts *o, double v) { o->entity_boost = (float)v; }

static const px_setting_def defs[] = {
  {"cluster.threshold", "0.125", 0.01, 1.0,
   "an article joins the most similar story at this similarity or more; "
   "higher gives more, tighter stories", set_threshold},
  {"cluster.merge_threshold", "0.5", 0.01, 2.0,
   "two stories merge when one article is this similar to both "
   "(above 1: never)", set_merge},
  {"cluster.window_days", "7", 0, 3650,
   "a story whose newest article is further away in time than this is not "
   "joined (0: no window)", set_window},
  {"cluster.name_weight", "0.7", 0, 1.0,
   "how much of the similarity depends on the story naming the article's "
   "people, places and organisations", set_name_weight},
  {"cluster.name_support", "0.5", 0.01, 1.0,
   "share of a story's articles that must carry a name for it to count "
   "in full", set_name_support},
  {"cluster.title_boost", "1", 0, 10,
   "weight of title words against body words", set_title_boost},
  {"cluster.entity_boost", "1", 0, 10,
   "weight of names against ordinary words (0: words only)", set_entity_boost},
};

const px_setting_def *px_settings_defs(size_t *n) {
  *n = sizeof defs / sizeof defs[0];
  return defs;
}

const px_setting_def *px_settings_find(const char *key) {
  for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
    if (!strcmp(defs[i].key, key)) return &defs[i];
  return NULL;
}

static int parse_number(const char *s, double *out) {
  if (!s || !*s) return -1;
  char *end = NULL;
  double v = strtod(s, &end);
  if (end == s || *end || !isfinite(v)) return -1;
  *out = v;
  return 0;
}

px_rc px_settings_check(const char *key, const char *value, px_err *err) {
  const px_setting_def *d = px_settings_find(key);
  if (!d) return px_err_set(err, PX_EINVAL, "no setting named '%s'", key);
  double v;
  if (parse_number(value, &v) || v < d->min || v > d->max)
    return px_err_set(err, PX_EINVAL, "%s: '%s' is not a number from %g to %g",
                      key, value ? value : "", d->min, d->max);
  return PX_OK;
}

px_rc px_settings_get(px_store *st, const char *key, char **value, px_err *err) {
  *value = NULL;
  return px_store_setting_get(st, key, value, err);
}

px_rc px_settings_set(px_store *st, const char *key, const char *value,
                      px_err *err) {
  if (value) {
    px_rc rc = px_settings_check(key, value, err);
    if (rc) return rc;
  } else if (!px_settings_find(key)) {
    return px_err_set(err, PX_EINVAL, "no setting named '%s'", key);
  }
  return px_store_setting_set(st, key, value, err);
}

px_rc px_settings_cluster_opts(px_store *st, px_cluster_opts *o, px_err *err) {
  px_cluster_opts_default(o);
  for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
    char *v = NULL;
    px_rc rc = px_settings_get(st, defs[i].key, &v, err);
    if (rc == PX_OK && v) {
      /* A value edited by hand is an error naming it, not the default. */
      double x;
      rc = px_settings_check(defs[i].key, v, err);
      if (rc == PX_OK && parse_number(v, &x) == 0) defs[i].apply(o, x);
    }
    free(v);
    if (rc) return rc;
  }
  return PX_OK;
}
