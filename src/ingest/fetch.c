/*
** fetch.c: the libcurl multi fetcher behind fetch.h.
**
** Each request is a job; jobs wait in a FIFO queue and move to the active
** set when both the global and the per-host limits allow. Redirects are
** not left to libcurl (CURLOPT_FOLLOWLOCATION is off): each hop is a new
** transfer of the same job, so the per-host limit applies to every hop
** and each hop's status is seen, which is what "update the stored URL
** only when every hop is permanent" needs.
**
** Memory: a job owns copies of its request strings, its body buffer and
** its captured headers; all are freed when the job is reported.
*/
#include "ingest/fetch.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "ingest/feed.h"
#include "ingest/schedule.h"
#include "ingest/url.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/err.h"
#include "util/str.h"

typedef struct job {
  px_fetch_req req;        /* strings below are our copies */
  char *url, *etag, *lm;
  char *cur;               /* the hop being fetched */
  char *host;
  int hops;
  bool perm;
  CURL *easy;
  struct curl_slist *hdrs;
  px_buf body;
  bool too_big;
  size_t hdr_bytes;        /* header bytes of this hop's response */
  bool hdr_too_big, hdr_done;
  long status;
  char *h_etag, *h_lm, *h_ctype, *h_retry, *h_cloc, *h_clang;
  char errbuf[CURL_ERROR_SIZE];
  double started;
  struct job *next;
} job;

struct px_fetcher {
  CURLM *multi;
  px_fetch_opts o;
  char *ua, *accept;
  job *head, *tail;        /* queue */
  size_t nqueued;
  job **active;
  size_t nactive;
  struct pace { char *host; double delay, next; } *paces;  /* by host */
  size_t npaces;
};


