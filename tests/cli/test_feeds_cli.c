/*
** test_feeds_cli.c: the feed commands as a user runs them, against a
** libmicrohttpd server on 127.0.0.1 (ephemeral port) started and stopped
** here: subscribe via autodiscovery, fetch (article pages fetched,
** robots.txt honoured), 304 on the next round, a failing feed slowed with
** its error visible, a permanent redirect updating the stored URL, OPML
** import/export, and the daemon stopping cleanly on SIGTERM.
*/
#include <criterion/criterion.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <time.h>

#include "../common/run.h"

static struct MHD_Daemon *httpd;
static int port;
static char base[64];
static int hits_private, hits_feed, hits_a1;
static double paced_at[8];
static int npaced;


static const char page_a1[] =
    "<html><head><title>Council approves budget</title></head><body><article>"
    "<h1>Council approves budget</h1>"
    "<p>The city council approved the annual budget on Monday after a long debate about "
    "spending on schools, roads and the harbour.</p>"
    "<p>Council members voted seven to two in favour of the plan, which raises funding for "
    "public transport by ten percent next year.</p>"
    "<p>\"This budget reflects our priorities,\" the mayor said after the vote, adding that "
    "progress would be reviewed in six months.</p></article></body></html>";

static enum MHD_Result reply(struct MHD_Connection *c, unsigned st, const char *body,
                             const char *ctype, const char *h1, const char *v1) {
  struct MHD_Response *r =
      MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
  if (ctype) MHD_add_response_header(r, "Content-Type", ctype);
  if (h1) MHD_add_response_header(r, h1, v1);
  enum MHD_Result ret = MHD_queue_response(c, st, r);
  MHD_destroy_response(r);
  return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *up,
                               size_t *up_size, void **con_cls) {
  (void)cls; (void)method; (void)version; (void)up; (void)up_size; (void)con_cls;
  char feed[2048];
  if (!strcmp(url, "/feed.xml") || !strcmp(url, "/feed2.xml")) {
    __atomic_add_fetch(&hits_feed, 1, __ATOMIC_SEQ_CST);
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    if (inm && !strcmp(inm, "\"e1\"")) return reply(c, 304, "", NULL, "ETag", "\"e1\"");
    snprintf(feed, sizeof feed,
             "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Loopback News</title>"
             "<link>%s/</link>"
             "<item><title>Council approves budget</title><link>%s/a1.html</link>"
             "<guid>a1</guid><pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate>"
             "<description>Short teaser.</description></item>"
             "<item><title>Private story</title><link>%s/private/a2.html</link><guid>a2</guid>"
             "<description>&lt;p&gt;The summary of the private story is all we may use, "
             "because robots.txt keeps us off that page; it is long enough to count as "
             "article text for the extractor.&lt;/p&gt;</description></item>"
             "</channel></rss>",
             base, base, base);
    return reply(c, 200, feed, "application/rss+xml", "ETag", "\"e1\"");
  }
  if (!strcmp(url, "/agg.xml")) {
    snprintf(feed, sizeof feed,
             "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
             "<title>Morning Digest</title><link>%s/</link>"
             "<item><title>Ferry strike ends</title><link>%s/gazette/ferry.html</link>"
             "<guid isPermaLink=\"false\">digest-ferry-1</guid>"
             "<category>Transport</category>"
             "<enclosure url=\"%s/ferry.mp3\" type=\"audio/mpeg\" length=\"1234\"/>"
             "</item></channel></rss>",
             base, base, base);
    return reply(c, 200, feed, "application/rss+xml", NULL, NULL);
  }
  if (!strcmp(url, "/gazette/ferry.html"))
    return reply(c, 200,
                 "<html><head><title>Ferry strike ends</title>"
                 "<meta property=\"og:site_name\" content=\"Harbour Gazette\"></head>"
                 "<body><article><h1>Ferry strike ends</h1>"
                 "<p>The ferry workers' strike ended on Tuesday after the operator agreed to "
                 "raise wages by six percent and to hire more crew for the winter routes.</p>"
                 "<p>Services between the islands will run normally from Wednesday morning, "
                 "the operator said in a statement after the talks.</p></article></body></html>",
                 "text/html; charset=utf-8", NULL, NULL);
  if (!strcmp(url, "/robots.txt"))
    return reply(c, 200, "User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n", "text/plain",
                 NULL, NULL);
  if (!strcmp(url, "/paced.xml")) {
    snprintf(feed, sizeof feed,
             "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Paced</title>"
             "<item><title>One</title><link>%s/paced/1.html</link><guid>p1</guid></item>"
             "<item><title>Two</title><link>%s/paced/2.html</link><guid>p2</guid></item>"
             "<item><title>Three</title><link>%s/paced/3.html</link><guid>p3</guid></item>"
             "</channel></rss>",
             base, base, base);
    return reply(c, 200, feed, "application/rss+xml", NULL, NULL);
  }
  if (!strncmp(url, "/paced/", 7)) {
    int k = __atomic_fetch_add(&npaced, 1, __ATOMIC_SEQ_CST);
    if (k < 8) paced_at[k] = mono_now();
    return reply(c, 200, page_a1, "text/html; charset=utf-8", NULL, NULL);
  }
  if (!strcmp(url, "/a1.html")) {
    __atomic_add_fetch(&hits_a1, 1, __ATOMIC_SEQ_CST);
    return reply(c, 200, page_a1, "text/html; charset=utf-8", NULL, NULL);
  }
  if (!strncmp(url, "/private/", 9)) {
    __atomic_add_fetch(&hits_private, 1, __ATOMIC_SEQ_CST);
    return reply(c, 200, page_a1, "text/html", NULL, NULL);
  }
  if (!strcmp(url, "/home.html"))
    return reply(c, 200,
                 "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" "
                 "title=\"Loopback\" href=\"/feed.xml\"></head><body>home</body></html>",
                 "text/html", NULL, NULL);
  if (!strcmp(url, "/moved")) return reply(c, 301, "moved", NULL, "Location", "/feed2.xml");
  if (!strcmp(url, "/broken")) return reply(c, 500, "oops", NULL, NULL, NULL);
  return reply(c, 404, "no", NULL, NULL, NULL);
}

