/*
** cmd_core.c: the core commands: add, articles, article, stories, story,
** copies, extract, delete. Output is text by default, JSON with --json
** (jansson, stable key order) and Markdown for stories with --markdown.
*/
#include "cli/cli.h"
#include "store/pipeline.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/err.h"
#include "util/file.h"
#include "util/str.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#if __has_include("extract/dump.h") && !defined(PX_NO_DUMP)
#include "extract/dump.h"
#define HAVE_DUMP 1
#endif
#if __has_include("extract/plaintext.h") && !defined(PX_NO_PLAIN)
#include "extract/plaintext.h"
#define HAVE_PLAIN 1
#endif
#if __has_include("extract/html_extract.h") && !defined(PX_NO_HTML)
#include "extract/html_extract.h"
#define HAVE_HTML 1
#endif
#if __has_include("dedup/copies.h") && !defined(PX_NO_COPIES)
#include "dedup/copies.h"
#define HAVE_COPIES 1
#endif
#if __has_include("analyze/analysis.h") && !defined(PX_NO_ANALYSIS)
#include "analyze/analysis.h"
#define HAVE_ANALYSIS 1
#endif

/* ---- shared helpers ----------------------------------------------------- */

px_store *px_cli_store(px_cli *cli) {
  if (cli->store) return cli->store;
  px_err err = {0};
  if (px_store_open(cli->db_path, &cli->store, &err) != PX_OK) {
    fprintf(stderr, "parallax: %s\n", err.msg);
    return NULL;
  }
  return cli->store;
}

int px_cli_exit_for(px_rc rc) {
  switch (rc) {
  case PX_OK: return PX_EXIT_OK;
  case PX_EINVAL: return PX_EXIT_USAGE;
  case PX_ENOTFOUND: return PX_EXIT_NOTFOUND;
  default: return PX_EXIT_FAIL;
  }
}

int px_cli_fail(const px_err *err) {
  fprintf(stderr, "parallax: %s\n", err->msg[0] ? err->msg : px_strerror(err->rc));
  return px_cli_exit_for(err->rc);
}

void px_cli_pipeline_done(px_pipeline *p) {
  px_err err = {0};
  if (p && px_pipeline_save(p, &err) != PX_OK)
    fprintf(stderr, "parallax: warning: state not saved (the next run rebuilds it): %s\n",
            err.msg);
  px_pipeline_free(p);
}

int px_cli_parse_id(const char *s, int64_t *id) {
  char *end;
  long long v = s ? strtoll(s, &end, 10) : 0;
  if (!s || !*s || *end || v <= 0) {
    fprintf(stderr, "parallax: '%s' is not an id (a positive number)\n", s ? s : "");
    return -1;
  }
  *id = v;
  return 0;
}

void px_cli_write(const char *s, size_t len) { fwrite(s, 1, len, stdout); }

static void print_json(json_t *j) {
  char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  if (s) {
    puts(s);
    free(s);
  }
}

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

/* An instant as RFC 3339 UTC for JSON ("2023-06-19T14:48:00Z"), or null:
** "published" keeps the text as the outlet wrote it, this is what orders. */
static json_t *jutc(int64_t t) {
  char iso[32];
  px_date_utc_iso(t, iso, sizeof iso);
  return t ? json_string(iso) : json_null();
}

/* A publish time for people (util/date.h px_date_show), or `none`. */
static const char *shown(const char *published, int64_t utc, char out[PX_DATE_SHOW_MAX],
                         const char *none) {
  px_date_show(published, utc, out, PX_DATE_SHOW_MAX);
  return out[0] ? out : none;
}

/* ---- fetching one page ------------------------------------------------------- */

#include "ingest/fetch.h"
#include "ingest/robots.h"
#include "ingest/url.h"

static int is_url(const char *s) {
  return !strncmp(s, "http://", 7) || !strncmp(s, "https://", 8);
}

/* "ftp://...", "file://...": a URL of a scheme we do not fetch, which
** would otherwise be looked for as a file and reported "No such file". */
static int other_url(const char *s) {
  size_t n = 0;
  while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
         (n && ((s[n] >= '0' && s[n] <= '9') || s[n] == '+' || s[n] == '-' || s[n] == '.')))
    n++;
  return n > 1 && !strncmp(s + n, "://", 3) && !is_url(s);
}

typedef struct page {
  px_buf body;
  char *content_type, *final_url;
  long status;
  px_rc rc;
  char error[256];
} page;

#ifndef PX_CLI_LIGHT
static void page_done(const px_fetch_req *req, const px_fetch_res *res, void *ud) {
  (void)req;
  page *pg = ud;
  pg->rc = res->rc;
  pg->status = res->status;
  if (res->rc) {
    snprintf(pg->error, sizeof pg->error, "%s", res->error ? res->error : "fetch failed");
    return;
  }
  px_buf_append(&pg->body, res->body, res->len);
  pg->content_type = res->content_type ? strdup(res->content_type) : NULL;
  pg->final_url = strdup(res->final_url ? res->final_url : res->url);
}

#endif

static void page_reset(page *pg) {
  px_buf_reset(&pg->body);
  free(pg->content_type);
  free(pg->final_url);
}

/* What one command remembers between the pages it fetches: each site's
** robots.txt (read once, not once per page) and when its last page was
** requested, so a Crawl-delay is kept between pages of one site. */
typedef struct polite {
  px_robots_cache *robots;
  struct visit { char *origin; double at; } *visits;
  size_t nvisits;
} polite;

