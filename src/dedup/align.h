/*
** align.h: passage alignment of two articles: which blocks (paragraphs)
** of A are copied in B and where, with how much of each article that is.
**
** A block of A counts as copied when at least half of its shingles (and
** at least two) occur in B; its partner is the B block holding most of
** them. This tolerates the edits outlets make to wire copy (a changed word,
** a cut sentence, a new dateline) while a paragraph that merely repeats a
** common phrase does not count. Consecutive copied blocks (ignoring blocks
** too short to shingle in between) form one passage. Shares are counted
** in characters of body text (captions excluded).
** Memory: a px_passage_set is malloc'd; free with px_passage_set_free.
*/
#ifndef PX_DEDUP_ALIGN_H
#define PX_DEDUP_ALIGN_H

#include <stdbool.h>
#include <stddef.h>
#include "dedup/dedup.h"
#include "extract/doc.h"
#include "parallax.h"

typedef struct px_passage {
  size_t a_first, a_last;   /* block indexes in A, inclusive */
  size_t b_first, b_last;   /* the B blocks they map to, inclusive */
  size_t a_blocks, b_blocks; /* copied blocks in the passage */
  size_t a_chars, b_chars;  /* bytes of those blocks */
} px_passage;

typedef struct px_passage_set {
  px_passage *v;
  size_t n;
  bool *a_copied, *b_copied; /* per block of A / B: copied in the other */
  size_t a_nblocks, b_nblocks;
  size_t a_blocks_shared, a_blocks_total; /* body blocks that shingle */
  size_t b_blocks_shared, b_blocks_total;
  size_t a_chars_shared, a_chars_total;   /* body bytes */
  size_t b_chars_shared, b_chars_total;
  double a_share, b_share;  /* chars shared / total, 0..1 */
} px_passage_set;

/* Aligns a with b. *out is set even when nothing is shared (n == 0).
** Caller frees with px_passage_set_free. */
px_rc px_passages_align(const px_doc *a, const px_doc *b, px_passage_set **out,
                        px_err *err);
/* The same, skipping paragraphs the dedup index ix (may be NULL) has seen
** in so many articles that they are boilerplate; they count as neither
** shared nor total paragraphs, but their characters stay in the totals. */
px_rc px_passages_align_ix(const px_doc *a, const px_doc *b,
                           const px_dedup_index *ix, px_passage_set **out,
                           px_err *err);
void px_passage_set_free(px_passage_set *p);

/* The rule for "B reuses A's copy": at least min_chars (250) bytes of
** copied paragraphs on each side, making up two or more paragraphs or 30%
** of either article. One or two short lines in common (a slogan, a
** boilerplate footer the index has not yet seen often) do not count. */
bool px_passages_are_copy(const px_passage_set *p);

#endif
