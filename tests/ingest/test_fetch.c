/*
** test_fetch.c: the fetcher against a libmicrohttpd server on 127.0.0.1
** (an ephemeral port) that this test starts and stops. It serves chosen
** headers and statuses: ETag/Last-Modified with 304s, gzip, 301/302/308
** chains and a loop, an oversized body, a slow and a truncated response,
** 429 with Retry-After, and a slow endpoint that counts concurrency.
** No other address is contacted.
*/
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ingest/feed.h"
#include "ingest/fetch.h"
#include "../common/run.h"

static struct MHD_Daemon *httpd;
static int port;
static int inflight, max_inflight;
static double paced_at[8];
static int npaced;

static char seen_ua[512], seen_ae[256];

static const unsigned char gz_body[] = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x45, 0xcd, 0x41, 0x0e, 0x40, 0x40, 0x0c, 0x05, 0xd0, 0xab, 0xc8, 0x1c, 0x40, 0xb1, 0x94, 0xaa, 0xa5, 0x3b, 0xd8, 0x09, 0x4d, 0x34, 0x66, 0xc6, 0xc4, 0x34, 0x22, 0x73, 0x7a, 0x42, 0xb0, 0xec, 0xfb, 0x3f, 0xbf, 0xd8, 0x1e, 0xce, 0x66, 0x3b, 0x6f, 0x51, 0x56, 0xdf, 0x98, 0x32, 0x2f, 0x4c, 0x4b, 0xb8, 0xc5, 0xf8, 0x5b, 0x75, 0x19, 0xe1, 0x38, 0x0f, 0xde, 0xb3, 0x25, 0x54, 0x51, 0xcb, 0xd4, 0x25, 0x09, 0x81, 0x27, 0x84, 0xe7, 0x44, 0x51, 0x76, 0x6f, 0xd6, 0x7f, 0x6a, 0xc5, 0x2f, 0x34, 0xab, 0x86, 0x1a, 0xe0, 0x80, 0x84, 0x70, 0x03, 0xc2, 0xd3, 0x86, 0x6f, 0x13, 0xae, 0x87, 0x74, 0x02, 0xe9, 0xe0, 0xdf, 0x91, 0x8b, 0x00, 0x00, 0x00};
static const char feed_xml[] =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local</title>"
    "<item><title>One</title><link>http://127.0.0.1/one</link></item></channel></rss>";

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const void *body,
                             size_t len, const char *const *hdrs) {
  struct MHD_Response *r =
      MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
  for (size_t i = 0; hdrs && hdrs[i]; i += 2) MHD_add_response_header(r, hdrs[i], hdrs[i + 1]);
  enum MHD_Result ret = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return ret;
}

static ssize_t truncated_reader(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)cls;
  if (pos == 0 && max >= 10) {
    memcpy(buf, "<rss><chan", 10);
    return 10;
  }
  return MHD_CONTENT_READER_END_WITH_ERROR;
}

/* A 29 MB feed (one long description), made as it is sent: over the old
** 16 MiB fetch cap, under the parser's 32 MiB one. */
#define BIG29 ((uint64_t)29000000)
static const char big29_head[] =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big</title>"
    "<item><title>Long</title><description>";
static const char big29_tail[] =
    "</description></item><item><title>After</title></item></channel></rss>";