static void polite_free(polite *pl) {
  px_robots_cache_free(pl->robots);
  for (size_t i = 0; i < pl->nvisits; i++) free(pl->visits[i].origin);
  free(pl->visits);
}

#ifndef PX_CLI_LIGHT
/* Waits out origin's crawl delay since its last page, then records this
** visit. A failure to record only costs politeness toward later pages. */
static void pace(polite *pl, const char *origin, double delay) {
  struct visit *v = NULL;
  for (size_t i = 0; i < pl->nvisits; i++)
    if (!strcmp(pl->visits[i].origin, origin)) v = &pl->visits[i];
  if (delay > PX_FETCH_MAX_DELAY) delay = PX_FETCH_MAX_DELAY;
  if (v && delay > 0) {
    double wait = v->at + delay - px_clock_secs();
    if (wait > 0) {
      if (wait >= 1) fprintf(stderr, "parallax: waiting %.0f s: %s asks for a crawl delay\n",
                             wait, origin);
      struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
      nanosleep(&ts, NULL);
    }
  }
  if (!v) {
    struct visit *nv = realloc(pl->visits, (pl->nvisits + 1) * sizeof *nv);
    char *o = strdup(origin);
    if (nv) pl->visits = nv;
    if (!nv || !o) {
      free(o);
      return;
    }
    v = &pl->visits[pl->nvisits++];
    v->origin = o;
  }
  v->at = px_clock_secs();
}

/* Fetches an article page the polite way: robots.txt first (a page it
** disallows is refused), the site's crawl delay kept, then the page. */
static px_rc fetch_page(polite *pl, const char *url, page *pg, px_err *err) {
  memset(pg, 0, sizeof *pg);
  px_buf_init(&pg->body, 0);
  px_buf origin;
  px_buf_init(&origin, 0);
  px_rc rc = px_url_origin(url, strlen(url), &origin);
  if (rc) {
    px_buf_reset(&origin);
    return px_err_set(err, PX_EINVAL, "%s: not a valid http(s) URL", url);
  }
  char *site = strdup(px_buf_cstr(&origin));
  if (!site) {
    px_buf_reset(&origin);
    return px_err_set(err, PX_ENOMEM, "out of memory");
  }
  int64_t now = (int64_t)time(NULL);
  const px_robots *robots = px_robots_cache_get(pl->robots, site, now);
  int status = -1;  /* -1: from the cache */
  char rb_error[sizeof err->msg + 16] = "";
  if (!robots) {
    px_buf_puts(&origin, "/robots.txt");
    page rb;
    memset(&rb, 0, sizeof rb);
    px_buf_init(&rb.body, 0);
    px_fetch_req req = {0};
    req.url = px_buf_cstr(&origin);
    rc = px_fetch_one(NULL, &req, page_done, &rb, err);
    status = rc == PX_OK ? (int)rb.status : 0;
    snprintf(rb_error, sizeof rb_error, "%s",
             rc ? err->msg : rb.error[0] ? rb.error : "no answer");
    robots = px_robots_cache_put(pl->robots, site, status, px_buf_cstr(&rb.body),
                                 rb.body.len, PX_FETCH_ROBOTS_AGENT, now);
    page_reset(&rb);
    pace(pl, site, 0);  /* the robots.txt request counts as a visit */
    px_err_clear(err);
  }
  px_buf_reset(&origin);
  px_buf path;
  px_buf_init(&path, 0);
  int allowed = robots && px_url_path_query(url, strlen(url), &path) == PX_OK &&
                px_robots_allowed(robots, px_buf_cstr(&path), path.len);
  px_buf_reset(&path);
  if (!allowed) {
    free(site);
    if (!robots) return px_err_set(err, PX_ENOMEM, "out of memory");
    /* No answer at all (a host that does not resolve, a refused
    ** connection) is the site's problem, not its robots.txt's. */
    if (status == 0)
      return px_err_set(err, PX_ENET, "%s: %s", url, rb_error);
    return px_err_set(err, PX_EREFUSED, "%s: the site's robots.txt %s", url,
                      status >= 500 ? "answers with a server error, which means "
                                      "\"disallow\" for now"
                      : status < 0 ? "disallows this page (or could not be read "
                                     "a moment ago)"
                                   : "disallows this page");
  }
  pace(pl, site, px_robots_crawl_delay(robots));
  free(site);
  px_fetch_req req = {0};
  req.url = url;
  rc = px_fetch_one(NULL, &req, page_done, pg, err);
  if (rc == PX_OK && pg->rc) rc = px_err_set(err, pg->rc, "%s: %s", url, pg->error);
  if (rc) page_reset(pg);
  return rc;
}
#else
/* Never reached: add and extract hand any URL to parallax-full first. */
static px_rc fetch_page(polite *pl, const char *url, page *pg, px_err *err) {
  (void)pl;
  memset(pg, 0, sizeof *pg);
  return px_err_set(err, PX_EINVAL, "%s: this build does not fetch", url);
}
#endif

/* ---- add ------------------------------------------------------------------ */

struct add_ctx {
  px_cli *cli;
  px_pipeline *p;
  size_t added, updated, unchanged, dup, failed;
  const char *file;  /* current file, for JSON-lines line reports */
  char *db_real;     /* the store's own path, never ingested */
  polite web;        /* for page URLs */
};

