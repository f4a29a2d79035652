/*
** pipeline_helpers.h: what the pipeline tests share: adding a file and
** keeping the article and story it went to, and opening a store.
*/
#ifndef PX_TESTS_PIPELINE_HELPERS_H
#define PX_TESTS_PIPELINE_HELPERS_H

#include <criterion/criterion.h>
#include "store/pipeline.h"
#include "store/store.h"

typedef struct added { int64_t article, story; } added;

static void on_report(const char *where, px_rc rc, const char *msg,
                      const px_add_result *res, void *ud) {
  (void)where;
  (void)msg;
  if (rc == PX_OK && res) {
    added *a = ud;
    a->article = res->article_id;
    a->story = res->story_id;
  }
}

/* Adds the file at path (named `name` in messages); it must be stored. */
static __attribute__((unused)) added add_path(px_pipeline *p, const char *path,
                                              const char *name) {
  added a = {0, 0};
  px_err err = {0};
  cr_assert_eq(px_pipeline_add_file(p, path, on_report, &a, &err), PX_OK, "%s: %s",
               name, err.msg);
  cr_assert_gt(a.article, 0, "%s was added", name);
  return a;
}

static __attribute__((unused)) px_store *open_store(const char *path) {
  px_store *st = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(path, &st, &err), PX_OK, "%s", err.msg);
  return st;
}

#endif