static ssize_t big29_reader(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)cls;
  size_t head = sizeof big29_head - 1, tail = sizeof big29_tail - 1, n = 0;
  while (n < max && pos < BIG29) {
    if (pos < head) buf[n] = big29_head[pos];
    else if (pos >= BIG29 - tail) buf[n] = big29_tail[pos - (BIG29 - tail)];
    else buf[n] = 'x';
    n++;
    pos++;
  }
  return n ? (ssize_t)n : MHD_CONTENT_READER_END_OF_STREAM;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *up,
                               size_t *up_size, void **con_cls) {
  (void)cls; (void)method; (void)version; (void)up; (void)up_size; (void)con_cls;
  const char *ua = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "User-Agent");
  const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
  if (ua) snprintf(seen_ua, sizeof seen_ua, "%s", ua);
  if (ae) snprintf(seen_ae, sizeof seen_ae, "%s", ae);
  const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
  const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-Modified-Since");
  static const char lm[] = "Wed, 21 Oct 2015 07:28:00 GMT";
  if (!strcmp(url, "/feed")) {
    if (inm && !strcmp(inm, "\"v1\"")) return reply(c, 304, "", 0, NULL);
    const char *h[] = {"ETag", "\"v1\"", "Last-Modified", lm, "Content-Type",
                       "application/rss+xml; charset=utf-8", NULL};
    return reply(c, 200, feed_xml, strlen(feed_xml), h);
  }
  if (!strcmp(url, "/304-always")) return reply(c, 304, "", 0, NULL);
  if (!strcmp(url, "/big29")) {
    struct MHD_Response *r =
        MHD_create_response_from_callback(BIG29, 256 * 1024, big29_reader, NULL, NULL);
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ret;
  }
  if (!strcmp(url, "/lm")) {
    if (ims && !strcmp(ims, lm)) return reply(c, 304, "", 0, NULL);
    const char *h[] = {"Last-Modified", lm, NULL};
    return reply(c, 200, feed_xml, strlen(feed_xml), h);
  }
  if (!strcmp(url, "/gzip")) {
    const char *h[] = {"Content-Encoding", "gzip", "Content-Type", "text/xml", NULL};
    return reply(c, 200, gz_body, sizeof gz_body, h);
  }
  static const struct { const char *from, *to; unsigned st; } redirects[] = {
    {"/r301", "/r308", 301}, {"/r308", "/feed", 308}, {"/r302", "/r301", 302},
    {"/loop", "/loop", 301}, {"/r307", "http://127.0.0.1:1/x", 307},
    {"/toftp", "ftp://127.0.0.1/x", 301},
  };
  for (size_t i = 0; i < sizeof redirects / sizeof redirects[0]; i++) {
    if (strcmp(url, redirects[i].from)) continue;
    const char *h[] = {"Location", redirects[i].to, NULL};
    return reply(c, redirects[i].st, "moved", 5, h);
  }
  if (!strcmp(url, "/big")) {
    size_t n = 200000;
    char *b = malloc(n);
    memset(b, 'x', n);
    enum MHD_Result r = reply(c, 200, b, n, NULL);
    free(b);
    return r;
  }
  if (!strcmp(url, "/slow")) {
    usleep(1500 * 1000);
    return reply(c, 200, feed_xml, strlen(feed_xml), NULL);
  }
  if (!strcmp(url, "/truncated")) {
    struct MHD_Response *r = MHD_create_response_from_callback(1000, 64, truncated_reader, NULL, NULL);
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ret;
  }
  if (!strcmp(url, "/429")) {
    const char *h[] = {"Retry-After", "120", NULL};
    return reply(c, 429, "slow down", 9, h);
  }
  if (!strcmp(url, "/503")) return reply(c, 503, "down", 4, NULL);
  if (!strncmp(url, "/paced", 6)) {
    int k = __atomic_fetch_add(&npaced, 1, __ATOMIC_SEQ_CST);
    if (k < 8) paced_at[k] = mono_now();
    return reply(c, 200, "ok", 2, NULL);
  }
  if (!strncmp(url, "/conc", 5)) {
    int now = __atomic_add_fetch(&inflight, 1, __ATOMIC_SEQ_CST);
    int m = __atomic_load_n(&max_inflight, __ATOMIC_SEQ_CST);
    while (now > m && !__atomic_compare_exchange_n(&max_inflight, &m, now, 0,
                                                   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {}
    usleep(150 * 1000);
    __atomic_sub_fetch(&inflight, 1, __ATOMIC_SEQ_CST);
    return reply(c, 200, "ok", 2, NULL);
  }
  return reply(c, 404, "no", 2, NULL);
}

static void start_server(void) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = 0;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  httpd = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD,
                           0, NULL, NULL, handler, NULL, MHD_OPTION_SOCK_ADDR, &a,
                           MHD_OPTION_END);
  cr_assert_not_null(httpd, "cannot start the test server");
  const union MHD_DaemonInfo *i = MHD_get_daemon_info(httpd, MHD_DAEMON_INFO_BIND_PORT);
  port = i->port;
  cr_assert(port > 0);
}

static void stop_server(void) {
  if (httpd) MHD_stop_daemon(httpd);
  httpd = NULL;
}

