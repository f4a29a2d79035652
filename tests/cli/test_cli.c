/*
** test_cli.c: the parallax command as a user drives it: help, exit codes,
** adding folders with bad inputs mixed in, idempotent re-adds, JSON lines
** with a broken line, deletes.
*/
#include <criterion/criterion.h>
#include <jansson.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include "../common/run.h"

static const char *ARTICLE_A =
    "Harbour bridge reopens after repairs\n\n"
    "By Jane Doe\n\n"
    "The harbour bridge reopened on Tuesday after eight months of repairs "
    "that cost the city 40 million dollars, officials said.\n\n"
    "Traffic was light in the morning as commuters returned to the crossing, "
    "which carries about 60,000 vehicles a day.\n\n"
    "\"We are glad to have it back,\" said Mayor Ana Lopez at the ceremony.\n";

static const char *ARTICLE_B =
    "Wheat prices climb as drought spreads\n\n"
    "Wheat futures rose for a third day on Wednesday as a drought spread "
    "across the southern plains and traders cut crop forecasts.\n\n"
    "Analysts said the harvest could be the smallest in a decade if rain "
    "does not arrive by the end of the month.\n";

Test(cli, help_and_version) {
  run_result r = run_px("--help", NULL);
  cr_assert_eq(r.code, 0);
  cr_assert(strstr(r.out, "add PATH"), "help lists commands: %s", r.out);
  cr_assert(strstr(r.out, "Exit codes"));
  run_free(&r);
  r = run_px("--version", NULL);
  cr_assert_eq(r.code, 0);
  cr_assert(strstr(r.out, "parallax 0."));
  run_free(&r);
}

Test(cli, usage_errors) {
  char *dir = make_tmpdir();
  char db[4200];
  snprintf(db, sizeof db, "%s/t.db", dir);
  run_result r = run_px("--db", db, "frobnicate", NULL);
  cr_assert_eq(r.code, 2);
  cr_assert(strstr(r.err, "unknown command"));
  run_free(&r);
  r = run_px("--db", db, "article", "abc", NULL);
  cr_assert_eq(r.code, 2);
  run_free(&r);
  r = run_px("--db", db, "article", "999", NULL);
  cr_assert_eq(r.code, 3, "missing article is exit 3, got %d", r.code);
  cr_assert(strstr(r.err, "no article 999"));
  run_free(&r);
  r = run_px("--db", db, "add", NULL);
  cr_assert_eq(r.code, 2);
  run_free(&r);
  rm_rf(dir);
  free(dir);
}

