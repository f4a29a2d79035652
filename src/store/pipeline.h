/*
** pipeline.h: runs input through every stage: detect the format, extract
** the article, store it, find copies, place it in a story, refresh the
** story's analysis. Each input is one transaction, so a bad input or a
** crash never leaves half an article behind, and a batch goes on past
** errors.
*/
#ifndef PX_STORE_PIPELINE_H
#define PX_STORE_PIPELINE_H

#include <stdint.h>
#include "parallax.h"
#include "store/store.h"

typedef struct px_pipeline px_pipeline;

typedef struct px_input {
  const char *data;          /* raw bytes as read or fetched */
  size_t len;
  const char *url;           /* file path or URL it came from */
  const char *content_type;  /* HTTP Content-Type or NULL: sniffed */
  /* Hints from a feed entry or JSON line, used when extraction finds none: */
  const char *source;        /* outlet name */
  const char *title;
  const char *published;     /* any format px_date_parse reads */
  const char *text;          /* pre-extracted plain text (JSON lines) */
  /* From a feed: the outlet when the page and its domain name none (the
  ** feed's title; px_article_put), and the entry's guid, enclosures and
  ** categories as JSON (ingest/feed.h px_feed_entry_meta_json). */
  const char *source_hint;
  const char *feed_meta;
} px_input;

typedef enum {
  PX_ADDED = 0,   /* stored as a new article */
  PX_UPDATED,     /* same url, new content: article updated */
  PX_UNCHANGED,   /* identical input already stored */
  PX_DUPLICATE    /* same text as another article: its url recorded there */
} px_add_status;

typedef struct px_add_result {
  px_add_status status;
  int64_t article_id;
  int64_t story_id;
  char note[200];   /* a warning worth showing ("read as Windows-1252") */
} px_add_result;

/* Builds the pipeline's memory of the store: the snapshot px_pipeline_save
** left beside it ("<store>-state") when nothing changed since, else every
** stored article through the clusterer and copy index again, with the
** store's settings. A long-lived pipeline stays correct when the store
** changes under it (other processes, or other writes on the same
** connection): each px_pipeline_add first compares the store's generation
** (store.h) with its own and rebuilds when they differ.
** Caller frees with px_pipeline_free. The store stays the caller's. */
px_rc px_pipeline_new(px_store *st, px_pipeline **out, px_err *err);
/* Saves the state for the next px_pipeline_new on the same store, when it
** is the store's current state and not saved yet. Call after a batch of
** adds; a failure costs only the next run's rebuild. */
px_rc px_pipeline_save(px_pipeline *p, px_err *err);
/* Removes the snapshot saved beside st, if any: after deletions, so no
** data derived from removed articles outlives them on disk. */
px_rc px_pipeline_drop_saved(px_store *st, px_err *err);
/* Whether the last build came from the snapshot (for tests and -v). */
bool px_pipeline_from_snapshot(const px_pipeline *p);
/* How many times the pipeline rebuilt itself after outside writes. */
unsigned px_pipeline_rebuilds(const px_pipeline *p);
void px_pipeline_free(px_pipeline *p);

/* One input, one transaction. */
px_rc px_pipeline_add(px_pipeline *p, const px_input *in, px_add_result *res,
                      px_err *err);

/* Reads one file (plain text, HTML, JSON lines: each line one input) and
** adds what it holds; for JSON lines, per-line errors are reported through
** report and the rest of the file still goes in. */
typedef void (*px_report_fn)(const char *where, px_rc rc, const char *msg,
                             const px_add_result *res, void *ud);
px_rc px_pipeline_add_file(px_pipeline *p, const char *path,
                           px_report_fn report, void *ud, px_err *err);

/* Recomputes the analysis of every story changed since the last call. */
px_rc px_pipeline_refresh(px_pipeline *p, px_err *err);

/* Who copied whom among a story's articles (docs[i] is article ids[i]),
** each labelled by its outlet and id. p may be NULL; with it, paragraphs
** its copy index has seen in many articles (boilerplate) are not passages.
** Caller frees *out with px_copy_report_free. */
struct px_copy_report;
px_rc px_story_copies(px_pipeline *p, px_doc *const *docs, const int64_t *ids,
                      size_t n, struct px_copy_report **out, px_err *err);

/* Is this input an HTML page (by Content-Type, file name, then content)? */
int px_input_is_html(const char *data, size_t len, const char *url,
                     const char *content_type);

/* Largest input file accepted (bytes). */
#define PX_MAX_INPUT_BYTES ((size_t)64 << 20)

#endif
