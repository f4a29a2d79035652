/*
** file.h: reading whole files with a size cap, and walking folders.
*/
#ifndef PX_UTIL_FILE_H
#define PX_UTIL_FILE_H

#include <stddef.h>
#include "parallax.h"

/* Reads path into a malloc'd NUL-terminated buffer. Fails with PX_ETOOBIG
** (without reading it) when the file is larger than max bytes.
** Caller frees *out with free(). */
px_rc px_file_read(const char *path, size_t max, char **out, size_t *len,
                   px_err *err);
/* Writes len bytes atomically (temp file + rename). */
px_rc px_file_write(const char *path, const void *data, size_t len,
                    px_err *err);

/* Calls fn for every regular file under path (path itself when it is a
** file), in sorted order so runs are repeatable. Hidden entries are
** skipped. Errors on unreadable entries go to on_error and the walk goes
** on. Returns the first non-OK code fn returned to stop the walk, else OK. */
typedef px_rc (*px_walk_fn)(const char *path, void *ud);
typedef void (*px_walk_err_fn)(const char *path, const char *reason, void *ud);
px_rc px_file_walk(const char *path, px_walk_fn fn, px_walk_err_fn on_error,
                   void *ud);

#endif