static void global_init(void) {
  static int done;
  if (!__atomic_exchange_n(&done, 1, __ATOMIC_ACQ_REL)) curl_global_init(CURL_GLOBAL_DEFAULT);
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static void clear_headers(job *j) {
  free(j->h_etag);
  free(j->h_lm);
  free(j->h_ctype);
  free(j->h_retry);
  free(j->h_cloc);
  free(j->h_clang);
  j->h_etag = j->h_lm = j->h_ctype = j->h_retry = j->h_cloc = j->h_clang = NULL;
}

static void job_free(job *j) {
  if (!j) return;
  if (j->easy) curl_easy_cleanup(j->easy);
  curl_slist_free_all(j->hdrs);
  clear_headers(j);
  px_buf_reset(&j->body);
  free(j->url);
  free(j->etag);
  free(j->lm);
  free(j->cur);
  free(j->host);
  free(j);
}

px_rc px_fetcher_new(const px_fetch_opts *opts, px_fetcher **out, px_err *err) {
  global_init();
  px_fetcher *f = calloc(1, sizeof *f);
  if (!f) return px_err_set(err, PX_ENOMEM, "fetch: out of memory");
  if (opts) f->o = *opts;
  if (!f->o.connect_timeout_ms) f->o.connect_timeout_ms = 10000;
  if (!f->o.timeout_ms) f->o.timeout_ms = 30000;
  if (!f->o.low_speed_secs) {
    f->o.low_speed_secs = 20;
    f->o.low_speed_bytes = 1;
  }
  /* The feed parser's cap: a feed that parses from a file must not be
  ** refused over HTTP for being between two different limits. */
  if (!f->o.max_bytes) f->o.max_bytes = PX_FEED_MAX_BYTES;
  if (!f->o.max_redirects) f->o.max_redirects = 5;
  if (f->o.max_redirects < 0) f->o.max_redirects = 0;
  if (f->o.max_total <= 0) f->o.max_total = 16;
  if (f->o.max_per_host <= 0) f->o.max_per_host = 1;
  f->ua = strdup(f->o.user_agent ? f->o.user_agent : PX_FETCH_USER_AGENT);
  f->accept = strdup(f->o.accept ? f->o.accept
                                 : "application/rss+xml, application/atom+xml, "
                                   "application/feed+json, application/xml;q=0.9, "
                                   "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5");
  f->multi = curl_multi_init();
  f->active = calloc((size_t)f->o.max_total, sizeof *f->active);
  if (!f->ua || !f->accept || !f->multi || !f->active) {
    px_fetcher_free(f);
    return px_err_set(err, PX_ENOMEM, "fetch: out of memory");
  }
  *out = f;
  return PX_OK;
}

void px_fetcher_free(px_fetcher *f) {
  if (!f) return;
  for (size_t i = 0; i < f->nactive; i++) {
    curl_multi_remove_handle(f->multi, f->active[i]->easy);
    job_free(f->active[i]);
  }
  for (job *j = f->head, *n; j; j = n) {
    n = j->next;
    job_free(j);
  }
  if (f->multi) curl_multi_cleanup(f->multi);
  free(f->active);
  for (size_t i = 0; i < f->npaces; i++) free(f->paces[i].host);
  free(f->paces);
  free(f->ua);
  free(f->accept);
  free(f);
}

static bool http_url(const char *u) {
  px_str s = px_str_trim(px_str_from_cstr(u));
  return px_str_istarts(s, "http://") || px_str_istarts(s, "https://");
}

static px_rc set_host(job *j) {
  px_buf h;
  px_buf_init(&h, 4096);
  px_rc rc = px_url_host(j->cur, strlen(j->cur), &h);
  free(j->host);
  j->host = rc ? strdup("") : px_buf_detach(&h);
  px_buf_reset(&h);
  return j->host ? PX_OK : PX_ENOMEM;
}

px_rc px_fetcher_add(px_fetcher *f, const px_fetch_req *req, px_err *err) {
  if (!req->url || !http_url(req->url))
    return px_err_set(err, PX_EINVAL, "fetch: not an http(s) URL: %s",
                      req->url ? req->url : "(null)");
  job *j = calloc(1, sizeof *j);
  if (!j) return px_err_set(err, PX_ENOMEM, "fetch: out of memory");
  px_str u = px_str_trim(px_str_from_cstr(req->url));
  j->url = strndup(u.p, u.len);
  j->cur = strndup(u.p, u.len);
  j->etag = dup_or_null(req->etag);
  j->lm = dup_or_null(req->last_modified);
  j->perm = true;
  px_buf_init(&j->body, f->o.max_bytes);
  j->req = *req;
  j->req.url = j->url;
  j->req.etag = j->etag;
  j->req.last_modified = j->lm;
  if (!j->url || !j->cur || (req->etag && !j->etag) || (req->last_modified && !j->lm) ||
      set_host(j)) {
    job_free(j);
    return px_err_set(err, PX_ENOMEM, "fetch: out of memory");
  }
  if (f->tail) f->tail->next = j;
  else f->head = j;
  f->tail = j;
  f->nqueued++;
  return PX_OK;
}

size_t px_fetcher_queued(const px_fetcher *f) { return f->nqueued; }

static int cmp_pace(const void *k, const void *e) {
  return strcmp((const char *)k, ((const struct pace *)e)->host);
}

static struct pace *pace_of(px_fetcher *f, const char *host) {
  if (!f->npaces || !host) return NULL;
  return bsearch(host, f->paces, f->npaces, sizeof *f->paces, cmp_pace);
}

px_rc px_fetcher_host_delay(px_fetcher *f, const char *host, double secs,
                            px_err *err) {
  if (!host || !*host || !(secs >= 0))
    return px_err_set(err, PX_EINVAL, "fetch: bad host delay");
  if (secs > PX_FETCH_MAX_DELAY) secs = PX_FETCH_MAX_DELAY;
  px_buf low;
  px_buf_init(&low, 4096);
  for (const char *c = host; *c; c++)
    if (px_buf_putc(&low, (char)px_tolower((unsigned char)*c)) != PX_OK) {
      px_buf_reset(&low);
      return px_err_set(err, PX_ENOMEM, "fetch: out of memory");
    }
  const char *h = px_buf_cstr(&low);
  struct pace *p = pace_of(f, h);
  if (p) {
    if (secs > p->delay) p->delay = secs;
    px_buf_reset(&low);
    return PX_OK;
  }
  struct pace *np = realloc(f->paces, (f->npaces + 1) * sizeof *np);
  if (!np) {
    px_buf_reset(&low);
    return px_err_set(err, PX_ENOMEM, "fetch: out of memory");
  }
  f->paces = np;
  size_t at = 0;
  while (at < f->npaces && strcmp(f->paces[at].host, h) < 0) at++;
  memmove(f->paces + at + 1, f->paces + at, (f->npaces - at) * sizeof *np);
  f->paces[at].host = px_buf_detach(&low);
  f->paces[at].delay = secs;
  f->paces[at].next = 0;
  f->npaces++;
  px_buf_reset(&low);
  return f->paces[at].host ? PX_OK : px_err_set(err, PX_ENOMEM, "fetch: out of memory");
}

/* ---- curl callbacks ------------------------------------------------------ */

static size_t on_body(char *p, size_t size, size_t n, void *ud) {
  job *j = ud;
  size_t len = size * n;
  if (px_buf_append(&j->body, p, len) != PX_OK) {
    j->too_big = true;
    return 0;  /* aborts the transfer: CURLE_WRITE_ERROR */
  }
  return len;
}

static char *header_value(const char *p, size_t len, size_t name_len) {
  px_str v = px_str_trim(px_str_make(p + name_len, len - name_len));
  return strndup(v.p, v.len);
}

static size_t on_header(char *p, size_t size, size_t n, void *ud) {
  job *j = ud;
  size_t len = size * n;
  px_str line = px_str_make(p, len);
  if (px_str_istarts(line, "HTTP/")) {
    clear_headers(j);  /* a new response (after 100 Continue, say) */
    j->hdr_bytes = len;
    j->hdr_done = false;
    return len;
  }
  /* libcurl refuses one line over 100 KB itself (as "out of memory"; see
  ** finish) but not many lines adding up: no feed needs this much. */
  j->hdr_bytes += len;
  if (j->hdr_bytes > PX_FETCH_MAX_HEADER) {
    j->hdr_too_big = true;
    return 0;  /* aborts the transfer */
  }
  if (px_str_trim(line).len == 0) j->hdr_done = true;
  char **slot = NULL;
  size_t nl = 0;
  if (px_str_istarts(line, "etag:")) slot = &j->h_etag, nl = 5;
  else if (px_str_istarts(line, "last-modified:")) slot = &j->h_lm, nl = 14;
  else if (px_str_istarts(line, "content-type:")) slot = &j->h_ctype, nl = 13;
  else if (px_str_istarts(line, "retry-after:")) slot = &j->h_retry, nl = 12;
  else if (px_str_istarts(line, "content-location:")) slot = &j->h_cloc, nl = 17;
  else if (px_str_istarts(line, "content-language:")) slot = &j->h_clang, nl = 17;
  if (slot) {
    free(*slot);
    *slot = header_value(p, len, nl);
    if (*slot && !**slot) {
      free(*slot);
      *slot = NULL;
    }
  }
  return len;
}

/* ---- scheduling ------------------------------------------------------------ */

static int host_active(const px_fetcher *f, const char *host) {
  int n = 0;
  for (size_t i = 0; i < f->nactive; i++)
    if (!strcmp(f->active[i]->host, host)) n++;
  return n;
}

static px_rc start(px_fetcher *f, job *j) {
  CURL *e = j->easy ? j->easy : curl_easy_init();
  if (!e) return PX_ENOMEM;
  curl_easy_reset(e);
  j->easy = e;
  curl_slist_free_all(j->hdrs);
  j->hdrs = NULL;
  px_buf_reset(&j->body);
  px_buf_init(&j->body, f->o.max_bytes);
  clear_headers(j);
  j->too_big = j->hdr_too_big = j->hdr_done = false;
  j->hdr_bytes = 0;
  j->errbuf[0] = '\0';
  if (!j->started) j->started = px_clock_secs();

  px_buf h;
  px_buf_init(&h, 0);
  px_buf_printf(&h, "Accept: %s", f->accept);
  j->hdrs = curl_slist_append(j->hdrs, px_buf_cstr(&h));
  if (j->etag) {
    h.len = 0;
    px_buf_printf(&h, "If-None-Match: %s", j->etag);
    j->hdrs = curl_slist_append(j->hdrs, px_buf_cstr(&h));
  }
  if (j->lm) {
    h.len = 0;
    px_buf_printf(&h, "If-Modified-Since: %s", j->lm);
    j->hdrs = curl_slist_append(j->hdrs, px_buf_cstr(&h));
  }
  px_buf_reset(&h);
  if (!j->hdrs) return PX_ENOMEM;

  curl_easy_setopt(e, CURLOPT_URL, j->cur);
  curl_easy_setopt(e, CURLOPT_PRIVATE, j);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_USERAGENT, f->ua);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->hdrs);
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  /* all curl decodes */
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, f->o.connect_timeout_ms);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, f->o.timeout_ms);
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, f->o.low_speed_bytes);
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, f->o.low_speed_secs);
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->o.max_bytes);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
  if (curl_multi_add_handle(f->multi, e) != CURLM_OK) return PX_ENET;
  f->active[f->nactive++] = j;
  return PX_OK;
}

