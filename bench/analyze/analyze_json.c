/*
** analyze_json.c: one story in, its analysis out, both as JSON, so that
** scripts (bench/analyze/real/score_real.py) can score the analyze stage
** on any labelled set without a store.
**   analyze_json < STORY.json > ANALYSIS.json
** STORY.json: as bench/analyze/story_json.h reads it.
*/
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include "analyze/analysis.h"
#include "story_json.h"

int main(void) {
  story_json st;
  int rc = story_json_read(stdin, "analyze_json", &st);
  if (rc) return rc;
  rc = 1;
  px_analysis *a = NULL;
  px_err err = {0};
  if (px_story_analyze((const px_doc *const *)st.docs, st.ids, st.n, &a, &err) != PX_OK) {
    fprintf(stderr, "analyze_json: %s\n", err.msg);
    goto done;
  }
  px_buf b;
  px_buf_init(&b, 0);
  px_analysis_to_json(a, &b);
  fputs(px_buf_cstr(&b), stdout);
  fputc('\n', stdout);
  px_buf_reset(&b);
  px_analysis_free(a);
  rc = 0;
done:
  story_json_free(&st);
  return rc;
}
