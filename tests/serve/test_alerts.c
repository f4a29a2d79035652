/*
** test_alerts.c: saved searches delivered to a webhook receiver
** (libmicrohttpd) and an SMTP sink (a small socket server), both started
** on 127.0.0.1 by the test: retries with backoff after failures, one
** delivery per new story, nothing sent twice after a restart, daily
** digests.
*/
#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>

#include "helpers.h"
#include "serve/alerts.h"
#include "util/err.h"

/* ---- webhook receiver ---------------------------------------------------- */

typedef struct hook {
  struct MHD_Daemon *d;
  uint16_t port;
  pthread_mutex_t mu;
  int fail_next;       /* answer 500 to this many requests */
  int requests, ok;
  char *last;          /* body of the last accepted post */
  char delivery[64];
} hook;

static hook H;

typedef struct hook_req {
  px_buf body;
} hook_req;

static enum MHD_Result hook_handle(void *cls, struct MHD_Connection *con,
                                   const char *url, const char *method,
                                   const char *ver, const char *data,
                                   size_t *size, void **cc) {
  (void)cls;
  (void)url;
  (void)method;
  (void)ver;
  hook_req *r = *cc;
  if (!r) {
    r = calloc(1, sizeof *r);
    px_buf_init(&r->body, 0);
    *cc = r;
    return MHD_YES;
  }
  if (*size) {
    px_buf_append(&r->body, data, *size);
    *size = 0;
    return MHD_YES;
  }
  pthread_mutex_lock(&H.mu);
  H.requests++;
  int status = 200;
  if (H.fail_next > 0) {
    H.fail_next--;
    status = 500;
  } else {
    H.ok++;
    free(H.last);
    H.last = strdup(px_buf_cstr(&r->body));
    const char *d = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
                                                "X-Parallax-Delivery");
    snprintf(H.delivery, sizeof H.delivery, "%s", d ? d : "");
  }
  pthread_mutex_unlock(&H.mu);
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(2, (void *)"ok", MHD_RESPMEM_PERSISTENT);
  enum MHD_Result ok = MHD_queue_response(con, (unsigned)status, resp);
  MHD_destroy_response(resp);
  return ok;
}

static void hook_done(void *cls, struct MHD_Connection *con, void **cc,
                      enum MHD_RequestTerminationCode toe) {
  (void)cls;
  (void)con;
  (void)toe;
  hook_req *r = *cc;
  if (r) {
    px_buf_reset(&r->body);
    free(r);
  }
  *cc = NULL;
}

/* ---- SMTP sink ----------------------------------------------------------- */

typedef struct smtp {
  int fd;
  uint16_t port;
  pthread_t t;
  pthread_mutex_t mu;
  int messages;
  px_buf last;
  char rcpt[256];
} smtp;

static smtp S;

static int read_line(int fd, char *buf, size_t cap) {
  size_t n = 0;
  while (n + 1 < cap) {
    char c;
    ssize_t k = recv(fd, &c, 1, 0);
    if (k <= 0) return -1;
    buf[n++] = c;
    if (c == '\n') break;
  }
  buf[n] = '\0';
  return (int)n;
}

static void say(int fd, const char *s) { send(fd, s, strlen(s), MSG_NOSIGNAL); }

static void *smtp_loop(void *ud) {
  (void)ud;
  for (;;) {
    int c = accept(S.fd, NULL, NULL);
    if (c < 0) return NULL;
    say(c, "220 sink ESMTP\r\n");
    char line[2048];
    px_buf msg;
    px_buf_init(&msg, 0);
    while (read_line(c, line, sizeof line) > 0) {
      if (!strncasecmp(line, "EHLO", 4) || !strncasecmp(line, "HELO", 4)) {
        say(c, "250 sink\r\n");
      } else if (!strncasecmp(line, "MAIL FROM", 9)) {
        say(c, "250 ok\r\n");
      } else if (!strncasecmp(line, "RCPT TO", 7)) {
        pthread_mutex_lock(&S.mu);
        snprintf(S.rcpt, sizeof S.rcpt, "%.200s", line);
        pthread_mutex_unlock(&S.mu);
        say(c, "250 ok\r\n");
      } else if (!strncasecmp(line, "DATA", 4)) {
        say(c, "354 go on\r\n");
        msg.len = 0;
        while (read_line(c, line, sizeof line) > 0 && strcmp(line, ".\r\n"))
          px_buf_puts(&msg, line);
        pthread_mutex_lock(&S.mu);
        S.messages++;
        S.last.len = 0;
        px_buf_append(&S.last, px_buf_cstr(&msg), msg.len);
        pthread_mutex_unlock(&S.mu);
        say(c, "250 queued\r\n");
      } else if (!strncasecmp(line, "QUIT", 4)) {
        say(c, "221 bye\r\n");
        break;
      } else {
        say(c, "250 ok\r\n");
      }
    }
    px_buf_reset(&msg);
    close(c);
  }
}