/* The store's files (and SQLite's -wal/-shm/-journal beside them) may sit
** in the folder being added: they are not articles. */
static int is_store_file(const struct add_ctx *c, const char *path) {
  if (!c->db_real) return 0;
  char *real = realpath(path, NULL);
  if (!real) return 0;
  size_t n = strlen(c->db_real);
  int same = !strncmp(real, c->db_real, n) &&
             (!real[n] || !strcmp(real + n, "-wal") || !strcmp(real + n, "-shm") ||
              !strcmp(real + n, "-journal"));
  free(real);
  return same;
}

static const char *status_word(px_add_status s) {
  switch (s) {
  case PX_ADDED: return "added";
  case PX_UPDATED: return "updated";
  case PX_UNCHANGED: return "unchanged (already stored)";
  case PX_DUPLICATE: return "duplicate of";
  }
  return "";
}

static void add_report(const char *where, px_rc rc, const char *msg,
                       const px_add_result *res, void *ud) {
  struct add_ctx *c = ud;
  int is_line = !strncmp(where, "line ", 5);
  if (rc) {
    c->failed++;
    if (is_line) fprintf(stderr, "parallax: %s: %s\n", c->file, msg);
    else fprintf(stderr, "parallax: %s\n", msg);
    return;
  }
  if (res->note[0])
    fprintf(stderr, "parallax: %s%s%s: %s\n", is_line ? c->file : "",
            is_line ? ": " : "", where, res->note);
  switch (res->status) {
  case PX_ADDED: c->added++; break;
  case PX_UPDATED: c->updated++; break;
  case PX_UNCHANGED: c->unchanged++; break;
  case PX_DUPLICATE: c->dup++; break;
  }
  if (c->cli->quiet) return;
  if (res->status == PX_DUPLICATE)
    printf("%s%s%s: duplicate of article %lld (its URL is kept there)\n",
           is_line ? c->file : "", is_line ? ": " : "", where,
           (long long)res->article_id);
  else
    printf("%s%s%s: %s as article %lld, story %lld\n", is_line ? c->file : "",
           is_line ? ": " : "", where, status_word(res->status),
           (long long)res->article_id, (long long)res->story_id);
}

static px_rc add_url(struct add_ctx *c, const char *url) {
  px_err err = {0};
  page pg;
  px_rc rc = fetch_page(&c->web, url, &pg, &err);
  if (rc == PX_OK) {
    px_input in = {0};
    in.data = pg.body.data ? pg.body.data : "";
    in.len = pg.body.len;
    in.url = pg.final_url;
    in.content_type = pg.content_type;
    px_add_result res;
    rc = px_pipeline_add(c->p, &in, &res, &err);
    if (rc == PX_OK) add_report(url, rc, "", &res, c);
    page_reset(&pg);
  }
  if (rc) {
    c->failed++;
    fprintf(stderr, "parallax: %s\n", err.msg[0] ? err.msg : px_strerror(rc));
  }
  return rc == PX_EDB ? rc : PX_OK;
}

static px_rc add_one(const char *path, void *ud) {
  struct add_ctx *c = ud;
  px_err err = {0};
  if (is_store_file(c, path)) return PX_OK;
  c->file = path;
  px_rc rc = px_pipeline_add_file(c->p, path, add_report, c, &err);
  if (rc) {
    c->failed++;
    fprintf(stderr, "parallax: %s\n", err.msg[0] ? err.msg : px_strerror(rc));
    /* An unusable store cannot take the rest of the batch either. */
    if (rc == PX_EDB) return rc;
  }
  return PX_OK;
}

static void walk_error(const char *path, const char *reason, void *ud) {
  struct add_ctx *c = ud;
  c->failed++;
  fprintf(stderr, "parallax: %s: %s\n", path, reason);
}

int px_cmd_add(px_cli *cli, int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: parallax add PATH...\n");
    return PX_EXIT_USAGE;
  }
  for (int i = 1; PX_CLI_IS_LIGHT && i < argc; i++)
    if (is_url(argv[i])) return px_cli_run_full(cli);
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  px_err err = {0};
  struct add_ctx c = {cli, NULL, 0, 0, 0, 0, 0, NULL, realpath(cli->db_path, NULL),
                      {px_robots_cache_new(3600), NULL, 0}};
  if (!c.web.robots) {
    free(c.db_real);
    fprintf(stderr, "parallax: out of memory\n");
    return PX_EXIT_FAIL;
  }
  if (px_pipeline_new(st, &c.p, &err)) {
    free(c.db_real);
    polite_free(&c.web);
    return px_cli_fail(&err);
  }
  px_rc rc = PX_OK;
  for (int i = 1; i < argc && rc != PX_EDB; i++) {
    if (other_url(argv[i])) {
      walk_error(argv[i], "only http:// and https:// URLs are fetched", &c);
      continue;
    }
    rc = is_url(argv[i]) ? add_url(&c, argv[i])
                         : px_file_walk(argv[i], add_one, walk_error, &c);
  }
  if (rc == PX_OK && px_pipeline_refresh(c.p, &err) != PX_OK) {
    fprintf(stderr, "parallax: %s\n", err.msg);
    c.failed++;
  }
  px_cli_pipeline_done(c.p);
  free(c.db_real);
  polite_free(&c.web);
  if (!cli->quiet)
    printf("%zu added, %zu updated, %zu unchanged, %zu duplicates, %zu failed\n",
           c.added, c.updated, c.unchanged, c.dup, c.failed);
  if (rc == PX_EDB) return PX_EXIT_FAIL;
  return c.failed ? PX_EXIT_PARTIAL : PX_EXIT_OK;
}