Test(cli, bad_inputs_do_not_stop_the_batch) {
  char *dir = make_tmpdir();
  char in[4200], db[4200], path[4300];
  snprintf(in, sizeof in, "%s/in", dir);
  snprintf(db, sizeof db, "%s/t.db", dir);
  mkdir(in, 0755);
  write_file(in, "a.txt", ARTICLE_A, strlen(ARTICLE_A));
  write_file(in, "empty.txt", "", 0);
  write_file(in, "blank.txt", " \n\n \t\n", 6);
  static const unsigned char bin[] = {0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3, 0, 0};
  write_file(in, "binary.bin", bin, sizeof bin);
  /* Latin-1 text: not UTF-8; read as Windows-1252 with a warning. */
  const char latin1[] = "Caf\xe9 owners protest new tax\n\nOwners of caf\xe9s "
                        "in the old town protested on Monday against a new tax "
                        "on terraces that the council approved last week.\n";
  write_file(in, "latin1.txt", latin1, sizeof latin1 - 1);
  snprintf(path, sizeof path, "%s/dangling.txt", in);
  cr_assert_eq(symlink("/nonexistent/nowhere.txt", path), 0);
  snprintf(path, sizeof path, "%s/fifo.txt", in);
  cr_assert_eq(mkfifo(path, 0644), 0);
  snprintf(path, sizeof path, "%s/sub", in);
  mkdir(path, 0755);
  write_file(path, "b.txt", ARTICLE_B, strlen(ARTICLE_B));
  /* A 200 MB file (sparse: costs no disk) is refused without being read. */
  snprintf(path, sizeof path, "%s/huge.txt", in);
  FILE *f = fopen(path, "wb");
  cr_assert(f);
  cr_assert_eq(fseeko(f, (off_t)200 << 20, SEEK_SET), 0);
  fputc('x', f);
  fclose(f);

  run_result r = run_px("--db", db, "add", in, NULL);
  cr_assert_eq(r.code, 1, "partial failure is exit 1; got %d\n%s\n%s", r.code, r.out, r.err);
  cr_assert(strstr(r.err, "empty.txt: empty input"), "%s", r.err);
  cr_assert(strstr(r.err, "blank.txt"), "%s", r.err);
  cr_assert(strstr(r.err, "binary.bin: binary data"), "%s", r.err);
  cr_assert(strstr(r.err, "dangling.txt: No such file"), "%s", r.err);
  cr_assert(strstr(r.err, "fifo.txt: not a regular file"), "%s", r.err);
  cr_assert(strstr(r.err, "huge.txt: file is 209715201 bytes, over the"), "%s", r.err);
  cr_assert(strstr(r.out, "latin1.txt: added"), "%s\n%s", r.out, r.err);
  cr_assert(strstr(r.err, "latin1.txt: not valid UTF-8"), "%s", r.err);
  cr_assert(strstr(r.out, "3 added"), "%s", r.out);
  run_free(&r);

  r = run_px("--db", db, "articles", "--json", NULL);
  cr_assert_eq(r.code, 0);
  cr_assert_eq(count_substr(r.out, "\"id\":"), 3, "%s", r.out);
  cr_assert(strstr(r.out, "Caf\xc3\xa9 owners"), "Latin-1 decoded: %s", r.out);
  run_free(&r);

  /* Adding again changes nothing. */
  r = run_px("--db", db, "add", in, NULL);
  cr_assert(strstr(r.out, "0 added, 0 updated, 3 unchanged"), "%s", r.out);
  run_free(&r);
  r = run_px("--db", db, "articles", "--json", NULL);
  cr_assert_eq(count_substr(r.out, "\"id\":"), 3);
  run_free(&r);
  rm_rf(dir);
  free(dir);
}

