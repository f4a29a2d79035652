/*
** http.c: libmicrohttpd around a px_app.
**
** Two kinds of threads. A pool of event-loop threads (MHD's thread pool,
** epoll where available) does all socket work and answers what needs no
** store (/healthz, the stylesheet) at once; every other request is
** suspended and queued for a separate set of store workers, so a slow
** query holds a worker, never an event loop: the health check and the
** reading of other requests go on whatever the workers are doing. The
** queue holds at most one request per connection, and one that waited
** longer than a request may run is answered 503 without being run.
**
** Limits: total and per-IP connections, an idle timeout, a deadline for
** receiving a request's headers however slowly they trickle in (the idle
** timeout alone restarts on every byte, so a client sending one byte
** every few seconds held its connection for ever), a per-connection
** memory cap (bounds headers), a request target cap (414) and a request
** body cap (413 past it, checked on Content-Length and while reading).
** Conflicting Content-Length headers, or one beside Transfer-Encoding,
** get 400 (request smuggling). The raw request target is taken from the
** URI log callback so px_app parses it itself (the same code the fuzzer
** drives). Security headers go on every response.
** Memory: per-request state (raw target, body, response) is freed in the
** completion callback; response bodies are handed to MHD with free() as
** destructor; per-connection state is freed when MHD reports the close.
*/
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "serve/alerts.h"
#include "serve/app.h"
#include "serve/serve.h"
#include "util/err.h"

/* Longest request target answered (414 beyond). */
#define MAX_TARGET 8192
/* Query separators ('&', ';') passed on to MHD (see uri_log). */
#define MAX_SEPARATORS 64

typedef struct req_state req_state;
typedef struct conn_state conn_state;

struct px_server {
  struct MHD_Daemon *d;
  px_app *app;
  px_serve_opts o;
  uint16_t port;
  pthread_t alerts;
  int alerts_started;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int stopping;
  /* Store workers and their queue (guarded by qmu). */
  pthread_t *workers;
  unsigned nworkers;
  pthread_mutex_t qmu;
  pthread_cond_t qcv;
  req_state *qhead, *qtail;
  size_t qlen, qmax;
  int qstop;
  /* Open connections, for the header deadline and the per-address
  ** limit (guarded by cmu). */
  pthread_mutex_t cmu;
  pthread_cond_t ccv;
  conn_state *conns;
  struct ip_count { uint32_t ip; unsigned n; } *ips;
  size_t nips, capips;
  pthread_t reaper;
  int reaper_started, reaper_stop;
};

struct req_state {
  char *target;
  px_buf body;
  int started;
  int too_big;
  int done;                    /* a worker filled resp */
  int will_close;              /* no keep-alive after this request */
  struct MHD_Connection *con;  /* while queued */
  struct timespec queued;
  char *method, *authorization;
  px_http_resp resp;
  req_state *next;
};

/* One per connection: when it began waiting for a request's headers. */
struct conn_state {
  conn_state *prev, *next;
  int fd;
  uint32_t ip;                 /* IPv4 address, network order */
  int counted;                 /* in the per-address count */
  int idle;                    /* a response done, no new request line */
  int waiting;                 /* headers not complete yet */
  struct timespec since;
};

/* ---- the per-address limit ---------------------------------------------- */

/* MHD's own per-IP count lasts until it has cleaned a closed connection
** up, which one event loop may do only after another has accepted the
** client's next connection: a hundred clients without keep-alive were
** refused (reset) well below 128. So the limit is kept here: a
** connection counts from its start until its last response is done
** (the client may then reconnect at once) or until it closes; at the
** limit, an idle kept-alive connection gives way to a new one. */

static struct ip_count *ip_find(px_server *s, uint32_t ip) {
  for (size_t i = 0; i < s->nips; i++)
    if (s->ips[i].ip == ip) return &s->ips[i];
  return NULL;
}

/* With cmu held. */
static void count_add(px_server *s, conn_state *c) {
  if (c->counted || !c->ip) return;
  struct ip_count *k = ip_find(s, c->ip);
  if (!k) {
    if (s->nips == s->capips) {
      size_t nc = s->capips ? s->capips * 2 : 16;
      struct ip_count *p = realloc(s->ips, nc * sizeof *p);
      if (!p) return;   /* uncounted: the connection limit still holds */
      s->ips = p;
      s->capips = nc;
    }
    k = &s->ips[s->nips++];
    k->ip = c->ip;
    k->n = 0;
  }
  k->n++;
  c->counted = 1;
}

