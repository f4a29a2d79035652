/*
** alerts.c: saved searches and their deliveries (see alerts.h).
**
** A run, per alert: search, keep the stories not yet sent on a channel,
** deliver them (webhook: one POST per run; email: one digest per
** digest_every_s), and record each delivered story in alert_sent.
** Memory: per-alert buffers are freed before the next alert; curl handles
** live for one delivery.
*/
#include "serve/alerts.h"

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search/search.h"
#include "serve/html.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/str.h"

void px_alert_opts_init(px_alert_opts *o) {
  memset(o, 0, sizeof *o);
  o->max_attempts = 4;
  o->backoff_ms = 250;
  o->timeout_s = 10;
  o->digest_every_s = 86400;
  o->mail_from = "parallax@localhost";
  o->base_url = "http://127.0.0.1:8080";
}

px_rc px_alerts_init(px_store *st, px_err *err) {
  if (st && !px_store_sqlite(st)) return px_store_unsupported(st, "alerts", err);
  sqlite3 *db = px_store_sqlite(st);
  if (sqlite3_exec(
          db,
          "CREATE TABLE IF NOT EXISTS alerts("
          " id INTEGER PRIMARY KEY,"
          " query TEXT NOT NULL,"
          " webhook TEXT, email TEXT,"
          " last_digest INTEGER NOT NULL DEFAULT 0,"
          " created_at TEXT NOT NULL"
          "  DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
          "CREATE TABLE IF NOT EXISTS alert_sent("
          " alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,"
          " story_id INTEGER NOT NULL,"
          " channel TEXT NOT NULL,"
          " sent_at TEXT NOT NULL"
          "  DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
          " PRIMARY KEY(alert_id, story_id, channel));",
          NULL, NULL, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "alerts: %s", sqlite3_errmsg(db));
  return PX_OK;
}

/* A deliberately plain address: no spaces, quotes, angle brackets or line
** breaks can reach an SMTP command or a header. */
static int email_ok(const char *e) {
  const char *at = strchr(e, '@');
  if (!at || at == e || !at[1] || strchr(at + 1, '@') || strlen(e) > 254)
    return 0;
  for (const char *p = e; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (!(px_isalnum(c) || strchr("@.-_+", c))) return 0;
  }
  return 1;
}

px_rc px_alert_add(px_store *st, const char *query, const char *webhook,
                   const char *email, int64_t *id, px_err *err) {
  if (st && !px_store_sqlite(st)) return px_store_unsupported(st, "alerts", err);
  if (webhook && !*webhook) webhook = NULL;
  if (email && !*email) email = NULL;
  if (!query || !*query)
    return px_err_set(err, PX_EINVAL, "alerts: a query is needed");
  if (!webhook && !email)
    return px_err_set(err, PX_EINVAL,
                      "alerts: give a webhook URL, an email address or both");
  px_str w = px_str_from_cstr(webhook ? webhook : "");
  if (webhook && ((!px_str_istarts(w, "http://") &&
                   !px_str_istarts(w, "https://")) ||
                  !px_html_url_ok(webhook)))
    return px_err_set(err, PX_EINVAL,
                      "alerts: the webhook must be an http(s) URL");
  if (email && !email_ok(email))
    return px_err_set(err, PX_EINVAL, "alerts: '%s' is not a plain email "
                                      "address", email);
  px_buf fts;
  px_buf_init(&fts, 0);
  px_rc rc = px_search_translate(query, strlen(query), &fts, err);
  px_buf_reset(&fts);
  if (rc) return rc;
  if ((rc = px_alerts_init(st, err))) return rc;
  sqlite3 *db = px_store_sqlite(st);
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO alerts(query, webhook, email) "
                         "VALUES(?,?,?)",
                         -1, &s, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "alerts: %s", sqlite3_errmsg(db));
  sqlite3_bind_text(s, 1, query, -1, SQLITE_STATIC);
  if (webhook) sqlite3_bind_text(s, 2, webhook, -1, SQLITE_STATIC);
  if (email) sqlite3_bind_text(s, 3, email, -1, SQLITE_STATIC);
  if (sqlite3_step(s) != SQLITE_DONE)
    rc = px_err_set(err, PX_EDB, "alerts: %s", sqlite3_errmsg(db));
  else if (id)
    *id = sqlite3_last_insert_rowid(db);
  sqlite3_finalize(s);
  return rc;
}

