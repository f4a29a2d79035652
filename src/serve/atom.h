/*
** atom.h: writing Atom 1.0 feeds (RFC 4287). The writer is a pure
** function of its inputs, so its output is checked against golden files;
** the feed handlers in atom.c fill it from the store.
** Every string is escaped for XML, with characters XML 1.0 forbids
** dropped and invalid UTF-8 replaced, so any article text yields a
** well-formed feed.
*/
#ifndef PX_SERVE_ATOM_H
#define PX_SERVE_ATOM_H

#include <stddef.h>
#include <stdint.h>
#include "parallax.h"
#include "util/buf.h"

typedef struct px_atom_entry {
  const char *id;        /* a URN or absolute URL, stable */
  const char *title;
  const char *link;      /* absolute URL (http/https only, else omitted) */
  const char *updated;   /* RFC 3339 */
  const char *author;    /* may be NULL */
  const char *summary;   /* plain text; may be NULL */
} px_atom_entry;

typedef struct px_atom_feed {
  const char *id, *title;
  const char *self;       /* this feed's absolute URL */
  const char *alternate;  /* the HTML page's absolute URL */
  const char *updated;    /* RFC 3339; NULL: the newest entry's */
} px_atom_feed;

px_rc px_atom_write(px_buf *b, const px_atom_feed *f, const px_atom_entry *e,
                    size_t n);
/* "2023-06-19T14:48:00Z" for an epoch (out: 32 bytes). */
void px_atom_time(int64_t epoch, char out[32]);

#endif
