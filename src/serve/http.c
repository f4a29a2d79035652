/*
** http.c: libmicrohttpd around a px_app.
**
** A pool of event-loop threads (MHD_USE_INTERNAL_POLLING_THREAD with
** epoll where available) serves connections, so a slow client only holds
** its own socket, never a thread. Limits: total and per-IP connections,
** an idle timeout, a per-connection memory cap (bounds headers) and a
** request body cap (413 past it, checked on Content-Length and while
** reading). The raw request target is taken from the URI log callback so
** px_app parses it itself (the same code the fuzzer drives). Security
** headers go on every response.
** Memory: per-request state (raw target, body) is freed in the completion
** callback; response bodies are handed to MHD with free() as destructor.
*/
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "serve/alerts.h"
#include "serve/app.h"
#include "serve/serve.h"
#include "util/err.h"

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
};

typedef struct req_state {
  char *target;
  px_buf body;
  int started;
  int too_big;
} req_state;

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *con) {
  (void)cls;
  (void)con;
  req_state *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->target = strdup(uri ? uri : "/");
  return r;
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls,
                      enum MHD_RequestTerminationCode toe) {
  (void)cls;
  (void)con;
  (void)toe;
  req_state *r = *con_cls;
  if (!r) return;
  free(r->target);
  px_buf_reset(&r->body);
  free(r);
  *con_cls = NULL;
}

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
  enum MHD_Result ok = MHD_queue_response(con, (unsigned)resp->status, r);
  MHD_destroy_response(r);
  return ok;
}

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

static enum MHD_Result handle(void *cls, struct MHD_Connection *con,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **con_cls) {
  (void)url;
  (void)version;
  px_server *s = cls;
  req_state *r = *con_cls;
  if (!r) return MHD_NO;  /* out of memory in uri_log */
  if (!r->started) {
    r->started = 1;
    px_buf_init(&r->body, s->o.max_body);
    const char *cl =
        MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Length");
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
  req.authorization =
      MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Authorization");
  req.body = r->body.data;
  req.body_len = r->body.len;
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

px_rc px_server_start(const px_serve_opts *o, px_server **out, px_err *err) {
  px_server *s = calloc(1, sizeof *s);
  if (!s) return px_err_set(err, PX_ENOMEM, "out of memory");
  s->o = *o;
  if (!s->o.bind) s->o.bind = "127.0.0.1";
  if (!s->o.threads) s->o.threads = 4;
  if (!s->o.max_conns) s->o.max_conns = 512;
  if (!s->o.per_ip) s->o.per_ip = 128;
  if (!s->o.timeout_s) s->o.timeout_s = 10;
  if (!s->o.max_body) s->o.max_body = (size_t)1 << 20;
  pthread_mutex_init(&s->mu, NULL);
  pthread_cond_init(&s->cv, NULL);
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
  s->d = MHD_start_daemon(
      MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC, 0, NULL, NULL, handle, s,
      MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->o.threads,
      MHD_OPTION_CONNECTION_LIMIT, (unsigned)s->o.max_conns,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)s->o.per_ip,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)s->o.timeout_s,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
      MHD_OPTION_URI_LOG_CALLBACK, uri_log, (void *)NULL,
      MHD_OPTION_NOTIFY_COMPLETED, completed, (void *)NULL,
      MHD_OPTION_END);
  if (!s->d) {
    close(fd);
    px_server_stop(s);
    return px_err_set(err, PX_EIO, "serve: the HTTP server did not start");
  }
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
  if (s->d) {
    /* Stop accepting first; MHD_stop_daemon then waits for the worker
    ** threads, so requests being handled finish. */
    MHD_socket fd = MHD_quiesce_daemon(s->d);
    MHD_stop_daemon(s->d);
    if (fd != MHD_INVALID_SOCKET) close(fd);
  }
  px_app_free(s->app);
  pthread_mutex_destroy(&s->mu);
  pthread_cond_destroy(&s->cv);
  free(s);
}
