/*
** main.c: the parallax command: global options, the command table, help.
*/
#include "cli/cli.h"
#include "util/err.h"

#include <stdlib.h>
#include <string.h>

#if __has_include("cli/cmd_feeds.h")
#include "cli/cmd_feeds.h"
#endif
#if __has_include("cli/cmd_serve.h")
#include "cli/cmd_serve.h"
#endif

static const px_command commands[] = {
  {"add", px_cmd_add, "add PATH|URL...",
   "add articles from files, folders or page URLs (plain text, HTML, JSON lines)"},
  {"articles", px_cmd_articles, "articles [--source NAME]", "list stored articles"},
  {"article", px_cmd_article, "article ID [--raw]", "show one article's clean text and metadata"},
  {"stories", px_cmd_stories, "stories", "list stories, most covered first"},
  {"story", px_cmd_story, "story ID [--full]",
   "show a story: its articles, copies and comparison"},
  {"copies", px_cmd_copies, "copies ARTICLE_ID", "show who copied whom for an article"},
  {"extract", px_cmd_extract, "extract FILE|URL",
   "extract an article (HTML page or plain text) without storing it"},
  {"config", px_cmd_config, "config [KEY [VALUE]] | --reset KEY",
   "show the store's settings, or change one (re-clusters stories)"},
  {"delete", px_cmd_delete, "delete --article ID | --source NAME",
   "delete an article, or a source and all its articles"},
#ifdef PX_FEEDS_COMMANDS
  PX_FEEDS_COMMANDS
#endif
#ifdef PX_SERVE_COMMANDS
  PX_SERVE_COMMANDS
#endif
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f) {
  fprintf(f,
          "usage: parallax [--db FILE] [--json|--markdown] COMMAND [ARGS]\n"
          "\nParallax gathers news from many outlets, finds copies, groups "
          "articles\ninto stories and compares what each outlet reports.\n"
          "\nCommands:\n");
  for (size_t i = 0; i < NCOMMANDS; i++) {
    if (strlen(commands[i].usage) <= 36)
      fprintf(f, "  %-36s %s\n", commands[i].usage, commands[i].summary);
    else
      fprintf(f, "  %s\n  %-36s %s\n", commands[i].usage, "", commands[i].summary);
  }
  fprintf(f,
          "\nOptions:\n"
          "  --db FILE      the store: a SQLite file (default ./parallax.db, or\n"
          "                 $PARALLAX_DB), or a postgresql://... database URL\n"
          "  --json         machine-readable output\n"
          "  --markdown     Markdown output (story)\n"
          "  -q, --quiet    print only errors\n"
          "  -h, --help     this help\n"
          "  --version      print the version\n"
          "\nExit codes: 0 success; 1 some inputs failed (the rest were "
          "processed);\n2 usage error; 3 not found; 4 store or system error.\n");
}

int main(int argc, char **argv) {
  px_cli cli = {0};
  cli.argc = argc;
  cli.argv = argv;
  cli.db_path = getenv("PARALLAX_DB");
  if (!cli.db_path || !*cli.db_path) cli.db_path = "parallax.db";
  int i = 1;
  /* Global options may come before or after the command name. */
  char **rest = calloc((size_t)argc + 1, sizeof *rest);
  if (!rest) return PX_EXIT_FAIL;
  int nrest = 0;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--db") || !strncmp(a, "--db=", 5)) {
      if (a[4] == '=') {
        cli.db_path = a + 5;
      } else if (i + 1 < argc) {
        cli.db_path = argv[++i];
      } else {
        fprintf(stderr, "parallax: --db needs a file name or a postgresql:// URL\n");
        free(rest);
        return PX_EXIT_USAGE;
      }
    } else if (!strcmp(a, "--json")) {
      cli.fmt = PX_FMT_JSON;
    } else if (!strcmp(a, "--markdown") || !strcmp(a, "--md")) {
      cli.fmt = PX_FMT_MARKDOWN;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      cli.quiet = 1;
    } else if (nrest == 0 && (!strcmp(a, "-h") || !strcmp(a, "--help") ||
                              !strcmp(a, "help"))) {
      usage(stdout);
      free(rest);
      return PX_EXIT_OK;
    } else if (nrest == 0 && (!strcmp(a, "--version") || !strcmp(a, "-V"))) {
      printf("parallax %s\n", px_version());
      free(rest);
      return PX_EXIT_OK;
    } else {
      rest[nrest++] = argv[i];
    }
  }
  if (nrest == 0) {
    usage(stderr);
    free(rest);
    return PX_EXIT_USAGE;
  }
  int code = -1;
#ifdef PX_CLI_LIGHT
  /* PostgreSQL is parallax-full's: libpq would load ~20 libraries here. */
  if (px_store_is_url(cli.db_path)) {
    code = px_cli_run_full(&cli);
    free(rest);
    return code;
  }
#endif
  for (size_t k = 0; k < NCOMMANDS; k++) {
    if (!strcmp(rest[0], commands[k].name)) {
      code = commands[k].run(&cli, nrest, rest);
      break;
    }
  }
  if (code < 0) {
    fprintf(stderr, "parallax: unknown command '%s' (see parallax --help)\n", rest[0]);
    code = PX_EXIT_USAGE;
  }
  px_store_close(cli.store);
  free(rest);
  return code;
}