px_rc px_alert_delete(px_store *st, int64_t id, px_err *err) {
  if (st && !px_store_sqlite(st)) return px_store_unsupported(st, "alerts", err);
  sqlite3 *db = px_store_sqlite(st);
  sqlite3_stmt *s = NULL;
  px_rc rc = PX_OK;
  /* alert_sent goes too (no foreign-key cascade needed). */
  if (sqlite3_prepare_v2(db, "DELETE FROM alert_sent WHERE alert_id=?1", -1,
                         &s, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(s, 1, id);
    sqlite3_step(s);
  }
  sqlite3_finalize(s);
  if (sqlite3_prepare_v2(db, "DELETE FROM alerts WHERE id=?1", -1, &s,
                         NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "alerts: %s", sqlite3_errmsg(db));
  sqlite3_bind_int64(s, 1, id);
  if (sqlite3_step(s) != SQLITE_DONE)
    rc = px_err_set(err, PX_EDB, "alerts: %s", sqlite3_errmsg(db));
  else if (sqlite3_changes(db) == 0)
    rc = px_err_set(err, PX_ENOTFOUND, "alerts: no alert %lld", (long long)id);
  sqlite3_finalize(s);
  return rc;
}

static const char *col(sqlite3_stmt *s, int i) {
  return (const char *)sqlite3_column_text(s, i);
}

px_rc px_alert_each(px_store *st, px_alert_fn fn, void *ud, px_err *err) {
  if (st && !px_store_sqlite(st)) return px_store_unsupported(st, "alerts", err);
  sqlite3 *db = px_store_sqlite(st);
  sqlite3_stmt *s = NULL;
  px_rc rc = px_alerts_init(st, err);
  if (rc) return rc;
  if (sqlite3_prepare_v2(db,
                         "SELECT id, query, webhook, email, created_at, "
                         "last_digest FROM alerts ORDER BY id",
                         -1, &s, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "alerts: %s", sqlite3_errmsg(db));
  int r;
  while ((r = sqlite3_step(s)) == SQLITE_ROW) {
    px_alert_row row = {sqlite3_column_int64(s, 0), col(s, 1), col(s, 2),
                        col(s, 3), col(s, 4), sqlite3_column_int64(s, 5)};
    if (fn(&row, ud)) break;
  }
  if (r != SQLITE_ROW && r != SQLITE_DONE)
    rc = px_err_set(err, PX_EDB, "alerts: %s", sqlite3_errmsg(db));
  sqlite3_finalize(s);
  return rc;
}

/* ---- delivery ------------------------------------------------------------ */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

static void sleep_ms(unsigned ms) {
  struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

static size_t discard(char *p, size_t sz, size_t n, void *ud) {
  (void)p;
  (void)ud;
  return sz * n;
}

/* 0 sent; 1 failed, worth retrying; 2 failed for good (4xx). */
static int post_once(const px_alert_opts *o, const char *url,
                     const char *json, const char *delivery, char *why, size_t wl) {
  CURL *c = curl_easy_init();
  if (!c) {
    snprintf(why, wl, "out of memory");
    return 1;
  }
  struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
  char hdr[128];
  snprintf(hdr, sizeof hdr, "X-Parallax-Delivery: %s", delivery);
  h = curl_slist_append(h, hdr);
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(json));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)o->timeout_s);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "Parallax/" PX_VERSION);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  int res = 1;
  CURLcode cr = curl_easy_perform(c);
  if (cr == CURLE_OK) {
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (code >= 200 && code < 300)
      res = 0;
    else if (code >= 400 && code < 500 && code != 408 && code != 429)
      res = 2;
    if (res) snprintf(why, wl, "HTTP %ld", code);
  } else {
    snprintf(why, wl, "%s", curl_easy_strerror(cr));
  }
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  return res;
}

typedef struct upload {
  const char *p;
  size_t left;
} upload;

