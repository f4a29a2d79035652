/*
** block_features.c: training data for the extractor's block scorer.
** Usage: block_features PAGES_DIR OUT.tsv
** Writes one line per text block of every page (PAGES_DIR/ID.html.gz):
** page id, block index, px_block_kind, the features of
** px_html_block_features (named in the header line) and the block's
** text (tabs cannot occur: the extractor collapses white space).
** train_blocks.py labels the blocks against the ground truth.
*/
#include <stdio.h>
#include <stdlib.h>

#include "extract/html_extract.h"
#include "pages.h"

struct sink {
  FILE *f;
  const char *id;
  long block;
};

static void on_block(void *ctx, const float *feat, size_t nfeat, const char *text,
                     size_t len, int kind) {
  struct sink *s = ctx;
  fprintf(s->f, "%s\t%ld\t%d", s->id, s->block++, kind);
  for (size_t i = 0; i < nfeat; i++) fprintf(s->f, "\t%.6g", (double)feat[i]);
  fputc('\t', s->f);
  fwrite(text, 1, len, s->f);
  fputc('\n', s->f);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s PAGES_DIR OUT.tsv\n", argv[0]);
    return 2;
  }
  bench_page *pages;
  long n = pages_load(argv[1], &pages);
  if (n < 0) return 1;
  FILE *f = fopen(argv[2], "w");
  if (!f) {
    perror(argv[2]);
    return 1;
  }
  size_t nf;
  const char *const *names = px_html_feature_names(&nf);
  fputs("page\tblock\tkind", f);
  for (size_t i = 0; i < nf; i++) fprintf(f, "\t%s", names[i]);
  fputs("\ttext\n", f);
  for (long i = 0; i < n; i++) {
    struct sink s = {f, pages[i].id, 0};
    px_err err = {0};
    if (px_html_block_features(pages[i].html, pages[i].len, on_block, &s, &err) != PX_OK)
      fprintf(stderr, "%s: %s\n", pages[i].id, err.msg);
  }
  fclose(f);
  pages_free(pages, n);
  return 0;
}