/* With cmu held. */
static void count_del(px_server *s, conn_state *c) {
  if (!c->counted) return;
  c->counted = 0;
  struct ip_count *k = ip_find(s, c->ip);
  if (k && --k->n == 0) *k = s->ips[--s->nips];
}

static enum MHD_Result accept_policy(void *cls, const struct sockaddr *addr,
                                     socklen_t addrlen) {
  px_server *s = cls;
  if (!addr || addr->sa_family != AF_INET || addrlen < sizeof(struct sockaddr_in))
    return MHD_YES;
  uint32_t ip = ((const struct sockaddr_in *)addr)->sin_addr.s_addr;
  pthread_mutex_lock(&s->cmu);
  struct ip_count *k = ip_find(s, ip);
  int ok = !k || k->n < s->o.per_ip;
  /* At the limit, a connection of this client's that is idle after a
  ** response (most often one it has already closed, which MHD has not
  ** read yet) makes room: shut down, as a server may any idle
  ** keep-alive connection. */
  for (conn_state *c = s->conns; !ok && c; c = c->next) {
    if (c->ip != ip || !c->idle || c->fd < 0) continue;
    shutdown(c->fd, SHUT_RDWR);
    c->fd = -1;
    count_del(s, c);
    ok = 1;
  }
  pthread_mutex_unlock(&s->cmu);
  return ok ? MHD_YES : MHD_NO;
}

/* The target is copied here; MHD parses the query itself next, and
** allocates one record per '&' from the connection's 64 KiB pool: about
** a thousand of them exhausted it and MHD closed the connection without
** an answer (or hung till the timeout). A target with more separators
** than any page takes is cut at its '?' in MHD's own (writable) buffer,
** so MHD parses no arguments (we never use its copies) and px_app
** answers 400 from the full copy kept here. */
static void *uri_log(void *cls, const char *uri, struct MHD_Connection *con) {
  px_server *s = cls;
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(con, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  conn_state *c = ci ? ci->socket_context : NULL;
  if (c) {
    pthread_mutex_lock(&s->cmu);
    c->idle = 0;
    pthread_mutex_unlock(&s->cmu);
  }
  req_state *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->target = strdup(uri ? uri : "/");
  if (uri) {
    char *q = strchr(uri, '?');
    size_t nsep = 0;
    for (const char *p = q; p && *p; p++) nsep += *p == '&' || *p == ';';
    if (nsep > MAX_SEPARATORS) q[1] = '\0';
  }
  return r;
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls,
                      enum MHD_RequestTerminationCode toe) {
  px_server *s = cls;
  /* The next request on a kept-alive connection gets its own deadline. */
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(con, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  conn_state *c = ci ? ci->socket_context : NULL;
  req_state *r = *con_cls;
  if (c) {
    pthread_mutex_lock(&s->cmu);
    c->waiting = 1;
    c->idle = 1;
    clock_gettime(CLOCK_MONOTONIC, &c->since);
    if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK || !r || r->will_close)
      count_del(s, c);
    pthread_mutex_unlock(&s->cmu);
  }
  if (!r) return;
  free(r->target);
  free(r->method);
  free(r->authorization);
  px_buf_reset(&r->body);
  if (r->done) px_http_resp_reset(&r->resp);
  free(r);
  *con_cls = NULL;
}

/* ---- the header deadline ------------------------------------------------- */

/* MHD calls this in the connection's event-loop thread, and reports the
** close before it closes the socket: so while cmu is held, every fd in
** the list is still the connection's own and shutdown() cannot hit a
** reused descriptor. */
static void conn_notify(void *cls, struct MHD_Connection *con,
                        void **socket_context,
                        enum MHD_ConnectionNotificationCode code) {
  px_server *s = cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    conn_state *c = calloc(1, sizeof *c);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!c || !ci) {
      free(c);   /* untracked: only the idle timeout applies */
      return;
    }
    c->fd = ci->connect_fd;
    c->waiting = 1;
    clock_gettime(CLOCK_MONOTONIC, &c->since);
    const union MHD_ConnectionInfo *ai =
        MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ai && ai->client_addr && ai->client_addr->sa_family == AF_INET)
      c->ip = ((const struct sockaddr_in *)ai->client_addr)->sin_addr.s_addr;
    pthread_mutex_lock(&s->cmu);
    count_add(s, c);
    c->next = s->conns;
    if (s->conns) s->conns->prev = c;
    s->conns = c;
    pthread_mutex_unlock(&s->cmu);
    *socket_context = c;
  } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
    conn_state *c = *socket_context;
    if (!c) return;
    pthread_mutex_lock(&s->cmu);
    count_del(s, c);
    if (c->prev) c->prev->next = c->next;
    else s->conns = c->next;
    if (c->next) c->next->prev = c->prev;
    pthread_mutex_unlock(&s->cmu);
    free(c);
    *socket_context = NULL;
  }
}