Test(cli, same_text_under_two_urls_is_one_article) {
  char *dir = make_tmpdir();
  char db[4200];
  snprintf(db, sizeof db, "%s/t.db", dir);
  write_file(dir, "one.txt", ARTICLE_A, strlen(ARTICLE_A));
  /* the same text with other line endings and spacing */
  char *crlf = malloc(strlen(ARTICLE_A) * 2 + 1), *o = crlf;
  for (const char *p = ARTICLE_A; *p; p++) {
    if (*p == '\n') *o++ = '\r';
    *o++ = *p;
  }
  *o = '\0';
  write_file(dir, "two.txt", crlf, strlen(crlf));
  free(crlf);
  run_result r = run_px("--db", db, "add", dir, NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert(strstr(r.out, "two.txt: duplicate of article 1"), "%s", r.out);
  run_free(&r);
  r = run_px("--db", db, "article", "1", "--json", NULL);
  cr_assert(strstr(r.out, "one.txt") && strstr(r.out, "two.txt"), "both URLs kept: %s", r.out);
  run_free(&r);
  rm_rf(dir);
  free(dir);
}

Test(cli, json_lines_with_a_broken_line) {
  char *dir = make_tmpdir();
  char db[4200], path[4300];
  snprintf(db, sizeof db, "%s/t.db", dir);
  const char *jl =
      "{\"url\": \"https://example.org/a\", \"title\": \"Harbour bridge reopens\", "
      "\"text\": \"The harbour bridge reopened on Tuesday after eight months of "
      "repairs, officials said.\\n\\nTraffic was light in the morning.\", "
      "\"published\": \"2024-03-05T09:30:00Z\", \"source\": \"City Post\"}\n"
      "{\"url\": \"https://example.org/broken\", \"title\": \n"
      "\n"
      "{\"url\": \"https://example.org/b\", \"title\": \"Wheat prices climb\", "
      "\"text\": \"Wheat futures rose for a third day on Wednesday as a drought "
      "spread across the southern plains.\", \"published\": \"Wed, 06 Mar 2024 "
      "14:00:00 GMT\"}\n"
      "[1, 2, 3]\n";
  write_file(dir, "dump.jsonl", jl, strlen(jl));
  snprintf(path, sizeof path, "%s/dump.jsonl", dir);
  run_result r = run_px("--db", db, "add", path, NULL);
  cr_assert_eq(r.code, 1, "%s %s", r.out, r.err);
  cr_assert(strstr(r.err, "dump.jsonl: line 2: invalid JSON"), "%s", r.err);
  cr_assert(strstr(r.err, "dump.jsonl: line 5: not a JSON object"), "%s", r.err);
  cr_assert(strstr(r.out, "2 added"), "%s", r.out);
  run_free(&r);
  r = run_px("--db", db, "articles", "--json", NULL);
  cr_assert(strstr(r.out, "\"source\": \"City Post\""), "%s", r.out);
  cr_assert(strstr(r.out, "\"published\": \"2024-03-05T09:30:00Z\""), "%s", r.out);
  cr_assert(strstr(r.out, "\"title\": \"Harbour bridge reopens\""), "%s", r.out);
  run_free(&r);
  rm_rf(dir);
  free(dir);
}

Test(cli, delete_article_and_source) {
  char *dir = make_tmpdir();
  char db[4200], path[4300];
  snprintf(db, sizeof db, "%s/t.db", dir);
  const char *jl =
      "{\"url\": \"u1\", \"title\": \"Harbour bridge reopens\", \"text\": \"The "
      "harbour bridge reopened on Tuesday after months of repairs.\", \"source\": \"City Post\"}\n"
      "{\"url\": \"u2\", \"title\": \"Wheat prices climb\", \"text\": \"Wheat "
      "futures rose for a third day as a drought spread.\", \"source\": \"Farm Daily\"}\n"
      "{\"url\": \"u3\", \"title\": \"Wheat harvest falls\", \"text\": \"The "
      "wheat harvest fell to its lowest in a decade this year.\", \"source\": \"Farm Daily\"}\n";
  write_file(dir, "d.jsonl", jl, strlen(jl));
  snprintf(path, sizeof path, "%s/d.jsonl", dir);
  run_result r = run_px("--db", db, "-q", "add", path, NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  run_free(&r);
  /* The pipeline state saved beside the store is derived from the
  ** articles: a deletion removes it with them. */
  char state[4300];
  snprintf(state, sizeof state, "%s-state", db);
  struct stat sb;
  cr_assert_eq(stat(state, &sb), 0, "add saved the pipeline state");
  r = run_px("--db", db, "delete", "--article", "1", NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  run_free(&r);
  cr_assert_neq(stat(state, &sb), 0, "the deletion removed the saved state");
  r = run_px("--db", db, "article", "1", NULL);
  cr_assert_eq(r.code, 3);
  run_free(&r);
  r = run_px("--db", db, "delete", "--source", "farm daily", NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert(strstr(r.out, "its 2 articles"), "%s", r.out);
  run_free(&r);
  r = run_px("--db", db, "articles", "--json", NULL);
  cr_assert_eq(count_substr(r.out, "\"id\":"), 0, "%s", r.out);
  run_free(&r);
  r = run_px("--db", db, "stories", "--json", NULL);
  cr_assert_eq(count_substr(r.out, "\"id\":"), 0, "empty stories are pruned: %s", r.out);
  run_free(&r);
  r = run_px("--db", db, "delete", "--source", "nobody", NULL);
  cr_assert_eq(r.code, 3);
  run_free(&r);
  rm_rf(dir);
  free(dir);
}

/* A static web server on 127.0.0.1 (an ephemeral port), serving dir;
** its request log goes to log when given. */
static pid_t serve_dir(const char *dir, int *port, const char *log) {
  int fds[2];
  cr_assert_eq(pipe(fds), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    if (log && !freopen(log, "w", stderr)) _exit(126);
    execlp("python3", "python3", "-u", "-m", "http.server", "0", "--bind",
           "127.0.0.1", "--directory", dir, (char *)NULL);
    _exit(127);
  }
  close(fds[1]);
  FILE *f = fdopen(fds[0], "r");
  char line[256] = "";
  cr_assert(fgets(line, sizeof line, f), "server did not start");
  const char *p = strstr(line, " port ");
  cr_assert(p, "%s", line);
  *port = (int)strtol(p + 6, NULL, 10);
  fclose(f);
  return pid;
}

Test(cli, urls_are_fetched_politely, .timeout = 120) {
  char *dir = make_tmpdir();
  char db[4200], sub[4300], url[256], url2[256], url3[256];
  snprintf(db, sizeof db, "%s/t.db", dir);
  const char *html =
      "<!doctype html><html lang=\"en\"><head><title>Harbour bridge reopens | City Post</title>"
      "<meta property=\"og:site_name\" content=\"City Post\"></head><body>"
      "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
      "<article><h1>Harbour bridge reopens</h1><p>The harbour bridge reopened on "
      "Tuesday after eight months of repairs that cost the city 40 million "
      "dollars, officials said.</p><p>Traffic was light in the morning as "
      "commuters returned to the crossing, which carries about 60,000 vehicles "
      "a day.</p></article><footer>Copyright City Post</footer></body></html>";
  write_file(dir, "a.html", html, strlen(html));
  write_file(dir, "robots.txt", "User-agent: *\nDisallow: /private/\n", 34);
  snprintf(sub, sizeof sub, "%s/private", dir);
  mkdir(sub, 0755);
  write_file(sub, "b.html", html, strlen(html));
  int port = 0;
  pid_t srv = serve_dir(dir, &port, NULL);
  snprintf(url, sizeof url, "http://127.0.0.1:%d/a.html", port);
  snprintf(url2, sizeof url2, "http://127.0.0.1:%d/private/b.html", port);
  snprintf(url3, sizeof url3, "http://127.0.0.1:%d/missing.html", port);

  run_result r = run_px("extract", url, NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert(strstr(r.out, "The harbour bridge reopened on Tuesday"), "%s", r.out);
  cr_assert(!strstr(r.out, "Copyright City Post"), "%s", r.out);
  run_free(&r);
  r = run_px("--db", db, "add", url, url2, url3, NULL);
  cr_assert_eq(r.code, 1, "%s %s", r.out, r.err);
  cr_assert(strstr(r.out, "1 added"), "%s", r.out);
  cr_assert(strstr(r.err, "private/b.html: the site's robots.txt disallows this page"), "%s", r.err);
  cr_assert(strstr(r.err, "missing.html: HTTP 404"), "%s", r.err);
  run_free(&r);
  r = run_px("--db", db, "articles", "--json", NULL);
  cr_assert(strstr(r.out, "\"source\": \"City Post\""), "%s", r.out);
  run_free(&r);
  kill(srv, SIGTERM);
  waitpid(srv, NULL, 0);
  rm_rf(dir);
  free(dir);
}

/* A site asking for a crawl delay gets it between the pages of one `add`,
** and its robots.txt is read once for all of them. */
Test(cli, crawl_delay_between_pages_of_a_site, .timeout = 120) {
  char *dir = make_tmpdir();
  char db[4200], log[4300], u1[256], u2[256];
  snprintf(db, sizeof db, "%s/t.db", dir);
  snprintf(log, sizeof log, "%s/requests.log", dir);
  const char *a = "Harbour bridge reopens\n\nThe harbour bridge reopened on Tuesday "
                  "after eight months of repairs, officials said.\n";
  const char *b = "Wheat prices climb\n\nWheat futures rose for a third day on "
                  "Wednesday as a drought spread across the plains.\n";
  write_file(dir, "a.txt", a, strlen(a));
  write_file(dir, "b.txt", b, strlen(b));
  const char *robots = "User-agent: *\nCrawl-delay: 2\n";
  write_file(dir, "robots.txt", robots, strlen(robots));
  int port = 0;
  pid_t srv = serve_dir(dir, &port, log);
  snprintf(u1, sizeof u1, "http://127.0.0.1:%d/a.txt", port);
  snprintf(u2, sizeof u2, "http://127.0.0.1:%d/b.txt", port);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  run_result r = run_px("--db", db, "add", u1, u2, NULL);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  cr_assert_eq(r.code, 0, "%s %s", r.out, r.err);
  cr_assert(strstr(r.out, "2 added"), "%s", r.out);
  double took = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  cr_assert_geq(took, 1.9, "the second page waited for the delay: %.2f s", took);
  run_free(&r);
  kill(srv, SIGTERM);
  waitpid(srv, NULL, 0);
  FILE *f = fopen(log, "r");
  cr_assert(f);
  char *text = slurp_fd(f);
  fclose(f);
  cr_assert_eq(count_substr(text, "GET /robots.txt"), 1, "robots.txt read once: %s", text);
  cr_assert_eq(count_substr(text, "GET /a.txt"), 1, "%s", text);
  cr_assert_eq(count_substr(text, "GET /b.txt"), 1, "%s", text);
  free(text);
  rm_rf(dir);
  free(dir);
}

/* A JSON line whose title is a whole sentence (dumps often use the first
** sentence as the title): the article has it as its title, once, not also
** as its first paragraph. */
Test(cli, json_line_sentence_title_is_not_repeated_in_the_body) {
  char *dir = make_tmpdir();
  char db[4200], path[4300];
  snprintf(db, sizeof db, "%s/t.db", dir);
  const char *jl =
      "{\"url\": \"https://example.org/s\", \"title\": \"Providentially, nobody was "
      "injured, but an estimated one million dollars in damage was done to the church "
      "on Friday night, in a fire that began while people were inside.\", \"text\": "
      "\"The fire is being investigated as a possible case of arson.\\nFire crews "
      "from three stations fought the blaze for two hours before it was out.\"}\n";
  write_file(dir, "s.jsonl", jl, strlen(jl));
  snprintf(path, sizeof path, "%s/s.jsonl", dir);
  run_result r = run_px("--db", db, "-q", "add", path, NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  run_free(&r);
  r = run_px("--db", db, "article", "1", NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert_eq(count_substr(r.out, "Providentially, nobody was injured"), 1,
               "the title once: %s", r.out);
  cr_assert(strstr(r.out, "possible case of arson"), "%s", r.out);
  run_free(&r);
  rm_rf(dir);
  free(dir);
}

/* The same subject six weeks apart is two stories (the 7-day window) that
** list each other as related, in text, JSON and the API's story object;
** a story on another subject is not listed. */
Test(cli, related_stories_link_across_the_window) {
  char *dir = make_tmpdir();
  char db[4200], path[4300];
  snprintf(db, sizeof db, "%s/t.db", dir);
  const char *jl =
      "{\"url\": \"https://a.example/1\", \"source\": \"Farm Daily\", \"published\": "
      "\"2024-01-10T10:00:00Z\", \"title\": \"Wheat prices climb as drought spreads across Kansas\", "
      "\"text\": \"Wheat futures rose for a third day as drought spread across Kansas and "
      "Oklahoma and traders cut winter wheat crop forecasts for the southern plains.\"}\n"
      "{\"url\": \"https://b.example/2\", \"source\": \"City Post\", \"published\": "
      "\"2024-01-11T10:00:00Z\", \"title\": \"Harbour bridge reopens after repairs\", "
      "\"text\": \"The harbour bridge in Lisbon reopened on Tuesday after eight months of "
      "repairs that cost the city 40 million euros.\"}\n"
      "{\"url\": \"https://c.example/3\", \"source\": \"Grain Wire\", \"published\": "
      "\"2024-02-25T10:00:00Z\", \"title\": \"Drought in Kansas cuts winter wheat crop forecasts\", "
      "\"text\": \"Winter wheat crop forecasts for Kansas and Oklahoma were cut again as the "
      "drought across the southern plains lifted wheat futures.\"}\n";
  write_file(dir, "d.jsonl", jl, strlen(jl));
  snprintf(path, sizeof path, "%s/d.jsonl", dir);
  run_result r = run_px("--db", db, "--json", "add", path, NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  run_free(&r);
  r = run_px("--db", db, "--json", "stories", NULL);
  cr_assert_eq(count_substr(r.out, "\"id\":"), 3, "three stories: %s", r.out);
  run_free(&r);
  /* Story ids follow arrival: 1 wheat (January), 2 bridge, 3 wheat (February). */
  r = run_px("--db", db, "story", "3", NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  const char *rel = strstr(r.out, "Related stories:");
  cr_assert(rel, "the February story lists related ones: %s", r.out);
  cr_assert(strstr(rel, "story 1: Wheat prices climb"), "%s", rel);
  cr_assert_null(strstr(rel, "story 2:"), "the bridge is not related: %s", rel);
  run_free(&r);
  r = run_px("--db", db, "--json", "story", "1", NULL);
  json_t *j = json_loads(r.out, 0, NULL);
  json_t *arr = json_object_get(j, "related");
  cr_assert_eq(json_array_size(arr), 1, "the January story links the later one: %s", r.out);
  cr_assert_eq(json_integer_value(json_object_get(json_array_get(arr, 0), "id")), 3);
  json_decref(j);
  run_free(&r);
  rm_rf(dir);
  free(dir);
}

/* Issue 15, 18: a run that does local work loads no HTTP stack. Before,
** every run mapped 46 libraries (libcurl, libmicrohttpd, libxml2 and
** theirs: ~30 ms of CPU each run); the loader's own list is the measure
** here, as CPU time is too noisy for a test. Commands that fetch or serve
** still work: the light binary hands them to parallax-full. */
Test(cli, local_commands_load_no_http_stack) {
  char cmd[8600];
  snprintf(cmd, sizeof cmd, "LD_TRACE_LOADED_OBJECTS=1 %s", px_bin());
  FILE *p = popen(cmd, "r");
  cr_assert(p);
  char *libs = slurp_fd(p);
  pclose(p);
  cr_assert(libs && *libs);
  cr_assert(!strstr(libs, "libcurl"), "%s", libs);
  cr_assert(!strstr(libs, "libmicrohttpd"), "%s", libs);
  cr_assert(!strstr(libs, "libxml2"), "%s", libs);
  cr_assert_lt(count_substr(libs, "\n"), 16, "%s", libs);
  free(libs);

  char *dir = make_tmpdir();
  char db[4200];
  snprintf(db, sizeof db, "%s/t.db", dir);
  /* handed over: the full binary's own usage message and codes */
  run_result r = run_px("--db", db, "feeds", NULL);
  cr_assert_eq(r.code, 0, "%d %s", r.code, r.err);
  run_free(&r);
  r = run_px("--db", db, "serve", "--port", "x", NULL);
  cr_assert_eq(r.code, 2, "%d %s", r.code, r.err);
  cr_assert(strstr(r.err, "usage: parallax serve"), "%s", r.err);
  run_free(&r);
  r = run_px("--db", db, "alert", "list", NULL);
  cr_assert_eq(r.code, 0, "%d %s", r.code, r.err);
  run_free(&r);
  rm_rf(dir);
  free(dir);
}

/* Issue 15, 14: the story span and every listed time in UTC, zone said,
** ordered by instant: 10:48-04:00 (14:48Z) is later than 16:01+08:00
** (08:01Z). Before: "2023-06-19T10:48:00-04:00 to 2023-06-19T16:01:00+08:00". */
Test(cli, story_span_is_ordered_by_instant_and_shown_in_utc) {
  char *dir = make_tmpdir();
  char db[4200], path[4300];
  snprintf(db, sizeof db, "%s/t.db", dir);
  const char *lines =
      "{\"url\":\"https://ny.example/quake\",\"source\":\"NY Paper\",\"title\":\"Strong quake "
      "shakes the coast\",\"published\":\"2023-06-19T10:48:00-04:00\",\"text\":\"A strong "
      "earthquake shook the coast on Monday, damaging roads and bridges, officials said. "
      "Rescue teams searched collapsed buildings through the night.\"}\n"
      "{\"url\":\"https://hk.example/quake\",\"source\":\"HK Paper\",\"title\":\"Strong quake "
      "shakes the coast\",\"published\":\"2023-06-19T16:01:00+08:00\",\"text\":\"A strong "
      "earthquake shook the coast on Monday and damaged roads and bridges, the officials "
      "said. Rescue teams searched the collapsed buildings all night.\"}\n";
  write_file(dir, "q.jsonl", lines, strlen(lines));
  snprintf(path, sizeof path, "%s/q.jsonl", dir);
  run_result r = run_px("--db", db, "add", path, NULL);
  cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
  run_free(&r);
  r = run_px("--db", db, "stories", NULL);
  cr_assert_eq(r.code, 0);
  cr_expect(strstr(r.out, "2023-06-19 08:01 UTC to 2023-06-19 14:48 UTC"), "%s", r.out);
  run_free(&r);
  r = run_px("--db", db, "articles", NULL);
  cr_expect(strstr(r.out, "2023-06-19 14:48 UTC"), "%s", r.out);
  cr_expect(strstr(r.out, "2023-06-19 08:01 UTC"), "%s", r.out);
  run_free(&r);
  r = run_px("--db", db, "--json", "stories", NULL);
  cr_expect(strstr(r.out, "\"first_published_utc\": \"2023-06-19T08:01:00Z\""), "%s", r.out);
  cr_expect(strstr(r.out, "\"last_published_utc\": \"2023-06-19T14:48:00Z\""), "%s", r.out);
  run_free(&r);
  rm_rf(dir);
  free(dir);
}

/* Issue 15, 15: search --source knows the outlet directory's other
** spellings, as articles --source does. Before: 0 articles for "OAN". */
Test(cli, search_source_takes_outlet_aliases) {
  char *dir = make_tmpdir();
  char db[4200], path[4300];
  snprintf(db, sizeof db, "%s/t.db", dir);
  const char *line =
      "{\"url\":\"https://oann.example/harbour\",\"source\":\"One America News Network\","
      "\"title\":\"Harbour bridge reopens\",\"text\":\"The harbour bridge reopened on "
      "Tuesday after eight months of repairs, officials said.\"}\n";
  write_file(dir, "a.jsonl", line, strlen(line));
  snprintf(path, sizeof path, "%s/a.jsonl", dir);
  run_result r = run_px("--db", db, "add", path, NULL);
  cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
  run_free(&r);
  r = run_px("--db", db, "articles", "--source", "OAN", NULL);
  cr_assert(strstr(r.out, "Harbour bridge"), "%s%s", r.out, r.err);
  run_free(&r);
  r = run_px("--db", db, "search", "harbour", "--source", "OAN", NULL);
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_expect(strstr(r.out, "1 article in 1 story"), "%s", r.out);
  run_free(&r);
  r = run_px("--db", db, "stories", NULL);
  cr_expect(strstr(r.out, "1 article from 1 outlet;"), "plural agreement: %s", r.out);
  run_free(&r);
  rm_rf(dir);
  free(dir);
}

/* Issue 15, 16: exit codes as the README gives them (1 an input failed,
** 2 usage, 3 not found, 4 store or system) and messages that name the
** input and the real problem. */
Test(cli, exit_codes_and_messages_match_the_readme) {
  char *dir = make_tmpdir();
  char db[4200], gz[4300];
  snprintf(db, sizeof db, "%s/t.db", dir);
  static const unsigned char gzdata[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 'x', 'y'};
  write_file(dir, "x.html.gz", gzdata, sizeof gzdata);
  snprintf(gz, sizeof gz, "%s/x.html.gz", dir);
  run_result r = run_px("--db", db, "extract", gz, NULL);
  cr_expect_eq(r.code, 1, "%d", r.code);
  cr_expect(strstr(r.err, "x.html.gz: gzip-compressed"), "%s", r.err);
  run_free(&r);
  /* an unresolvable host: the same code from extract as from add, and
  ** not blamed on robots.txt */
  r = run_px("--db", db, "extract", "http://nowhere.invalid/a.html", NULL);
  cr_expect_eq(r.code, 1, "%d %s", r.code, r.err);
  cr_expect_null(strstr(r.err, "robots"), "%s", r.err);
  cr_expect(strstr(r.err, "nowhere.invalid"), "%s", r.err);
  run_free(&r);
  r = run_px("--db", db, "add", "http://nowhere.invalid/a.html", NULL);
  cr_expect_eq(r.code, 1, "%d %s", r.code, r.err);
  cr_expect_null(strstr(r.err, "robots"), "%s", r.err);
  run_free(&r);
  r = run_px("--db", db, "search", "NOT", NULL);
  cr_expect_eq(r.code, 2, "%d %s", r.code, r.err);
  run_free(&r);
  r = run_px("--db", db, "add", "ftp://example.com/a.txt", NULL);
  cr_expect_eq(r.code, 1, "%d", r.code);
  cr_expect(strstr(r.err, "only http:// and https://"), "%s", r.err);
  cr_expect_null(strstr(r.err, "No such file"), "%s", r.err);
  run_free(&r);
  r = run_px("--db", db, "stories", "--bogus", NULL);
  cr_expect_eq(r.code, 2);
  cr_expect(strstr(r.err, "'--bogus'"), "%s", r.err);
  run_free(&r);
  r = run_px("--db", db, "unsubscribe", "44", NULL);
  cr_expect_eq(r.code, 3);
  cr_expect(strstr(r.err, "no feed 44"), "%s", r.err);
  run_free(&r);
  r = run_px("--help", NULL);
  cr_expect(strstr(r.out, "--smtp URL"), "%s", r.out);
  run_free(&r);
  rm_rf(dir);
  free(dir);
}