static size_t read_cb(char *out, size_t sz, size_t n, void *ud) {
  upload *u = ud;
  size_t k = sz * n < u->left ? sz * n : u->left;
  memcpy(out, u->p, k);
  u->p += k;
  u->left -= k;
  return k;
}

static int mail_once(const px_alert_opts *o, const char *to, const char *msg, char *why,
                     size_t wl) {
  CURL *c = curl_easy_init();
  if (!c) {
    snprintf(why, wl, "out of memory");
    return 1;
  }
  struct curl_slist *rcpt = curl_slist_append(NULL, to);
  upload u = {msg, strlen(msg)};
  curl_easy_setopt(c, CURLOPT_URL, o->smtp_url);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, o->mail_from);
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(c, CURLOPT_READDATA, &u);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)o->timeout_s);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  CURLcode r = curl_easy_perform(c);
  if (r != CURLE_OK) snprintf(why, wl, "%s", curl_easy_strerror(r));
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(c);
  return r == CURLE_OK ? 0 : 1;
}

/* Runs send() up to max_attempts times with doubling delays. */
typedef int (*send_fn)(const px_alert_opts *, const char *, const char *, const char *,
                       char *why, size_t wl);

/* 0 sent; otherwise why holds the last attempt's reason. */
static int with_retries(const px_alert_opts *o, send_fn send, const char *a, const char *b,
                        const char *c, char *why, size_t wl) {
  unsigned delay = o->backoff_ms;
  unsigned tries = o->max_attempts ? o->max_attempts : 1;
  for (unsigned i = 0; i < tries; i++) {
    int r = send(o, a, b, c, why, wl);
    if (r == 0) return 0;
    if (r == 2) return 1;
    if (i + 1 < tries) {
      sleep_ms(delay);
      delay = delay > 60000 ? delay : delay * 2;
    }
  }
  return 1;
}

static int send_mail(const px_alert_opts *o, const char *to, const char *msg,
                     const char *unused, char *why, size_t wl) {
  (void)unused;
  return mail_once(o, to, msg, why, wl);
}

typedef struct story_ref {
  int64_t id;
  char *title;
  size_t narticles;
} story_ref;

/* The stories matching an alert's query and not yet sent on channel. */
static px_rc new_stories(px_store *st, int64_t alert_id, const char *query,
                         const char *channel, story_ref **out, size_t *n,
                         px_err *err) {
  px_search_query q = {0};
  q.q = query;
  q.qlen = strlen(query);
  q.limit = 100;
  px_search_result *r = NULL;
  px_rc rc = px_search_run(st, &q, &r, err);
  if (rc) return rc;
  story_ref *v = calloc(r->ngroups + 1, sizeof *v);
  size_t k = 0;
  sqlite3 *db = px_store_sqlite(st);
  sqlite3_stmt *s = NULL;
  if (!v || sqlite3_prepare_v2(db,
                               "SELECT 1 FROM alert_sent WHERE alert_id=?1 "
                               "AND story_id=?2 AND channel=?3",
                               -1, &s, NULL) != SQLITE_OK) {
    rc = v ? px_err_set(err, PX_EDB, "alerts: %s", sqlite3_errmsg(db))
           : px_err_set(err, PX_ENOMEM, "out of memory");
    goto out;
  }
  for (size_t g = 0; g < r->ngroups; g++) {
    if (!r->groups[g].story_id) continue;
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, alert_id);
    sqlite3_bind_int64(s, 2, r->groups[g].story_id);
    sqlite3_bind_text(s, 3, channel, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) continue;
    v[k].id = r->groups[g].story_id;
    const char *t = r->groups[g].story_title;
    if (!t || !*t) t = r->hits[r->groups[g].first].title;
    v[k].title = strdup(t ? t : "");
    v[k].narticles = r->groups[g].count;
    k++;
  }
out:
  sqlite3_finalize(s);
  px_search_result_free(r);
  if (rc) {
    free(v);
    return rc;
  }
  *out = v;
  *n = k;
  return PX_OK;
}

static void free_refs(story_ref *v, size_t n) {
  for (size_t i = 0; i < n; i++) free(v[i].title);
  free(v);
}

