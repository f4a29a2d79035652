/*
** buf.h: px_buf, a growable byte buffer that owns its bytes and always
** keeps a NUL after them. A buffer has a hard maximum (like curl's dynbuf):
** growing past it fails with PX_ETOOBIG and leaves the contents intact.
*/
#ifndef PX_UTIL_BUF_H
#define PX_UTIL_BUF_H

#include <stddef.h>
#include "parallax.h"

typedef struct px_buf {
  char *data;   /* NUL-terminated when len > 0 or after any append */
  size_t len, cap, max;
} px_buf;

/* max = 0 means SIZE_MAX/2. Caller-owned struct; release with px_buf_reset. */
void px_buf_init(px_buf *b, size_t max);
void px_buf_reset(px_buf *b);
px_rc px_buf_reserve(px_buf *b, size_t extra);
px_rc px_buf_append(px_buf *b, const void *p, size_t n);
px_rc px_buf_puts(px_buf *b, const char *s);
px_rc px_buf_putc(px_buf *b, char c);
px_rc px_buf_printf(px_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Hands the bytes to the caller (free with free()); the buffer is empty
** afterwards. Returns "" copy semantics: never NULL unless out of memory. */
char *px_buf_detach(px_buf *b);
static inline const char *px_buf_cstr(const px_buf *b) {
  return b->data ? b->data : "";
}

#endif
