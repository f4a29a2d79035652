/*
** cmd_serve.c: the serve, token, search, takedown and alert commands.
** serve blocks SIGINT/SIGTERM before the server's threads start and waits
** for them with sigwait, then stops the server gracefully (running
** requests finish). Text output by default, JSON with --json.
*/
#include "cli/cmd_serve.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search/search.h"
#include "serve/alerts.h"
#include "serve/auth.h"
#include "serve/serve.h"
#include "serve/takedown.h"
#include "store/takedown.h"
#include "util/date.h"
#include "util/err.h"

static int usage(const char *u) {
  fprintf(stderr, "usage: parallax %s\n", u);
  return PX_EXIT_USAGE;
}

static int num(const char *s, unsigned long max, unsigned long *out) {
  char *end;
  if (!s || !*s) return -1;
  unsigned long v = strtoul(s, &end, 10);
  if (*end || v > max) return -1;
  *out = v;
  return 0;
}

/* ---- serve --------------------------------------------------------------- */

#ifndef PX_CLI_LIGHT  /* the light binary hands serve to parallax-full */
int px_cmd_serve(px_cli *cli, int argc, char **argv) {
  static const char u[] =
      "serve [--port N] [--bind ADDR] [--threads N] [--base-url URL]\n"
      "       [--alerts-every SECONDS] [--smtp URL] [--mail-from ADDR]";
  px_serve_opts o;
  px_serve_opts_init(&o);
  o.port = 8080;
  o.db_path = cli->db_path;
  o.smtp_url = getenv("PARALLAX_SMTP_URL");
  /* Every option takes a value: argv[i] and argv[i + 1]. */
  for (int i = 1; i < argc; i += 2) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    unsigned long n;
    if (!strcmp(a, "--port") && !num(v, 65535, &n)) {
      o.port = (uint16_t)n;
    } else if (!strcmp(a, "--threads") && !num(v, 256, &n) && n) {
      o.threads = (unsigned)n;
    } else if (!strcmp(a, "--alerts-every") && !num(v, 86400 * 7, &n)) {
      o.alerts_every_s = (unsigned)n;
    } else if (!strcmp(a, "--bind") && v) {
      o.bind = v;
    } else if (!strcmp(a, "--base-url") && v) {
      o.base_url = v;
    } else if (!strcmp(a, "--smtp") && v) {
      o.smtp_url = v;
    } else if (!strcmp(a, "--mail-from") && v) {
      o.mail_from = v;
    } else {
      return usage(u);
    }
  }
  /* Said before binding. Tokens go in an Authorization header over plain HTTP: fine on
  ** loopback, readable by anyone on the path otherwise. */
  if (strncmp(o.bind, "127.", 4))
    fprintf(stderr,
            "parallax: warning: serving on %s without TLS: API tokens and "
            "everything else travel in clear; put a TLS proxy in front or "
            "bind to 127.0.0.1\n",
            o.bind);
  /* Make sure the store exists and is migrated before serving. */
  if (!px_cli_store(cli)) return PX_EXIT_FAIL;
  if (!px_store_sqlite(cli->store)) {
    px_err err = {0};
    px_store_unsupported(cli->store, "serve", &err);
    return px_cli_fail(&err);
  }
  px_store_close(cli->store);
  cli->store = NULL;

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);  /* threads inherit the mask */
  signal(SIGPIPE, SIG_IGN);
  px_server *srv = NULL;
  px_err err = {0};
  if (px_server_start(&o, &srv, &err)) return px_cli_fail(&err);
  printf("Parallax serving http://%s:%u/ (Ctrl-C stops)\n", o.bind,
         (unsigned)px_server_port(srv));
  fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  if (!cli->quiet) fprintf(stderr, "parallax: stopping (signal %d)\n", sig);
  px_server_stop(srv);
  return PX_EXIT_OK;
}
#endif

/* ---- token --------------------------------------------------------------- */