static char *dir;
static char db[4200];

static void setup(void) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  httpd = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD, 0,
                           NULL, NULL, handler, NULL, MHD_OPTION_SOCK_ADDR, &a, MHD_OPTION_END);
  cr_assert_not_null(httpd);
  port = MHD_get_daemon_info(httpd, MHD_DAEMON_INFO_BIND_PORT)->port;
  snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
  dir = make_tmpdir();
  snprintf(db, sizeof db, "%s/px.db", dir);
  hits_private = hits_feed = hits_a1 = 0;
  npaced = 0;
}

static void teardown(void) {
  MHD_stop_daemon(httpd);
  rm_rf(dir);
  free(dir);
}

TestSuite(feeds_cli, .init = setup, .fini = teardown, .timeout = 120);

static json_t *feeds_json(void) {
  run_result r = run_px("--db", db, "--json", "feeds", NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  json_error_t je;
  json_t *j = json_loads(r.out, 0, &je);
  cr_assert_not_null(j, "%s", r.out);
  run_free(&r);
  return j;
}

Test(feeds_cli, subscribe_discover_fetch_304_robots) {
  char url[128];
  snprintf(url, sizeof url, "%s/home.html", base);
  run_result r = run_px("--db", db, "subscribe", url, NULL);
  cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
  cr_assert(strstr(r.out, "/feed.xml"), "%s", r.out);
  run_free(&r);

  r = run_px("--db", db, "--json", "fetch", NULL);
  cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
  json_t *s = json_loads(r.out, 0, NULL);
  cr_assert_not_null(s, "%s", r.out);
  cr_assert_eq(json_integer_value(json_object_get(s, "ok")), 1);
  cr_assert_eq(json_integer_value(json_object_get(s, "parsed")), 1);
  cr_assert_eq(json_integer_value(json_object_get(s, "entries_new")), 2);
  cr_assert_eq(json_integer_value(json_object_get(s, "added")), 2, "%s", r.out);
  cr_assert_eq(json_integer_value(json_object_get(s, "pages_fetched")), 1);
  cr_assert_eq(json_integer_value(json_object_get(s, "robots_blocked")), 1);
  json_decref(s);
  run_free(&r);
  cr_assert_eq(hits_private, 0, "robots.txt must keep us off /private/");
  cr_assert_eq(hits_a1, 1);

  r = run_px("--db", db, "articles", NULL);
  cr_assert(strstr(r.out, "Council approves budget"), "%s", r.out);
  cr_assert(strstr(r.out, "Private story"), "%s", r.out);
  run_free(&r);

  /* Nothing is due yet; --all forces the round: a 304, nothing new. */
  r = run_px("--db", db, "--json", "fetch", NULL);
  s = json_loads(r.out, 0, NULL);
  cr_assert_eq(json_integer_value(json_object_get(s, "feeds")), 0, "%s", r.out);
  json_decref(s);
  run_free(&r);
  r = run_px("--db", db, "--json", "fetch", "--all", NULL);
  s = json_loads(r.out, 0, NULL);
  cr_assert_eq(json_integer_value(json_object_get(s, "not_modified")), 1, "%s", r.out);
  cr_assert_eq(json_integer_value(json_object_get(s, "entries_new")), 0);
  json_decref(s);
  run_free(&r);

  json_t *fj = feeds_json();
  json_t *f0 = json_array_get(fj, 0);
  cr_assert_str_eq(json_string_value(json_object_get(f0, "status")), "ok");
  cr_assert_eq(json_integer_value(json_object_get(f0, "entries")), 2);
  cr_assert_eq(json_integer_value(json_object_get(f0, "not_modified")), 1);
  cr_assert_eq(json_integer_value(json_object_get(f0, "http_status")), 304);
  json_decref(fj);
}

Test(feeds_cli, failing_feed_is_slowed_and_visible_moved_feed_updates_url) {
  char broken[128], moved[128];
  snprintf(broken, sizeof broken, "%s/broken", base);
  snprintf(moved, sizeof moved, "%s/moved", base);
  run_result r = run_px("--db", db, "subscribe", "--no-check", broken, moved, NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  run_free(&r);
  r = run_px("--db", db, "fetch", "--no-pages", NULL);
  cr_assert_eq(r.code, 1, "a failed feed makes the exit code 1: %s%s", r.out, r.err);
  run_free(&r);
  json_t *fj = feeds_json();
  time_t now = time(NULL);
  size_t i;
  json_t *f;
  int seen = 0;
  json_array_foreach(fj, i, f) {
    const char *u = json_string_value(json_object_get(f, "url"));
    if (strstr(json_string_value(json_object_get(f, "subscribed_url")) ?: u, "/broken")) {
      seen |= 1;
      cr_assert_str_eq(json_string_value(json_object_get(f, "status")), "failing");
      cr_assert_str_eq(json_string_value(json_object_get(f, "last_error")), "HTTP 500");
      cr_assert_eq(json_integer_value(json_object_get(f, "failures")), 1);
      cr_assert_eq(json_integer_value(json_object_get(f, "http_status")), 500);
      struct tm tm = {0};
      const char *nf = json_string_value(json_object_get(f, "next_fetch"));
      cr_assert(strptime(nf, "%Y-%m-%dT%H:%M:%SZ", &tm));
      cr_assert(timegm(&tm) > now + 60, "backed off: %s", nf);
    } else {
      seen |= 2;
      cr_assert(strstr(u, "/feed2.xml"), "301 updates the stored URL: %s", u);
      cr_assert(strstr(json_string_value(json_object_get(f, "subscribed_url")), "/moved"));
    }
  }
  cr_assert_eq(seen, 3);
  json_decref(fj);
}

Test(feeds_cli, opml_import_export) {
  char opml[8400], body[1024];
  snprintf(body, sizeof body,
           "<opml version=\"2.0\"><body><outline text=\"Local\">"
           "<outline text=\"One\" xmlUrl=\"%s/feed.xml\"/>"
           "<outline text=\"Two\" xmlUrl=\"%s/feed2.xml\"/></outline></body></opml>",
           base, base);
  write_file(dir, "in.opml", body, strlen(body));
  snprintf(opml, sizeof opml, "%s/in.opml", dir);
  run_result r = run_px("--db", db, "subscribe", "--opml", opml, NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert(strstr(r.out, "imported 2 feeds"), "%s", r.out);
  run_free(&r);
  r = run_px("--db", db, "subscribe", "--opml", opml, NULL);
  cr_assert(strstr(r.out, "(0 new)"), "idempotent: %s", r.out);
  run_free(&r);
  r = run_px("--db", db, "opml-export", NULL);
  cr_assert_eq(r.code, 0);
  cr_assert(strstr(r.out, "<outline text=\"Local\">"), "%s", r.out);
  cr_assert_eq(count_substr(r.out, "xmlUrl="), 2);
  run_free(&r);
}

Test(feeds_cli, daemon_stops_cleanly_on_sigterm) {
  char url[128];
  snprintf(url, sizeof url, "%s/feed.xml", base);
  run_result r = run_px("--db", db, "subscribe", "--no-check", url, NULL);
  run_free(&r);
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    execl(px_bin(), px_bin(), "--db", db, "daemon", "--no-pages", "--save-every", "0",
          (char *)NULL);
    _exit(127);
  }
  for (int i = 0; i < 200 && !__atomic_load_n(&hits_feed, __ATOMIC_SEQ_CST); i++) usleep(50000);
  cr_assert(hits_feed > 0, "the daemon fetched the feed");
  /* --save-every 0: the state is saved after the round, while it runs. */
  char state[sizeof db + 8];
  snprintf(state, sizeof state, "%s-state", db);
  struct stat sb;
  bool saved = false;
  for (int i = 0; i < 200 && !(saved = stat(state, &sb) == 0); i++) usleep(50000);
  cr_assert(saved, "the running daemon saved its state");
  usleep(300000);
  kill(pid, SIGTERM);
  int st = 0;
  for (int i = 0; i < 100 && waitpid(pid, &st, WNOHANG) == 0; i++) usleep(50000);
  cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "exit status %d", st);
  r = run_px("--db", db, "articles", NULL);
  cr_assert(strstr(r.out, "Private story"), "entries stored: %s", r.out);
  run_free(&r);
}

/* The site's robots.txt asks for a one-second crawl delay: a round fetches
** its three article pages at least that far apart. */
Test(feeds_cli, crawl_delay_spaces_article_pages) {
  char url[128];
  snprintf(url, sizeof url, "%s/paced.xml", base);
  run_result r = run_px("--db", db, "subscribe", url, NULL);
  cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
  run_free(&r);
  r = run_px("--db", db, "--json", "fetch", "--per-host", "4", NULL);
  cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
  json_t *s = json_loads(r.out, 0, NULL);
  cr_assert_eq(json_integer_value(json_object_get(s, "pages_fetched")), 3, "%s", r.out);
  json_decref(s);
  run_free(&r);
  cr_assert_eq(npaced, 3);
  /* Counted from each answer too, so the server sees the full delay.
  ** Without pacing the three arrive together. */
  for (int i = 1; i < 3; i++)
    cr_assert_geq(paced_at[i] - paced_at[i - 1], 0.95, "gap %d: %.3f s", i,
                  paced_at[i] - paced_at[i - 1]);
}

/* Issue 15, 17: a page fetched through a feed is filed under the page's
** own outlet, not the feed's title (here an aggregator's digest); and the
** feed part's leftover: the entry's guid, categories and enclosures are
** kept with the article (schema 8) and shown by `article N --json`. */
Test(feeds_cli, feed_pages_keep_their_outlet_and_entry_metadata) {
  char url[128];
  snprintf(url, sizeof url, "%s/agg.xml", base);
  run_result r = run_px("--db", db, "subscribe", url, NULL);
  cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
  run_free(&r);
  r = run_px("--db", db, "fetch", NULL);
  cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
  run_free(&r);
  r = run_px("--db", db, "--json", "article", "1", NULL);
  cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
  json_t *a = json_loads(r.out, 0, NULL);
  cr_assert_not_null(a, "%s", r.out);
  cr_expect_str_eq(json_string_value(json_object_get(a, "source")), "Harbour Gazette");
  json_t *meta = json_object_get(a, "feed");
  cr_assert(json_is_object(meta), "%s", r.out);
  cr_expect_str_eq(json_string_value(json_object_get(meta, "guid")), "digest-ferry-1");
  json_t *cat = json_array_get(json_object_get(meta, "categories"), 0);
  cr_expect_str_eq(json_string_value(json_object_get(cat, "term")), "Transport");
  json_t *enc = json_array_get(json_object_get(meta, "enclosures"), 0);
  cr_expect(strstr(json_string_value(json_object_get(enc, "url")), "/ferry.mp3"), "%s", r.out);
  json_decref(a);
  run_free(&r);
}
