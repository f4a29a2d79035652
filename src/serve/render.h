/*
** render.h: turning analysis and copy-relation JSON into HTML without
** knowing its exact shape. Known sections get headings and their natural
** layout (tables for lists of records, lists for lists of values); any
** key renders, escaped, so a new analysis field shows up without a code
** change. Integers under id-like keys that name an article of the story
** become links labelled with the outlet.
*/
#ifndef PX_SERVE_RENDER_H
#define PX_SERVE_RENDER_H

#include <jansson.h>
#include <stdint.h>
#include "parallax.h"
#include "util/buf.h"

typedef struct px_idlabel {
  int64_t id;
  const char *label;   /* outlet name (borrowed) */
} px_idlabel;

typedef struct px_render {
  px_buf *b;
  const px_idlabel *ids;
  size_t nids;
} px_render;

/* Any JSON value, depth-limited. */
void px_render_json(px_render *r, const char *key, json_t *v, int depth);
/* A human heading for a JSON key ("only_one" -> "Only one"). */
void px_render_key(px_buf *b, const char *key);

#endif

/* The story analysis (analyze/analysis.c's JSON) as page sections:
** summary with citations, the claims table (a column per outlet, each
** cell linked to its sentence), claims only one outlet carries, quotes
** by speaker with variants, the outlier, updates, people and agreements.
** Unknown keys fall back to px_render_json. Article links go to
** /articles/ID#bBLOCK, the cited block. */
void px_render_analysis(px_render *r, json_t *analysis);

/* Copy relations (dedup's JSON "relations" entries, possibly repeated
** across articles: drawn once per pair): who shares passages with whom,
** how much of each, the wire it traces to, links to the passages. */
void px_render_copies(px_render *r, json_t *const *rels, size_t n);
