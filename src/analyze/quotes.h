/*
** quotes.h: direct quotes, their speakers, and the same quote across
** outlets (part of the analyze stage; model in analyze_int.h).
**
** Quotes are the text between double quote marks (straight or curly); a
** quote left open at the end of a paragraph continues when the next one
** opens with a quote mark (the newspaper convention). Each quotation is
** cut into sentence segments so that "A. B." in one outlet and "B," in
** another can still be matched. Speakers come from the words around the
** quote ("X said", "said X", "X, the minister, said", "quoted X as
** saying", "according to X", pronouns, "the Secretary"), else from the
** same paragraph or the paragraph before. Segments are grouped across
** outlets by token alignment (longest common subsequence), so wording
** variants of one quote end up side by side.
*/
#ifndef PX_ANALYZE_QUOTES_H
#define PX_ANALYZE_QUOTES_H

#include "analyze/analyze_int.h"

/* Needs sentences and people; fills a->quotes and a->qgroups. */
px_rc an_quotes_find(px_analysis *a, const px_doc *const *docs);

/* Same words in the same order (case and punctuation aside)? */
bool an_quote_same_wording(const an_quote *x, const an_quote *y);

/* Longest common subsequence length of two hash sequences (n, m <= 4096). */
size_t an_lcs(const uint64_t *x, size_t n, const uint64_t *y, size_t m);

#endif