TestSuite(fetch, .init = start_server, .fini = stop_server, .timeout = 60);

/* What the callback saw, copied out (results are borrowed). */
typedef struct got {
  int calls;
  px_rc rc;
  long status;
  bool not_modified, moved;
  int redirects;
  char body[4096];
  size_t len;
  char final_url[256], etag[64], lm[64], ctype[128], error[256];
  int64_t retry_after;
  double seconds;
} got;

static void on_done(const px_fetch_req *req, const px_fetch_res *r, void *ud) {
  got *g = req->ud ? req->ud : ud;
  g->calls++;
  g->rc = r->rc;
  g->status = r->status;
  g->not_modified = r->not_modified;
  g->moved = r->moved_permanently;
  g->redirects = r->redirects;
  g->len = r->len;
  snprintf(g->body, sizeof g->body, "%s", r->body);
  snprintf(g->final_url, sizeof g->final_url, "%s", r->final_url);
  snprintf(g->etag, sizeof g->etag, "%s", r->etag ? r->etag : "");
  snprintf(g->lm, sizeof g->lm, "%s", r->last_modified ? r->last_modified : "");
  snprintf(g->ctype, sizeof g->ctype, "%s", r->content_type ? r->content_type : "");
  snprintf(g->error, sizeof g->error, "%s", r->error ? r->error : "");
  g->retry_after = r->retry_after;
  g->seconds = r->seconds;
}

