/*
** cmd_feeds.c: the feed commands. The work is in store/feeds.c (state
** and the fetch round); this file parses arguments, prints, and runs the
** daemon loop with clean SIGTERM/SIGINT handling: the signal only sets a
** flag, in-flight fetches finish and are committed, and the process exits
** 0 with nothing lost (unstarted work stays due or pending).
*/
#include "cli/cmd_feeds.h"

#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ingest/discover.h"
#include "ingest/feed.h"
#include "ingest/fetch.h"
#include "ingest/opml.h"
#include "ingest/robots.h"
#include "store/feeds.h"
#include "store/pipeline.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/err.h"
#include "util/file.h"
#include "util/str.h"

static volatile sig_atomic_t stop_flag;

/* A non-negative number from an option value; -1 when it is not one. */
static int atoi_safe(const char *s) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < 0 || v > 1000000000) return -1;
  return (int)v;
}

static void on_signal(int sig) {
  (void)sig;
  stop_flag = 1;
}

static void trap_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
}

static void iso_time(int64_t t, char out[32]) {
  if (!t) {
    snprintf(out, 32, "never");
    return;
  }
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- subscribe ------------------------------------------------------------ */

typedef struct probe {
  long status;
  px_rc rc;
  char *body;
  size_t len;
  char *final_url, *ctype, *error;
} probe;

static void probe_done(const px_fetch_req *req, const px_fetch_res *res, void *ud) {
  (void)req;
  probe *p = ud;
  p->rc = res->rc;
  p->status = res->status;
  p->body = malloc(res->len + 1);
  if (p->body) {
    memcpy(p->body, res->body, res->len);
    p->body[res->len] = '\0';
    p->len = res->len;
  }
  p->final_url = strdup(res->final_url);
  p->ctype = res->content_type ? strdup(res->content_type) : NULL;
  p->error = res->error ? strdup(res->error) : NULL;
}

static void probe_free(probe *p) {
  free(p->body);
  free(p->final_url);
  free(p->ctype);
  free(p->error);
  memset(p, 0, sizeof *p);
}

/* Fetches url; a feed gives its title, a page is searched for its feed. */
static int subscribe_checked(px_store *st, const char *url, const char *category, int quiet) {
  px_err err = {0};
  px_fetch_opts fo = {.timeout_ms = 20000};
  px_fetch_req req = {.url = url};
  probe p = {0};
  const char *sub_url = url, *title = NULL, *site = NULL;
  px_feed *f = NULL;
  px_discovered *d = NULL;
  char *found = NULL;
  int code = PX_EXIT_OK;
  if (px_fetch_one(&fo, &req, probe_done, &p, &err) != PX_OK || p.rc != PX_OK) {
    fprintf(stderr, "parallax: warning: %s: %s; subscribed anyway, will retry\n", url,
            p.error ? p.error : err.msg);
  } else if (px_feed_sniff(p.body, p.len)) {
    px_feed_opts o = {.url = p.final_url, .content_type = p.ctype};
    if (px_feed_parse(p.body, p.len, &o, &f, &err) == PX_OK) {
      title = f->title;
      site = f->link;
    } else {
      fprintf(stderr, "parallax: warning: %s: %s; subscribed anyway\n", url, err.msg);
    }
  } else if (px_discover_feeds(p.body, p.len, p.final_url, &d, &err) == PX_OK && d->n) {
    found = strdup(d->refs[0].url);
    sub_url = found;
    title = d->refs[0].title;
    if (!quiet) printf("found feed %s on %s\n", found, url);
  } else {
    fprintf(stderr, "parallax: %s is neither a feed nor a page linking to one\n", url);
    code = PX_EXIT_PARTIAL;
    goto out;
  }
  int64_t id = 0;
  bool created = false;
  err = (px_err){0};
  if (px_store_feed_subscribe(st, sub_url, title, site, category, &id, &created, &err)) {
    code = px_cli_fail(&err);
    goto out;
  }
  if (!quiet)
    printf("%s feed %lld: %s%s%s\n", created ? "subscribed to" : "already following",
           (long long)id, sub_url, title ? " — " : "", title ? title : "");
out:
  px_feed_free(f);
  px_discovered_free(d);
  free(found);
  probe_free(&p);
  return code;
}

int px_cmd_subscribe(px_cli *cli, int argc, char **argv) {
  const char *opml = NULL;
  bool check = true;
  int nurls = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--opml") && i + 1 < argc) opml = argv[++i];
    else if (!strcmp(argv[i], "--no-check")) check = false;
    else if (argv[i][0] == '-') {
      fprintf(stderr, "usage: parallax subscribe URL... | --opml FILE [--no-check]\n");
      return PX_EXIT_USAGE;
    } else nurls++;
  }
  if (!opml && !nurls) {
    fprintf(stderr, "usage: parallax subscribe URL... | --opml FILE [--no-check]\n");
    return PX_EXIT_USAGE;
  }
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  px_err err = {0};
  int code = PX_EXIT_OK;
  if (opml) {
    char *data = NULL;
    size_t len = 0;
    px_opml *o = NULL;
    if (px_file_read(opml, (size_t)16 << 20, &data, &len, &err) ||
        px_opml_parse(data, len, &o, &err)) {
      free(data);
      return px_cli_fail(&err);
    }
    free(data);
    size_t added = 0;
    if (px_store_begin(st, &err)) {
      px_opml_free(o);
      return px_cli_fail(&err);
    }
    for (size_t i = 0; i < o->nsubs; i++) {
      bool created = false;
      if (px_store_feed_subscribe(st, o->subs[i].xml_url, o->subs[i].title,
                                  o->subs[i].html_url, o->subs[i].category, NULL, &created,
                                  &err)) {
        px_store_rollback(st);
        px_opml_free(o);
        return px_cli_fail(&err);
      }
      added += created;
    }
    if (px_store_commit(st, &err)) {
      px_opml_free(o);
      return px_cli_fail(&err);
    }
    if (!cli->quiet)
      printf("imported %zu feeds from %s (%zu new)\n", o->nsubs, opml, added);
    px_opml_free(o);
  }
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-') {
      if (!strcmp(argv[i], "--opml")) i++;
      continue;
    }
    int c;
    if (check && px_str_istarts(px_str_from_cstr(argv[i]), "http")) {
      c = subscribe_checked(st, argv[i], NULL, cli->quiet);
    } else {
      int64_t id = 0;
      bool created = false;
      err = (px_err){0};
      c = px_store_feed_subscribe(st, argv[i], NULL, NULL, NULL, &id, &created, &err)
              ? px_cli_fail(&err) : PX_EXIT_OK;
      if (!c && !cli->quiet)
        printf("%s feed %lld: %s\n", created ? "subscribed to" : "already following",
               (long long)id, argv[i]);
    }
    if (c > code) code = c;
  }
  return code;
}