/* ---- fixture ------------------------------------------------------------- */

static void setup(void) {
  th_fill("alerts", NULL);
  memset(&H, 0, sizeof H);
  pthread_mutex_init(&H.mu, NULL);
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
  H.d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL,
                         hook_handle, NULL, MHD_OPTION_SOCK_ADDR, &sa,
                         MHD_OPTION_NOTIFY_COMPLETED, hook_done, NULL,
                         MHD_OPTION_END);
  cr_assert(H.d);
  H.port = MHD_get_daemon_info(H.d, MHD_DAEMON_INFO_BIND_PORT)->port;

  memset(&S, 0, sizeof S);
  pthread_mutex_init(&S.mu, NULL);
  px_buf_init(&S.last, 0);
  S.fd = socket(AF_INET, SOCK_STREAM, 0);
  socklen_t len = sizeof sa;
  cr_assert_eq(bind(S.fd, (struct sockaddr *)&sa, sizeof sa), 0);
  cr_assert_eq(listen(S.fd, 8), 0);
  getsockname(S.fd, (struct sockaddr *)&sa, &len);
  S.port = ntohs(sa.sin_port);
  pthread_create(&S.t, NULL, smtp_loop, NULL);
}

static void teardown(void) {
  MHD_stop_daemon(H.d);
  free(H.last);
  shutdown(S.fd, SHUT_RDWR);
  close(S.fd);
  pthread_join(S.t, NULL);
  px_buf_reset(&S.last);
  th_unlink_db();
}

TestSuite(alerts, .init = setup, .fini = teardown, .timeout = 60);

static px_alert_opts opts(void) {
  static char smtp_url[64];
  px_alert_opts o;
  px_alert_opts_init(&o);
  snprintf(smtp_url, sizeof smtp_url, "smtp://127.0.0.1:%u", (unsigned)S.port);
  o.smtp_url = smtp_url;
  o.mail_from = "parallax@example.test";
  o.base_url = "http://news.example";
  o.backoff_ms = 20;
  o.max_attempts = 4;
  o.timeout_s = 5;
  return o;
}

