/*
** analysis.h: comparing the sources of one story (issue 6).
**
** px_story_analyze reads the extracted articles of a story and finds:
** direct quotes with their speakers (grouped across outlets, wording
** variants side by side), claims (numbers with units, durations, dates,
** places, meeting events and their status) aligned across outlets and
** classified agree / compatible / contradict / different / update, claims
** only one outlet carries, the outlier outlet, a timeline, a cited
** extractive summary and a topic label. Every item cites article ids and
** the sentence it came from (text, block index, byte offsets).
**
** Memory: the analysis copies everything it keeps; the docs may be freed
** right after px_story_analyze returns. Caller frees with
** px_analysis_free. Only the first PX_ANALYSIS_MAX_DOCS documents (in the
** order given) are analysed.
*/
#ifndef PX_ANALYZE_ANALYSIS_H
#define PX_ANALYZE_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>
#include "parallax.h"
#include "extract/doc.h"
#include "util/buf.h"

#define PX_ANALYSIS_MAX_DOCS 64

typedef struct px_analysis px_analysis;

/* docs[i] is the article with id article_ids[i] (article_ids may be NULL:
** ids 1..n are used). n may be 0 (an empty analysis). Returns PX_ENOMEM or
** PX_EINVAL (docs NULL with n > 0) with a message in err. */
px_rc px_story_analyze(const px_doc *const *docs, const int64_t *article_ids,
                       size_t n, px_analysis **out, px_err *err);
void px_analysis_free(px_analysis *a);
/* The title that best stands for the story (see analysis.c), or NULL;
** valid while a lives. */
const char *px_analysis_headline(const px_analysis *a);

/* Renderings. Each appends to out (caller-owned). JSON keys are stable:
** see the top of analysis.c for the schema. */
px_rc px_analysis_to_json(const px_analysis *a, px_buf *out);
px_rc px_analysis_to_text(const px_analysis *a, px_buf *out);
px_rc px_analysis_to_markdown(const px_analysis *a, px_buf *out);

#endif
