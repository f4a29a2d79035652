/*
** tfidf.h: sparse TF-IDF vectors of articles with a running document
** frequency table, for online clustering.
**
** Terms are stemmed words (libstemmer; English by default) with stop
** words, one-letter words and punctuation dropped, plus names from
** entities.h as extra features (the whole name and each of its words,
** weighted by entity_boost). Terms are kept as 64-bit hashes mapped to
** dense ids; no strings are stored. Term frequency is 1 + ln(tf), scaled
** by the boost of the field it came from (title, body). The idf is
** ln((N + 1) / (df + 1)) + 1 over the N documents vectorised so far, and
** is read at comparison time so early vectors benefit from later counts.
** Memory: the table owns its arrays; vectors are malloc'd for the caller.
*/
#ifndef PX_CLUSTER_TFIDF_H
#define PX_CLUSTER_TFIDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "parallax.h"
#include "util/str.h"

typedef struct px_tv {
  uint32_t term;   /* dense term id */
  float w;         /* boosted log term frequency (no idf) */
} px_tv;

typedef struct px_tfidf px_tfidf;

/* lang: stemmer language (NULL: English). Caller frees with
** px_tfidf_free. */
px_rc px_tfidf_new(const char *lang, px_tfidf **out, px_err *err);
void px_tfidf_free(px_tfidf *t);

/* Vectorises one document given as n text fields with their boosts, counts
** it in the df table, and returns its vector sorted by term id in *vec
** (malloc'd; caller frees with free()). entity_boost 0 disables names. */
px_rc px_tfidf_add(px_tfidf *t, const px_str *fields, const float *boosts,
                   size_t n, float entity_boost, px_tv **vec, size_t *nvec,
                   px_err *err);

/* idf of a term id under the current counts. */
float px_tfidf_idf(const px_tfidf *t, uint32_t term);
/* True when the term is a name feature (from entities.h). */
bool px_tfidf_is_name(const px_tfidf *t, uint32_t term);
/* What a term is: PX_TERM_NAME (a name from entities.h), PX_TERM_NUMBER (a
** token of digits only: a figure, a year), or 0 (a word). */
enum { PX_TERM_NAME = 1, PX_TERM_NUMBER = 2 };
unsigned px_tfidf_kind(const px_tfidf *t, uint32_t term);
/* For each entry of the vector the last px_tfidf_add returned, nonzero
** when the term occurs in fields[0] (the title). Borrowed; valid until
** the next px_tfidf_add. */
const uint8_t *px_tfidf_first_field(const px_tfidf *t);
/* Documents counted, distinct terms, and bytes held. */
size_t px_tfidf_docs(const px_tfidf *t);
size_t px_tfidf_terms(const px_tfidf *t);
size_t px_tfidf_bytes(const px_tfidf *t);

/* Snapshot (util/snap.h) of the document counts and vocabulary; load
** fills a table fresh from px_tfidf_new, failing the snapshot when it
** does not hold a valid table. */
struct px_snap;
void px_tfidf_save(const px_tfidf *t, struct px_snap *s);
void px_tfidf_load(px_tfidf *t, struct px_snap *s);

#endif