Test(alerts, webhook_and_digest_once_each_across_restarts) {
  px_store *st = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(th_db, &st, &err), PX_OK);
  cr_assert_eq(px_alerts_init(st, &err), PX_OK);
  char hook_url[64];
  snprintf(hook_url, sizeof hook_url, "http://127.0.0.1:%u/hook", (unsigned)H.port);
  int64_t id = 0;
  cr_assert_eq(px_alert_add(st, "blinken", hook_url, "editor@example.test", &id,
                            &err), PX_OK, "%s", err.msg);
  cr_expect_eq(px_alert_add(st, "x", NULL, "bad address\r\nBcc: x@y", NULL, &err),
               PX_EINVAL);
  px_err_clear(&err);
  cr_expect_eq(px_alert_add(st, "\"\"", hook_url, NULL, NULL, &err), PX_EEMPTY);
  px_err_clear(&err);

  H.fail_next = 2;  /* two 500s, then success: retries with backoff */
  px_alert_opts o = opts();
  px_alerts_report rep = {0};
  cr_assert_eq(px_alerts_run(st, &o, &rep, &err), PX_OK, "%s", err.msg);
  cr_expect_eq(rep.webhooks, 1);
  cr_expect_eq(rep.emails, 1);
  cr_expect_eq(rep.failures, 0);
  cr_expect_eq(H.requests, 3);
  cr_expect_eq(H.ok, 1);
  json_t *j = json_loads(H.last, 0, NULL);
  cr_assert(j, "%s", H.last);
  json_t *s0 = json_array_get(json_object_get(j, "stories"), 0);
  cr_expect_str_eq(json_string_value(json_object_get(s0, "title")), "Blinken in Beijing");
  cr_expect_str_eq(json_string_value(json_object_get(s0, "url")),
                   "http://news.example/stories/1");
  cr_expect_eq(json_array_size(json_object_get(j, "stories")), 1);
  json_decref(j);
  cr_expect(H.delivery[0] != '\0');
  cr_expect_eq(S.messages, 1);
  cr_expect(strstr(px_buf_cstr(&S.last), "Blinken in Beijing") != NULL);
  cr_expect(strstr(px_buf_cstr(&S.last), "To: editor@example.test") != NULL);
  cr_expect(strstr(S.rcpt, "editor@example.test") != NULL);

  /* Again: nothing new. */
  memset(&rep, 0, sizeof rep);
  cr_assert_eq(px_alerts_run(st, &o, &rep, &err), PX_OK);
  cr_expect_eq(rep.webhooks + rep.emails, 0);
  cr_expect_eq(H.requests, 3);

  /* Restart: a new connection, nothing is sent again. */
  px_store_close(st);
  cr_assert_eq(px_store_open(th_db, &st, &err), PX_OK);
  memset(&rep, 0, sizeof rep);
  cr_assert_eq(px_alerts_run(st, &o, &rep, &err), PX_OK);
  cr_expect_eq(rep.webhooks + rep.emails, 0);
  cr_expect_eq(H.requests, 3);
  cr_expect_eq(S.messages, 1);

  /* A new matching story: the webhook hears of it at once; the email
  ** waits for the next day's digest. */
  int64_t a = th_add(st, "https://new.example/a", "New Outlet",
                     "Blinken returns home", NULL, "Blinken flew back.", 0);
  int64_t sid = 0;
  cr_assert_eq(px_store_story_create(st, "Blinken returns", &sid, &err), PX_OK);
  cr_assert_eq(px_store_story_add(st, sid, a, 1, &err), PX_OK);
  memset(&rep, 0, sizeof rep);
  cr_assert_eq(px_alerts_run(st, &o, &rep, &err), PX_OK);
  cr_expect_eq(rep.webhooks, 1);
  cr_expect_eq(rep.emails, 0);
  cr_expect(strstr(H.last, "Blinken returns") != NULL);
  cr_expect_null(strstr(H.last, "Blinken in Beijing"));
  o.now = (int64_t)time(NULL) + 86400 + 60;
  memset(&rep, 0, sizeof rep);
  cr_assert_eq(px_alerts_run(st, &o, &rep, &err), PX_OK);
  cr_expect_eq(rep.webhooks, 0);
  cr_expect_eq(rep.emails, 1);
  cr_expect_eq(S.messages, 2);
  cr_expect(strstr(px_buf_cstr(&S.last), "Blinken returns") != NULL);
  cr_expect_null(strstr(px_buf_cstr(&S.last), "Blinken in Beijing"));
  px_store_close(st);
}

static void note_failure(int64_t id, const char *channel, const char *target, const char *why,
                         void *ud) {
  snprintf(ud, 512, "%lld %s %s %s", (long long)id, channel, target, why);
}

Test(alerts, unreachable_webhook_is_retried_next_run) {
  px_store *st = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(th_db, &st, &err), PX_OK);
  /* A port nothing listens on (the SMTP sink's port + a closed socket). */
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
  socklen_t len = sizeof sa;
  bind(fd, (struct sockaddr *)&sa, sizeof sa);
  getsockname(fd, (struct sockaddr *)&sa, &len);
  close(fd);
  char url[64];
  snprintf(url, sizeof url, "http://127.0.0.1:%u/", (unsigned)ntohs(sa.sin_port));
  cr_assert_eq(px_alert_add(st, "blinken", url, NULL, NULL, &err), PX_OK);
  px_alert_opts o = opts();
  o.max_attempts = 3;
  char told[512] = "";
  o.on_failure = note_failure;
  o.failure_ud = told;
  px_alerts_report rep = {0};
  cr_assert_eq(px_alerts_run(st, &o, &rep, &err), PX_OK);
  cr_expect_eq(rep.failures, 1);
  cr_expect_eq(rep.webhooks, 0);
  /* the failure is named: which alert, where to, and why */
  cr_expect(strstr(told, "webhook") && strstr(told, url) && strstr(told, "onnect"), "%s", told);
  memset(&rep, 0, sizeof rep);
  cr_assert_eq(px_alerts_run(st, &o, &rep, &err), PX_OK);
  cr_expect_eq(rep.failures, 1, "a failed delivery must be tried again");
  px_store_close(st);
}
