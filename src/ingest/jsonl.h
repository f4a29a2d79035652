/*
** jsonl.h: reading JSON-lines dumps, one article per line, with the fields
** url, title, text (or html), published, and optionally source/outlet and
** author(s). A bad line is reported with its number and skipped; the
** reader goes on with the next one.
*/
#ifndef PX_INGEST_JSONL_H
#define PX_INGEST_JSONL_H

#include <stddef.h>
#include "parallax.h"

typedef struct px_jsonl_item {
  size_t line;              /* 1-based line number in the input */
  const char *url, *title, *text, *html, *published, *source, *author;
  size_t text_len, html_len;
} px_jsonl_item;

typedef struct px_jsonl {
  const char *p, *end;      /* remaining input (borrowed) */
  size_t line;
  void *obj;                /* the current line's parsed object (json_t) */
} px_jsonl;

/* data must outlive the reader. Caller-owned struct; release with
** px_jsonl_reset. */
void px_jsonl_init(px_jsonl *r, const char *data, size_t len);
void px_jsonl_reset(px_jsonl *r);
/* Reads the next article. Returns PX_OK with *item filled (strings
** borrowed until the next call), PX_EEMPTY at end of input, or an error
** for one bad line (err names the line); calling again continues after
** it. Blank lines are skipped. */
px_rc px_jsonl_next(px_jsonl *r, px_jsonl_item *item, px_err *err);
/* Does this look like JSON lines (first non-blank byte '{' and a newline
** before the end of the first object), or is it one pretty-printed JSON
** object (read as a single item)? */
int px_jsonl_sniff(const char *data, size_t len);

#endif
