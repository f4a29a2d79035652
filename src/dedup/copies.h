/*
** copies.h: who copied whom within a set of articles (one story).
**
** For every pair of articles it reports exact duplicates (same text: one
** article with several URLs), shared passages (align.h) with the share of
** each article and the wire service the copy traces to, and for each
** article whether it is an aggregator's republication, which outlets and
** wires its text credits, and whether it shares no passages at all.
**
** Wire attribution: a wire counts as credited when doc->wire names it or
** the text does ("(Reuters) -", "AFP reports", "Reporting by ... for
** Reuters", "Photo: Reuters" counts only weakly). Shared copy is traced to
** a wire both articles credit, else to a wire either credits in its text;
** with no wire credited, the earliest publisher is the likely origin.
** Aggregators are recognised by doc->is_republished or by the footers they
** print ("Read original article here", "automatic aggregator", ...).
** Memory: the report is malloc'd and copies every string it keeps; free it
** with px_copy_report_free. Inputs are only read.
*/
#ifndef PX_DEDUP_COPIES_H
#define PX_DEDUP_COPIES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dedup/align.h"
#include "extract/doc.h"
#include "parallax.h"
#include "util/buf.h"

typedef struct px_copy_input {
  int64_t id;
  const px_doc *doc;
  int64_t published;     /* epoch seconds, 0 when unknown */
  const char *label;     /* how to name it in text ("002", outlet); may be NULL */
} px_copy_input;

typedef enum {
  PX_COPY_EXACT = 0,     /* same text */
  PX_COPY_SHARED,        /* shares passages */
} px_copy_kind;

typedef struct px_copy_rel {
  px_copy_kind kind;
  int64_t a, b;          /* article ids; a is the earlier or the first given */
  px_passage_set *passages; /* a aligned with b (owned) */
  char *wire;            /* wire the shared copy traces to, or NULL */
  int64_t origin;        /* likely origin article when no wire; -1 unknown */
} px_copy_rel;

typedef struct px_copy_article {
  int64_t id;
  char *label;
  bool republished;      /* aggregator republication */
  char *republish_note;  /* the footer line that says so, or NULL */
  char **credits;        /* wires and outlets the text credits */
  size_t ncredits;
  bool shares_none;      /* no passage shared with any other article */
  double copied_share;   /* largest share of it found in another article */
} px_copy_article;

typedef struct px_copy_report {
  px_copy_article *articles;
  size_t narticles;
  px_copy_rel *rels;
  size_t nrels;
} px_copy_report;

/* Analyses n articles. Caller frees *out with px_copy_report_free. */
px_rc px_copies_analyze(const px_copy_input *in, size_t n,
                        px_copy_report **out, px_err *err);
/* The same with the dedup index the articles were added to (may be NULL):
** with it, boilerplate paragraphs are not passages. */
px_rc px_copies_analyze_ix(const px_copy_input *in, size_t n,
                           const px_dedup_index *ix, px_copy_report **out,
                           px_err *err);
void px_copy_report_free(px_copy_report *r);

/* JSON: {"articles":[...], "relations":[...]}; with focus non-NULL only
** that article and its relations. New reference; NULL when out of memory. */
json_t *px_copy_report_json(const px_copy_report *r, const int64_t *focus);
/* Human-readable rendering appended to out (focus as above). */
px_rc px_copy_report_text(const px_copy_report *r, const int64_t *focus,
                          px_buf *out);

/* Wires and outlets credited in doc (doc->wire and text credits), in a
** fixed order. Strong credits only unless weak is true. Appends malloc'd
** strings to *names (caller frees each and the array). */
px_rc px_copy_credits(const px_doc *doc, bool weak, char ***names, size_t *n);
/* True when doc looks like an aggregator's republication; *note (may be
** NULL) receives the telling line, borrowed from doc. */
bool px_copy_is_republished(const px_doc *doc, const char **note,
                            size_t *note_len);

#endif