static int print_token(const px_token_row *r, void *ud) {
  int *n = ud;
  char exp[32] = "never";
  if (r->expires_utc) {
    time_t t = (time_t)r->expires_utc;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(exp, sizeof exp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (r->expires_utc <= (int64_t)time(NULL))
      memcpy(exp + strlen(exp), " (expired)", sizeof " (expired)");
  }
  printf("%lld\t%s\tcreated %s\texpires %s\n", (long long)r->id,
         r->name && *r->name ? r->name : "-", r->created_at ? r->created_at : "?",
         exp);
  (*n)++;
  return 0;
}

int px_cmd_token(px_cli *cli, int argc, char **argv) {
  static const char u[] =
      "token create [NAME] [--expires DAYS] | list | revoke ID";
  if (argc < 2) return usage(u);
  px_err err = {0};
  if (!strcmp(argv[1], "list") && argc == 2) {
    px_store *st = px_cli_store(cli);
    if (!st) return PX_EXIT_FAIL;
    int n = 0;
    if (px_auth_token_each(st, print_token, &n, &err)) return px_cli_fail(&err);
    if (!n && !cli->quiet) fprintf(stderr, "parallax: no tokens\n");
    return PX_EXIT_OK;
  }
  if (!strcmp(argv[1], "revoke") && argc == 3) {
    unsigned long id;
    if (num(argv[2], 1UL << 62, &id) || !id) return usage(u);
    px_store *st = px_cli_store(cli);
    if (!st) return PX_EXIT_FAIL;
    if (px_auth_token_revoke(st, (int64_t)id, &err)) return px_cli_fail(&err);
    if (!cli->quiet) fprintf(stderr, "parallax: token %lu revoked\n", id);
    return PX_EXIT_OK;
  }
  if (strcmp(argv[1], "create")) return usage(u);
  const char *name = "";
  unsigned long days = 0;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--expires")) {
      if (i + 1 >= argc || num(argv[i + 1], 36500, &days) || !days)
        return usage(u);
      i++;
    } else if (!*name && argv[i][0] != '-') {
      name = argv[i];
    } else {
      return usage(u);
    }
  }
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  char tok[PX_TOKEN_LEN + 1];
  int64_t until = days ? (int64_t)time(NULL) + (int64_t)days * 86400 : 0;
  if (px_auth_token_create_until(st, name, until, tok, &err))
    return px_cli_fail(&err);
  printf("%s\n", tok);
  if (!cli->quiet)
    fprintf(stderr, "parallax: keep this token; only its hash is stored, it "
                    "cannot be shown again.\n");
  return PX_EXIT_OK;
}

/* ---- search -------------------------------------------------------------- */

static int64_t date_arg(const char *s, int end_of_day) {
  px_time t;
  if (!s || px_date_parse(s, strlen(s), &t)) return -1;
  int64_t v = px_time_utc(&t);
  return end_of_day && !t.has_time ? v + 86399 : v;
}

static void strip_marks(const char *s, int color) {
  for (const char *p = s ? s : ""; *p; p++) {
    if (*p == PX_SEARCH_MARK_OPEN[0])
      fputs(color ? "\x1b[1m" : "[", stdout);
    else if (*p == PX_SEARCH_MARK_CLOSE[0])
      fputs(color ? "\x1b[0m" : "]", stdout);
    else
      putchar(*p == '\n' ? ' ' : *p);
  }
}

