/*
** cmd_config.c: `parallax config`: show and change the store's settings
** (store/settings.h). Changing a clustering setting re-clusters every
** stored article with the new value before the command returns, in one
** transaction with the change itself, so the stories a reader sees always
** match the settings shown; story analyses are then refreshed.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/pipeline.h"
#include "store/settings.h"
#include "util/err.h"

static int count_story(const px_story_row *r, void *ud) {
  (void)r;
  (*(size_t *)ud)++;
  return 0;
}

static px_rc story_count(px_store *st, size_t *n, px_err *err) {
  *n = 0;
  return px_store_story_each(st, count_story, n, err);
}

static int show(px_cli *cli, px_store *st, const char *only) {
  size_t n;
  const px_setting_def *d = px_settings_defs(&n);
  json_t *arr = cli->fmt == PX_FMT_JSON ? json_array() : NULL;
  for (size_t i = 0; i < n; i++) {
    if (only && strcmp(only, d[i].key)) continue;
    px_err err = {0};
    char *v = NULL;
    if (px_settings_get(st, d[i].key, &v, &err)) {
      json_decref(arr);
      return px_cli_fail(&err);
    }
    const char *val = v ? v : d[i].def;
    if (arr) {
      json_array_append_new(
          arr, json_pack("{s:s, s:s, s:s, s:b, s:f, s:f, s:s}", "key", d[i].key,
                         "value", val, "default", d[i].def, "set", v != NULL,
                         "min", d[i].min, "max", d[i].max, "help", d[i].help));
    } else if (only) {
      printf("%s\n", val);
    } else {
      printf("%-24s %-8s %s%s%s\n  %s\n", d[i].key, val, v ? "(default " : "(default)",
             v ? d[i].def : "", v ? ")" : "", d[i].help);
    }
    free(v);
  }
  if (arr) {
    char *s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (s) printf("%s\n", s);
    free(s);
    json_decref(arr);
  }
  return PX_EXIT_OK;
}

/* Sets (value) or resets (NULL) key and re-clusters the store. */
static int change(px_cli *cli, px_store *st, const char *key, const char *value) {
  px_err err = {0};
  if (value && px_settings_check(key, value, &err)) {
    fprintf(stderr, "parallax: %s\n", err.msg);
    return PX_EXIT_USAGE;
  }
  if (!px_settings_find(key)) {
    fprintf(stderr, "parallax: no setting named '%s' (see parallax config)\n", key);
    return PX_EXIT_USAGE;
  }
  size_t before = 0, after = 0;
  char *old = NULL;
  px_pipeline *p = NULL;
  px_rc rc = px_store_begin(st, &err);
  if (rc) return px_cli_fail(&err);
  if ((rc = px_settings_get(st, key, &old, &err)) == PX_OK &&
      (rc = story_count(st, &before, &err)) == PX_OK &&
      (rc = px_settings_set(st, key, value, &err)) == PX_OK &&
      (rc = px_pipeline_new(st, &p, &err)) == PX_OK &&
      (rc = story_count(st, &after, &err)) == PX_OK)
    rc = px_store_commit(st, &err);
  else
    px_store_rollback(st);
  if (rc) {
    free(old);
    px_pipeline_free(p);
    return px_cli_fail(&err);
  }
  const px_setting_def *d = px_settings_find(key);
  if (!cli->quiet)
    printf("%s = %s (was %s); stories: %zu -> %zu\n", key, value ? value : d->def,
           old ? old : d->def, before, after);
  free(old);
  /* Analyses of the stories that changed; a failure leaves them stale for
  ** the next run to redo, the new clustering stands. */
  rc = px_pipeline_refresh(p, &err);
  px_cli_pipeline_done(p);
  if (rc) return px_cli_fail(&err);
  return PX_EXIT_OK;
}

int px_cmd_config(px_cli *cli, int argc, char **argv) {
  px_store *st = NULL;
  if (argc == 3 && !strcmp(argv[1], "--reset")) {
    if (!(st = px_cli_store(cli))) return PX_EXIT_FAIL;
    return change(cli, st, argv[2], NULL);
  }
  if (argc > 3 || (argc >= 2 && argv[1][0] == '-')) {
    fprintf(stderr, "usage: parallax config [KEY [VALUE]] | config --reset KEY\n");
    return PX_EXIT_USAGE;
  }
  if (argc >= 2 && !px_settings_find(argv[1])) {
    fprintf(stderr, "parallax: no setting named '%s' (see parallax config)\n", argv[1]);
    return PX_EXIT_USAGE;
  }
  if (!(st = px_cli_store(cli))) return PX_EXIT_FAIL;
  if (argc == 3) return change(cli, st, argv[1], argv[2]);
  return show(cli, st, argc == 2 ? argv[1] : NULL);
}
