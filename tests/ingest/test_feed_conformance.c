/*
** test_feed_conformance.c: keeps the feedparser conformance pass rate from
** regressing. Runs bench/feeds/check.py over the corpus in
** ../shared/bench/feeds beside the project (or $PX_FEED_CORPUS) with the built driver and
** fails when the rate drops below the floor reached when this was written.
** Skipped when the corpus or python3 is not there.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define FLOOR "96.5"

Test(feed_conformance, pass_rate_floor, .timeout = 120) {
  const char *src = getenv("PX_SOURCE_ROOT"), *bld = getenv("PX_BUILD_ROOT");
  const char *corpus = getenv("PX_FEED_CORPUS");
  char beside[4096];
  if (!corpus && src) {
    /* ../shared beside the project, as every benchmark finds its data */
    snprintf(beside, sizeof beside, "%s/../shared/bench/feeds", src);
    corpus = beside;
  }
  if (!corpus) corpus = "../shared/bench/feeds";
  char probe[4096];
  snprintf(probe, sizeof probe, "%s/expectations.jsonl", corpus);
  if (!src || !bld || access(probe, R_OK) || access("/usr/bin/python3", X_OK))
    cr_skip_test("no conformance corpus or python3");
  char cmd[8192];
  snprintf(cmd, sizeof cmd,
           "python3 '%s/bench/feeds/check.py' --driver '%s/bench/feed2json' "
           "--corpus '%s' --quiet --min " FLOOR " 2>&1",
           src, bld, corpus);
  FILE *p = popen(cmd, "r");
  cr_assert_not_null(p);
  char line[1024], last[1024] = "";
  while (fgets(line, sizeof line, p)) {
    fputs(line, stderr);
    if (!strncmp(line, "PASS_RATE", 9)) snprintf(last, sizeof last, "%s", line);
  }
  int st = pclose(p);
  cr_assert(last[0], "check.py printed no PASS_RATE line");
  cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "below the floor of " FLOOR "%%: %s", last);
}