/* Starts queued jobs while the limits allow. *wait receives how long until
** a job held back only by its host's delay may start (0: none is). */
static px_rc fill(px_fetcher *f, double *wait) {
  job *prev = NULL, *j = f->head;
  double now = px_clock_secs();
  *wait = 0;
  while (j && f->nactive < (size_t)f->o.max_total) {
    job *next = j->next;
    struct pace *pc = pace_of(f, j->host);
    bool paced_ok = !pc || (now >= pc->next && host_active(f, j->host) == 0);
    if (pc && now < pc->next && (*wait == 0 || pc->next - now < *wait))
      *wait = pc->next - now;
    if (paced_ok && host_active(f, j->host) < f->o.max_per_host) {
      /* The delay runs from one request's start to the next (and from
      ** its answer, see px_fetcher_run), as Crawl-delay means it. */
      if (pc) pc->next = now + pc->delay;
      if (prev) prev->next = next;
      else f->head = next;
      if (f->tail == j) f->tail = prev;
      j->next = NULL;
      f->nqueued--;
      px_rc rc = start(f, j);
      if (rc) {
        job_free(j);
        return rc;
      }
    } else {
      prev = j;
    }
    j = next;
  }
  return PX_OK;
}

static void report(job *j, px_fetch_done_fn done, void *ud, px_rc rc,
                   const char *why) {
  px_fetch_res r;
  memset(&r, 0, sizeof r);
  r.rc = rc;
  r.error = rc ? why : NULL;
  r.status = j->status;
  r.not_modified = j->status == 304;
  r.body = px_buf_cstr(&j->body);
  r.len = j->body.len;
  r.url = j->url;
  r.final_url = j->cur;
  r.redirects = j->hops;
  r.moved_permanently = j->hops > 0 && j->perm;
  r.etag = j->h_etag;
  r.last_modified = j->h_lm;
  r.content_type = j->h_ctype;
  r.content_location = j->h_cloc;
  r.content_language = j->h_clang;
  r.retry_after = px_sched_retry_after(j->h_retry, (int64_t)time(NULL));
  r.seconds = px_clock_secs() - j->started;
  if (done) done(&j->req, &r, ud);
}