int px_cmd_search(px_cli *cli, int argc, char **argv) {
  static const char u[] =
      "search QUERY... [--source NAME] [--lang L] [--from DATE] [--to DATE]\n"
      "       [--limit N] [--offset N]\n"
      "  Words match their inflected forms, with or without accents (ae for\n"
      "  \xc3\xa4): --lang L keeps articles in L and stems the query in L;\n"
      "  without it the query's language is guessed.";
  px_search_query q;
  memset(&q, 0, sizeof q);
  px_buf words;
  px_buf_init(&words, PX_SEARCH_MAX_QUERY * 2);
  int code = PX_EXIT_OK;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    unsigned long n;
    if (!strcmp(a, "--source") && v) {
      q.source = v;
      i++;
    } else if (!strcmp(a, "--lang") && v) {
      q.lang = v;
      i++;
    } else if ((!strcmp(a, "--from") || !strcmp(a, "--to")) && v) {
      int64_t t = date_arg(v, a[2] == 't');
      if (t < 0) {
        fprintf(stderr, "parallax: '%s' is not a date\n", v);
        px_buf_reset(&words);
        return PX_EXIT_USAGE;
      }
      if (a[2] == 't')
        q.to_utc = t;
      else
        q.from_utc = t;
      i++;
    } else if (!strcmp(a, "--limit") && !num(v, 100, &n)) {
      q.limit = n;
      i++;
    } else if (!strcmp(a, "--offset") && !num(v, 1000000, &n)) {
      q.offset = n;
      i++;
    } else if (a[0] == '-' && a[1] == '-') {
      px_buf_reset(&words);
      return usage(u);
    } else {
      if (words.len) px_buf_putc(&words, ' ');
      px_buf_puts(&words, a);
    }
  }
  if (!words.len) {
    px_buf_reset(&words);
    return usage(u);
  }
  px_store *st = px_cli_store(cli);
  if (!st) {
    px_buf_reset(&words);
    return PX_EXIT_FAIL;
  }
  q.q = words.data;
  q.qlen = words.len;
  px_err err = {0};
  px_search_result *r = NULL;
  if (px_search_init(st, &err)) {
    px_buf_reset(&words);
    return px_cli_fail(&err);
  }
  px_rc qrc = px_search_run(st, &q, &r, &err);
  if (qrc) {
    px_buf_reset(&words);
    int fcode = px_cli_fail(&err);
    /* A query that cannot be run as written ('NOT' alone, too long, bad
    ** UTF-8, a refused prefix) is a usage error; the store's are not. */
    return qrc == PX_EEMPTY || qrc == PX_ETOOBIG || qrc == PX_EUTF8 || qrc == PX_EINVAL
               ? PX_EXIT_USAGE : fcode;
  }
  if (cli->fmt == PX_FMT_JSON) {
    json_t *o = json_object();
    json_object_set_new(o, "query", json_string(words.data));
    json_object_set_new(o, "total_stories", json_integer((json_int_t)r->total_groups));
    json_object_set_new(o, "total_articles", json_integer((json_int_t)r->total_hits));
    json_t *gs = json_array();
    for (size_t g = 0; g < r->ngroups; g++) {
      json_t *go = json_object();
      json_object_set_new(go, "story_id", r->groups[g].story_id
                                              ? json_integer(r->groups[g].story_id)
                                              : json_null());
      json_object_set_new(go, "story_title", r->groups[g].story_title
                                                 ? json_string(r->groups[g].story_title)
                                                 : json_null());
      json_t *hs = json_array();
      for (size_t k = r->groups[g].first;
           k < r->groups[g].first + r->groups[g].count; k++) {
        px_search_hit *h = &r->hits[k];
        json_t *ho = json_object();
        json_object_set_new(ho, "article_id", json_integer(h->article_id));
        json_object_set_new(ho, "title", h->title ? json_string(h->title) : json_null());
        json_object_set_new(ho, "source", json_string(h->source ? h->source : ""));
        json_object_set_new(ho, "published",
                            h->published ? json_string(h->published) : json_null());
        json_object_set_new(ho, "score", json_real(h->score));
        json_array_append_new(hs, ho);
      }
      json_object_set_new(go, "articles", hs);
      json_array_append_new(gs, go);
    }
    json_object_set_new(o, "stories", gs);
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (s) puts(s);
    free(s);
    json_decref(o);
  } else {
    printf("%zu article%s in %zu stor%s\n", r->total_hits,
           r->total_hits == 1 ? "" : "s", r->total_groups,
           r->total_groups == 1 ? "y" : "ies");
    for (size_t g = 0; g < r->ngroups; g++) {
      px_search_group *gr = &r->groups[g];
      if (gr->story_id)
        printf("\nstory %lld: %s\n", (long long)gr->story_id,
               gr->story_title ? gr->story_title : "(untitled)");
      else
        printf("\n(no story)\n");
      for (size_t k = gr->first; k < gr->first + gr->count; k++) {
        px_search_hit *h = &r->hits[k];
        char when[PX_DATE_SHOW_MAX];
        px_date_show(h->published, 0, when, sizeof when);
        printf("  [%lld] %s \xe2\x80\x94 %s%s%s\n    ", (long long)h->article_id,
               h->title ? h->title : "(untitled)",
               h->source && *h->source ? h->source : "unknown outlet",
               when[0] ? ", " : "", when);
        strip_marks(h->snippet, 0);
        putchar('\n');
      }
    }
    if (r->ngroups == 0 && r->total_groups == 0) code = PX_EXIT_OK;
  }
  px_search_result_free(r);
  px_buf_reset(&words);
  return code;
}

/* ---- takedown ------------------------------------------------------------ */

static int print_takedown(const px_takedown_row *r, void *ud) {
  (void)ud;
  printf("%lld\t%s\t%s\t%s\t%lld articles\t%s\n", (long long)r->id,
         r->removed_at, r->kind, r->value, (long long)r->narticles, r->reason);
  return 0;
}

