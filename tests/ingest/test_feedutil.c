/*
** test_feedutil.c: the pure parts of feed ingestion: RFC 3986 reference
** resolution (the RFC's own examples), robots.txt matching (RFC 9309 and
** Google's documented cases), and the polling schedule.
*/
#include <criterion/criterion.h>
#include <string.h>

#include "ingest/robots.h"
#include "ingest/schedule.h"
#include "ingest/url.h"
#include "util/buf.h"

static void resolves(const char *base, const char *ref, const char *want) {
  px_buf b;
  px_buf_init(&b, 0);
  cr_assert_eq(px_url_resolve(base, base ? strlen(base) : 0, ref, strlen(ref), &b), PX_OK);
  cr_assert_str_eq(px_buf_cstr(&b), want, "%s + %s", base, ref);
  px_buf_reset(&b);
}

Test(url, rfc3986_normal_and_abnormal_examples) {
  const char *B = "http://a/b/c/d;p?q";
  static const char *const cases[][2] = {
    {"g:h", "g:h"}, {"g", "http://a/b/c/g"}, {"./g", "http://a/b/c/g"},
    {"g/", "http://a/b/c/g/"}, {"/g", "http://a/g"}, {"//g", "http://g"},
    {"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"},
    {"#s", "http://a/b/c/d;p?q#s"}, {"g#s", "http://a/b/c/g#s"},
    {"g?y#s", "http://a/b/c/g?y#s"}, {";x", "http://a/b/c/;x"},
    {"g;x", "http://a/b/c/g;x"}, {"g;x?y#s", "http://a/b/c/g;x?y#s"},
    {"", "http://a/b/c/d;p?q"}, {".", "http://a/b/c/"}, {"./", "http://a/b/c/"},
    {"..", "http://a/b/"}, {"../", "http://a/b/"}, {"../g", "http://a/b/g"},
    {"../..", "http://a/"}, {"../../", "http://a/"}, {"../../g", "http://a/g"},
    {"../../../g", "http://a/g"}, {"../../../../g", "http://a/g"},
    {"/./g", "http://a/g"}, {"/../g", "http://a/g"}, {"g.", "http://a/b/c/g."},
    {".g", "http://a/b/c/.g"}, {"g..", "http://a/b/c/g.."}, {"..g", "http://a/b/c/..g"},
    {"./../g", "http://a/b/g"}, {"./g/.", "http://a/b/c/g/"},
    {"g/./h", "http://a/b/c/g/h"}, {"g/../h", "http://a/b/c/h"},
    {"g;x=1/./y", "http://a/b/c/g;x=1/y"}, {"g;x=1/../y", "http://a/b/c/y"},
    {"g?y/./x", "http://a/b/c/g?y/./x"}, {"g?y/../x", "http://a/b/c/g?y/../x"},
    {"g#s/./x", "http://a/b/c/g#s/./x"}, {"g#s/../x", "http://a/b/c/g#s/../x"},
    {"http:g", "http:g"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) resolves(B, cases[i][0], cases[i][1]);
  resolves("https://example.com", "feed.xml", "https://example.com/feed.xml");
  resolves(NULL, " relative/x ", "relative/x");
  resolves("not a url", "x", "x");
}

Test(url, host_origin_path) {
  px_buf b;
  px_buf_init(&b, 0);
  const char *u = "HTTPS://user:pw@News.Example.COM:8443/a/b?x=1#frag";
  cr_assert_eq(px_url_host(u, strlen(u), &b), PX_OK);
  cr_assert_str_eq(b.data, "news.example.com");
  cr_assert_eq(px_url_origin(u, strlen(u), &b), PX_OK);
  cr_assert_str_eq(b.data, "HTTPS://user:pw@News.Example.COM:8443");
  b.len = 0;
  cr_assert_eq(px_url_path_query(u, strlen(u), &b), PX_OK);
  cr_assert_str_eq(b.data, "/a/b?x=1");
  cr_assert_eq(px_url_host("/relative", 9, &b), PX_EINVAL);
  cr_assert_eq(px_url_host("http://[::1]:80/", 16, &b), PX_OK);
  cr_assert_str_eq(b.data, "[::1]");
  px_buf_reset(&b);
  cr_assert(px_url_is_absolute("mailto:x@y", 10));
  cr_assert(!px_url_is_absolute("/x:y", 4));
}

static bool ok(const px_robots *r, const char *path) {
  return px_robots_allowed(r, path, strlen(path));
}

Test(robots, groups_longest_match_wildcards) {
  const char *txt =
      "# comment\n"
      "User-agent: *\n"
      "Disallow: /private\n"
      "Allow: /private/open\n"
      "Disallow: /*.pdf$\n"
      "Disallow: /search*q=\n"
      "\n"
      "User-agent: Googlebot\n"
      "User-agent: parallax\n"
      "Disallow: /news/drafts/\n"
      "Allow: /news/drafts/public$\n"
      "Crawl-delay: 2.5\n"
      "\n"
      "User-agent: PARALLAX\n"
      "Disallow: /merged\n";
  px_robots *r = px_robots_parse(txt, strlen(txt), "Parallax");
  cr_assert_not_null(r);
  /* Our group (merged from two), not "*". */
  cr_assert(ok(r, "/private/x"));
  cr_assert(!ok(r, "/news/drafts/x"));
  cr_assert(ok(r, "/news/drafts/public"));
  cr_assert(!ok(r, "/news/drafts/public2"));
  cr_assert(!ok(r, "/merged/page"));
  cr_assert(ok(r, "/robots.txt"));
  cr_assert_float_eq(px_robots_crawl_delay(r), 2.5, 1e-9);
  px_robots_free(r);

  r = px_robots_parse(txt, strlen(txt), "OtherBot");
  cr_assert(!ok(r, "/private/x"));
  cr_assert(ok(r, "/private/open/y"), "longer Allow wins");
  cr_assert(!ok(r, "/files/a.pdf"));
  cr_assert(ok(r, "/files/a.pdf?x"), "$ anchors the end");
  cr_assert(!ok(r, "/search?lang=en&q=x"));
  cr_assert(ok(r, "/search?lang=en"));
  cr_assert(ok(r, "/"));
  px_robots_free(r);

  const char *tie = "User-agent: *\nAllow: /page\nDisallow: /page\nDisallow:\n";
  r = px_robots_parse(tie, strlen(tie), "Parallax");
  cr_assert(ok(r, "/page"), "Allow wins a tie");
  px_robots_free(r);

  const char *junk = "\xef\xbb\xbfgarbage\n::::\nUser-agent *\nDisallow /x\n";
  r = px_robots_parse(junk, strlen(junk), "Parallax");
  cr_assert(ok(r, "/x"));
  px_robots_free(r);

  const char *evil = "User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n";
  r = px_robots_parse(evil, strlen(evil), "Parallax");
  char path[4001];
  memset(path, 'a', 4000);
  path[0] = '/';
  path[4000] = '\0';
  cr_assert(ok(r, path));
  px_robots_free(r);
}

Test(robots, cache_statuses) {
  px_robots_cache *c = px_robots_cache_new(3600);
  cr_assert_null(px_robots_cache_get(c, "https://a.example", 1000));
  const char *body = "User-agent: *\nDisallow: /x\n";
  px_robots_cache_put(c, "https://a.example", 200, body, strlen(body), "Parallax", 1000);
  const px_robots *r = px_robots_cache_get(c, "https://a.example", 2000);
  cr_assert_not_null(r);
  cr_assert(!ok(r, "/x/1"));
  cr_assert_null(px_robots_cache_get(c, "https://a.example", 1000 + 3600), "expired");
  px_robots_cache_put(c, "https://b.example", 404, NULL, 0, "Parallax", 1000);
  cr_assert(ok(px_robots_cache_get(c, "https://b.example", 1001), "/anything"));
  px_robots_cache_put(c, "https://c.example", 503, NULL, 0, "Parallax", 1000);
  cr_assert(!ok(px_robots_cache_get(c, "https://c.example", 1001), "/anything"));
  cr_assert_null(px_robots_cache_get(c, "https://c.example", 1000 + 3600 / 2), "5xx retried sooner");
  px_robots_cache_free(c);
}

Test(schedule, rate_backoff_retry_after) {
  px_sched_cfg cfg;
  px_sched_defaults(&cfg);
  int64_t hourly[] = {36000, 0, 3600, 7200, 10800, 14400, 18000, 21600, 25200, 28800, 32400};
  cr_assert_eq(px_sched_rate_interval(hourly, 11, &cfg), 1800);
  int64_t one[] = {5000};
  cr_assert_eq(px_sched_rate_interval(one, 1, &cfg), 0);
  int64_t burst[] = {100, 101, 102};
  cr_assert_eq(px_sched_rate_interval(burst, 3, &cfg), cfg.min_interval, "clamped");

  px_sched_state st = {0, 0};
  px_sched_outcome o = {.ok = true, .got_new = true, .rate_interval = 1800};
  int64_t d = px_sched_next(&st, &o, &cfg, 7);
  cr_assert_eq(st.interval, 1800);
  cr_assert(d >= 1620 && d <= 1980, "jitter within 10%%: %lld", (long long)d);
  cr_assert_eq(d, px_sched_next(&(px_sched_state){1800, 0}, &o, &cfg, 7), "stable jitter");

  o = (px_sched_outcome){.ok = true, .got_new = false};
  px_sched_next(&st, &o, &cfg, 7);
  cr_assert_eq(st.interval, 2700, "quiet feeds slow down");
  for (int i = 0; i < 40; i++) px_sched_next(&st, &o, &cfg, 7);
  cr_assert_eq(st.interval, cfg.max_interval);

  st = (px_sched_state){600, 0};
  o = (px_sched_outcome){.ok = false};
  int64_t prev = 0;
  for (int i = 1; i <= 6; i++) {
    d = px_sched_next(&st, &o, &cfg, 0);
    cr_assert_eq(st.failures, i);
    cr_assert(d > prev, "backoff grows");
    prev = d;
  }
  for (int i = 0; i < 50; i++) d = px_sched_next(&st, &o, &cfg, 0);
  cr_assert(d <= cfg.max_backoff + cfg.max_backoff / 10, "capped, never dropped: %lld", (long long)d);
  cr_assert_eq(st.failures, 30);

  st = (px_sched_state){600, 0};
  o = (px_sched_outcome){.ok = false, .retry_after = 7200};
  cr_assert_eq(px_sched_next(&st, &o, &cfg, 3), 7200, "Retry-After honoured exactly");
  o = (px_sched_outcome){.ok = true, .got_new = true};
  px_sched_next(&st, &o, &cfg, 3);
  cr_assert_eq(st.failures, 0, "a success resets the failures");

  cr_assert_eq(px_sched_retry_after("120", 0), 120);
  cr_assert_eq(px_sched_retry_after(" 5 ", 0), 5);
  cr_assert_eq(px_sched_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 - 60), 60);
  cr_assert_eq(px_sched_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 + 60), 0);
  cr_assert_eq(px_sched_retry_after("soon", 0), 0);
  cr_assert_eq(px_sched_retry_after(NULL, 0), 0);
}