/* A transfer ended: report it, or queue its next redirect hop at the
** front. Returns true when the job was requeued. */
static bool finish(px_fetcher *f, job *j, CURLcode cc, px_fetch_done_fn done,
                   void *ud) {
  long st = 0;
  curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &st);
  j->status = st;
  char msg[CURL_ERROR_SIZE + 64];
  if (j->too_big || cc == CURLE_FILESIZE_EXCEEDED) {
    snprintf(msg, sizeof msg, "response over the %zu byte cap", f->o.max_bytes);
    report(j, done, ud, PX_ETOOBIG, msg);
    return false;
  }
  /* libcurl 7.x reports a header line over its 100 KB limit as
  ** CURLE_OUT_OF_MEMORY with no message; one before the headers ended is
  ** that, not the machine running out of memory. */
  if (j->hdr_too_big || (cc == CURLE_OUT_OF_MEMORY && !j->hdr_done)) {
    snprintf(msg, sizeof msg, "response headers too large (over %s)",
             j->hdr_too_big ? "256 KiB in all" : "libcurl's 100 KB for one line");
    report(j, done, ud, PX_ETOOBIG, msg);
    return false;
  }
  if (cc != CURLE_OK) {
    snprintf(msg, sizeof msg, "%s", j->errbuf[0] ? j->errbuf : curl_easy_strerror(cc));
    report(j, done, ud, PX_ENET, msg);
    return false;
  }
  bool redirect = st == 301 || st == 302 || st == 303 || st == 307 || st == 308;
  char *loc = NULL;
  if (redirect) curl_easy_getinfo(j->easy, CURLINFO_REDIRECT_URL, &loc);
  if (redirect && loc) {
    if (j->hops >= f->o.max_redirects) {
      snprintf(msg, sizeof msg, "too many redirects (more than %d)", f->o.max_redirects);
      report(j, done, ud, PX_ENET, msg);
      return false;
    }
    if (!http_url(loc)) {
      snprintf(msg, sizeof msg, "redirect to a non-http URL refused");
      report(j, done, ud, PX_ENET, msg);
      return false;
    }
    char *nu = strdup(loc);
    if (!nu) {
      report(j, done, ud, PX_ENOMEM, "out of memory");
      return false;
    }
    free(j->cur);
    j->cur = nu;
    j->hops++;
    j->perm = j->perm && (st == 301 || st == 308);
    if (set_host(j)) {
      report(j, done, ud, PX_ENOMEM, "out of memory");
      return false;
    }
    j->next = f->head;
    f->head = j;
    if (!f->tail) f->tail = j;
    f->nqueued++;
    return true;
  }
  if (st == 304 && !j->etag && !j->lm) {
    /* Nothing was asked conditionally, so "not modified" since when? Taken
    ** as success it would hide a broken server or cache forever. */
    report(j, done, ud, PX_ENET, "HTTP 304 to a request that was not conditional");
    return false;
  }
  if ((st >= 200 && st < 300) || st == 304) {
    report(j, done, ud, PX_OK, NULL);
  } else {
    snprintf(msg, sizeof msg, "HTTP %ld", st);
    report(j, done, ud, PX_ENET, msg);
  }
  return false;
}