/* ---- articles / article ---------------------------------------------------- */

static json_t *article_json(const px_article_row *r) {
  json_error_t je;
  json_t *authors = r->authors_json ? json_loads(r->authors_json, 0, &je) : NULL;
  json_t *meta = r->feed_meta ? json_loads(r->feed_meta, 0, &je) : NULL;
  return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:I, s:I, s:o}",
                   "id", (json_int_t)r->id, "source", jstr(r->source[0] ? r->source : NULL),
                   "title", jstr(r->title), "url", jstr(r->url),
                   "published", jstr(r->published), "published_utc", jutc(r->published_utc),
                   "authors", authors ? authors : json_array(), "wire", jstr(r->wire),
                   "dateline", jstr(r->dateline), "lang", jstr(r->lang),
                   "republished", r->is_republished, "story",
                   (json_int_t)r->story_id, "chars", (json_int_t)r->body_len,
                   "feed", meta ? meta : json_null());
}

struct list_ctx {
  px_cli *cli;
  json_t *arr;
};

static int list_one(const px_article_row *r, void *ud) {
  struct list_ctx *c = ud;
  if (c->arr) {
    json_array_append_new(c->arr, article_json(r));
    return 0;
  }
  char when[PX_DATE_SHOW_MAX];
  printf("%5lld  %-22.22s  %-20.20s  story %-4lld %s\n", (long long)r->id,
         r->source[0] ? r->source : "(unknown outlet)",
         shown(r->published, r->published_utc, when, "-"), (long long)r->story_id,
         r->title ? r->title : "(untitled)");
  return 0;
}

int px_cmd_articles(px_cli *cli, int argc, char **argv) {
  const char *source = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--source") && i + 1 < argc) source = argv[++i];
    else {
      fprintf(stderr, "parallax: articles: %s '%s'\nusage: parallax articles [--source NAME]\n",
              !strcmp(argv[i], "--source") ? "a name must follow" : "unknown option",
              argv[i]);
      return PX_EXIT_USAGE;
    }
  }
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  px_err err = {0};
  int64_t sid = 0;
  if (source && px_store_source_id(st, source, 0, &sid, &err)) return px_cli_fail(&err);
  struct list_ctx c = {cli, cli->fmt == PX_FMT_JSON ? json_array() : NULL};
  if (px_store_article_each(st, sid, list_one, &c, &err)) {
    json_decref(c.arr);
    return px_cli_fail(&err);
  }
  if (c.arr) {
    print_json(c.arr);
    json_decref(c.arr);
  }
  return PX_EXIT_OK;
}

static int print_url(const char *url, const char *source, void *ud) {
  json_t *arr = ud;
  if (arr) json_array_append_new(arr, json_pack("{s:s, s:o}", "url", url, "source", jstr(source)));
  else printf("  seen at: %s%s%s%s\n", url, source ? " (" : "", source ? source : "", source ? ")" : "");
  return 0;
}

static void render_doc_text(px_doc *d, px_buf *out) {
#ifdef HAVE_DUMP
  px_doc_to_text(d, out);
#else
  for (size_t i = 0; i < d->nblocks; i++) {
    if (d->blocks[i].kind == PX_BLOCK_CAPTION) continue;
    px_buf_append(out, d->blocks[i].text, d->blocks[i].len);
    px_buf_puts(out, "\n\n");
  }
#endif
}

/* "CMD ID [FLAG]": exactly one id, and at most the one flag. Returns 0, or
** the exit code after printing the usage. */
static int id_and_flag(int argc, char **argv, const char *flag, const char *usage,
                       int64_t *id, int *has_flag) {
  const char *ids = NULL;
  int extra = 0;
  *has_flag = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], flag)) *has_flag = 1;
    else if (!ids) ids = argv[i];
    else extra = 1;
  }
  if (!ids || extra) {
    fprintf(stderr, "usage: parallax %s\n", usage);
    return PX_EXIT_USAGE;
  }
  return px_cli_parse_id(ids, id) ? PX_EXIT_USAGE : 0;
}

int px_cmd_article(px_cli *cli, int argc, char **argv) {
  int64_t id;
  int raw, bad = id_and_flag(argc, argv, "--raw", "article ID [--raw]", &id, &raw);
  if (bad) return bad;
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  px_err err = {0};
  if (raw) {
    char *data;
    size_t len;
    if (px_store_article_raw(st, id, &data, &len, &err)) return px_cli_fail(&err);
    px_cli_write(data, len);
    free(data);
    return PX_EXIT_OK;
  }
  px_article_row *row = NULL;
  px_doc *d = NULL;
  if (px_store_article_get(st, id, &row, &err) ||
      px_store_article_doc(st, id, &d, &err)) {
    px_article_row_free(row);
    return px_cli_fail(&err);
  }
  if (cli->fmt == PX_FMT_JSON) {
    json_t *j = article_json(row);
    json_t *urls = json_array();
    px_store_article_urls(st, id, print_url, urls, &err);
    json_object_set_new(j, "urls", urls);
    json_t *blocks = json_array();
    for (size_t i = 0; i < d->nblocks; i++)
      json_array_append_new(blocks, json_pack("{s:s, s:s}", "kind",
                                              px_block_kind_name(d->blocks[i].kind),
                                              "text", d->blocks[i].text));
    json_object_set_new(j, "subtitle", jstr(d->subtitle));
    json_object_set_new(j, "blocks", blocks);
    print_json(j);
    json_decref(j);
  } else {
    printf("Article %lld", (long long)id);
    if (row->story_id) printf(" (story %lld)", (long long)row->story_id);
    printf("\n");
    px_store_article_urls(st, id, print_url, NULL, &err);
    px_buf out;
    px_buf_init(&out, 0);
    render_doc_text(d, &out);
    px_cli_write(px_buf_cstr(&out), out.len);
    px_buf_reset(&out);
  }
  px_doc_free(d);
  px_article_row_free(row);
  return PX_EXIT_OK;
}

