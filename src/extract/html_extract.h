/*
** html_extract.h: a news page's HTML to a px_doc: the article body as
** typed blocks (paragraphs, headings, lists, block quotes; captions kept
** apart as PX_BLOCK_CAPTION) and its metadata (title, subtitle, authors,
** wire credit, dateline, site, publish/update times, canonical URL,
** language, lead image, section).
**
** One pass of the streaming tokenizer (html_tok.h) segments the page into
** text blocks under a light tree of block-level elements; each element
** carries generic hints from its tag, class, id and role (navigation,
** footer, share bar, related links, comments, captions...). Paragraph
** scores flow up to their containers, the best container is the article,
** and its blocks minus the hinted boilerplate are the body. There are no
** site-specific rules. Metadata comes from JSON-LD (jansson), OpenGraph
** and other meta tags, <time>, <link rel=canonical>, <html lang>, the URL
** and the byline, in that order of trust.
**
** Memory: the px_doc owns everything it returns (its arena). Working
** memory is released before returning. Input of any size is accepted up
** to PX_HTML_MAX_INPUT; the tokenizer does not copy it, and working
** memory is bounded by a few times the input's text.
*/
#ifndef PX_EXTRACT_HTML_EXTRACT_H
#define PX_EXTRACT_HTML_EXTRACT_H

#include <stddef.h>
#include "parallax.h"
#include "extract/doc.h"
#include "util/buf.h"

#define PX_HTML_MAX_INPUT ((size_t)256 << 20)

/* Extracts the article from html (len bytes, any encoding; see
** charset.h). url (may be NULL) is recorded and mined for a date;
** content_type (may be NULL) is the HTTP Content-Type header.
** Caller frees *out with px_doc_free. PX_EEMPTY when the page holds no
** text at all, PX_EBINARY for binary data, PX_ETOOBIG past the cap. */
px_rc px_html_extract(const char *html, size_t len, const char *url,
                      const char *content_type, px_doc **out, px_err *err);

/* An HTML fragment (a feed's description or content:encoded) as a doc:
** every text block in order, no boilerplate removal, no metadata.
** Caller frees *out with px_doc_free. */
px_rc px_html_fragment_to_doc(const char *html, size_t len, px_doc **out,
                              px_err *err);
/* Plain text of an HTML fragment, blocks separated by blank lines,
** appended to out (valid UTF-8). */
px_rc px_html_to_text(const char *html, size_t len, px_buf *out);

/* Training data for the block scorer (bench/extraction/train_blocks.py):
** runs the extractor's segmentation and root choice over a page and
** calls fn once per text block, in page order, with its nfeat features
** (names from px_html_feature_names), its text and its px_block_kind.
** The pointers are borrowed for the call only. */
typedef void (*px_html_block_fn)(void *ctx, const float *feat, size_t nfeat,
                                 const char *text, size_t len, int kind);
px_rc px_html_block_features(const char *html, size_t len, px_html_block_fn fn,
                             void *ctx, px_err *err);
/* The feature names, in order; *n receives their count. Static. */
const char *const *px_html_feature_names(size_t *n);

#endif
