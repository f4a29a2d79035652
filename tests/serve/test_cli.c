/*
** test_cli.c: the serve-stage commands through the parallax binary:
** token create, search (text and --json), takedown (and re-adding refused),
** alert add/list/delete, serve's usage errors; token list, revoke and
** --expires, the warning for a non-loopback --bind (issue 15, 13).
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/buf.h"

static char px[512], db[256], seeds[512];

static void setup(void) {
  const char *b = getenv("PX_BUILD_ROOT"), *s = getenv("PX_SOURCE_ROOT");
  snprintf(px, sizeof px, "%s/src/cli/parallax", b ? b : ".");
  snprintf(seeds, sizeof seeds, "%s/tests/fixtures/seeds", s ? s : ".");
  snprintf(db, sizeof db, "/tmp/px-test-cli-serve-%d.db", (int)getpid());
  unlink(db);
}

static void teardown(void) {
  char p[300];
  unlink(db);
  snprintf(p, sizeof p, "%s-wal", db);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", db);
  unlink(p);
  snprintf(p, sizeof p, "%s-state", db);
  unlink(p);
}

TestSuite(cli, .init = setup, .fini = teardown, .timeout = 120);

/* Runs parallax --db DB ARGS; returns the exit code, stdout in out. */
static int run(px_buf *out, const char *args) {
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "'%s' --db '%s' %s 2>/dev/null", px, db, args);
  FILE *f = popen(cmd, "r");
  cr_assert(f);
  char buf[4096];
  size_t n;
  out->len = 0;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) px_buf_append(out, buf, n);
  int st = pclose(f);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(cli, search_takedown_token_alerts) {
  px_buf o;
  px_buf_init(&o, 0);
  char args[1024];
  snprintf(args, sizeof args, "-q add '%s'", seeds);
  cr_assert_eq(run(&o, args), 0);

  cr_expect_eq(run(&o, "search '\"strategic ambiguity\"'"), 0);
  cr_expect(strstr(px_buf_cstr(&o), "in 1 story") != NULL, "%s", px_buf_cstr(&o));
  cr_expect(strstr(px_buf_cstr(&o), "[strategic] [ambiguity]") != NULL ||
            strstr(px_buf_cstr(&o), "[strategic ambiguity]") != NULL,
            "%s", px_buf_cstr(&o));
  cr_expect_eq(run(&o, "--json search blinken --limit 1"), 0);
  cr_expect(strstr(px_buf_cstr(&o), "\"total_articles\": 5") != NULL, "%s",
            px_buf_cstr(&o));
  cr_expect_eq(run(&o, "search"), 2);
  cr_expect_neq(run(&o, "search '\"\"'"), 0);  /* nothing to look for */

  cr_expect_eq(run(&o, "token create ci"), 0);
  cr_expect_eq(strncmp(px_buf_cstr(&o), "pxt_", 4), 0);
  cr_expect_eq(o.len, 69);  /* token and newline */

  cr_expect_eq(run(&o, "alert add 'blinken OR xi' --webhook http://127.0.0.1:9/h"), 0);
  cr_expect_eq(run(&o, "alert list"), 0);
  cr_expect(strstr(px_buf_cstr(&o), "blinken OR xi") != NULL);
  cr_expect_eq(run(&o, "alert add x --webhook ftp://x"), 2);
  cr_expect_eq(run(&o, "alert delete 1"), 0);
  cr_expect_eq(run(&o, "alert delete 1"), 3);

  snprintf(args, sizeof args, "takedown --url '%s/000_f6d645dabc46512d.txt' "
                              "--reason test", seeds);
  cr_expect_eq(run(&o, args), 0);
  cr_expect(strstr(px_buf_cstr(&o), "removed 1 article") != NULL, "%s", px_buf_cstr(&o));
  cr_expect_eq(run(&o, "search 'no illusions'"), 0);
  cr_expect(strstr(px_buf_cstr(&o), "0 articles") != NULL, "%s", px_buf_cstr(&o));
  snprintf(args, sizeof args, "-q add '%s/000_f6d645dabc46512d.txt'", seeds);
  cr_expect_neq(run(&o, args), 0, "re-adding a taken-down URL must fail");
  cr_expect_eq(run(&o, "takedown --list"), 0);
  cr_expect(strstr(px_buf_cstr(&o), "000_f6d645dabc46512d") != NULL);
  cr_expect_eq(run(&o, "takedown --url x --source y"), 2);
  cr_expect_eq(run(&o, "serve --port notaport"), 2);
  cr_expect_eq(run(&o, "serve --bind 999.1.1.1 --port 0"), 2);
  px_buf_reset(&o);
}

Test(cli, token_list_revoke_expires) {
  px_buf o;
  px_buf_init(&o, 0);
  cr_assert_eq(run(&o, "token create ci --expires 30"), 0);
  cr_expect_eq(o.len, 69);
  cr_assert_eq(run(&o, "token create forever"), 0);
  cr_assert_eq(run(&o, "token list"), 0);
  const char *l = px_buf_cstr(&o);
  cr_expect(strstr(l, "1\tci\tcreated ") != NULL, "%s", l);
  cr_expect(strstr(l, "2\tforever\t") != NULL, "%s", l);
  cr_expect(strstr(l, "expires never") != NULL, "%s", l);
  cr_expect_null(strstr(l, "pxt_"), "a listing shows no token: %s", l);
  cr_expect_eq(run(&o, "token revoke 1"), 0);
  cr_assert_eq(run(&o, "token list"), 0);
  cr_expect_null(strstr(px_buf_cstr(&o), "\tci\t"), "%s", px_buf_cstr(&o));
  cr_expect_eq(run(&o, "token revoke 1"), 3);
  cr_expect_eq(run(&o, "token create --expires 0"), 2);
  cr_expect_eq(run(&o, "token create --expires"), 2);
  cr_expect_eq(run(&o, "token revoke x"), 2);
  px_buf_reset(&o);
}

/* The warning comes before binding, so an address this machine does not
** have (nothing is opened) shows it. */
Test(cli, non_loopback_bind_warns) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd,
           "'%s' --db '%s' serve --bind 192.0.2.1 --port 0 2>&1 >/dev/null",
           px, db);
  FILE *f = popen(cmd, "r");
  cr_assert(f);
  char buf[1024] = {0};
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  int st = pclose(f);
  cr_expect(WIFEXITED(st) && WEXITSTATUS(st) != 0, "bound to 192.0.2.1?");
  cr_expect(strstr(buf, "travel in clear") != NULL, "%s", buf);
}
