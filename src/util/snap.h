/*
** snap.h: checksummed binary snapshot files, for in-memory state that is
** costly to rebuild (the clusterer and the copy index: store/pipeline.c).
**
** A snapshot is a cache, never the truth: a reader that meets anything
** unexpected (a missing or truncated file, another format version, a
** checksum that does not match, a length the file cannot hold) fails,
** and its caller rebuilds from the store. Writers write a temporary file
** and rename it over the old one, so readers see a whole snapshot or the
** previous one; temporary files of writers that died are swept away. Values are in this machine's byte order; the header says
** which, and a file from another order is refused.
**
** Errors are sticky, like stdio's: puts and gets after a failure do
** nothing, and px_snap_commit / px_snap_finish report the first one.
** Memory: the px_snap belongs to its caller until commit, abort or finish,
** which free it; arrays from px_snap_get_array belong to the caller.
*/
#ifndef PX_UTIL_SNAP_H
#define PX_UTIL_SNAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "parallax.h"

typedef struct px_snap px_snap;

/* Starts writing a snapshot of format `version` that will replace path. */
px_rc px_snap_create(const char *path, uint32_t version, px_snap **out,
                     px_err *err);
void px_snap_put(px_snap *s, const void *p, size_t n);
void px_snap_put_u64(px_snap *s, uint64_t v);
void px_snap_put_f64(px_snap *s, double v);
/* Ends the payload, writes the checksum and renames the file into place. */
px_rc px_snap_commit(px_snap *s, px_err *err);
/* Drops a snapshot being written (its temporary file too). */
void px_snap_abort(px_snap *s);

/* Opens path for reading; PX_ENOTFOUND when there is none, PX_EPARSE when
** it is not a snapshot of this version. */
px_rc px_snap_open(const char *path, uint32_t version, px_snap **out,
                   px_err *err);
bool px_snap_get(px_snap *s, void *p, size_t n);
uint64_t px_snap_get_u64(px_snap *s);
double px_snap_get_f64(px_snap *s);
/* Reads count values of size bytes into a new array (NULL for count 0 or
** on failure: the file cannot hold that many, or out of memory). */
void *px_snap_get_array(px_snap *s, size_t count, size_t size);
/* Before allocating for count records the file stores in at least `each`
** bytes apiece: false (and the snapshot failed) when fewer bytes are left,
** so a damaged count cannot ask for gigabytes. */
bool px_snap_expect(px_snap *s, uint64_t count, size_t each);
/* Marks the snapshot unusable (a value out of range): sticky, like a
** short read. */
void px_snap_fail(px_snap *s, const char *why);
bool px_snap_ok(const px_snap *s);
/* Checks that every byte was read and the checksum matches; frees s. */
px_rc px_snap_finish(px_snap *s, px_err *err);

#endif
