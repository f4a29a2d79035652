/*
** buf.c: px_buf growth by doubling, capped by the buffer's max.
*/
#include "util/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void px_buf_init(px_buf *b, size_t max) {
  b->data = NULL;
  b->len = b->cap = 0;
  b->max = max ? max : SIZE_MAX / 2;
}

void px_buf_reset(px_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

px_rc px_buf_reserve(px_buf *b, size_t extra) {
  size_t need;
  if (__builtin_add_overflow(b->len, extra, &need) || need > b->max)
    return PX_ETOOBIG;
  need += 1;  /* NUL */
  if (need <= b->cap) return PX_OK;
  size_t nc = b->cap ? b->cap : 64;
  while (nc < need) nc = nc > SIZE_MAX / 2 ? need : nc * 2;
  char *p = realloc(b->data, nc);
  if (!p) return PX_ENOMEM;
  b->data = p;
  b->cap = nc;
  return PX_OK;
}

px_rc px_buf_append(px_buf *b, const void *p, size_t n) {
  px_rc rc = px_buf_reserve(b, n);
  if (rc) return rc;
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return PX_OK;
}

px_rc px_buf_puts(px_buf *b, const char *s) {
  return px_buf_append(b, s, strlen(s));
}

px_rc px_buf_putc(px_buf *b, char c) { return px_buf_append(b, &c, 1); }

px_rc px_buf_printf(px_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) {
    va_end(ap2);
    return PX_EINVAL;
  }
  px_rc rc = px_buf_reserve(b, (size_t)n);
  if (rc) {
    va_end(ap2);
    return rc;
  }
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  b->len += (size_t)n;
  return PX_OK;
}

char *px_buf_detach(px_buf *b) {
  char *p = b->data;
  if (!p) p = calloc(1, 1);
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}
