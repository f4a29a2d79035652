/*
** serve.h: the Parallax web service: server-rendered pages, the JSON API,
** Atom feeds, API tokens, alerts and takedowns (issue 7).
**
** Two layers:
**  - px_app: turns one request (method, raw target, Authorization, body)
**    into one response. Pure request handling over the store, no sockets,
**    so tests and the fuzzer drive it directly.
**  - px_server: libmicrohttpd around a px_app (loopback by default, a
**    thread pool, connection, per-IP, time and body limits).
**
** Example:
**   px_serve_opts o; px_serve_opts_init(&o); o.db_path = "parallax.db";
**   px_server *srv; if (px_server_start(&o, &srv, &err)) ...;
**   ... px_server_port(srv) ...; px_server_stop(srv);
*/
#ifndef PX_SERVE_H
#define PX_SERVE_H

#include <stddef.h>
#include <stdint.h>
#include "parallax.h"
#include "util/buf.h"

typedef struct px_serve_opts {
  const char *db_path;     /* the store (required) */
  const char *bind;        /* IPv4 address, default "127.0.0.1" */
  uint16_t port;           /* 0: an ephemeral port (see px_server_port) */
  unsigned threads;        /* store workers, default 4 (sockets have
                              their own two event-loop threads) */
  unsigned max_conns;      /* open connections in all, default 512 */
  unsigned per_ip;         /* open connections per client, default 128 */
  unsigned timeout_s;      /* idle connection timeout, default 10 */
  unsigned header_timeout_s; /* a request's headers must all arrive
                              within this of the connection (or the
                              previous response), default 10 */
  size_t max_body;         /* request body cap, default 1 MiB */
  unsigned request_ms;     /* store work per read request, default 5000:
                              a query running longer is interrupted
                              (503); writes (POST, DELETE) run to the end
                              and answer what they did */
  const char *base_url;    /* absolute links in feeds; default from bind */
  unsigned alerts_every_s; /* run alerts this often; 0: never */
  const char *smtp_url;    /* for alert digests, e.g. "smtp://127.0.0.1:25" */
  const char *mail_from;   /* From: of alert digests */
} px_serve_opts;

void px_serve_opts_init(px_serve_opts *o);

/* ---- request handling without sockets ----------------------------------- */

typedef struct px_app px_app;

typedef struct px_http_req {
  const char *method;        /* "GET", "HEAD", "POST", "DELETE", ... */
  const char *target;        /* raw request target: path and query */
  size_t target_len;
  const char *authorization; /* header value or NULL */
  const char *body;          /* request body (may be NULL) */
  size_t body_len;
} px_http_req;

typedef struct px_http_resp {
  int status;
  const char *content_type;  /* static string */
  px_buf body;
  char *location;            /* Location header or NULL; owned */
  const char *allow;         /* Allow header for 405, static */
} px_http_resp;

void px_http_resp_init(px_http_resp *r);
void px_http_resp_reset(px_http_resp *r);

/* Opens no store yet: connections are opened per worker on demand.
** Caller frees with px_app_free. */
px_rc px_app_new(const px_serve_opts *o, px_app **out, px_err *err);
void px_app_free(px_app *a);
/* Fills resp (initialised by the caller) for req. Never fails: errors
** become 4xx/5xx responses with a body saying why. Thread-safe. */
void px_app_handle(px_app *a, const px_http_req *req, px_http_resp *resp);
/* True when req needs no store (the health check, the stylesheet): the
** server answers these in its event loops, never behind store work. */
int px_app_is_quick(const px_http_req *req);

/* ---- the HTTP server ----------------------------------------------------- */

typedef struct px_server px_server;

/* Starts listening and serving in background threads. Caller stops and
** frees with px_server_stop. */
px_rc px_server_start(const px_serve_opts *o, px_server **out, px_err *err);
uint16_t px_server_port(const px_server *s);
/* Stops accepting, lets running requests finish, frees everything. */
void px_server_stop(px_server *s);

#endif
