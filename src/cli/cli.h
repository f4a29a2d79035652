/*
** cli.h: the parallax command's shared pieces. Each command lives in a
** cmd_*.c file and is listed in the commands[] table in main.c.
**
** Exit codes (documented in --help and README):
**   0 success; 1 some inputs failed (the rest were processed);
**   2 usage error; 3 not found; 4 store or system error.
*/
#ifndef PX_CLI_H
#define PX_CLI_H

#include <stdio.h>
#include "parallax.h"
#include "store/store.h"

enum { PX_EXIT_OK = 0, PX_EXIT_PARTIAL = 1, PX_EXIT_USAGE = 2,
       PX_EXIT_NOTFOUND = 3, PX_EXIT_FAIL = 4 };

typedef enum { PX_FMT_TEXT = 0, PX_FMT_JSON, PX_FMT_MARKDOWN } px_fmt;

typedef struct px_cli {
  const char *db_path;   /* --db, default "parallax.db" */
  px_fmt fmt;            /* --json / --markdown */
  int quiet;
  px_store *store;       /* opened on first use by px_cli_store */
  int argc;              /* the command line as given, for px_cli_run_full */
  char **argv;
} px_cli;

typedef struct px_command {
  const char *name;
  int (*run)(px_cli *cli, int argc, char **argv);  /* argv[0] = name */
  const char *usage;     /* "add PATH..." */
  const char *summary;
} px_command;

/* Opens the store on first use; prints the error and returns NULL on
** failure. */
px_store *px_cli_store(px_cli *cli);
/* Maps an error code to an exit code and prints "parallax: msg". */
int px_cli_fail(const px_err *err);
/* Saves a pipeline's state for the next command (store/pipeline.h) and
** frees it; a failed save is a warning, not a failure: it costs the next
** command a rebuild. */
struct px_pipeline;
void px_cli_pipeline_done(struct px_pipeline *p);
int px_cli_exit_for(px_rc rc);
/* Parses a positive article/story id; prints an error when bad. */
int px_cli_parse_id(const char *s, int64_t *id);
/* Writes s with its exact length to stdout. */
void px_cli_write(const char *s, size_t len);

/* The start-up split (issue 15, 18): `parallax` is built twice. The
** light binary links only what local commands use (no libcurl, no
** libmicrohttpd, no libxml2: they and their ~35 dependencies cost about
** 30 ms of loading per run); a command that fetches, serves or reads
** feeds replaces it with `parallax-full` from the same folder, which has
** every command. Returns only on failure (exit code 4, reason printed). */
int px_cli_run_full(px_cli *cli);
#ifdef PX_CLI_LIGHT
#define PX_CLI_IS_LIGHT 1
#else
#define PX_CLI_IS_LIGHT 0
#endif

/* Commands (cmd_core.c) */
int px_cmd_add(px_cli *cli, int argc, char **argv);
int px_cmd_articles(px_cli *cli, int argc, char **argv);
int px_cmd_article(px_cli *cli, int argc, char **argv);
int px_cmd_stories(px_cli *cli, int argc, char **argv);
int px_cmd_story(px_cli *cli, int argc, char **argv);
int px_cmd_delete(px_cli *cli, int argc, char **argv);
int px_cmd_extract(px_cli *cli, int argc, char **argv);
int px_cmd_copies(px_cli *cli, int argc, char **argv);
/* cmd_config.c */
int px_cmd_config(px_cli *cli, int argc, char **argv);

#endif
