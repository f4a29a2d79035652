/*
** settings.h: a store's own settings, kept in the store so every command
** and the server that opens it works with the same values (clustering a
** store with one threshold in `add` and another in `serve` would reshuffle
** its stories on every run).
**
** The registry below names every setting Parallax reads, with its default,
** its allowed range and what it does; values are validated on the way in,
** and a bad value found in a file (edited by hand) is an error naming the
** key, never silently replaced by the default.
** Memory: strings handed out are malloc'd for the caller; the registry is
** static.
*/
#ifndef PX_STORE_SETTINGS_H
#define PX_STORE_SETTINGS_H

#include <stddef.h>
#include "cluster/cluster.h"
#include "parallax.h"
#include "store/store.h"

typedef struct px_setting_def {
  const char *key;          /* "cluster.threshold" */
  const char *def;          /* default, as text (the clusterer's own default) */
  double min, max;          /* allowed range (numbers) */
  const char *help;
  void (*apply)(px_cluster_opts *o, double v);  /* puts a value in place */
} px_setting_def;

/* The known settings, in display order. */
const px_setting_def *px_settings_defs(size_t *n);
const px_setting_def *px_settings_find(const char *key);

/* Checks value against key's definition; PX_EINVAL with a message naming
** the key and the allowed range when it does not fit. */
px_rc px_settings_check(const char *key, const char *value, px_err *err);

/* *value receives the stored value (malloc'd), or NULL when the setting
** has not been set (its default applies). */
px_rc px_settings_get(px_store *st, const char *key, char **value, px_err *err);
/* Validates and stores; value NULL removes the setting (back to default). */
px_rc px_settings_set(px_store *st, const char *key, const char *value,
                      px_err *err);

/* The clusterer's options from the store: px_cluster_opts_default
** overridden by what is set. */
px_rc px_settings_cluster_opts(px_store *st, px_cluster_opts *o, px_err *err);

#endif