int px_cmd_unsubscribe(px_cli *cli, int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: parallax unsubscribe URL|ID\n");
    return PX_EXIT_USAGE;
  }
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  px_err err = {0};
  char *end;
  long long id = strtoll(argv[1], &end, 10);
  if (*end || id <= 0) id = 0;
  if (px_store_feed_unsubscribe(st, id, id ? NULL : argv[1], &err)) return px_cli_fail(&err);
  if (!cli->quiet) printf("unsubscribed %s\n", argv[1]);
  return PX_EXIT_OK;
}

/* ---- feeds ------------------------------------------------------------------ */

static int print_feed(const px_feed_row *r, void *ud) {
  json_t *arr = ud;
  char last[32], next[32];
  iso_time(r->last_fetch, last);
  iso_time(r->next_fetch, next);
  const char *status = !r->last_fetch ? "new" : r->last_error ? "failing" : "ok";
  if (arr) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "url", json_string(r->url));
    if (strcmp(r->url, r->added_url))
      json_object_set_new(o, "subscribed_url", json_string(r->added_url));
    if (r->title) json_object_set_new(o, "title", json_string(r->title));
    if (r->category) json_object_set_new(o, "category", json_string(r->category));
    json_object_set_new(o, "status", json_string(status));
    json_object_set_new(o, "last_fetch", r->last_fetch ? json_string(last) : json_null());
    json_object_set_new(o, "next_fetch", json_string(next));
    json_object_set_new(o, "interval", json_integer(r->interval));
    json_object_set_new(o, "http_status", json_integer(r->last_status));
    json_object_set_new(o, "failures", json_integer(r->failures));
    json_object_set_new(o, "last_error", r->last_error ? json_string(r->last_error) : json_null());
    json_object_set_new(o, "entries", json_integer(r->entries_total));
    json_object_set_new(o, "fetches", json_integer(r->fetches));
    json_object_set_new(o, "not_modified", json_integer(r->not_modified));
    json_array_append_new(arr, o);
    return 0;
  }
  printf("%lld\t%s\t%s\n", (long long)r->id, status, r->title ? r->title : "(untitled)");
  printf("\turl: %s\n", r->url);
  printf("\tlast fetch: %s (HTTP %d)  next fetch: %s  every %llds\n", last, r->last_status,
         next, (long long)r->interval);
  printf("\tentries: %lld  fetches: %lld (%lld not modified)\n", (long long)r->entries_total,
         (long long)r->fetches, (long long)r->not_modified);
  if (r->last_error) printf("\terror: %s (%d failures in a row)\n", r->last_error, r->failures);
  return 0;
}