px_rc px_fetcher_run(px_fetcher *f, px_fetch_done_fn done, void *ud,
                     volatile sig_atomic_t *stop, px_err *err) {
  px_rc rc = PX_OK;
  for (;;) {
    double wait = 0;
    if (!(stop && *stop)) {
      rc = fill(f, &wait);
      if (rc) return px_err_set(err, rc, "fetch: cannot start a transfer");
    }
    if (!f->nactive) {
      if (wait <= 0 || (stop && *stop)) break;
      /* Only paced hosts are left: sleep in short steps so a stop request
      ** is still honoured promptly. */
      struct timespec ts = {0, (long)((wait < 0.2 ? wait : 0.2) * 1e9)};
      nanosleep(&ts, NULL);
      continue;
    }
    int running = 0;
    if (curl_multi_perform(f->multi, &running) != CURLM_OK)
      return px_err_set(err, PX_ENET, "fetch: curl_multi_perform failed");
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(f->multi, &left))) {
      if (m->msg != CURLMSG_DONE) continue;
      CURL *e = m->easy_handle;
      CURLcode cc = m->data.result;
      job *j = NULL;
      curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&j);
      curl_multi_remove_handle(f->multi, e);
      /* A paced host waits its delay after an answer too, not only between
      ** starts: a slow site is never asked again the moment it replies. */
      struct pace *pc = j ? pace_of(f, j->host) : NULL;
      double after = pc ? px_clock_secs() + pc->delay : 0;
      if (pc && after > pc->next) pc->next = after;
      for (size_t i = 0; i < f->nactive; i++) {
        if (f->active[i] == j) {
          f->active[i] = f->active[--f->nactive];
          break;
        }
      }
      if (!finish(f, j, cc, done, ud)) job_free(j);
    }
    if (f->nactive && (!(stop && *stop) || running))
      curl_multi_poll(f->multi, NULL, 0, 200, NULL);
  }
  return PX_OK;
}

px_rc px_fetch_one(const px_fetch_opts *opts, const px_fetch_req *req,
                   px_fetch_done_fn done, void *ud, px_err *err) {
  px_fetcher *f;
  px_rc rc = px_fetcher_new(opts, &f, err);
  if (rc) return rc;
  rc = px_fetcher_add(f, req, err);
  if (!rc) rc = px_fetcher_run(f, done, ud, NULL, err);
  px_fetcher_free(f);
  return rc;
}