static got get(const char *path, const char *etag, const char *lm, const px_fetch_opts *o) {
  char url[256];
  snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
  got g;
  memset(&g, 0, sizeof g);
  px_fetch_req req = {.url = url, .etag = etag, .last_modified = lm};
  px_err err = {0};
  cr_assert_eq(px_fetch_one(o, &req, on_done, &g, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(g.calls, 1);
  return g;
}

Test(fetch, conditional_get_etag_and_last_modified) {
  got g = get("/feed", NULL, NULL, NULL);
  cr_assert_eq(g.rc, PX_OK);
  cr_assert_eq(g.status, 200);
  cr_assert_str_eq(g.etag, "\"v1\"");
  cr_assert_str_eq(g.lm, "Wed, 21 Oct 2015 07:28:00 GMT");
  cr_assert(strstr(g.ctype, "rss+xml"));
  px_feed *f = NULL;
  px_err err = {0};
  cr_assert_eq(px_feed_parse(g.body, g.len, NULL, &f, &err), PX_OK);
  cr_assert_str_eq(f->title, "Local");
  px_feed_free(f);
  cr_assert(strstr(seen_ua, "Parallax/"), "%s", seen_ua);
  cr_assert(strstr(seen_ua, "+https://"), "%s", seen_ua);

  g = get("/feed", "\"v1\"", NULL, NULL);
  cr_assert_eq(g.rc, PX_OK);
  cr_assert(g.not_modified);
  cr_assert_eq(g.status, 304);
  cr_assert_eq(g.len, 0);
  g = get("/lm", NULL, "Wed, 21 Oct 2015 07:28:00 GMT", NULL);
  cr_assert(g.not_modified);
}

Test(fetch, gzip_is_decoded) {
  got g = get("/gzip", NULL, NULL, NULL);
  cr_assert_eq(g.rc, PX_OK);
  cr_assert(strstr(seen_ae, "gzip"), "Accept-Encoding: %s", seen_ae);
  cr_assert(strstr(g.body, "<title>Gzipped</title>"), "%s", g.body);
  cr_assert_eq(g.len, 139);
}

Test(fetch, redirects_permanent_only_when_every_hop_is) {
  got g = get("/r301", NULL, NULL, NULL);
  cr_assert_eq(g.rc, PX_OK);
  cr_assert_eq(g.redirects, 2);
  cr_assert(g.moved, "301 then 308");
  char want[128];
  snprintf(want, sizeof want, "http://127.0.0.1:%d/feed", port);
  cr_assert_str_eq(g.final_url, want);
  g = get("/r302", NULL, NULL, NULL);
  cr_assert_eq(g.rc, PX_OK);
  cr_assert_eq(g.redirects, 3);
  cr_assert(!g.moved, "a 302 hop makes it temporary");
  g = get("/loop", NULL, NULL, NULL);
  cr_assert_eq(g.rc, PX_ENET);
  cr_assert(strstr(g.error, "redirects"), "%s", g.error);
  px_fetch_opts o = {.max_redirects = -1};
  g = get("/r301", NULL, NULL, &o);
  cr_assert_eq(g.rc, PX_ENET, "redirects off");
  g = get("/toftp", NULL, NULL, NULL);
  cr_assert_eq(g.rc, PX_ENET);
  cr_assert(strstr(g.error, "non-http"), "%s", g.error);
}

Test(fetch, size_cap_timeout_truncation) {
  px_fetch_opts o = {.max_bytes = 64 * 1024};
  got g = get("/big", NULL, NULL, &o);
  cr_assert_eq(g.rc, PX_ETOOBIG, "%s", g.error);
  o = (px_fetch_opts){.timeout_ms = 300};
  g = get("/slow", NULL, NULL, &o);
  cr_assert_eq(g.rc, PX_ENET);
  cr_assert(g.seconds < 1.4, "timed out after %.2fs", g.seconds);
  g = get("/truncated", NULL, NULL, NULL);
  cr_assert_eq(g.rc, PX_ENET, "truncated body must fail: %s", g.error);
  g = get("/r307", NULL, NULL, NULL);
  cr_assert_eq(g.rc, PX_ENET, "connection refused on port 1");
}

Test(fetch, status_errors_and_retry_after) {
  got g = get("/429", NULL, NULL, NULL);
  cr_assert_eq(g.rc, PX_ENET);
  cr_assert_eq(g.status, 429);
  cr_assert_eq(g.retry_after, 120);
  cr_assert_str_eq(g.error, "HTTP 429");
  g = get("/503", NULL, NULL, NULL);
  cr_assert_eq(g.status, 503);
  g = get("/nothing-here", NULL, NULL, NULL);
  cr_assert_eq(g.status, 404);
  cr_assert_eq(g.rc, PX_ENET);
}

static int run_conc(int per_host, int total) {
  __atomic_store_n(&max_inflight, 0, __ATOMIC_SEQ_CST);
  px_fetch_opts o = {.max_per_host = per_host, .max_total = total};
  px_fetcher *f;
  px_err err = {0};
  cr_assert_eq(px_fetcher_new(&o, &f, &err), PX_OK);
  got g[4];
  memset(g, 0, sizeof g);
  for (int i = 0; i < 4; i++) {
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/conc%d", port, i);
    px_fetch_req req = {.url = url, .ud = &g[i]};
    cr_assert_eq(px_fetcher_add(f, &req, &err), PX_OK);
  }
  cr_assert_eq(px_fetcher_queued(f), 4);
  cr_assert_eq(px_fetcher_run(f, on_done, NULL, NULL, &err), PX_OK);
  for (int i = 0; i < 4; i++) cr_assert_eq(g[i].calls, 1);
  px_fetcher_free(f);
  return __atomic_load_n(&max_inflight, __ATOMIC_SEQ_CST);
}

Test(fetch, per_host_and_global_limits) {
  cr_assert_eq(run_conc(1, 8), 1, "one per host by default policy");
  cr_assert_gt(run_conc(4, 8), 1, "more allowed when configured");
  cr_assert_eq(run_conc(4, 1), 1, "global cap");
}

Test(fetch, stop_flag_and_bad_urls) {
  px_fetcher *f;
  px_err err = {0};
  cr_assert_eq(px_fetcher_new(NULL, &f, &err), PX_OK);
  px_fetch_req bad = {.url = "file:///etc/passwd"};
  cr_assert_eq(px_fetcher_add(f, &bad, &err), PX_EINVAL);
  char url[128];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/feed", port);
  px_fetch_req req = {.url = url};
  cr_assert_eq(px_fetcher_add(f, &req, &err), PX_OK);
  volatile sig_atomic_t stop = 1;
  got g;
  memset(&g, 0, sizeof g);
  cr_assert_eq(px_fetcher_run(f, on_done, &g, &stop, &err), PX_OK);
  cr_assert_eq(g.calls, 0, "stopped before starting");
  cr_assert_eq(px_fetcher_queued(f), 1, "the request stays queued");
  stop = 0;
  cr_assert_eq(px_fetcher_run(f, on_done, &g, &stop, &err), PX_OK);
  cr_assert_eq(g.calls, 1);
  px_fetcher_free(f);
}

static volatile sig_atomic_t stop_flag;
static void stop_after_one(const px_fetch_req *req, const px_fetch_res *r, void *ud) {
  (void)req;
  (void)r;
  (void)ud;
  stop_flag = 1;
}

/* robots.txt's Crawl-delay: requests to a paced host start at least the
** delay apart, even with several allowed per host; a stop while waiting
** leaves the rest queued. */
Test(fetch, crawl_delay_spaces_requests) {
  __atomic_store_n(&npaced, 0, __ATOMIC_SEQ_CST);
  px_fetch_opts o = {.max_per_host = 4};
  px_fetcher *f;
  px_err err = {0};
  cr_assert_eq(px_fetcher_new(&o, &f, &err), PX_OK);
  cr_assert_eq(px_fetcher_host_delay(f, "127.0.0.1", 0.3, &err), PX_OK);
  cr_assert_eq(px_fetcher_host_delay(f, "127.0.0.1", 0.1, &err), PX_OK, "the larger stays");
  cr_assert_eq(px_fetcher_host_delay(f, "", 1, &err), PX_EINVAL);
  got g[3];
  memset(g, 0, sizeof g);
  for (int i = 0; i < 3; i++) {
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/paced%d", port, i);
    px_fetch_req req = {.url = url, .ud = &g[i]};
    cr_assert_eq(px_fetcher_add(f, &req, &err), PX_OK);
  }
  cr_assert_eq(px_fetcher_run(f, on_done, NULL, NULL, &err), PX_OK);
  cr_assert_eq(npaced, 3);
  for (int i = 0; i < 3; i++) cr_assert_eq(g[i].calls, 1);
  /* The delay also runs from each answer, so the server sees the gap in
  ** full; a little slack for timer granularity. Without pacing the gaps
  ** are about 0. */
  for (int i = 1; i < 3; i++)
    cr_assert_geq(paced_at[i] - paced_at[i - 1], 0.28, "gap %d: %.3f s", i,
                  paced_at[i] - paced_at[i - 1]);
  px_fetcher_free(f);

  /* A long delay, and a stop requested after the first answer: the run
  ** ends at once instead of sleeping out the delay. */
  cr_assert_eq(px_fetcher_new(&o, &f, &err), PX_OK);
  cr_assert_eq(px_fetcher_host_delay(f, "127.0.0.1", 30, &err), PX_OK);
  for (int i = 0; i < 2; i++) {
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/paced-stop%d", port, i);
    px_fetch_req req = {.url = url};
    cr_assert_eq(px_fetcher_add(f, &req, &err), PX_OK);
  }
  double t0 = mono_now();
  cr_assert_eq(px_fetcher_run(f, stop_after_one, NULL, &stop_flag, &err), PX_OK);
  cr_assert_lt(mono_now() - t0, 2.0, "stop is honoured while waiting");
  cr_assert_eq(px_fetcher_queued(f), 1, "the paced request stays queued");
  px_fetcher_free(f);
}

/* ---- issue 15 ------------------------------------------------------------- */

Test(fetch, not_modified_only_when_asked_conditionally) {
  got g = get("/304-always", NULL, NULL, NULL);
  cr_assert_eq(g.status, 304);
  cr_assert_eq(g.rc, PX_ENET, "a 304 nobody asked for is not success");
  cr_assert(strstr(g.error, "not conditional"), "%s", g.error);
  g = get("/304-always", "\"v1\"", NULL, NULL);
  cr_assert_eq(g.rc, PX_OK);
  cr_assert(g.not_modified);
}

typedef struct parsed {
  px_rc fetch_rc, parse_rc;
  size_t len, nentries;
  char error[256];
} parsed;

static void on_done_parse(const px_fetch_req *req, const px_fetch_res *r, void *ud) {
  (void)req;
  parsed *p = ud;
  p->fetch_rc = r->rc;
  p->len = r->len;
  snprintf(p->error, sizeof p->error, "%s", r->error ? r->error : "");
  if (r->rc) return;
  px_feed *f = NULL;
  px_err err = {0};
  p->parse_rc = px_feed_parse(r->body, r->len, NULL, &f, &err);
  if (!p->parse_rc) p->nentries = f->nentries;
  px_feed_free(f);
}

Test(fetch, default_cap_is_the_parsers, .timeout = 60) {
  char url[128];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/big29", port);
  px_fetch_req req = {.url = url};
  parsed p;
  memset(&p, 0, sizeof p);
  px_err err = {0};
  cr_assert_eq(px_fetch_one(NULL, &req, on_done_parse, &p, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(p.fetch_rc, PX_OK, "a 29 MB feed fetches: %s", p.error);
  cr_assert_eq(p.len, BIG29);
  cr_assert_eq(p.parse_rc, PX_OK, "and parses");
  cr_assert_eq(p.nentries, 2);
}

/* A bare socket server for what libmicrohttpd will not send: response
** headers of a megabyte. Serves one connection per call, on 127.0.0.1. */
static const char *raw_reply;
static size_t raw_len;

static void *raw_serve(void *arg) {
  int ls = *(int *)arg;
  int c = accept(ls, NULL, NULL);
  if (c < 0) return NULL;
  char buf[4096];
  size_t have = 0;
  while (have < sizeof buf - 1) {
    ssize_t n = read(c, buf + have, sizeof buf - 1 - have);
    if (n <= 0) break;
    have += (size_t)n;
    buf[have] = '\0';
    if (strstr(buf, "\r\n\r\n")) break;
  }
  for (size_t off = 0; off < raw_len;) {
    ssize_t n = write(c, raw_reply + off, raw_len - off);
    if (n <= 0) break;
    off += (size_t)n;
  }
  close(c);
  return NULL;
}

static got get_raw(const char *reply, size_t len) {
  int ls = socket(AF_INET, SOCK_STREAM, 0);
  cr_assert(ls >= 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t al = sizeof a;
  cr_assert_eq(bind(ls, (struct sockaddr *)&a, sizeof a), 0);
  cr_assert_eq(listen(ls, 4), 0);
  cr_assert_eq(getsockname(ls, (struct sockaddr *)&a, &al), 0);
  raw_reply = reply;
  raw_len = len;
  pthread_t th;
  cr_assert_eq(pthread_create(&th, NULL, raw_serve, &ls), 0);
  char url[128];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/raw", ntohs(a.sin_port));
  got g;
  memset(&g, 0, sizeof g);
  px_fetch_req req = {.url = url};
  px_err err = {0};
  cr_assert_eq(px_fetch_one(NULL, &req, on_done, &g, &err), PX_OK, "%s", err.msg);
  pthread_join(th, NULL);
  close(ls);
  return g;
}

Test(fetch, huge_response_headers_are_named_not_out_of_memory) {
  size_t big = 1 << 20;
  char *r = malloc(big + 256);
  cr_assert_not_null(r);
  int n = snprintf(r, 256, "HTTP/1.1 200 OK\r\nX-Big: ");
  memset(r + n, 'a', big);
  size_t len = (size_t)n + big;
  len += (size_t)snprintf(r + len, 256, "\r\nContent-Length: 2\r\n\r\nok");
  got g = get_raw(r, len);
  cr_assert_eq(g.rc, PX_ETOOBIG, "rc %d: %s", g.rc, g.error);
  cr_assert(strstr(g.error, "headers too large"), "%s", g.error);
  cr_assert(!strstr(g.error, "memory"), "%s", g.error);

  /* Many lines under libcurl's per-line limit, 1 MB in all. */
  len = (size_t)snprintf(r, 256, "HTTP/1.1 200 OK\r\n");
  for (int i = 0; len + 60000 < big; i++) {
    len += (size_t)snprintf(r + len, 32, "X-H%d: ", i);
    memset(r + len, 'b', 50000);
    len += 50000;
    memcpy(r + len, "\r\n", 2);
    len += 2;
  }
  len += (size_t)snprintf(r + len, 256, "Content-Length: 2\r\n\r\nok");
  g = get_raw(r, len);
  cr_assert_eq(g.rc, PX_ETOOBIG, "rc %d: %s", g.rc, g.error);
  cr_assert(strstr(g.error, "headers too large"), "%s", g.error);
  free(r);
}