static void headers_received(px_server *s, struct MHD_Connection *con) {
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(con, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  conn_state *c = ci ? ci->socket_context : NULL;
  if (!c) return;
  pthread_mutex_lock(&s->cmu);
  c->waiting = 0;
  count_add(s, c);   /* kept alive after all: counts again */
  pthread_mutex_unlock(&s->cmu);
}

/* Shuts down connections whose headers have not all arrived within
** header_timeout_s of the connection (or the previous response); MHD
** then sees the socket end and closes it in its own thread. */
static void *reaper_loop(void *ud) {
  px_server *s = ud;
  pthread_mutex_lock(&s->cmu);
  while (!s->reaper_stop) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    for (conn_state *c = s->conns; c; c = c->next) {
      if (!c->waiting || c->fd < 0) continue;
      if (now.tv_sec - c->since.tv_sec >= (time_t)s->o.header_timeout_s) {
        shutdown(c->fd, SHUT_RDWR);
        c->fd = -1;   /* once */
      }
    }
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 250000000L;
    if (until.tv_nsec >= 1000000000L) {
      until.tv_sec++;
      until.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&s->ccv, &s->cmu, &until);
  }
  pthread_mutex_unlock(&s->cmu);
  return NULL;
}

/* ---- responses ----------------------------------------------------------- */

