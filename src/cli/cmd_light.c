/*
** cmd_light.c: the light `parallax` binary's stand-ins for the commands
** it does not link (issue 15, 18). Each replaces the process with
** `parallax-full`, found beside this binary, on the same command line, so
** a user sees one command whichever binary did the work. Only the light
** build compiles this file; the full build has the real commands.
*/
#include "cli/cli.h"
#include "cli/cmd_feeds.h"
#include "cli/cmd_serve.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int px_cli_run_full(px_cli *cli) {
  /* /proc/self/exe rather than argv[0]: argv[0] may be a bare name found
  ** through PATH, or a symlink in another folder. */
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0 || (size_t)n >= sizeof self - 16) {
    fprintf(stderr, "parallax: cannot find my own binary to run parallax-full: %s\n",
            n < 0 ? strerror(errno) : "path too long");
    return PX_EXIT_FAIL;
  }
  self[n] = '\0';
  char *slash = strrchr(self, '/');
  size_t dir = slash ? (size_t)(slash - self) + 1 : 0;
  memcpy(self + dir, "parallax-full", sizeof "parallax-full");
  /* Nothing buffered may be lost, and the store is reopened over there. */
  fflush(stdout);
  fflush(stderr);
  px_store_close(cli->store);
  cli->store = NULL;
  execv(self, cli->argv);
  fprintf(stderr, "parallax: cannot run %s: %s\n", self, strerror(errno));
  return PX_EXIT_FAIL;
}

#define STAND_IN(name)                                                         \
  int name(px_cli *cli, int argc, char **argv) {                              \
    (void)argc;                                                                \
    (void)argv;                                                                \
    return px_cli_run_full(cli);                                               \
  }

STAND_IN(px_cmd_subscribe)
STAND_IN(px_cmd_unsubscribe)
STAND_IN(px_cmd_feeds)
STAND_IN(px_cmd_fetch)
STAND_IN(px_cmd_daemon)
STAND_IN(px_cmd_opml_export)
STAND_IN(px_cmd_serve)
STAND_IN(px_cmd_alert)