static px_rc mark_sent(px_store *st, int64_t alert_id, const story_ref *v,
                       size_t n, const char *channel, px_err *err) {
  sqlite3 *db = px_store_sqlite(st);
  sqlite3_stmt *s = NULL;
  px_rc rc = px_store_begin(st, err);
  if (rc) return rc;
  if (sqlite3_prepare_v2(db,
                         "INSERT OR IGNORE INTO alert_sent(alert_id, "
                         "story_id, channel) VALUES(?,?,?)",
                         -1, &s, NULL) != SQLITE_OK) {
    px_store_rollback(st);
    return px_err_set(err, PX_EDB, "alerts: %s", sqlite3_errmsg(db));
  }
  for (size_t i = 0; i < n && !rc; i++) {
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, alert_id);
    sqlite3_bind_int64(s, 2, v[i].id);
    sqlite3_bind_text(s, 3, channel, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE)
      rc = px_err_set(err, PX_EDB, "alerts: %s", sqlite3_errmsg(db));
  }
  sqlite3_finalize(s);
  if (rc) {
    px_store_rollback(st);
    return rc;
  }
  return px_store_commit(st, err);
}

static char *webhook_json(const px_alert_opts *o, const px_alert_row *a,
                          const story_ref *v, size_t n) {
  json_t *root = json_object();
  json_t *al = json_object();
  json_object_set_new(al, "id", json_integer(a->id));
  json_object_set_new(al, "query", json_string(a->query));
  json_object_set_new(root, "alert", al);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *s = json_object();
    char url[256];
    snprintf(url, sizeof url, "%s/stories/%lld", o->base_url,
             (long long)v[i].id);
    json_object_set_new(s, "id", json_integer(v[i].id));
    json_t *t = json_string(v[i].title);
    json_object_set_new(s, "title", t ? t : json_string(""));
    json_object_set_new(s, "url", json_string(url));
    json_object_set_new(s, "matching_articles", json_integer((json_int_t)v[i].narticles));
    json_array_append_new(arr, s);
  }
  json_object_set_new(root, "stories", arr);
  char *out = json_dumps(root, JSON_COMPACT);
  json_decref(root);
  return out;
}

static void delivery_id(int64_t alert_id, const story_ref *v, size_t n,
                        char out[48]) {
  uint64_t h = (uint64_t)alert_id;
  for (size_t i = 0; i < n; i++) h = px_hash64(&v[i].id, sizeof v[i].id, h);
  snprintf(out, 48, "%lld-%016llx", (long long)alert_id,
           (unsigned long long)h);
}

static char *digest_mail(const px_alert_opts *o, const px_alert_row *a,
                         const story_ref *v, size_t n, int64_t now) {
  px_buf b;
  px_buf_init(&b, 0);
  char date[64];
  time_t t = (time_t)now;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  px_buf_printf(&b,
                "Date: %s\r\nFrom: %s\r\nTo: %s\r\n"
                "Subject: Parallax digest: %zu new stor%s\r\n"
                "Message-ID: <alert-%lld-%lld@parallax>\r\n"
                "MIME-Version: 1.0\r\n"
                "Content-Type: text/plain; charset=utf-8\r\n"
                "Content-Transfer-Encoding: 8bit\r\n\r\n",
                date, o->mail_from, a->email, n, n == 1 ? "y" : "ies",
                (long long)a->id, (long long)now);
  px_buf_puts(&b, "New stories matching your saved search: ");
  /* The query and titles go in the body only, with line breaks removed. */
  for (const char *p = a->query; *p; p++)
    px_buf_putc(&b, (*p == '\r' || *p == '\n') ? ' ' : *p);
  px_buf_puts(&b, "\r\n\r\n");
  for (size_t i = 0; i < n; i++) {
    px_buf_puts(&b, "* ");
    for (const char *p = v[i].title; *p; p++)
      px_buf_putc(&b, (*p == '\r' || *p == '\n') ? ' ' : *p);
    px_buf_printf(&b, "\r\n  %s/stories/%lld\r\n", o->base_url,
                  (long long)v[i].id);
  }
  return px_buf_detach(&b);
}

static int post_adapter(const px_alert_opts *o, const char *url,
                        const char *json, const char *delivery, char *why, size_t wl) {
  return post_once(o, url, json, delivery, why, wl);
}