static enum MHD_Result queue(struct MHD_Connection *con, px_http_resp *resp) {
  size_t len = resp->body.len;
  char *data = px_buf_detach(&resp->body);
  if (!data) return MHD_NO;
  struct MHD_Response *r =
      MHD_create_response_from_buffer_with_free_callback(len, data, free);
  if (!r) {
    free(data);
    return MHD_NO;
  }
  MHD_add_response_header(r, "Content-Type", resp->content_type);
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(r, "X-Frame-Options", "DENY");
  MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(
      r, "Content-Security-Policy",
      "default-src 'none'; style-src 'self'; img-src 'self'; "
      "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  MHD_add_response_header(r, "Cache-Control", "no-cache");
  if (resp->allow) MHD_add_response_header(r, "Allow", resp->allow);
  if (resp->location) MHD_add_response_header(r, "Location", resp->location);
  if (resp->status == 401)
    MHD_add_response_header(r, "WWW-Authenticate", "Bearer realm=\"parallax\"");
  if (resp->status == 503) MHD_add_response_header(r, "Retry-After", "5");
  enum MHD_Result ok = MHD_queue_response(con, (unsigned)resp->status, r);
  MHD_destroy_response(r);
  return ok;
}

/* An error of the server's own (msg is a constant without quotes). */
static enum MHD_Result simple(struct MHD_Connection *con, int status,
                              const char *msg) {
  px_http_resp resp;
  px_http_resp_init(&resp);
  resp.status = status;
  resp.content_type = "application/json";
  px_buf_printf(&resp.body, "{\"error\":{\"status\":%d,\"message\":\"%s\"}}\n",
                status, msg);
  enum MHD_Result ok = queue(con, &resp);
  px_http_resp_reset(&resp);
  return ok;
}

typedef struct length_check {
  const char *first;
  int conflict;
} length_check;

static enum MHD_Result each_length(void *cls, enum MHD_ValueKind kind,
                                   const char *key, const char *value) {
  (void)kind;
  length_check *lc = cls;
  if (strcasecmp(key, "Content-Length")) return MHD_YES;
  if (!value) value = "";
  if (lc->first && strcmp(lc->first, value)) lc->conflict = 1;
  if (!lc->first) lc->first = value;
  return MHD_YES;
}

/* ---- store workers ------------------------------------------------------- */

static void *worker_loop(void *ud) {
  px_server *s = ud;
  pthread_mutex_lock(&s->qmu);
  for (;;) {
    while (!s->qhead && !s->qstop) pthread_cond_wait(&s->qcv, &s->qmu);
    req_state *r = s->qhead;
    if (!r) break;   /* stopping and nothing left */
    s->qhead = r->next;
    if (!s->qhead) s->qtail = NULL;
    s->qlen--;
    pthread_mutex_unlock(&s->qmu);
    px_http_req req;
    memset(&req, 0, sizeof req);
    req.method = r->method;
    req.target = r->target;
    req.target_len = strlen(r->target);
    req.authorization = r->authorization;
    req.body = r->body.data;
    req.body_len = r->body.len;
    /* A request that waited longer than it may run is answered busy
    ** unseen: its client has most likely given up, and under a flood
    ** the queue then drains at once instead of growing. */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long waited_ms = (long)(now.tv_sec - r->queued.tv_sec) * 1000 +
                     (now.tv_nsec - r->queued.tv_nsec) / 1000000;
    if (waited_ms > (long)s->o.request_ms) {
      r->resp.status = 503;
      r->resp.content_type = "application/json";
      px_buf_puts(&r->resp.body,
                  "{\"error\":{\"status\":503,\"message\":\"the server is "
                  "busy; try again\"}}\n");
    } else {
      px_app_handle(s->app, &req, &r->resp);
    }
    r->done = 1;
    struct MHD_Connection *con = r->con;
    r->con = NULL;
    /* MHD calls handle() again for this request, which sends resp. */
    MHD_resume_connection(con);
    pthread_mutex_lock(&s->qmu);
  }
  pthread_mutex_unlock(&s->qmu);
  return NULL;
}

/* Hands the request to a store worker; 503 when the queue is full. */
static enum MHD_Result enqueue(px_server *s, struct MHD_Connection *con,
                               req_state *r, const char *method) {
  const char *auth =
      MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Authorization");
  r->method = strdup(method);
  r->authorization = auth ? strdup(auth) : NULL;
  if (!r->method || (auth && !r->authorization))
    return simple(con, 500, "out of memory");
  px_http_resp_init(&r->resp);
  pthread_mutex_lock(&s->qmu);
  if (s->qstop || s->qlen >= s->qmax) {
    pthread_mutex_unlock(&s->qmu);
    px_http_resp_reset(&r->resp);
    return simple(con, 503, s->qstop ? "the server is stopping"
                                     : "the server is busy; try again");
  }
  /* Suspended before a worker can see it, so the worker's resume always
  ** follows this suspend. */
  MHD_suspend_connection(con);
  r->con = con;
  clock_gettime(CLOCK_MONOTONIC, &r->queued);
  r->next = NULL;
  if (s->qtail) s->qtail->next = r;
  else s->qhead = r;
  s->qtail = r;
  s->qlen++;
  pthread_cond_signal(&s->qcv);
  pthread_mutex_unlock(&s->qmu);
  return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *con,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **con_cls) {
  (void)url;
  px_server *s = cls;
  req_state *r = *con_cls;
  if (!r) return MHD_NO;  /* out of memory in uri_log */
  if (r->done) {
    enum MHD_Result ok = queue(con, &r->resp);
    return ok;
  }
  if (!r->started) {
    r->started = 1;
    headers_received(s, con);
    px_buf_init(&r->body, s->o.max_body);
    const char *conn =
        MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Connection");
    r->will_close = conn ? strcasestr(conn, "close") != NULL
                         : !strcmp(version, MHD_HTTP_VERSION_1_0);
    if (strlen(r->target) > MAX_TARGET)
      return simple(con, 414, "the request target is too long");
    length_check lc = {NULL, 0};
    MHD_get_connection_values(con, MHD_HEADER_KIND, each_length, &lc);
    if (lc.conflict)
      return simple(con, 400, "conflicting Content-Length headers");
    if (lc.first && MHD_lookup_connection_value(con, MHD_HEADER_KIND,
                                                "Transfer-Encoding"))
      return simple(con, 400,
                    "Content-Length and Transfer-Encoding together");
    const char *cl = lc.first;
    if (cl) {
      char *end = NULL;
      errno = 0;
      unsigned long long n = strtoull(cl, &end, 10);
      if (errno || end == cl || n > s->o.max_body)
        return simple(con, 413, "the request body is too large");
    }
    return MHD_YES;
  }
  if (*upload_size) {
    if (!r->too_big && px_buf_append(&r->body, upload, *upload_size))
      r->too_big = 1;
    *upload_size = 0;
    return MHD_YES;
  }
  if (r->too_big) return simple(con, 413, "the request body is too large");
  px_http_req req;
  memset(&req, 0, sizeof req);
  req.method = method;
  req.target = r->target;
  req.target_len = strlen(r->target);
  if (!px_app_is_quick(&req)) return enqueue(s, con, r, method);
  /* No store involved: answered here, whatever the workers are doing. */
  px_http_resp resp;
  px_http_resp_init(&resp);
  px_app_handle(s->app, &req, &resp);
  enum MHD_Result ok = queue(con, &resp);
  px_http_resp_reset(&resp);
  return ok;
}

/* ---- alerts thread ------------------------------------------------------- */

static void *alerts_loop(void *ud) {
  px_server *s = ud;
  px_alert_opts ao;
  px_alert_opts_init(&ao);
  ao.base_url = s->app->base_url;
  ao.smtp_url = s->o.smtp_url;
  if (s->o.mail_from) ao.mail_from = s->o.mail_from;
  pthread_mutex_lock(&s->mu);
  while (!s->stopping) {
    pthread_mutex_unlock(&s->mu);
    px_err err = {0};
    px_store *st = px_app_store_get(s->app, &err);
    if (st) {
      px_alerts_run(st, &ao, NULL, &err);
      px_app_store_put(s->app, st);
    }
    pthread_mutex_lock(&s->mu);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += s->o.alerts_every_s;
    while (!s->stopping &&
           pthread_cond_timedwait(&s->cv, &s->mu, &until) != ETIMEDOUT) {
    }
  }
  pthread_mutex_unlock(&s->mu);
  return NULL;
}

/* ---- start/stop ---------------------------------------------------------- */

/* Event-loop threads: they only move bytes, parse and queue. */
#define EVENT_THREADS 2

static void stop_threads(px_server *s) {
  if (s->reaper_started) {
    pthread_mutex_lock(&s->cmu);
    s->reaper_stop = 1;
    pthread_cond_broadcast(&s->ccv);
    pthread_mutex_unlock(&s->cmu);
    pthread_join(s->reaper, NULL);
    s->reaper_started = 0;
  }
  /* Workers finish everything queued (resuming each connection) before
  ** they exit: MHD must not be stopped with a connection suspended. */
  pthread_mutex_lock(&s->qmu);
  s->qstop = 1;
  pthread_cond_broadcast(&s->qcv);
  pthread_mutex_unlock(&s->qmu);
  for (unsigned i = 0; i < s->nworkers; i++) pthread_join(s->workers[i], NULL);
  s->nworkers = 0;
}

px_rc px_server_start(const px_serve_opts *o, px_server **out, px_err *err) {
  px_server *s = calloc(1, sizeof *s);
  if (!s) return px_err_set(err, PX_ENOMEM, "out of memory");
  s->o = *o;
  if (!s->o.bind) s->o.bind = "127.0.0.1";
  if (!s->o.threads) s->o.threads = 4;
  if (!s->o.max_conns) s->o.max_conns = 512;
  if (!s->o.per_ip) s->o.per_ip = 128;
  if (!s->o.timeout_s) s->o.timeout_s = 10;
  if (!s->o.header_timeout_s) s->o.header_timeout_s = 10;
  if (!s->o.max_body) s->o.max_body = (size_t)1 << 20;
  pthread_mutex_init(&s->mu, NULL);
  pthread_cond_init(&s->cv, NULL);
  pthread_mutex_init(&s->qmu, NULL);
  pthread_cond_init(&s->qcv, NULL);
  pthread_mutex_init(&s->cmu, NULL);
  pthread_cond_init(&s->ccv, NULL);
  if (!s->o.request_ms) s->o.request_ms = 5000;
  /* Every open connection may wait for a worker; how long it waits is
  ** bounded by the worker (see worker_loop), not by refusing here. */
  s->qmax = s->o.max_conns;
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons(o->port);
  if (inet_pton(AF_INET, s->o.bind, &sa.sin_addr) != 1) {
    px_err_set(err, PX_EINVAL, "serve: '%s' is not an IPv4 address", s->o.bind);
    px_server_stop(s);
    return PX_EINVAL;
  }
  /* Bind first so the port (ephemeral with 0) is known before the app and
  ** its absolute URLs exist, and no request can arrive before they do. */
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  socklen_t salen = sizeof sa;
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
      bind(fd, (struct sockaddr *)&sa, sizeof sa) || listen(fd, 256) ||
      getsockname(fd, (struct sockaddr *)&sa, &salen)) {
    int e = errno;
    if (fd >= 0) close(fd);
    px_server_stop(s);
    return px_err_set(err, PX_EIO, "serve: cannot listen on %s:%u: %s",
                      o->bind ? o->bind : "127.0.0.1", (unsigned)o->port,
                      strerror(e));
  }
  s->port = ntohs(sa.sin_port);
  char base[80];
  if (!s->o.base_url) {
    snprintf(base, sizeof base, "http://%s:%u", s->o.bind, (unsigned)s->port);
    s->o.base_url = base;
  }
  px_rc rc = px_app_new(&s->o, &s->app, err);
  if (rc) {
    close(fd);
    px_server_stop(s);
    return rc;
  }
  s->o.base_url = s->app->base_url;
  s->workers = calloc(s->o.threads, sizeof *s->workers);
  for (unsigned i = 0; s->workers && i < s->o.threads; i++) {
    if (pthread_create(&s->workers[i], NULL, worker_loop, s)) break;
    s->nworkers++;
  }
  if (s->nworkers == 0) {
    close(fd);
    px_server_stop(s);
    return px_err_set(err, PX_ENOMEM, "serve: no worker threads");
  }
  s->d = MHD_start_daemon(
      MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME, 0,
      accept_policy, s, handle, s,
      MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned)EVENT_THREADS,
      MHD_OPTION_CONNECTION_LIMIT, (unsigned)s->o.max_conns,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)s->o.timeout_s,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
      MHD_OPTION_URI_LOG_CALLBACK, uri_log, (void *)s,
      MHD_OPTION_NOTIFY_COMPLETED, completed, (void *)s,
      MHD_OPTION_NOTIFY_CONNECTION, conn_notify, (void *)s,
      MHD_OPTION_END);
  if (!s->d) {
    close(fd);
    px_server_stop(s);
    return px_err_set(err, PX_EIO, "serve: the HTTP server did not start");
  }
  if (pthread_create(&s->reaper, NULL, reaper_loop, s) == 0)
    s->reaper_started = 1;
  if (s->o.alerts_every_s &&
      pthread_create(&s->alerts, NULL, alerts_loop, s) == 0)
    s->alerts_started = 1;
  *out = s;
  return PX_OK;
}

uint16_t px_server_port(const px_server *s) { return s ? s->port : 0; }

void px_server_stop(px_server *s) {
  if (!s) return;
  if (s->alerts_started) {
    pthread_mutex_lock(&s->mu);
    s->stopping = 1;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->alerts, NULL);
  }
  MHD_socket fd = MHD_INVALID_SOCKET;
  /* Stop accepting first; queued requests then finish in the workers and
  ** MHD_stop_daemon waits for the event loops to send them. */
  if (s->d) fd = MHD_quiesce_daemon(s->d);
  stop_threads(s);
  if (s->d) {
    MHD_stop_daemon(s->d);
    if (fd != MHD_INVALID_SOCKET) close(fd);
  }
  free(s->workers);
  free(s->ips);
  px_app_free(s->app);
  pthread_mutex_destroy(&s->mu);
  pthread_cond_destroy(&s->cv);
  pthread_mutex_destroy(&s->qmu);
  pthread_cond_destroy(&s->qcv);
  pthread_mutex_destroy(&s->cmu);
  pthread_cond_destroy(&s->ccv);
  free(s);
}