int px_cmd_feeds(px_cli *cli, int argc, char **argv) {
  (void)argv;
  if (argc != 1) {
    fprintf(stderr, "usage: parallax feeds\n");
    return PX_EXIT_USAGE;
  }
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  px_err err = {0};
  json_t *arr = cli->fmt == PX_FMT_JSON ? json_array() : NULL;
  px_rc rc = px_store_feed_each(st, 0, print_feed, arr, &err);
  if (arr) {
    if (!rc) {
      char *s = json_dumps(arr, JSON_INDENT(2));
      if (s) puts(s);
      free(s);
    }
    json_decref(arr);
  }
  return rc ? px_cli_fail(&err) : PX_EXIT_OK;
}

/* ---- fetch and daemon -------------------------------------------------------- */

typedef struct run_args {
  px_feeds_opts o;
  int verbose;
  int no_refresh;  /* leave story analysis stale (benchmarks) */
  int save_every;  /* daemon: seconds between state saves (store/pipeline.h) */
} run_args;

static void log_line(const char *line, void *ud) {
  (void)ud;
  fprintf(stderr, "%s\n", line);
}

static int parse_run_args(int argc, char **argv, run_args *a, bool daemon) {
  memset(a, 0, sizeof *a);
  a->o.fetch_pages = true;
  a->save_every = 600;
  px_sched_defaults(&a->o.sched);
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(s, "--all") && !daemon) a->o.all = true;
    else if (!strcmp(s, "--no-pages")) a->o.fetch_pages = false;
    else if (!strcmp(s, "--no-refresh") && !daemon) a->no_refresh = 1;
    else if (!strcmp(s, "-v") || !strcmp(s, "--verbose")) a->verbose = 1;
    else if (!strcmp(s, "--concurrency") && v) a->o.max_total = atoi_safe(v), i++;
    else if (!strcmp(s, "--per-host") && v) a->o.max_per_host = atoi_safe(v), i++;
    else if (!strcmp(s, "--min-interval") && v) a->o.sched.min_interval = atoi_safe(v), i++;
    else if (!strcmp(s, "--max-interval") && v) a->o.sched.max_interval = atoi_safe(v), i++;
    else if (!strcmp(s, "--save-every") && v && daemon) a->save_every = atoi_safe(v), i++;
    else return -1;
  }
  if (a->o.max_total < 0 || a->o.max_per_host < 0 || a->o.sched.min_interval < 1 ||
      a->save_every < 0 ||
      a->o.sched.max_interval < a->o.sched.min_interval)
    return -1;
  if (a->verbose) a->o.log = log_line;
  a->o.stop = &stop_flag;
  return 0;
}

