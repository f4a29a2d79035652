/*
** test_http.c: the real server on 127.0.0.1 with an ephemeral port:
** pages over HTTP with security headers, the request body cap (413, by
** Content-Length and while reading), a stalled client that does not stall
** others, idle connections closed by the timeout, concurrent clients,
** and a clean stop. Under abuse (issue 15, 10-13): the health check
** while every store worker is stuck, the header deadline against a
** client trickling bytes, a hundred clients without keep-alive within
** the per-address limit, '&' floods, long targets and conflicting
** Content-Length headers.
*/
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "helpers.h"
#include "serve/auth.h"
#include "util/err.h"

static px_server *srv;
static uint16_t port;

static void setup(void) {
  th_fill("http", NULL);
  px_serve_opts o;
  px_serve_opts_init(&o);
  o.db_path = th_db;
  o.port = 0;
  o.timeout_s = 1;
  o.max_body = 1024;
  o.threads = 2;
  o.header_timeout_s = 2;
  px_err err = {0};
  cr_assert_eq(px_server_start(&o, &srv, &err), PX_OK, "%s", err.msg);
  port = px_server_port(srv);
  cr_assert_gt(port, 0);
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void teardown(void) {
  px_server_stop(srv);
  th_unlink_db();
  curl_global_cleanup();
}

TestSuite(http, .init = setup, .fini = teardown, .timeout = 60);

typedef struct fetched {
  long status;
  px_buf body, headers;
} fetched;

static size_t sink(char *p, size_t sz, size_t n, void *ud) {
  px_buf_append(ud, p, sz * n);
  return sz * n;
}

static fetched fetch_h(const char *method, const char *path, const char *body,
                       size_t body_len, const char *header, int fresh) {
  fetched f = {0};
  px_buf_init(&f.body, 0);
  px_buf_init(&f.headers, 0);
  char url[256];
  snprintf(url, sizeof url, "http://127.0.0.1:%u%s", (unsigned)port, path);
  CURL *c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &f.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, sink);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &f.headers);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  if (body) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
  }
  struct curl_slist *hl = header ? curl_slist_append(NULL, header) : NULL;
  if (hl) curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
  if (fresh) curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f.status);
  curl_easy_cleanup(c);
  curl_slist_free_all(hl);
  return f;
}

static fetched fetch(const char *method, const char *path, const char *body,
                     size_t body_len) {
  return fetch_h(method, path, body, body_len, NULL, 0);
}

static void done(fetched *f) {
  px_buf_reset(&f->body);
  px_buf_reset(&f->headers);
}

Test(http, pages_and_headers) {
  fetched f = fetch("GET", "/", NULL, 0);
  cr_assert_eq(f.status, 200);
  cr_expect(strstr(px_buf_cstr(&f.body), "Blinken in Beijing") != NULL);
  const char *h = px_buf_cstr(&f.headers);
  cr_expect(strstr(h, "Content-Security-Policy: default-src 'none'") != NULL, "%s", h);
  cr_expect(strstr(h, "X-Content-Type-Options: nosniff") != NULL);
  cr_expect(strstr(h, "text/html; charset=utf-8") != NULL);
  done(&f);
  f = fetch("GET", "/api/search?q=blinken&limit=1", NULL, 0);
  cr_expect_eq(f.status, 200);
  cr_expect(strstr(px_buf_cstr(&f.headers), "application/json") != NULL);
  done(&f);
  f = fetch("DELETE", "/", NULL, 0);
  cr_expect_eq(f.status, 405);
  cr_expect(strstr(px_buf_cstr(&f.headers), "Allow: GET, HEAD") != NULL);
  done(&f);
}

Test(http, body_cap) {
  char big[4096];
  memset(big, 'x', sizeof big);
  fetched f = fetch("POST", "/api/articles", big, sizeof big);
  cr_expect_eq(f.status, 413);
  done(&f);
  f = fetch("POST", "/api/articles", "{}", 2);
  cr_expect_eq(f.status, 401);
  done(&f);
}

static int connect_raw(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
  cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
  return fd;
}

