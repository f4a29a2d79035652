/*
** feedserver.c: a loopback feed farm for the scale benchmark. Serves N
** RSS feeds at http://127.0.0.1:PORT/feed/<i>.xml, each with K entries
** carrying full article text (content:encoded) unique to the feed, an ETag
** per feed and 304 for a matching If-None-Match. GET /__stats returns JSON
** counters: requests, 200s, 304s, and how many feeds were served in full
** more than once (which a correct client never causes).
**
** Usage: feedserver [--feeds N] [--entries K] [--port P]   (P=0: ephemeral)
** Prints "PORT <p>" on stdout once listening; runs until SIGTERM/SIGINT.
** Binds 127.0.0.1 only.
*/
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"

static int nfeeds = 10000, nentries = 3;
static unsigned *full_count;  /* 200s per feed */
static unsigned long n_req, n_200, n_304, n_404;
static volatile sig_atomic_t done;

static void on_sig(int s) {
  (void)s;
  done = 1;
}

/* Synthetic words from syllables (22^3 = 10,648 of them), so articles of
** different feeds share few words and do not all cluster into one story,
** as real outlets' articles would not. */
static const char *const syl[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ba", "de",
                                  "fi", "go", "hu", "ja", "ke", "li", "mo", "nu", "pa", "re",
                                  "si", "to"};
#define NSYL (sizeof syl / sizeof syl[0])

static void article_text(px_buf *b, int feed, int entry) {
  /* ~1.8 KB of text, different for every (feed, entry); each article
  ** draws from a topic of 300 words picked by its feed and entry. */
  unsigned topic = (unsigned)feed * 2654435761u + (unsigned)entry * 97u;
  unsigned x = (unsigned)feed * 2246822519u + (unsigned)entry * 40503u + 1;
  for (int p = 0; p < 6; p++) {
    px_buf_puts(b, "&lt;p&gt;");
    for (int w = 0; w < 45; w++) {
      x = x * 1103515245u + 12345u;
      unsigned word = (topic + (x >> 16) % 300u) % (unsigned)(NSYL * NSYL * NSYL);
      px_buf_puts(b, syl[word % NSYL]);
      px_buf_puts(b, syl[(word / NSYL) % NSYL]);
      px_buf_puts(b, syl[word / (NSYL * NSYL)]);
      px_buf_putc(b, w % 11 == 10 ? '.' : ' ');
    }
    px_buf_printf(b, "Feed %d item %d paragraph %d.&lt;/p&gt;", feed, entry, p);
  }
}

static void feed_xml(px_buf *b, int i) {
  px_buf_printf(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                   "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
                   "<channel><title>Outlet %d</title><link>http://127.0.0.1/outlet/%d/</link>"
                   "<description>Loopback outlet %d</description>\n", i, i, i);
  for (int e = 0; e < nentries; e++) {
    px_buf_printf(b, "<item><title>Outlet %d story %d</title>"
                     "<link>http://127.0.0.1/outlet/%d/story/%d.html</link>"
                     "<guid isPermaLink=\"false\">outlet-%d-story-%d</guid>"
                     "<pubDate>Mon, %02d Jan 2024 %02d:00:00 GMT</pubDate>"
                     "<description>Teaser %d/%d</description><content:encoded>",
                  i, e, i, e, i, e, 1 + e % 28, e % 24, i, e);
    article_text(b, i, e);
    px_buf_puts(b, "</content:encoded></item>\n");
  }
  px_buf_puts(b, "</channel></rss>\n");
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned st, px_buf *b,
                             const char *etag) {
  struct MHD_Response *r = MHD_create_response_from_buffer(
      b ? b->len : 0, b && b->data ? b->data : (void *)"", MHD_RESPMEM_MUST_COPY);
  if (etag) MHD_add_response_header(r, "ETag", etag);
  if (st == 200 && etag) MHD_add_response_header(r, "Content-Type", "application/rss+xml");
  enum MHD_Result ret = MHD_queue_response(c, st, r);
  MHD_destroy_response(r);
  return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *up,
                               size_t *up_size, void **con_cls) {
  (void)cls; (void)method; (void)version; (void)up; (void)up_size; (void)con_cls;
  __atomic_add_fetch(&n_req, 1, __ATOMIC_RELAXED);
  px_buf b;
  px_buf_init(&b, 0);
  enum MHD_Result ret;
  int i = -1;
  if (!strcmp(url, "/__reset")) {
    memset(full_count, 0, (size_t)nfeeds * sizeof *full_count);
    n_req = n_200 = n_304 = n_404 = 0;
    ret = reply(c, 200, &b, NULL);
  } else if (!strcmp(url, "/__stats")) {
    unsigned long twice = 0, never = 0;
    for (int k = 0; k < nfeeds; k++) {
      if (full_count[k] > 1) twice++;
      if (full_count[k] == 0) never++;
    }
    px_buf_printf(&b, "{\"requests\":%lu,\"ok\":%lu,\"not_modified\":%lu,\"not_found\":%lu,"
                      "\"feeds_served_twice\":%lu,\"feeds_never_served\":%lu}\n",
                  n_req, n_200, n_304, n_404, twice, never);
    ret = reply(c, 200, &b, NULL);
  } else if (!strncmp(url, "/feed/", 6) && (i = (int)strtol(url + 6, NULL, 10)) >= 0 && i < nfeeds) {
    char etag[32];
    snprintf(etag, sizeof etag, "\"f%d-v1\"", i);
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    if (inm && !strcmp(inm, etag)) {
      __atomic_add_fetch(&n_304, 1, __ATOMIC_RELAXED);
      ret = reply(c, 304, NULL, etag);
    } else {
      __atomic_add_fetch(&n_200, 1, __ATOMIC_RELAXED);
      __atomic_add_fetch(&full_count[i], 1, __ATOMIC_RELAXED);
      feed_xml(&b, i);
      ret = reply(c, 200, &b, etag);
    }
  } else {
    __atomic_add_fetch(&n_404, 1, __ATOMIC_RELAXED);
    ret = reply(c, 404, NULL, NULL);
  }
  px_buf_reset(&b);
  return ret;
}

int main(int argc, char **argv) {
  int port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--feeds")) nfeeds = (int)strtol(argv[i + 1], NULL, 10);
    else if (!strcmp(argv[i], "--entries")) nentries = (int)strtol(argv[i + 1], NULL, 10);
    else if (!strcmp(argv[i], "--port")) port = (int)strtol(argv[i + 1], NULL, 10);
  }
  if (nfeeds <= 0 || nentries < 0 || port < 0) return 2;
  full_count = calloc((size_t)nfeeds, sizeof *full_count);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  struct MHD_Daemon *d = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, NULL, NULL, handler, NULL,
      MHD_OPTION_SOCK_ADDR, &a, MHD_OPTION_CONNECTION_LIMIT, 1000U,
      MHD_OPTION_THREAD_POOL_SIZE, 2U, MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "feedserver: cannot listen\n");
    return 1;
  }
  signal(SIGTERM, on_sig);
  signal(SIGINT, on_sig);
  printf("PORT %u\n", MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port);
  fflush(stdout);
  while (!done) pause();
  MHD_stop_daemon(d);
  free(full_count);
  return 0;
}
