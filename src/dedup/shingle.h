/*
** shingle.h: word shingles of an article, as 64-bit hashes.
**
** Words come from text/tok.h, normalised with px_norm_word (lower case,
** typographic punctuation folded, apostrophes and dots dropped), and are
** hashed with xxHash. A shingle is k consecutive words inside one block:
** shingles never span two paragraphs, so a cut or moved paragraph leaves
** the others' shingles intact and passage alignment can map shingles back
** to blocks. A block shorter than k words (but of at least 3) gives one
** shingle of all its words; shorter blocks ("Advertisement") give none.
** Memory: the arrays are malloc'd and owned by the caller's px_shingles;
** release with px_shingles_reset.
*/
#ifndef PX_DEDUP_SHINGLE_H
#define PX_DEDUP_SHINGLE_H

#include <stddef.h>
#include <stdint.h>
#include "extract/doc.h"
#include "parallax.h"

typedef struct px_shingles {
  uint64_t *h;        /* shingle hashes, in text order (duplicates kept) */
  uint32_t *block;    /* index into doc->blocks of each shingle */
  size_t n, cap;
  size_t nwords;      /* words seen in the shingled blocks */
  uint64_t content;   /* hash of the whole word sequence (exact duplicates) */
} px_shingles;

void px_shingles_init(px_shingles *s);
void px_shingles_reset(px_shingles *s);

/* Shingles every body block of doc (captions are skipped: outlets swap
** photos freely). k = 0 means 5. */
px_rc px_shingles_doc(const px_doc *doc, unsigned k, px_shingles *out,
                      px_err *err);
/* Shingles one text as block 0 (blank lines do not split it). */
px_rc px_shingles_text(const char *s, size_t len, unsigned k, px_shingles *out,
                       px_err *err);

/* Sorts and removes duplicates from h (block is dropped: set to NULL). */
void px_shingles_to_set(px_shingles *s);

/* Hash of the shingles h[from..to) (one block's run, before to_set):
** equal blocks give equal hashes whatever their typography. */
uint64_t px_shingles_block_hash(const px_shingles *s, size_t from, size_t to);

/* Hash of one normalised word (exposed for tests and benchmarks). */
uint64_t px_shingle_word_hash(const char *w, size_t len);

#endif