/* ---- copies ------------------------------------------------------------------ */


/* Loads a story's article rows and docs, oldest first. */
static px_rc load_story(px_store *st, int64_t id, px_article_row ***rows_out,
                        px_doc ***docs_out, int64_t **ids_out, size_t *n_out,
                        px_err *err) {
  int64_t *ids = NULL;
  size_t n = 0;
  px_rc rc = px_store_story_articles(st, id, &ids, &n, err);
  if (rc) return rc;
  px_article_row **rows = calloc(n ? n : 1, sizeof *rows);
  px_doc **docs = calloc(n ? n : 1, sizeof *docs);
  if (!rows || !docs) rc = px_err_set(err, PX_ENOMEM, "out of memory");
  for (size_t i = 0; rc == PX_OK && i < n; i++) {
    rc = px_store_article_get(st, ids[i], &rows[i], err);
    if (rc == PX_OK) rc = px_store_article_doc(st, ids[i], &docs[i], err);
  }
  if (rc) {
    for (size_t i = 0; i < n; i++) {
      if (rows) px_article_row_free(rows[i]);
      if (docs) px_doc_free(docs[i]);
    }
    free(rows);
    free(docs);
    free(ids);
    return rc;
  }
  *rows_out = rows;
  *docs_out = docs;
  *ids_out = ids;
  *n_out = n;
  return PX_OK;
}

static void free_story(px_article_row **rows, px_doc **docs, int64_t *ids,
                       size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (rows) px_article_row_free(rows[i]);
    if (docs) px_doc_free(docs[i]);
  }
  free(rows);
  free(docs);
  free(ids);
}

/* ---- stories / story ------------------------------------------------------- */

/* "1 article from 1 outlet", "3 articles from 2 outlets". */
static const char *counts(int64_t narticles, int64_t noutlets) {
  static char s[96];
  snprintf(s, sizeof s, "%lld article%s from %lld outlet%s", (long long)narticles,
           narticles == 1 ? "" : "s", (long long)noutlets, noutlets == 1 ? "" : "s");
  return s;
}

static int story_one(const px_story_row *r, void *ud) {
  struct list_ctx *c = ud;
  if (c->arr) {
    json_array_append_new(c->arr, json_pack(
        "{s:I, s:o, s:o, s:I, s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)r->id,
        "title", jstr(r->title), "topic", jstr(r->topic),
        "articles", (json_int_t)r->narticles, "outlets", (json_int_t)r->nsources,
        "first_published", jstr(r->first_published),
        "last_published", jstr(r->last_published),
        "first_published_utc", jutc(r->first_utc),
        "last_published_utc", jutc(r->last_utc)));
    return 0;
  }
  printf("Story %lld: %s\n  %s", (long long)r->id, r->title ? r->title : "(untitled)",
         counts(r->narticles, r->nsources));
  if (r->first_published) {
    /* In UTC, zone said: the outlets' own clocks are in different zones. */
    char a[PX_DATE_SHOW_MAX], b[PX_DATE_SHOW_MAX];
    printf(", %s to %s", shown(r->first_published, r->first_utc, a, "?"),
           shown(r->last_published, r->last_utc, b, "?"));
  }
  if (r->topic) printf("; topic: %s", r->topic);
  printf("\n");
  return 0;
}

int px_cmd_stories(px_cli *cli, int argc, char **argv) {
  if (argc > 1) {
    fprintf(stderr, "parallax: stories: unknown %s '%s'\nusage: parallax stories\n",
            argv[1][0] == '-' ? "option" : "argument", argv[1]);
    return PX_EXIT_USAGE;
  }
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  px_err err = {0};
  struct list_ctx c = {cli, cli->fmt == PX_FMT_JSON ? json_array() : NULL};
  if (px_store_story_each(st, story_one, &c, &err)) {
    json_decref(c.arr);
    return px_cli_fail(&err);
  }
  if (c.arr) {
    print_json(c.arr);
    json_decref(c.arr);
  }
  return PX_EXIT_OK;
}

