/*
** dedup.h: an in-memory index that finds, for each new article, the
** earlier articles it duplicates or shares passages with.
**
** Three signals, from cheapest to broadest:
**  - exact duplicates: the same word sequence (after normalisation), so
**    the same text under another URL or outlet;
**  - near duplicates: MinHash (datasketch permutations, see minhash.h)
**    over 5-word shingles, with LSH banding to find candidates, reported
**    when the estimated Jaccard reaches near_threshold;
**  - shared passages: a deterministic sample of the shingles (those whose
**    hash is 0 mod fp_sample, so two copies of a passage sample the same
**    shingles) is indexed as fingerprints; an earlier article sharing at
**    least min_shared_fps of them is a candidate for passage alignment
**    (align.h). Fingerprints carried by more than max_postings articles are
**    boilerplate ("follow us on Google News") and ignored.
** Paragraphs are also counted by content (a hash per block), so passage
** alignment can skip paragraphs carried by boiler_min or more articles:
** share buttons, copyright lines, newsletter pitches.
** The index keeps no text and no pointer into a document: per article it
** stores the id, a 1-byte-per-permutation signature and chain links, so
** memory grows linearly with the number of articles. Store-agnostic: the
** caller persists what it wants and can rebuild the index by re-adding.
** Not thread-safe.
*/
#ifndef PX_DEDUP_DEDUP_H
#define PX_DEDUP_DEDUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "extract/doc.h"
#include "parallax.h"

typedef struct px_dedup_opts {
  unsigned shingle_k;      /* words per shingle (5) */
  unsigned num_perm;       /* MinHash permutations (128) */
  unsigned bands;          /* LSH bands; rows = num_perm / bands (16 x 8) */
  double near_threshold;   /* estimated Jaccard for a near duplicate (0.5) */
  unsigned fp_sample;      /* keep 1 shingle in fp_sample as fingerprint (8) */
  unsigned min_shared_fps; /* shared fingerprints for a passage match (3) */
  unsigned max_postings;   /* articles per fingerprint before it is
                              treated as boilerplate (200) */
  unsigned max_matches;    /* matches reported per article (64) */
  unsigned boiler_min;     /* a paragraph seen in this many articles is
                              boilerplate for alignment (50) */
  uint64_t seed;           /* permutation seed (fixed default) */
} px_dedup_opts;

/* Fills o with the defaults above. */
void px_dedup_opts_default(px_dedup_opts *o);

typedef enum {
  PX_DEDUP_EXACT = 0,   /* same text */
  PX_DEDUP_NEAR,        /* estimated Jaccard >= near_threshold */
  PX_DEDUP_SHARED,      /* shares passages (fingerprints) */
} px_dedup_kind;

typedef struct px_dedup_match {
  int64_t article_id;   /* the earlier article */
  px_dedup_kind kind;
  double jaccard;       /* MinHash estimate of shingle-set Jaccard */
  unsigned shared_fps;  /* fingerprints in common */
  double containment;   /* shared_fps / the new article's fingerprints */
} px_dedup_match;

typedef struct px_dedup_index px_dedup_index;

/* o NULL means defaults. NULL when out of memory or options are invalid.
** Caller frees with px_dedup_index_free. */
px_dedup_index *px_dedup_index_new(const px_dedup_opts *o);
void px_dedup_index_free(px_dedup_index *ix);

/* Adds an article and returns its matches with articles added before,
** strongest first (exact, then near, then shared; ties by id). *matches is
** malloc'd (NULL when *n is 0); caller frees with free(). matches may be
** NULL when the caller only wants to index. The doc is only read. */
px_rc px_dedup_index_add(px_dedup_index *ix, int64_t article_id,
                         const px_doc *doc, px_dedup_match **matches,
                         size_t *n, px_err *err);

/* How many indexed articles hold a paragraph with this block hash
** (px_shingles_block_hash), and whether that makes it boilerplate. */
unsigned px_dedup_index_block_count(const px_dedup_index *ix, uint64_t block_hash);
bool px_dedup_index_is_boilerplate(const px_dedup_index *ix, uint64_t block_hash);

/* Articles indexed, and bytes of memory the index holds. */
size_t px_dedup_index_count(const px_dedup_index *ix);
size_t px_dedup_index_bytes(const px_dedup_index *ix);

const char *px_dedup_kind_name(px_dedup_kind k);

/* Snapshot (util/snap.h) of the index, so a later run need not re-read
** every article. Load fills an index fresh from px_dedup_index_new and
** fails the snapshot when it was made with other options or does not hold
** a valid index. */
struct px_snap;
void px_dedup_index_save(const px_dedup_index *ix, struct px_snap *s);
void px_dedup_index_load(px_dedup_index *ix, struct px_snap *s);

#endif