static void print_stats(px_cli *cli, const px_feeds_stats *s) {
  if (cli->fmt == PX_FMT_JSON) {
    json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:f}",
                          "feeds", (json_int_t)s->due, "ok", (json_int_t)s->ok,
                          "not_modified", (json_int_t)s->not_modified,
                          "failed", (json_int_t)s->failed, "moved", (json_int_t)s->moved,
                          "parsed", (json_int_t)s->parsed,
                          "parse_failed", (json_int_t)s->parse_failed,
                          "entries_new", (json_int_t)s->entries_new,
                          "entries_seen", (json_int_t)s->entries_seen,
                          "added", (json_int_t)s->added, "unchanged", (json_int_t)s->unchanged,
                          "duplicates", (json_int_t)s->duplicates,
                          "rejected", (json_int_t)s->rejected,
                          "pages_fetched", (json_int_t)s->pages_fetched,
                          "robots_blocked", (json_int_t)s->robots_blocked,
                          "pending_left", (json_int_t)s->pending_left, "seconds", s->seconds);
    json_object_set_new(o, "fetch_seconds", json_real(s->fetch_seconds));
    char *t = json_dumps(o, JSON_COMPACT);
    if (t) puts(t);
    free(t);
    json_decref(o);
    fflush(stdout);
    return;
  }
  if (cli->quiet) return;
  printf("fetched %zu feeds in %.1fs (%.1fs fetching and parsing): %zu ok, %zu not modified, "
         "%zu failed (%zu moved)\n",
         s->due, s->seconds, s->fetch_seconds, s->ok, s->not_modified, s->failed, s->moved);
  printf("entries: %zu new, %zu already seen; articles: %zu added, %zu duplicates, "
         "%zu unchanged, %zu without article text\n",
         s->entries_new, s->entries_seen, s->added, s->duplicates, s->unchanged, s->rejected);
  if (s->pages_fetched || s->pages_failed || s->robots_blocked)
    printf("pages: %zu fetched, %zu failed, %zu refused by robots.txt\n", s->pages_fetched,
           s->pages_failed, s->robots_blocked);
  if (s->pending_left) printf("%zu entries still pending (next run continues)\n", s->pending_left);
  fflush(stdout);
}

static int one_round(px_cli *cli, px_store *st, px_pipeline *p, run_args *a) {
  px_feeds_stats stats;
  px_err err = {0};
  px_rc rc = px_feeds_round(st, p, &a->o, &stats, &err);
  if (!rc && !a->no_refresh && px_pipeline_refresh(p, &err) != PX_OK)
    fprintf(stderr, "parallax: %s\n", err.msg);
  print_stats(cli, &stats);
  if (rc) return px_cli_fail(&err);
  return stats.failed ? PX_EXIT_PARTIAL : PX_EXIT_OK;
}

int px_cmd_fetch(px_cli *cli, int argc, char **argv) {
  run_args a;
  if (parse_run_args(argc, argv, &a, false)) {
    fprintf(stderr, "usage: parallax fetch [--all] [--no-pages] [--no-refresh] "
                    "[--concurrency N] [--per-host N] [-v]\n");
    return PX_EXIT_USAGE;
  }
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  px_pipeline *p = NULL;
  px_err err = {0};
  if (px_pipeline_new(st, &p, &err)) return px_cli_fail(&err);
  trap_signals();
  int code = one_round(cli, st, p, &a);
  px_cli_pipeline_done(p);
  return code;
}