/* Related stories (store.h): into the JSON object, or as lines. */
static void related(px_cli *cli, px_store *st, int64_t id, json_t *j, px_buf *out) {
  px_story_row **rows = NULL;
  double *sc = NULL;
  size_t n = 0;
  px_err err = {0};
  if (px_store_story_related_get(st, id, PX_STORY_RELATED_MAX, &rows, &sc, &n, &err)) {
    fprintf(stderr, "parallax: story %lld: related stories: %s\n", (long long)id, err.msg);
    return;
  }
  json_t *arr = j ? json_array() : NULL;
  if (!j && n)
    px_buf_puts(out, cli->fmt == PX_FMT_MARKDOWN ? "## Related stories\n\n" : "Related stories:\n");
  for (size_t i = 0; i < n; i++) {
    const px_story_row *r = rows[i];
    if (arr) {
      json_array_append_new(arr, json_pack("{s:I, s:s?, s:I, s:s?, s:o, s:f}", "id",
                                           (json_int_t)r->id, "title", r->title, "outlets",
                                           (json_int_t)r->nsources, "last_published",
                                           r->last_published, "last_published_utc",
                                           jutc(r->last_utc), "score", sc[i]));
    } else {
      char when[PX_DATE_SHOW_MAX];
      px_buf_printf(out, cli->fmt == PX_FMT_MARKDOWN ? "- story %lld: %s (%lld outlet%s, latest %s)\n"
                                                     : "  story %lld: %s (%lld outlet%s, latest %s)\n",
                    (long long)r->id, r->title ? r->title : "(untitled)",
                    (long long)r->nsources, r->nsources == 1 ? "" : "s",
                    shown(r->last_published, r->last_utc, when, "undated"));
    }
    px_story_row_free(rows[i]);
  }
  if (arr) json_object_set_new(j, "related", arr);
  else if (n) px_buf_puts(out, "\n");
  free(rows);
  free(sc);
}

int px_cmd_story(px_cli *cli, int argc, char **argv) {
  int64_t id;
  int full, bad = id_and_flag(argc, argv, "--full", "story ID [--full]", &id, &full);
  if (bad) return bad;
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  px_err err = {0};
  px_story_row *story = NULL;
  int64_t *ids_v = NULL;
  size_t n = 0;
  px_article_row **rows = NULL;
  px_doc **docs = NULL;
  int64_t live = id;
  if (px_store_story_resolve(st, id, &live, &err) == PX_OK && live != id) {
    /* Merged since: show where its articles are now. */
    if (!cli->quiet)
      fprintf(stderr, "parallax: story %lld is now part of story %lld\n", (long long)id,
              (long long)live);
    id = live;
  }
  px_err_clear(&err);
  if (px_store_story_get(st, id, &story, &err) ||
      load_story(st, id, &rows, &docs, &ids_v, &n, &err)) {
    px_story_row_free(story);
    return px_cli_fail(&err);
  }
  int code = PX_EXIT_OK;
  px_buf out;
  px_buf_init(&out, 0);
  json_t *j = NULL;
  if (cli->fmt == PX_FMT_JSON) {
    j = json_pack("{s:I, s:o, s:o, s:I, s:I}", "id", (json_int_t)story->id,
                  "title", jstr(story->title), "topic", jstr(story->topic),
                  "outlets", (json_int_t)story->nsources,
                  "articles_count", (json_int_t)story->narticles);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
      json_t *a = article_json(rows[i]);
      if (full) {
        px_buf body;
        px_buf_init(&body, 0);
        render_doc_text(docs[i], &body);
        json_object_set_new(a, "text", json_string(px_buf_cstr(&body)));
        px_buf_reset(&body);
      }
      json_array_append_new(arr, a);
    }
    json_object_set_new(j, "articles", arr);
  } else if (cli->fmt == PX_FMT_MARKDOWN) {
    px_buf_printf(&out, "# %s\n\n", story->title ? story->title : "Story");
    px_buf_printf(&out, "%s.\n\n## Coverage\n\n",
                  counts(story->narticles, story->nsources));
    for (size_t i = 0; i < n; i++) {
      char when[PX_DATE_SHOW_MAX];
      px_buf_printf(&out, "- [%lld] **%s**: %s (%s)%s\n", (long long)rows[i]->id,
                    rows[i]->source[0] ? rows[i]->source : "unknown outlet",
                    rows[i]->title ? rows[i]->title : "(untitled)",
                    shown(rows[i]->published, rows[i]->published_utc, when, "no date"),
                    rows[i]->is_republished ? " (republished)" : "");
    }
    px_buf_puts(&out, "\n");
  } else {
    px_buf_printf(&out, "Story %lld: %s\n", (long long)story->id,
                  story->title ? story->title : "(untitled)");
    px_buf_printf(&out, "%s\n\nCoverage (by publish time):\n",
                  counts(story->narticles, story->nsources));
    for (size_t i = 0; i < n; i++) {
      px_article_row *r = rows[i];
      char when[PX_DATE_SHOW_MAX];
      px_buf_printf(&out, "  [%lld] %s%s\n       %s\n       published %s",
                    (long long)r->id, r->source[0] ? r->source : "(unknown outlet)",
                    r->is_republished ? " (aggregator republication)" : "",
                    r->title ? r->title : "(untitled)",
                    shown(r->published, r->published_utc, when, "unknown"));
      json_error_t je;
      json_t *au = r->authors_json ? json_loads(r->authors_json, 0, &je) : NULL;
      if (json_array_size(au)) {
        px_buf_puts(&out, "; by ");
        for (size_t k = 0; k < json_array_size(au); k++)
          px_buf_printf(&out, "%s%s", k ? ", " : "", json_string_value(json_array_get(au, k)));
      }
      json_decref(au);
      if (r->wire) px_buf_printf(&out, "; wire: %s", r->wire);
      if (r->dateline) px_buf_printf(&out, "; dateline: %s", r->dateline);
      px_buf_printf(&out, "\n       %s\n", r->url ? r->url : "");
    }
    px_buf_puts(&out, "\n");
  }
