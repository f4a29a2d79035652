/*
** parallax.h: the public interface of Parallax, a news aggregation engine.
**
** Every fallible function returns a px_rc (PX_OK is 0) and, when given a
** px_err, writes a human-readable reason into it. The first error recorded
** in a px_err wins, so a low-level message is not overwritten by a vaguer
** one on the way up. Handles are opaque; each _new/_open has a matching
** _free/_close, and passing NULL to those is a no-op.
*/
#ifndef PARALLAX_H
#define PARALLAX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define PX_API __attribute__((visibility("default")))
#else
#define PX_API
#endif

#define PX_VERSION "0.1.0"

typedef enum {
  PX_OK = 0,
  PX_ENOMEM,    /* out of memory */
  PX_EINVAL,    /* bad argument or usage */
  PX_EPARSE,    /* input could not be parsed */
  PX_ETOOBIG,   /* input or output over a configured cap */
  PX_EUTF8,     /* invalid UTF-8 */
  PX_EIO,       /* file or network I/O failed */
  PX_EDB,       /* the store failed */
  PX_ENOTFOUND, /* no such article, story, source, ... */
  PX_EEMPTY,    /* input held nothing usable */
  PX_EBINARY,   /* input is not text */
  PX_EEXISTS,   /* already stored (not an error for idempotent adds) */
  PX_EREFUSED,  /* refused by policy (taken down, robots.txt, ...) */
  PX_ENET,      /* network or HTTP failure */
  PX_RC_COUNT
} px_rc;

/* Error record: a code and a message. Callers own it, usually on the stack;
** clear it with px_err_clear before reuse. */
typedef struct px_err {
  px_rc rc;
  char msg[512];
} px_err;

/* Text for a code; never NULL. */
PX_API const char *px_strerror(px_rc rc);
PX_API const char *px_version(void);

#ifdef __cplusplus
}
#endif
#endif
