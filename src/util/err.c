/*
** err.c: px_err recording and the text of every px_rc.
*/
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const rc_text[PX_RC_COUNT] = {
  [PX_OK] = "ok",
  [PX_ENOMEM] = "out of memory",
  [PX_EINVAL] = "invalid argument",
  [PX_EPARSE] = "parse error",
  [PX_ETOOBIG] = "too big",
  [PX_EUTF8] = "invalid UTF-8",
  [PX_EIO] = "I/O error",
  [PX_EDB] = "store error",
  [PX_ENOTFOUND] = "not found",
  [PX_EEMPTY] = "empty input",
  [PX_EBINARY] = "binary input",
  [PX_EEXISTS] = "already exists",
  [PX_EREFUSED] = "refused",
  [PX_ENET] = "network error",
};

const char *px_strerror(px_rc rc) {
  if ((unsigned)rc < PX_RC_COUNT && rc_text[rc]) return rc_text[rc];
  return "unknown error";
}

const char *px_version(void) { return PX_VERSION; }

px_rc px_err_set(px_err *e, px_rc rc, const char *fmt, ...) {
  if (!e || e->rc != PX_OK || rc == PX_OK) return rc;
  e->rc = rc;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->msg, sizeof e->msg, fmt, ap);
  va_end(ap);
  return rc;
}

void px_err_clear(px_err *e) {
  if (!e) return;
  e->rc = PX_OK;
  e->msg[0] = '\0';
}

void px_err_prefix(px_err *e, const char *fmt, ...) {
  if (!e || e->rc == PX_OK) return;
  char head[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(head, sizeof head, fmt, ap);
  va_end(ap);
  if (n <= 0) return;
  size_t hl = (size_t)n < sizeof head ? (size_t)n : sizeof head - 1;
  size_t ml = strlen(e->msg);
  if (hl + ml >= sizeof e->msg) ml = sizeof e->msg - 1 - hl;
  memmove(e->msg + hl, e->msg, ml);
  memcpy(e->msg, head, hl);
  e->msg[hl + ml] = '\0';
}