static double now_s(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

Test(http, stalled_clients_do_not_stall_others) {
  int fds[6];
  for (int i = 0; i < 6; i++) {
    fds[i] = connect_raw();
    const char *part = "GET / HTTP/1.1\r\nHost: x\r\n";  /* never finished */
    cr_assert_gt(send(fds[i], part, strlen(part), 0), 0);
  }
  double t0 = now_s();
  fetched f = fetch("GET", "/stories/1", NULL, 0);
  cr_expect_eq(f.status, 200);
  cr_expect_lt(now_s() - t0, 1.0, "a stalled client delayed others");
  done(&f);
  /* The idle timeout (1 s here) closes the stalled connections. */
  struct timeval tv = {5, 0};
  char buf[256];
  setsockopt(fds[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  t0 = now_s();
  ssize_t n = recv(fds[0], buf, sizeof buf, 0);
  cr_expect_leq(n, 0, "the server answered a half request");
  cr_expect_lt(now_s() - t0, 4.0, "idle connection not closed in time");
  for (int i = 0; i < 6; i++) close(fds[i]);
}

static void *client(void *ud) {
  int *ok = ud;
  for (int i = 0; i < 15; i++) {
    fetched f = fetch("GET", i % 2 ? "/stories/1" : "/api/search?q=blinken", NULL, 0);
    if (f.status == 200) (*ok)++;
    done(&f);
  }
  return NULL;
}

Test(http, concurrent_clients) {
  pthread_t t[6];
  int ok[6] = {0};
  for (int i = 0; i < 6; i++) pthread_create(&t[i], NULL, client, &ok[i]);
  int total = 0;
  for (int i = 0; i < 6; i++) {
    pthread_join(t[i], NULL);
    total += ok[i];
  }
  cr_expect_eq(total, 90);
}

Test(http, bad_bind_address) {
  px_serve_opts o;
  px_serve_opts_init(&o);
  o.db_path = th_db;
  o.bind = "not-an-ip";
  px_server *s = NULL;
  px_err err = {0};
  cr_expect_eq(px_server_start(&o, &s, &err), PX_EINVAL);
  /* The port in use. */
  o.bind = "127.0.0.1";
  o.port = port;
  px_err_clear(&err);
  cr_expect_eq(px_server_start(&o, &s, &err), PX_EIO);
}

/* ---- under abuse (issue 15, 10-13) --------------------------------------- */

typedef struct poster {
  const char *auth;
  int n;
  long status;
} poster;

static void *post_one(void *ud) {
  poster *p = ud;
  char body[160];
  snprintf(body, sizeof body,
           "{\"url\":\"https://slow.example/%d\",\"text\":\"Blocked writer "
           "number %d waits for the store.\"}", p->n, p->n);
  fetched f = fetch_h("POST", "/api/articles", body, strlen(body), p->auth, 0);
  p->status = f.status;
  done(&f);
  return NULL;
}

/* Every store worker waits on a write lock held here (as behind a slow
** query or a long takedown); /healthz must still answer at once. It used
** to wait behind them: handlers ran in the event-loop threads. */
Test(http, health_check_while_workers_are_stuck) {
  px_store *st = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(th_db, &st, &err), PX_OK, "%s", err.msg);
  char tok[PX_TOKEN_LEN + 1];
  cr_assert_eq(px_auth_token_create(st, "t", tok, &err), PX_OK, "%s", err.msg);
  char auth[PX_TOKEN_LEN + 40];
  snprintf(auth, sizeof auth, "Authorization: Bearer %s", tok);
  sqlite3 *db = px_store_sqlite(st);
  cr_assert_eq(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
  pthread_t t[6];
  poster p[6];
  for (int i = 0; i < 6; i++) {
    p[i] = (poster){auth, i, 0};
    pthread_create(&t[i], NULL, post_one, &p[i]);
  }
  usleep(600 * 1000);
  for (int i = 0; i < 3; i++) {
    double t0 = now_s();
    fetched f = fetch_h("GET", "/healthz", NULL, 0, NULL, 1);
    cr_expect_eq(f.status, 200);
    cr_expect_lt(now_s() - t0, 1.0, "the health check waited for store work");
    done(&f);
  }
  cr_assert_eq(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
  for (int i = 0; i < 6; i++) {
    pthread_join(t[i], NULL);
    cr_expect(p[i].status == 201 || p[i].status == 200, "post %d: %ld", i,
              p[i].status);
  }
  px_store_close(st);
}

/* One byte every half second never trips the idle timeout (1 s here);
** the header deadline (2 s here) closes the connection anyway. */
Test(http, header_deadline_against_trickling_clients) {
  int fd = connect_raw();
  const char *line = "GET / HTTP/1.1\r\nHost: x\r\n";
  cr_assert_gt(send(fd, line, strlen(line), MSG_NOSIGNAL), 0);
  double t0 = now_s(), closed_at = 0;
  for (int i = 0; i < 16 && !closed_at; i++) {   /* at most 8 s */
    usleep(500 * 1000);
    char c = 'X';
    char buf[64];
    ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) ||
        send(fd, &c, 1, MSG_NOSIGNAL) < 0)
      closed_at = now_s();
  }
  close(fd);
  cr_expect(closed_at > 0, "a trickling client kept its connection 8 s");
  cr_expect_lt(closed_at - t0, 4.5, "closed after %.1f s", closed_at - t0);
  /* Others are served meanwhile and after. */
  fetched f = fetch("GET", "/healthz", NULL, 0);
  cr_expect_eq(f.status, 200);
  done(&f);
}

static void *fresh_client(void *ud) {
  int *ok = ud;
  for (int i = 0; i < 8; i++) {
    fetched f = fetch_h("GET", i % 2 ? "/healthz" : "/stories/1", NULL, 0, NULL, 1);
    if (f.status == 200) (*ok)++;
    done(&f);
  }
  return NULL;
}

/* A hundred clients at once from one address, a new connection for every
** request: all below the 128 per address, so none may be refused (some
** were, when closed connections were still counted). */
Test(http, hundred_clients_without_keep_alive) {
  enum { N = 100 };
  pthread_t t[N];
  int ok[N] = {0};
  for (int i = 0; i < N; i++) pthread_create(&t[i], NULL, fresh_client, &ok[i]);
  int total = 0;
  for (int i = 0; i < N; i++) {
    pthread_join(t[i], NULL);
    total += ok[i];
  }
  cr_expect_eq(total, N * 8, "%d of %d", total, N * 8);
}

/* 128 clients trickling headers (a byte each every 250 ms, inside the
** 1 s idle timeout) fill this address's share, exactly: the 129th
** connection is refused, and the header deadline (2 s here) frees the
** address again although they keep trickling. */
Test(http, per_address_limit_is_128_and_frees_itself) {
  enum { N = 128 };
  int fds[N];
  const char *part = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < N; i++) {
    fds[i] = connect_raw();
    send(fds[i], part, strlen(part), MSG_NOSIGNAL);
  }
  usleep(200 * 1000);
  fetched f = fetch_h("GET", "/healthz", NULL, 0, NULL, 1);
  cr_expect_eq(f.status, 0, "a 129th connection was served");
  done(&f);
  double t0 = now_s();
  long status = 0;
  for (int i = 0; i < 24 && status != 200; i++) {   /* at most ~6 s */
    for (int k = 0; k < N; k++) send(fds[k], "X", 1, MSG_NOSIGNAL);
    usleep(250 * 1000);
    f = fetch_h("GET", "/healthz", NULL, 0, NULL, 1);
    status = f.status;
    done(&f);
  }
  cr_expect_eq(status, 200, "locked out while the trickling went on");
  cr_expect_lt(now_s() - t0, 4.0, "locked out for %.1f s", now_s() - t0);
  for (int i = 0; i < N; i++) close(fds[i]);
}

/* Sends req on a fresh connection and returns the status line's code
** (0: closed or timed out without an answer). */
static int raw_status(const char *req, size_t len) {
  int fd = connect_raw();
  struct timeval tv = {5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  size_t off = 0;
  while (off < len) {
    ssize_t n = send(fd, req + off, len - off, MSG_NOSIGNAL);
    if (n <= 0) break;
    off += (size_t)n;
  }
  char buf[64] = {0};
  ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
  close(fd);
  int code = 0;
  if (n > 12 && !memcmp(buf, "HTTP/1.", 7)) code = (int)strtol(buf + 9, NULL, 10);
  return code;
}

static int get_status(const char *prefix, char fill, size_t nfill) {
  px_buf b;
  px_buf_init(&b, 0);
  px_buf_puts(&b, "GET ");
  px_buf_puts(&b, prefix);
  for (size_t i = 0; i < nfill; i++) px_buf_putc(&b, fill);
  px_buf_puts(&b, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  int code = raw_status(b.data, b.len);
  px_buf_reset(&b);
  return code;
}

Test(http, floods_and_smuggling_get_answers) {
  /* About a thousand '&' exhausted MHD's per-connection memory and the
  ** connection closed without an answer. */
  cr_expect_eq(get_status("/search?q=x", '&', 1000), 200);
  cr_expect_eq(get_status("/search?q=x", '&', 3000), 200);
  cr_expect_eq(get_status("/api/search?a", '&', 40), 400, "too many parameters");
  px_buf b;
  px_buf_init(&b, 0);
  px_buf_puts(&b, "/search?q=x");
  for (int i = 0; i < 200; i++) px_buf_puts(&b, "&a=1");
  cr_expect_eq(get_status(px_buf_cstr(&b), 'x', 0), 400);
  px_buf_reset(&b);
  cr_expect_eq(get_status("/search?q=", 'a', 9000), 414);
  cr_expect_eq(get_status("/search?q=", '&', 20000), 414);
  const char *two =
      "POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
      "Content-Length: 5\r\nConnection: close\r\n\r\n{}";
  cr_expect_eq(raw_status(two, strlen(two)), 400);
  const char *te =
      "POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{}";
  cr_expect_eq(raw_status(te, strlen(te)), 400);
  const char *same =
      "POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
      "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
  cr_expect_eq(raw_status(same, strlen(same)), 401, "equal values are one length");
}
