/*
** timeline.h: the story page's coverage timeline as server-rendered SVG
** (no JavaScript): publish time (UTC) across, one row per outlet, a dot
** per article linked to it with a <title> tooltip, and an arrow from an
** article whose text was reused to each article that reused it.
**
** Articles without a publish time are listed beside the chart, never
** plotted at a made-up time; a copy arrow needs both ends plotted. The
** chart grows a row per outlet up to PX_TIMELINE_MAX_ROWS; further
** outlets share one last row. All text (outlet names, titles) is outside
** input and is escaped; the output is well-formed XML inside HTML.
** Memory: appends to a caller-owned px_buf; scratch is freed on return.
*/
#ifndef PX_SERVE_TIMELINE_H
#define PX_SERVE_TIMELINE_H

#include <stddef.h>
#include <stdint.h>
#include "parallax.h"
#include "util/buf.h"

#define PX_TIMELINE_MAX_ROWS 24

typedef struct px_tl_item {
  int64_t id;          /* article id: the dot links to /articles/ID */
  const char *outlet;  /* borrowed; NULL or "" for an unknown outlet */
  const char *title;   /* borrowed; may be NULL */
  int64_t utc;         /* publish time in seconds; 0 when unknown */
} px_tl_item;

typedef struct px_tl_copy {
  int64_t from;        /* the article whose text was reused (origin) */
  int64_t to;          /* the article that reused it */
  const char *wire;    /* borrowed; when both carry a wire's copy (then
                          "from" is only the earlier), else NULL */
} px_tl_copy;

/* Appends a <figure class="tl"> holding the SVG chart, a caption, and the
** list of articles without a publish time (or, when no article has one,
** only a note and that list). Returns PX_OK, PX_ENOMEM or PX_ETOOBIG (the
** buffer's cap); err may be NULL. Nothing is appended for n == 0, nor
** on failure (the buffer is cut back to where it was). */
px_rc px_timeline_html(px_buf *b, const px_tl_item *items, size_t n,
                       const px_tl_copy *copies, size_t ncopies, px_err *err);

#endif