int px_cmd_daemon(px_cli *cli, int argc, char **argv) {
  run_args a;
  if (parse_run_args(argc, argv, &a, true)) {
    fprintf(stderr, "usage: parallax daemon [--no-pages] [--concurrency N] [--per-host N] "
                    "[--min-interval S] [--max-interval S] [--save-every S] [-v]\n");
    return PX_EXIT_USAGE;
  }
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  px_pipeline *p = NULL;
  px_err err = {0};
  if (px_pipeline_new(st, &p, &err)) return px_cli_fail(&err);
  trap_signals();
  /* robots.txt files stay cached (24 h) from one round to the next. */
  a.o.robots = px_robots_cache_new(86400);
  if (!a.o.robots) {
    px_pipeline_free(p);
    fprintf(stderr, "parallax: out of memory\n");
    return PX_EXIT_FAIL;
  }
  if (!cli->quiet) fprintf(stderr, "parallax daemon: polling feeds (pid %d)\n", (int)getpid());
  int code = PX_EXIT_OK;
  double saved_at = px_clock_secs();
  while (!stop_flag) {
    int c = one_round(cli, st, p, &a);
    if (c == PX_EXIT_FAIL) {
      code = c;
      break;
    }
    /* The state is saved now and then too (a no-op when nothing changed),
    ** so a daemon that dies uncleanly costs the next start little. */
    if (px_clock_secs() - saved_at >= a.save_every) {
      px_err serr = {0};
      if (px_pipeline_save(p, &serr))
        fprintf(stderr, "parallax daemon: warning: state not saved: %s\n", serr.msg);
      saved_at = px_clock_secs();
    }
    int64_t due = 0;
    err = (px_err){0};
    if (px_store_feed_next_due(st, &due, &err)) {
      code = px_cli_fail(&err);
      break;
    }
    /* Sleep until the next feed is due (at most a minute, so new
    ** subscriptions are noticed), waking at once on a signal. */
    int64_t now = (int64_t)time(NULL);
    int64_t wait = due > now ? due - now : 1;
    if (wait > 60 || !due) wait = 60;
    for (int64_t i = 0; i < wait * 10 && !stop_flag; i++) {
      struct timespec ts = {0, 100 * 1000 * 1000};
      nanosleep(&ts, NULL);
    }
  }
  px_cli_pipeline_done(p);
  px_robots_cache_free(a.o.robots);
  if (!cli->quiet) fprintf(stderr, "parallax daemon: stopped cleanly\n");
  return code;
}

/* ---- opml export ---------------------------------------------------------- */

typedef struct export_ctx {
  px_opml_sub *subs;
  size_t n, cap;
  char **owned;
  size_t nowned;
} export_ctx;

static char *keep(export_ctx *x, const char *s) {
  if (!s) return NULL;
  char *d = strdup(s);
  char **no = d ? realloc(x->owned, (x->nowned + 1) * sizeof *no) : NULL;
  if (!no) {
    free(d);
    return NULL;
  }
  x->owned = no;
  x->owned[x->nowned++] = d;
  return d;
}

static int collect_sub(const px_feed_row *r, void *ud) {
  export_ctx *x = ud;
  if (x->n == x->cap) {
    size_t nc = x->cap ? x->cap * 2 : 64;
    px_opml_sub *ns = realloc(x->subs, nc * sizeof *ns);
    if (!ns) return 1;
    x->subs = ns;
    x->cap = nc;
  }
  px_opml_sub *s = &x->subs[x->n++];
  s->xml_url = keep(x, r->url);
  s->html_url = keep(x, r->site_url);
  s->title = keep(x, r->title);
  s->category = keep(x, r->category);
  return s->xml_url ? 0 : 1;
}

int px_cmd_opml_export(px_cli *cli, int argc, char **argv) {
  if (argc > 2) {
    fprintf(stderr, "usage: parallax opml-export [FILE]\n");
    return PX_EXIT_USAGE;
  }
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  export_ctx x = {0};
  px_err err = {0};
  px_rc rc = px_store_feed_each(st, 0, collect_sub, &x, &err);
  px_buf b;
  px_buf_init(&b, 0);
  if (!rc) rc = px_opml_write("Parallax subscriptions", x.subs, x.n, &b);
  if (!rc) {
    if (argc == 2) rc = px_file_write(argv[1], b.data ? b.data : "", b.len, &err);
    else px_cli_write(px_buf_cstr(&b), b.len);
  }
  px_buf_reset(&b);
  for (size_t i = 0; i < x.nowned; i++) free(x.owned[i]);
  free(x.owned);
  free(x.subs);
  if (rc) {
    if (!err.msg[0]) px_err_set(&err, rc, "opml-export: %s", px_strerror(rc));
    return px_cli_fail(&err);
  }
  if (argc == 2 && !cli->quiet) fprintf(stderr, "wrote %zu feeds to %s\n", x.n, argv[1]);
  return PX_EXIT_OK;
}
