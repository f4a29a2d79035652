/*
** test_http.c: the real server on 127.0.0.1 with an ephemeral port:
** pages over HTTP with security headers, the request body cap (413, by
** Content-Length and while reading), a stalled client that does not stall
** others, idle connections closed by the timeout, concurrent clients,
** and a clean stop.
*/
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "helpers.h"
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

static fetched fetch(const char *method, const char *path, const char *body,
                     size_t body_len) {
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
  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f.status);
  curl_easy_cleanup(c);
  return f;
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
