/*
** story_dump.c: prints the analysis of a .docs file (see
** tests/analyze/docfile.h) as text, --json or --markdown. A development
** aid and the engine of bench/analyze/run.sh.
*/
#include <stdio.h>
#include <string.h>
#include "analyze/analysis.h"
#include "../../tests/analyze/docfile.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: story_dump FILE.docs [--json|--markdown]\n");
    return 2;
  }
  docfile f;
  if (docfile_load(&f, argv[1]) != 0) {
    fprintf(stderr, "cannot load %s\n", argv[1]);
    return 1;
  }
  px_analysis *a = NULL;
  px_err err = {0};
  int64_t ids[PX_ANALYSIS_MAX_DOCS];
  for (size_t i = 0; i < f.n && i < PX_ANALYSIS_MAX_DOCS; i++) ids[i] = (int64_t)i;
  if (px_story_analyze((const px_doc *const *)f.docs, ids, f.n, &a, &err) != PX_OK) {
    fprintf(stderr, "analyze: %s\n", err.msg);
    docfile_free(&f);
    return 1;
  }
  px_buf b;
  px_buf_init(&b, 0);
  const char *mode = argc > 2 ? argv[2] : "";
  if (strcmp(mode, "--json") == 0) px_analysis_to_json(a, &b);
  else if (strcmp(mode, "--markdown") == 0) px_analysis_to_markdown(a, &b);
  else px_analysis_to_text(a, &b);
  fwrite(px_buf_cstr(&b), 1, b.len, stdout);
  px_buf_reset(&b);
  px_analysis_free(a);
  docfile_free(&f);
  return 0;
}
