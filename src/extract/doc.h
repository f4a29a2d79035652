/*
** doc.h: px_doc, one extracted article: its metadata and its text as
** typed blocks (paragraphs, headings, quotes, list items; captions kept
** apart from the body).
**
** Every extractor (plain text, HTML, feed entries, JSON lines) fills a
** px_doc, and every later stage reads one. All strings live in the doc's
** own arena and are NUL-terminated, valid UTF-8; NULL means "not known".
** Long-lived state must copy what it keeps: nothing here outlives
** px_doc_free.
*/
#ifndef PX_EXTRACT_DOC_H
#define PX_EXTRACT_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include "parallax.h"
#include "util/arena.h"
#include "util/date.h"

typedef enum {
  PX_BLOCK_PARA = 0,
  PX_BLOCK_HEADING,    /* in-body section heading */
  PX_BLOCK_QUOTE,      /* block quote */
  PX_BLOCK_LIST_ITEM,
  PX_BLOCK_CAPTION,    /* image caption or credit: not body text */
  PX_BLOCK_KIND_COUNT
} px_block_kind;

typedef struct px_block {
  px_block_kind kind;
  const char *text;   /* NUL-terminated, no leading/trailing space */
  size_t len;
} px_block;

typedef struct px_doc {
  px_arena *arena;     /* owns every string below */

  const char *url;           /* where it was read from (file path or URL) */
  const char *canonical_url;
  const char *title;
  const char *subtitle;      /* standfirst / dek */
  const char *site;          /* outlet name as the page shows it */
  const char **authors;      /* people, in byline order */
  size_t nauthors;
  const char *wire;          /* wire service credited: "Reuters", "AFP"... */
  const char *dateline;      /* "BEIJING" */
  const char *published;     /* ISO 8601, as precise as the source */
  const char *updated;
  const char *lang;          /* BCP 47 tag, e.g. "en" */
  const char *image;         /* lead image URL */
  const char *section;       /* the outlet's own section label, if any */
  bool is_republished;       /* an aggregator's copy of another's article */
  const char *origin_note;   /* e.g. "Read original article here" context */

  px_block *blocks;          /* body and captions, in reading order */
  size_t nblocks, cap_blocks;
} px_doc;

/* arena_cap bounds the bytes one document may use (0: no cap).
** Caller frees with px_doc_free. NULL when out of memory. */
px_doc *px_doc_new(size_t arena_cap);
void px_doc_free(px_doc *d);

/* Copies text (trimmed) into the doc; empty text is ignored (PX_OK). */
px_rc px_doc_add_block(px_doc *d, px_block_kind kind, const char *text,
                       size_t len);
/* Copies a string into the arena; *field receives it. Empty text leaves
** the field unchanged. */
px_rc px_doc_set(px_doc *d, const char **field, const char *text, size_t len);
px_rc px_doc_add_author(px_doc *d, const char *name, size_t len);
/* Sets d->lang, when it is not set, from the text (title and body, up to
** the identifier's scan limit; text/langid.h). Leaves it NULL when the
** text is too short or mixed to tell. PX_ENOMEM only. */
px_rc px_doc_guess_lang(px_doc *d);

/* The body (every non-caption block) joined with blank lines, in a fresh
** arena string. */
const char *px_doc_body(px_doc *d, size_t *len);
size_t px_doc_body_blocks(const px_doc *d);
const char *px_block_kind_name(px_block_kind k);

#endif