#ifdef HAVE_COPIES
  {
    px_err cerr = {0};
    /* the same bound as the stored reports (pipeline.c) */
    size_t nc = n > PX_ANALYSIS_MAX_DOCS ? PX_ANALYSIS_MAX_DOCS : n;
    px_copy_report *rep = NULL;
    if (px_story_copies(NULL, docs, ids_v, nc, &rep, &cerr)) rep = NULL;
    if (rep) {
      if (j) {
        json_object_set_new(j, "copies", px_copy_report_json(rep, NULL));
      } else {
        px_buf_puts(&out, cli->fmt == PX_FMT_MARKDOWN ? "## Who copied whom\n\n"
                                                       : "Who copied whom:\n");
        px_copy_report_text(rep, NULL, &out);
        px_buf_puts(&out, "\n");
      }
      px_copy_report_free(rep);
    } else {
      fprintf(stderr, "parallax: story %lld: copy detection failed: %s\n",
              (long long)id, cerr.msg);
    }
  }
#endif
#ifdef HAVE_ANALYSIS
  {
    px_analysis *an = NULL;
    px_err aerr = {0};
    if (px_story_analyze((const px_doc *const *)docs, ids_v, n, &an, &aerr) == PX_OK) {
      px_buf aj;
      px_buf_init(&aj, 0);
      if (px_analysis_to_json(an, &aj) == PX_OK) {
        px_store_story_set_analysis(st, id, NULL, NULL, px_buf_cstr(&aj), &aerr);
        if (j) {
          json_error_t je;
          json_t *parsed = json_loads(px_buf_cstr(&aj), 0, &je);
          if (parsed) json_object_set_new(j, "analysis", parsed);
        }
      }
      px_buf_reset(&aj);
      if (cli->fmt == PX_FMT_TEXT) px_analysis_to_text(an, &out);
      else if (cli->fmt == PX_FMT_MARKDOWN) px_analysis_to_markdown(an, &out);
      px_analysis_free(an);
    } else {
      fprintf(stderr, "parallax: story %lld: analysis failed: %s\n", (long long)id, aerr.msg);
    }
  }
#endif
  related(cli, st, id, j, &out);
  if (full && cli->fmt != PX_FMT_JSON) {
    for (size_t i = 0; i < n; i++) {
      px_buf_printf(&out, "%s Article %lld: %s\n\n",
                    cli->fmt == PX_FMT_MARKDOWN ? "##" : "====",
                    (long long)rows[i]->id, rows[i]->source[0] ? rows[i]->source : "(unknown outlet)");
      render_doc_text(docs[i], &out);
      px_buf_puts(&out, "\n");
    }
  }
  if (j) {
    print_json(j);
    json_decref(j);
  } else {
    px_cli_write(px_buf_cstr(&out), out.len);
  }
  px_buf_reset(&out);
  free_story(rows, docs, ids_v, n);
  px_story_row_free(story);
  return code;
}

/* ---- copies ----------------------------------------------------------------- */

int px_cmd_copies(px_cli *cli, int argc, char **argv) {
  int64_t id;
  if (argc != 2) {
    fprintf(stderr, "usage: parallax copies ARTICLE_ID\n");
    return PX_EXIT_USAGE;
  }
  if (px_cli_parse_id(argv[1], &id)) return PX_EXIT_USAGE;
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  px_err err = {0};
  px_article_row *row = NULL;
  if (px_store_article_get(st, id, &row, &err)) return px_cli_fail(&err);
  json_t *urls = json_array();
  px_store_article_urls(st, id, print_url, urls, &err);
  int code = PX_EXIT_OK;
#ifdef HAVE_COPIES
  /* Copies are looked for among the article's story: articles that share
  ** passages land in the same story. */
  px_article_row **rows = NULL;
  px_doc **docs = NULL;
  int64_t *ids = NULL;
  size_t n = 0;
  if (!row->story_id) {
    if (cli->fmt == PX_FMT_JSON) {
      json_t *j = json_pack("{s:I, s:O, s:[], s:[]}", "article", (json_int_t)id,
                            "urls", urls, "articles", "relations");
      print_json(j);
      json_decref(j);
    } else {
      printf("Article %lld is in no story; no copies known.\n", (long long)id);
    }
  } else if (load_story(st, row->story_id, &rows, &docs, &ids, &n, &err)) {
    code = px_cli_fail(&err);
  } else {
    size_t nc = n > PX_ANALYSIS_MAX_DOCS ? PX_ANALYSIS_MAX_DOCS : n;
    for (size_t i = nc; i < n; i++) {
      if (rows[i]->id != id) continue;
      /* keep the article asked about inside the compared set */
      px_article_row *tr = rows[nc - 1];
      px_doc *td = docs[nc - 1];
      int64_t ti = ids[nc - 1];
      rows[nc - 1] = rows[i];
      docs[nc - 1] = docs[i];
      ids[nc - 1] = ids[i];
      rows[i] = tr;
      docs[i] = td;
      ids[i] = ti;
    }
    px_copy_report *rep = NULL;
    if (px_story_copies(NULL, docs, ids, nc, &rep, &err)) rep = NULL;
    if (!rep) {
      code = px_cli_fail(&err);
    } else if (cli->fmt == PX_FMT_JSON) {
      json_t *j = px_copy_report_json(rep, &id);
      json_object_set_new(j, "article", json_integer(id));
      json_object_set(j, "urls", urls);
      print_json(j);
      json_decref(j);
    } else {
      px_buf out;
      px_buf_init(&out, 0);
      px_buf_printf(&out, "Article %lld (%s), story %lld\n", (long long)id,
                    row->source[0] ? row->source : "unknown outlet",
                    (long long)row->story_id);
      size_t k;
      json_t *u;
      json_array_foreach(urls, k, u) {
        px_buf_printf(&out, "  seen at: %s\n",
                      json_string_value(json_object_get(u, "url")));
      }
      px_copy_report_text(rep, &id, &out);
      px_cli_write(px_buf_cstr(&out), out.len);
      px_buf_reset(&out);
    }
    px_copy_report_free(rep);
    free_story(rows, docs, ids, n);
  }
#else
  fprintf(stderr, "parallax: copy detection is not built in\n");
  code = PX_EXIT_FAIL;
#endif
  json_decref(urls);
  px_article_row_free(row);
  return code;
}