typedef struct run_ctx {
  px_store *st;
  const px_alert_opts *o;
  px_alerts_report *rep;
  px_err *err;
  px_rc rc;
  int64_t now;
  px_alert_row *rows;
  size_t nrows;
} run_ctx;

static char *dup0(const char *s) { return s ? strdup(s) : NULL; }

static int collect(const px_alert_row *r, void *ud) {
  run_ctx *c = ud;
  px_alert_row *p = realloc(c->rows, (c->nrows + 1) * sizeof *p);
  if (!p) return 1;
  c->rows = p;
  px_alert_row *d = &c->rows[c->nrows++];
  d->id = r->id;
  d->query = dup0(r->query);
  d->webhook = dup0(r->webhook);
  d->email = dup0(r->email);
  d->created_at = dup0(r->created_at);
  d->last_digest = r->last_digest;
  return 0;
}

static void run_one(run_ctx *c, const px_alert_row *a) {
  const px_alert_opts *o = c->o;
  story_ref *v = NULL;
  size_t n = 0;
  px_err e = {0};
  if (a->webhook &&
      new_stories(c->st, a->id, a->query, "webhook", &v, &n, &e) == PX_OK) {
    if (n) {
      char *json = webhook_json(o, a, v, n);
      char did[48];
      delivery_id(a->id, v, n, did);
      char why[256] = "out of memory";
      if (json && with_retries(o, post_adapter, a->webhook, json, did, why, sizeof why) == 0) {
        c->rep->webhooks++;
        c->rep->stories += n;
        mark_sent(c->st, a->id, v, n, "webhook", &e);
      } else {
        c->rep->failures++;
        if (o->on_failure) o->on_failure(a->id, "webhook", a->webhook, why, o->failure_ud);
      }
      free(json);
    }
    free_refs(v, n);
    v = NULL;
    n = 0;
  }
  if (a->email && o->smtp_url &&
      (a->last_digest == 0 ||
       c->now - a->last_digest >= (int64_t)o->digest_every_s) &&
      new_stories(c->st, a->id, a->query, "email", &v, &n, &e) == PX_OK) {
    if (n) {
      char *msg = digest_mail(o, a, v, n, c->now);
      char why[256] = "out of memory";
      if (msg && with_retries(o, send_mail, a->email, msg, NULL, why, sizeof why) == 0) {
        c->rep->emails++;
        c->rep->stories += n;
        if (mark_sent(c->st, a->id, v, n, "email", &e) == PX_OK) {
          sqlite3 *db = px_store_sqlite(c->st);
          sqlite3_stmt *s = NULL;
          if (sqlite3_prepare_v2(db,
                                 "UPDATE alerts SET last_digest=? WHERE id=?",
                                 -1, &s, NULL) == SQLITE_OK) {
            sqlite3_bind_int64(s, 1, c->now);
            sqlite3_bind_int64(s, 2, a->id);
            sqlite3_step(s);
          }
          sqlite3_finalize(s);
        }
      } else {
        c->rep->failures++;
        if (o->on_failure) o->on_failure(a->id, "email", a->email, why, o->failure_ud);
      }
      free(msg);
    }
    free_refs(v, n);
  }
}

px_rc px_alerts_run(px_store *st, const px_alert_opts *o,
                    px_alerts_report *rep, px_err *err) {
  if (st && !px_store_sqlite(st)) return px_store_unsupported(st, "alerts", err);
  pthread_once(&curl_once, curl_init);
  px_alerts_report dummy;
  memset(&dummy, 0, sizeof dummy);
  if (!rep) rep = &dummy;
  run_ctx c = {st, o, rep, err, PX_OK, o->now ? o->now : (int64_t)time(NULL),
               NULL, 0};
  /* Read the alerts first: deliveries write to the store. */
  px_rc rc = px_alert_each(st, collect, &c, err);
  for (size_t i = 0; !rc && i < c.nrows; i++) run_one(&c, &c.rows[i]);
  for (size_t i = 0; i < c.nrows; i++) {
    free((char *)c.rows[i].query);
    free((char *)c.rows[i].webhook);
    free((char *)c.rows[i].email);
    free((char *)c.rows[i].created_at);
  }
  free(c.rows);
  return rc;
}