int px_cmd_takedown(px_cli *cli, int argc, char **argv) {
  static const char u[] =
      "takedown --source NAME | --url URL [--reason TEXT]\n"
      "       parallax takedown --list";
  const char *src = NULL, *url = NULL, *why = NULL;
  int list = 0;
  for (int i = 1; i < argc; i++) {
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(argv[i], "--source") && v) {
      src = argv[++i];
    } else if (!strcmp(argv[i], "--url") && v) {
      url = argv[++i];
    } else if (!strcmp(argv[i], "--reason") && v) {
      why = argv[++i];
    } else if (!strcmp(argv[i], "--list")) {
      list = 1;
    } else {
      return usage(u);
    }
  }
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  px_err err = {0};
  if (list) {
    if (px_takedown_each(st, print_takedown, NULL, &err)) return px_cli_fail(&err);
    return PX_EXIT_OK;
  }
  if (!src == !url) return usage(u);
  int64_t n = 0, rec = 0;
  if (px_serve_takedown(st, src ? PX_TAKEDOWN_SOURCE : PX_TAKEDOWN_URL,
                        src ? src : url, why, &n, &rec, &err))
    return px_cli_fail(&err);
  if (!cli->quiet)
    printf("removed %lld article%s; takedown record %lld; later inputs from "
           "this %s are refused\n",
           (long long)n, n == 1 ? "" : "s", (long long)rec,
           src ? "outlet" : "URL");
  return PX_EXIT_OK;
}

/* ---- alert --------------------------------------------------------------- */

/* serve/alerts.c posts and mails through libcurl, so every alert command
** is parallax-full's (cmd_light.c). */
#ifndef PX_CLI_LIGHT


/* Names each alert whose delivery failed, and why, on stderr. */
static void alert_failed(int64_t id, const char *channel, const char *target, const char *why,
                         void *ud) {
  (void)ud;
  fprintf(stderr, "parallax: alert %lld: %s to %s failed: %s\n", (long long)id, channel, target,
          why);
}

static int print_alert(const px_alert_row *r, void *ud) {
  (void)ud;
  printf("%lld\t%s\twebhook=%s\temail=%s\n", (long long)r->id, r->query,
         r->webhook ? r->webhook : "-", r->email ? r->email : "-");
  return 0;
}

int px_cmd_alert(px_cli *cli, int argc, char **argv) {
  static const char u[] =
      "alert add QUERY [--webhook URL] [--email ADDR]\n"
      "       parallax alert list | delete ID | run [--smtp URL] "
      "[--mail-from ADDR] [--base-url URL]";
  if (argc < 2) return usage(u);
  px_store *st = px_cli_store(cli);
  if (!st) return PX_EXIT_FAIL;
  px_err err = {0};
  if (!strcmp(argv[1], "list") && argc == 2) {
    if (px_alert_each(st, print_alert, NULL, &err)) return px_cli_fail(&err);
    return PX_EXIT_OK;
  }
  if (!strcmp(argv[1], "delete") && argc == 3) {
    int64_t id;
    if (px_cli_parse_id(argv[2], &id)) return PX_EXIT_USAGE;
    if (px_alert_delete(st, id, &err)) return px_cli_fail(&err);
    return PX_EXIT_OK;
  }
  if (!strcmp(argv[1], "add") && argc >= 3) {
    const char *hook = NULL, *mail = NULL;
    for (int i = 3; i < argc; i++) {
      if (!strcmp(argv[i], "--webhook") && i + 1 < argc)
        hook = argv[++i];
      else if (!strcmp(argv[i], "--email") && i + 1 < argc)
        mail = argv[++i];
      else
        return usage(u);
    }
    int64_t id = 0;
    if (px_alert_add(st, argv[2], hook, mail, &id, &err)) return px_cli_fail(&err);
    printf("%lld\n", (long long)id);
    return PX_EXIT_OK;
  }
  if (!strcmp(argv[1], "run")) {
    px_alert_opts o;
    px_alert_opts_init(&o);
    o.smtp_url = getenv("PARALLAX_SMTP_URL");
    for (int i = 2; i < argc; i++) {
      if (!strcmp(argv[i], "--smtp") && i + 1 < argc)
        o.smtp_url = argv[++i];
      else if (!strcmp(argv[i], "--mail-from") && i + 1 < argc)
        o.mail_from = argv[++i];
      else if (!strcmp(argv[i], "--base-url") && i + 1 < argc)
        o.base_url = argv[++i];
      else
        return usage(u);
    }
    o.on_failure = alert_failed;
    px_alerts_report rep = {0};
    if (px_search_init(st, &err) || px_alerts_run(st, &o, &rep, &err))
      return px_cli_fail(&err);
    printf("webhook posts: %zu, emails: %zu, stories sent: %zu, failures: %zu\n",
           rep.webhooks, rep.emails, rep.stories, rep.failures);
    return rep.failures ? PX_EXIT_PARTIAL : PX_EXIT_OK;
  }
  return usage(u);
}
#endif