/* ---- extract ---------------------------------------------------------------- */

int px_cmd_extract(px_cli *cli, int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: parallax extract FILE|URL [--json]\n");
    return PX_EXIT_USAGE;
  }
  if (PX_CLI_IS_LIGHT && is_url(argv[1])) return px_cli_run_full(cli);
  px_err err = {0};
  char *data;
  size_t len;
  const char *ctype = NULL, *where = argv[1];
  page pg;
  memset(&pg, 0, sizeof pg);
  if (is_url(argv[1])) {
    polite web = {px_robots_cache_new(3600), NULL, 0};
    px_rc frc = web.robots ? fetch_page(&web, argv[1], &pg, &err)
                    : px_err_set(&err, PX_ENOMEM, "out of memory");
    polite_free(&web);
    /* The input failed, as `add` of the same URL reports it (exit 1);
    ** only running out of memory is the system's failure. */
    if (frc) {
      px_cli_fail(&err);
      return frc == PX_ENOMEM ? PX_EXIT_FAIL : PX_EXIT_PARTIAL;
    }
    len = pg.body.len;
    data = px_buf_detach(&pg.body);
    ctype = pg.content_type;
    where = pg.final_url;
  } else if (px_file_read(argv[1], PX_MAX_INPUT_BYTES, &data, &len, &err)) {
    return px_cli_fail(&err);
  }
  if (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b) {
    free(data);
    page_reset(&pg);
    fprintf(stderr, "parallax: %s: gzip-compressed data; decompress it first "
                    "(gunzip -k)\n", argv[1]);
    return PX_EXIT_PARTIAL;
  }
  px_doc *d = NULL;
  px_rc rc;
  int html = px_input_is_html(data, len, argv[1], ctype);
  if (html) {
#ifdef HAVE_HTML
    rc = px_html_extract(data, len, where, ctype, &d, &err);
#else
    rc = px_err_set(&err, PX_EINVAL, "%s: HTML extraction is not built in", argv[1]);
#endif
  } else {
#ifdef HAVE_PLAIN
    rc = px_plaintext_extract(data, len, where, &d, &err);
#else
    rc = px_err_set(&err, PX_EINVAL, "%s: plain-text extraction is not built in", argv[1]);
#endif
  }
  free(data);
  page_reset(&pg);
  if (rc) {
    /* Name the input (the extractors say only what went wrong), and an
    ** input that holds no article is a failed input, exit 1. */
    if (!strstr(err.msg, argv[1])) px_err_prefix(&err, "%s: ", argv[1]);
    int code = px_cli_fail(&err);
    return code == PX_EXIT_FAIL && rc != PX_ENOMEM && rc != PX_EIO ? PX_EXIT_PARTIAL : code;
  }
  px_buf out;
  px_buf_init(&out, 0);
#ifdef HAVE_DUMP
  if (cli->fmt == PX_FMT_JSON) px_doc_to_json(d, &out, 1);
  else px_doc_to_text(d, &out);
#else
  (void)cli;
  render_doc_text(d, &out);
#endif
  px_cli_write(px_buf_cstr(&out), out.len);
  if (out.len && out.data[out.len - 1] != '\n') putchar('\n');
  px_buf_reset(&out);
  px_doc_free(d);
  return PX_EXIT_OK;
}

/* ---- delete ----------------------------------------------------------------- */

int px_cmd_delete(px_cli *cli, int argc, char **argv) {
  if (argc != 3 || (strcmp(argv[1], "--article") && strcmp(argv[1], "--source"))) {
    fprintf(stderr, "usage: parallax delete --article ID | --source NAME\n");
    return PX_EXIT_USAGE;
  }
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  px_err err = {0};
  if (!strcmp(argv[1], "--article")) {
    int64_t id;
    if (px_cli_parse_id(argv[2], &id)) return PX_EXIT_USAGE;
    if (px_store_article_delete(st, id, &err)) return px_cli_fail(&err);
    if (!cli->quiet) printf("deleted article %lld\n", (long long)id);
  } else {
    int64_t count = 0;
    if (px_store_source_delete(st, argv[2], &count, &err)) return px_cli_fail(&err);
    if (!cli->quiet)
      printf("deleted source '%s' and its %lld articles\n", argv[2], (long long)count);
  }
  if (px_pipeline_drop_saved(st, &err)) return px_cli_fail(&err);
  return PX_EXIT_OK;
}
