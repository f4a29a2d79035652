/*
** story_dump.c: prints the analysis of a .docs file (see
** tests/analyze/docfile.h), or of raw plain-text articles cleaned by
** px_plaintext_extract (--raw FILE...), as text, --json or --markdown.
** A development aid until `parallax story ID` calls the same functions.
**   story_dump FILE.docs [--json|--markdown]
**   story_dump --raw [--json|--markdown] A.txt B.txt ...
*/
#include <stdio.h>
#include <string.h>
#include "analyze/analysis.h"
#include "extract/plaintext.h"
#include "../../tests/analyze/docfile.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: story_dump FILE.docs [--json|--markdown]\n");
    return 2;
  }
  docfile f;
  if (strcmp(argv[1], "--raw") == 0) {
    memset(&f, 0, sizeof f);
    const char *m = argc > 2 && argv[2][0] == '-' ? argv[2] : "";
    for (int i = m[0] ? 3 : 2; i < argc; i++) {
      char *buf = NULL;
      size_t len = 0;
      px_doc *d = NULL;
      px_err e = {0};
      if (px_file_read(argv[i], (size_t)64 << 20, &buf, &len, &e) != PX_OK ||
          px_plaintext_extract(buf, len, argv[i], &d, &e) != PX_OK) {
        fprintf(stderr, "%s: %s\n", argv[i], e.msg);
        free(buf);
        continue;
      }
      free(buf);
      if (docfile_push(&f, argv[i], strlen(argv[i])) != 0) return 1;
      px_doc_free(f.docs[f.n - 1]);
      f.docs[f.n - 1] = d;
    }
    argv[2] = (char *)m;
    argc = 3;
  } else if (docfile_load(&f, argv[1]) != 0) {
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
