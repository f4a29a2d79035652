/*
** test_app.c: request handling without sockets: every page and API
** route, status codes and error bodies, pagination, escaping of hostile
** titles/text/URLs/outlet names, API tokens, SHA-256 vectors, target
** parsing.
*/
#include <jansson.h>

#include "helpers.h"
#include "serve/app.h"
#include "serve/auth.h"
#include "serve/html.h"
#include "serve/sha256.h"
#include "store/pipeline.h"

static px_app *app;
static int64_t story, hostile;
static char token[PX_TOKEN_LEN + 1];
static char bearer[PX_TOKEN_LEN + 16];

static void setup(void) {
  story = th_fill("app", &hostile);
  px_serve_opts o;
  px_serve_opts_init(&o);
  o.db_path = th_db;
  o.base_url = "http://example.test";
  px_err err = {0};
  cr_assert_eq(px_app_new(&o, &app, &err), PX_OK, "%s", err.msg);
  px_store *st = px_app_store_get(app, &err);
  cr_assert(st);
  cr_assert_eq(px_auth_token_create(st, "test", token, &err), PX_OK);
  px_app_store_put(app, st);
  snprintf(bearer, sizeof bearer, "Bearer %s", token);
}

static void teardown(void) {
  px_app_free(app);
  th_unlink_db();
}

TestSuite(app, .init = setup, .fini = teardown, .timeout = 60);

/* No raw markup from the hostile article may reach a page. */
static void assert_clean(const char *body) {
  cr_assert(body);
  const char *bad = strstr(body, "<script");
  if (!bad) bad = strstr(body, "\"'>");
  if (bad)
    cr_log_error("near: %.80s", bad > body + 80 ? bad - 80 : body);
  cr_expect_null(strstr(body, "<script"), "raw <script> in output");
  cr_expect_null(strstr(body, "<img"), "raw <img> in output");
  cr_expect_null(strstr(body, "href=\"javascript"), "javascript: link");
  cr_expect_null(strstr(body, "\"'>"), "attribute break-out");
}

Test(app, pages_escape_hostile_content) {
  char path[64];
  const char *paths[] = {"/", "/search?q=blinken", "/search?q=hostile",
                         "/feed.atom", "/search.atom?q=blinken",
                         "/api/stories", "/api/search?q=hostile"};
  for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
    th_resp r = th_req(app, "GET", paths[i], NULL, NULL);
    cr_expect_eq(r.status, 200, "%s -> %d", paths[i], r.status);
    assert_clean(r.body);
    free(r.body);
  }
  snprintf(path, sizeof path, "/stories/%lld", (long long)story);
  th_resp r = th_req(app, "GET", path, NULL, NULL);
  cr_assert_eq(r.status, 200);
  assert_clean(r.body);
  cr_expect(strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
  cr_expect(strstr(r.body, "Blinken in Beijing") != NULL);
  cr_expect(strstr(r.body, "Quotes by speaker") != NULL);
  cr_expect(strstr(r.body, "Who copied whom") != NULL);
  cr_expect(strstr(r.body, "https://oan.example/blinken") != NULL);
  free(r.body);
  snprintf(path, sizeof path, "/stories/%lld/feed.atom", (long long)story);
  r = th_req(app, "GET", path, NULL, NULL);
  cr_assert_eq(r.status, 200);
  assert_clean(r.body);
  cr_expect_str_eq(r.ctype, "application/atom+xml; charset=utf-8");
  free(r.body);
  snprintf(path, sizeof path, "/articles/%lld", (long long)hostile);
  r = th_req(app, "GET", path, NULL, NULL);
  cr_assert_eq(r.status, 200);
  assert_clean(r.body);
  free(r.body);
  /* The outlet page of an outlet whose name is markup. */
  px_buf p;
  px_buf_init(&p, 0);
  px_buf_puts(&p, "/outlets/");
  px_url_encode(&p, HOSTILE, strlen(HOSTILE));
  r = th_req(app, "GET", px_buf_cstr(&p), NULL, NULL);
  cr_expect_eq(r.status, 200);
  assert_clean(r.body);
  free(r.body);
  px_buf_reset(&p);
  /* A query that is itself markup comes back escaped in the search box. */
  r = th_req(app, "GET", "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", NULL, NULL);
  cr_expect_eq(r.status, 200);
  assert_clean(r.body);
  free(r.body);
}

Test(app, status_codes_and_error_bodies) {
  struct {
    const char *m, *t;
    int status;
  } cases[] = {
      {"GET", "/nope", 404},           {"GET", "/stories/999", 404},
      {"GET", "/stories/abc", 404},    {"GET", "/articles/0", 404},
      {"GET", "/api/stories/999", 404}, {"GET", "/api/articles/999", 404},
      {"GET", "/api/search", 400},     {"GET", "/api/search?q=%22%22", 400},
      {"GET", "/api/search?q=%ff", 400}, {"GET", "/api/search?q=a&from=xyz", 400},
      {"GET", "/bad%zzescape", 400},   {"GET", "/a%00b", 400},
      {"POST", "/", 405},              {"DELETE", "/api/stories", 405},
      {"POST", "/api/articles", 401},  {"POST", "/api/takedown", 401},
      {"GET", "/api/alerts", 401},     {"GET", "/outlets/Nobody", 404},
      {"HEAD", "/", 200},              {"GET", "/healthz", 200},
      {"GET", "/static/style.css", 200},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    th_resp r = th_req(app, cases[i].m, cases[i].t, NULL, NULL);
    cr_expect_eq(r.status, cases[i].status, "%s %s -> %d", cases[i].m,
                 cases[i].t, r.status);
    if (!strncmp(cases[i].t, "/api/", 5) && r.status >= 400) {
      json_t *j = json_loads(r.body, 0, NULL);
      cr_expect(json_is_object(json_object_get(j, "error")), "%s", r.body);
      cr_expect_eq(json_integer_value(json_object_get(json_object_get(j, "error"), "status")),
                   r.status);
      json_decref(j);
    }
    if (r.status == 405) cr_expect(r.allow != NULL);
    free(r.body);
  }
}

Test(app, api_pagination) {
  th_resp r = th_req(app, "GET", "/api/stories?limit=1", NULL, NULL);
  cr_assert_eq(r.status, 200);
  json_t *j = json_loads(r.body, 0, NULL);
  cr_assert(j, "%s", r.body);
  cr_expect_eq(json_array_size(json_object_get(j, "items")), 1);
  cr_expect_eq(json_integer_value(json_object_get(j, "total")), 1);
  cr_expect(json_is_null(json_object_get(j, "next")));
  json_decref(j);
  free(r.body);
  r = th_req(app, "GET", "/api/search?q=blinken+OR+paris&limit=1", NULL, NULL);
  cr_assert_eq(r.status, 200);
  j = json_loads(r.body, 0, NULL);
  cr_expect_eq(json_integer_value(json_object_get(j, "total")), 2);
  cr_expect_eq(json_array_size(json_object_get(j, "items")), 1);
  cr_expect_str_eq(json_string_value(json_object_get(j, "next")),
                   "/api/search?q=blinken%20OR%20paris&offset=1&limit=1");
  json_t *hit = json_array_get(json_object_get(json_array_get(json_object_get(j, "items"), 0), "hits"), 0);
  cr_expect(strstr(json_string_value(json_object_get(hit, "snippet_html")), "<mark>") != NULL);
  json_decref(j);
  free(r.body);
  r = th_req(app, "GET", "/api/search?q=blinken+OR+paris&limit=1&offset=1", NULL, NULL);
  j = json_loads(r.body, 0, NULL);
  cr_expect_eq(json_array_size(json_object_get(j, "items")), 1);
  cr_expect(json_is_null(json_object_get(j, "next")));
  json_decref(j);
  free(r.body);
  char path[64];
  snprintf(path, sizeof path, "/api/stories/%lld", (long long)story);
  r = th_req(app, "GET", path, NULL, NULL);
  j = json_loads(r.body, 0, NULL);
  cr_expect_eq(json_array_size(json_object_get(j, "articles")), 3);
  cr_expect(json_is_object(json_object_get(j, "analysis")));
  json_decref(j);
  free(r.body);
}

Test(app, tokens_guard_writes) {
  th_resp r = th_req(app, "POST", "/api/alerts", "Bearer pxt_wrong", "{}");
  cr_expect_eq(r.status, 401);
  free(r.body);
  r = th_req(app, "POST", "/api/alerts", bearer, "not json");
  cr_expect_eq(r.status, 400);
  free(r.body);
  r = th_req(app, "POST", "/api/alerts", bearer,
             "{\"query\":\"blinken\",\"webhook\":\"javascript:x\"}");
  cr_expect_eq(r.status, 400);
  free(r.body);
  r = th_req(app, "POST", "/api/alerts", bearer,
             "{\"query\":\"blinken\",\"webhook\":\"http://127.0.0.1:9/x\"}");
  cr_expect_eq(r.status, 201, "%s", r.body);
  free(r.body);
  r = th_req(app, "GET", "/api/alerts", bearer, NULL);
  cr_expect_eq(r.status, 200);
  cr_expect(strstr(r.body, "blinken") != NULL);
  free(r.body);
  r = th_req(app, "DELETE", "/api/alerts/1", bearer, NULL);
  cr_expect_eq(r.status, 200);
  free(r.body);
  r = th_req(app, "DELETE", "/api/alerts/1", bearer, NULL);
  cr_expect_eq(r.status, 404);
  free(r.body);
  char path[64];
  snprintf(path, sizeof path, "/api/articles/%lld", (long long)hostile);
  r = th_req(app, "DELETE", path, NULL, NULL);
  cr_expect_eq(r.status, 401);
  free(r.body);
  r = th_req(app, "DELETE", path, bearer, NULL);
  cr_expect_eq(r.status, 200);
  free(r.body);
  r = th_req(app, "GET", path, NULL, NULL);
  cr_expect_eq(r.status, 404);
  free(r.body);
}

Test(app, sha256_vectors) {
  char h[65];
  px_sha256_hex("", 0, h);
  cr_expect_str_eq(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  px_sha256_hex("abc", 3, h);
  cr_expect_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  px_sha256_hex(m, strlen(m), h);
  cr_expect_str_eq(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(app, html_helpers) {
  px_buf b;
  px_buf_init(&b, 0);
  px_html_text(&b, "a<b>&\"'\x01\xff\xc3\xa9", 11);
  cr_expect_str_eq(px_buf_cstr(&b), "a&lt;b&gt;&amp;&quot;&#39;\xef\xbf\xbd\xc3\xa9");
  b.len = 0;
  px_html_href(&b, "JavaScript:alert(1)");
  px_html_href(&b, "//evil.example/");
  px_html_href(&b, "https://ok.example/?a=1&b=\"2\"");
  cr_expect_str_eq(px_buf_cstr(&b), "##https://ok.example/?a=1&amp;b=&quot;2&quot;");
  b.len = 0;
  px_html_snippet(&b, "x\x02y<\x03z\x02open");
  cr_expect_str_eq(px_buf_cstr(&b), "x<mark>y&lt;</mark>z<mark>open</mark>");
  px_buf_reset(&b);
}

/* The analysis in the analyze stage's JSON shape, hostile strings inside. */
Test(app, story_page_renders_analysis_sections) {
  px_err err = {0};
  px_store *st = px_app_store_get(app, &err);
  cr_assert(st);
  json_t *a = json_pack(
      "{s:[{s:I,s:s},{s:I,s:s}],"
      "s:[{s:s,s:[{s:I,s:s,s:i,s:s}]}],"
      "s:[{s:s,s:s,s:[I,I],s:[I],s:[{s:I,s:f,s:s,s:{s:I,s:i,s:s}},"
      "{s:I,s:s,s:{s:I,s:i,s:s}}]}],"
      "s:{s:I,s:s,s:[s]},"
      "s:[{s:s,s:s,s:i,s:[{s:I,s:s,s:s,s:b,s:{s:I,s:i}}]}]}",
      "articles", "id", (json_int_t)1, "outlet", "OAN", "id", (json_int_t)hostile,
      "outlet", HOSTILE,
      "summary", "text", "Blinken met Xi <script>", "support", "article_id",
      (json_int_t)1, "outlet", "OAN", "block", 0, "text", "cited sentence",
      "claims", "label", "where they met", "verdict", "contradict", "outlets",
      (json_int_t)1, (json_int_t)hostile, "minority", (json_int_t)hostile,
      "items", "article_id", (json_int_t)1, "value", 6.0, "unit", "hours",
      "sentence", "article_id", (json_int_t)1, "block", 0, "text", "six hours",
      "article_id", (json_int_t)hostile, "place", "Anchorage <b>", "sentence",
      "article_id", (json_int_t)hostile, "block", 0, "text", HOSTILE,
      "outlier", "article_id", (json_int_t)hostile, "outlet", HOSTILE,
      "conflicts", "where they met",
      "quotes", "speaker", "Antony Blinken", "speaker_role", "Secretary",
      "variants", 2, "items", "article_id", (json_int_t)1, "outlet", "OAN",
      "text", "We do not support", "indirect", 0, "sentence", "article_id",
      (json_int_t)1, "block", 0);
  cr_assert(a);
  char *js = json_dumps(a, 0);
  json_decref(a);
  cr_assert_eq(px_store_story_set_analysis(st, story, NULL, NULL, js, &err), PX_OK);
  free(js);
  px_app_store_put(app, st);
  char path[64];
  snprintf(path, sizeof path, "/stories/%lld", (long long)story);
  th_resp r = th_req(app, "GET", path, NULL, NULL);
  cr_assert_eq(r.status, 200);
  assert_clean(r.body);
  cr_expect(strstr(r.body, "Where the outlets agree and differ") != NULL);
  cr_expect(strstr(r.body, "<td class=\"minority\">") != NULL);
  cr_expect(strstr(r.body, "Anchorage &lt;b&gt;") != NULL);
  cr_expect(strstr(r.body, "6 hours") != NULL);
  cr_expect(strstr(r.body, "href=\"/articles/1#b0\"") != NULL);
  cr_expect(strstr(r.body, "The outlier") != NULL);
  cr_expect(strstr(r.body, "2 wordings") != NULL);
  cr_expect(strstr(r.body, "Blinken met Xi &lt;script&gt;") != NULL);
  free(r.body);
}

/* The server keeps one ingest pipeline; an article stored meanwhile by
** another process (a CLI `add`) must still be found by the next API add,
** and adds made through the API must not rebuild it. */
static char *seed_text(const char *name) {
  char path[4096];
  const char *root = getenv("PX_SOURCE_ROOT");
  snprintf(path, sizeof path, "%s/tests/fixtures/seeds/%s", root ? root : ".", name);
  FILE *f = fopen(path, "rb");
  cr_assert(f, "%s", path);
  char *b = calloc(1, 1 << 20);
  size_t n = fread(b, 1, (1 << 20) - 1, f);
  b[n] = '\0';
  fclose(f);
  return b;
}

static int64_t api_add(const char *url, const char *name) {
  char *text = seed_text(name);
  json_t *body = json_pack("{s:s, s:s}", "url", url, "text", text);
  char *js = json_dumps(body, 0);
  th_resp r = th_req(app, "POST", "/api/articles", bearer, js);
  cr_assert_eq(r.status, 201, "%s: %d %s", name, r.status, r.body);
  json_t *j = json_loads(r.body, 0, NULL);
  int64_t sid = json_integer_value(json_object_get(j, "story_id"));
  json_decref(j);
  free(r.body);
  free(js);
  json_decref(body);
  free(text);
  return sid;
}

Test(app, api_adds_see_other_writers) {
  th_resp r = th_req(app, "POST", "/api/articles", bearer,
                     "{\"url\":\"https://a.example/wheat\",\"text\":\"Wheat prices "
                     "climb as drought spreads\\n\\nWheat futures rose for a third day "
                     "as a drought spread across the plains.\"}");
  cr_assert_eq(r.status, 201, "%s", r.body);
  free(r.body);
  cr_assert_eq(px_pipeline_rebuilds(app->pipe), 0);
  /* Another process (a CLI add) stores the first report of an event... */
  px_store *other = NULL;
  px_pipeline *p = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(th_db, &other, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(px_pipeline_new(other, &p, &err), PX_OK, "%s", err.msg);
  char path[4096];
  const char *root = getenv("PX_SOURCE_ROOT");
  snprintf(path, sizeof path, "%s/tests/fixtures/seeds/000_f6d645dabc46512d.txt",
           root ? root : ".");
  cr_assert_eq(px_pipeline_add_file(p, path, NULL, NULL, &err), PX_OK, "%s", err.msg);
  px_pipeline_free(p);
  sqlite3_stmt *q;
  sqlite3_prepare_v2(px_store_sqlite(other),
                     "SELECT story_id FROM story_articles ORDER BY article_id DESC LIMIT 1",
                     -1, &q, NULL);
  cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
  int64_t s0 = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  px_store_close(other);
  /* ... and the server's next adds join it. */
  int64_t s1 = api_add("https://a.example/1", "001_61a2b7113e9c39af.txt");
  cr_assert_eq(s1, s0, "the API's add joins the story stored by the other process");
  cr_assert_eq(px_pipeline_rebuilds(app->pipe), 1, "rebuilt once after the outside write");
  int64_t s2 = api_add("https://a.example/2", "002_5fe315ebc06e9dbe.txt");
  cr_assert_eq(s2, s0);
  cr_assert_eq(px_pipeline_rebuilds(app->pipe), 1, "the server's own adds need no rebuild");
}

/* A story merged into another: its page, JSON and feed addresses redirect
** to the survivor's (feed readers and alerts hold such links). */
Test(app, merged_story_redirects) {
  px_err err = {0};
  px_store *st = px_app_store_get(app, &err);
  cr_assert(st);
  int64_t other = 0;
  cr_assert_eq(px_store_story_create(st, "A story merged away", &other, &err), PX_OK);
  cr_assert_eq(px_store_story_add(st, other, hostile, 0, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(px_store_story_merge(st, story, other, &err), PX_OK, "%s", err.msg);
  px_app_store_put(app, st);
  const char *suffix[][2] = {{"", ""}, {"/api", ""}, {"", "/feed.atom"}};
  for (int i = 0; i < 3; i++) {
    char path[128], want[128];
    snprintf(path, sizeof path, "%s/stories/%lld%s", suffix[i][0], (long long)other,
             suffix[i][1]);
    snprintf(want, sizeof want, "%s/stories/%lld%s", suffix[i][0], (long long)story,
             suffix[i][1]);
    th_resp r = th_req(app, "GET", path, NULL, NULL);
    cr_expect_eq(r.status, 301, "%s: %d", path, r.status);
    cr_expect(r.location && !strcmp(r.location, want), "%s -> %s", path,
              r.location ? r.location : "(none)");
    free(r.body);
    free(r.location);
  }
  th_resp r = th_req(app, "GET", "/stories/999999", NULL, NULL);
  cr_expect_eq(r.status, 404, "never existed: still 404");
  cr_expect_null(r.location);
  free(r.body);
}

/* Related stories (store.h) show on the story page, with a link, and in
** the API's story object; none, no section. */
Test(app, related_stories_on_page_and_api) {
  px_err err = {0};
  px_store *st = px_app_store_get(app, &err);
  cr_assert(st);
  int64_t other = 0;
  cr_assert_eq(px_store_story_create(st, "An earlier related story", &other, &err), PX_OK);
  int64_t art = th_add(st, "https://r.example/1", "Related Times", "Earlier report",
                       NULL, "An earlier report on the same subject.", 0);
  cr_assert_eq(px_store_story_add(st, other, art, 0, &err), PX_OK, "%s", err.msg);
  double score = 0.42;
  cr_assert_eq(px_store_story_related_set(st, story, &other, &score, 1, &err), PX_OK,
               "%s", err.msg);
  px_app_store_put(app, st);
  char path[64], link[64];
  snprintf(path, sizeof path, "/stories/%lld", (long long)story);
  snprintf(link, sizeof link, "href=\"/stories/%lld\"", (long long)other);
  th_resp r = th_req(app, "GET", path, NULL, NULL);
  cr_assert_eq(r.status, 200);
  const char *sec = strstr(r.body, "<section id=\"related\">");
  cr_assert(sec, "a related section");
  cr_expect(strstr(sec, link) && strstr(sec, "An earlier related story"), "linked by title");
  free(r.body);
  snprintf(path, sizeof path, "/stories/%lld", (long long)other);
  r = th_req(app, "GET", path, NULL, NULL);
  snprintf(link, sizeof link, "href=\"/stories/%lld\"", (long long)story);
  cr_expect(strstr(r.body, "<section id=\"related\">") && strstr(r.body, link),
            "the other story links back");
  free(r.body);
  snprintf(path, sizeof path, "/api/stories/%lld", (long long)story);
  r = th_req(app, "GET", path, NULL, NULL);
  json_t *j = json_loads(r.body, 0, NULL);
  json_t *rel = json_object_get(j, "related");
  cr_assert_eq(json_array_size(rel), 1, "%s", r.body);
  cr_expect_eq(json_integer_value(json_object_get(json_array_get(rel, 0), "id")), other);
  cr_expect(json_real_value(json_object_get(json_array_get(rel, 0), "score")) > 0.41);
  json_decref(j);
  free(r.body);
}

static size_t count_of(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
  return n;
}

/* The section with id="id" of a page, up to its end (caller frees). */
static char *section_of(const char *body, const char *id) {
  char key[64];
  snprintf(key, sizeof key, "id=\"%s\"", id);
  const char *s = strstr(body, key);
  cr_assert(s, "no section %s", id);
  const char *e = strstr(s, "</section>");
  cr_assert(e);
  return strndup(s, (size_t)(e - s));
}

/* Issue 12: a page a reader can scan. Quotes under one heading per
** speaker, repeated update rows as one entry with a count, a claims cell
** never repeating a value, shared passages side by side with what changed
** marked, the SVG timeline with a copy arrow, long sections folded. */
Test(app, story_page_is_scannable) {
  px_err err = {0};
  px_store *st = px_app_store_get(app, &err);
  cr_assert(st);
  int64_t *ids = NULL;
  size_t n = 0;
  cr_assert_eq(px_store_story_articles(st, story, &ids, &n, &err), PX_OK);
  cr_assert_eq(n, 3);
  json_int_t oan = ids[0], inq = ids[1], bad = ids[2];
  free(ids);
  cr_assert_eq(bad, hostile);
  json_t *upd = json_array();
  for (int i = 0; i < 4; i++)
    json_array_append_new(upd, json_pack(
        "{s:s,s:{s:I,s:i,s:s},s:{s:I,s:i,s:s}}",
        "label", i < 3 ? "meeting of Blinken and Xi" : "length of the talks",
        "earlier", "article_id", oan, "block", 0, "text", "Xi may meet Blinken",
        "later", "article_id", inq, "block", 0, "text",
        i == 0 ? "Blinken met Xi" : i == 1 ? "Xi met Blinken" : "They met"));
  json_t *a = json_pack(
      "{s:[{s:I,s:s},{s:I,s:s},{s:I,s:s}],"
      "s:[{s:s,s:s,s:[I,I],s:[{s:I,s:s,s:{s:I,s:i,s:s}},"
      "{s:I,s:s,s:{s:I,s:i,s:s}},{s:I,s:s,s:{s:I,s:i,s:s}},"
      "{s:I,s:s,s:{s:I,s:i,s:s}}]}],"
      "s:[{s:s,s:s,s:i,s:[{s:I,s:s,s:b,s:{s:I,s:i}},"
      "{s:I,s:s,s:b,s:{s:I,s:i}}]},"
      "{s:s,s:i,s:[{s:I,s:s,s:b}]},"
      "{s:s,s:i,s:[{s:I,s:s,s:b}]}],"
      "s:o,s:[{s:s,s:i,s:[I]}]}",
      "articles", "id", oan, "outlet", "OAN", "id", inq, "outlet", "Inquirer News",
      "id", bad, "outlet", HOSTILE,
      "claims", "label", "where they met", "verdict", "agree", "outlets", oan, inq,
      "items", "article_id", oan, "place", "Beijing", "sentence", "article_id", oan,
      "block", 0, "text", "in Beijing", "article_id", oan, "place", "BEIJING",
      "sentence", "article_id", oan, "block", 0, "text", "BEIJING -",
      "article_id", oan, "place", "Beijing", "sentence", "article_id", oan,
      "block", 0, "text", "again Beijing", "article_id", inq, "place", "Diaoyutai",
      "sentence", "article_id", inq, "block", 0, "text", "at Diaoyutai",
      "quotes", "speaker", "Antony Blinken", "speaker_role", "Secretary",
      "variants", 1, "items", "article_id", oan, "text", "We do not support",
      "indirect", 0, "sentence", "article_id", oan, "block", 0, "article_id", bad,
      "text", "We do not support", "indirect", 0, "sentence", "article_id", bad,
      "block", 0,
      "speaker", "Wang Yi", "variants", 1, "items", "article_id", inq, "text",
      "No room to compromise", "indirect", 0,
      "speaker", "Antony Blinken", "variants", 1, "items", "article_id", inq,
      "text", "We had candid talks", "indirect", 0,
      "updates", upd,
      "people", "name", "Antony Blinken", "mentions", 5, "outlets", oan);
  cr_assert(a);
  char *js = json_dumps(a, 0);
  json_decref(a);
  cr_assert_eq(px_store_story_set_analysis(st, story, NULL, NULL, js, &err), PX_OK);
  free(js);
  /* Inquirer News reused a passage of OAN's (block 0 of each). */
  char cp[512];
  snprintf(cp, sizeof cp,
           "{\"articles\":[],\"relations\":[{\"kind\":\"shared_passages\","
           "\"a\":%lld,\"b\":%lld,\"a_share\":0.5,\"b_share\":0.5,\"origin\":%lld,"
           "\"passages\":[{\"a_first\":0,\"a_last\":0,\"b_first\":0,\"b_last\":0}]}]}",
           (long long)oan, (long long)inq, (long long)oan);
  cr_assert_eq(px_store_copies_set(st, inq, cp, &err), PX_OK);
  px_app_store_put(app, st);

  char path[64];
  snprintf(path, sizeof path, "/stories/%lld", (long long)story);
  th_resp r = th_req(app, "GET", path, NULL, NULL);
  cr_assert_eq(r.status, 200);
  assert_clean(r.body);
  char *q = section_of(r.body, "quotes");
  /* One heading per speaker, both of Blinken's quotes under it; the quote
  ** two outlets carry word for word is printed once. */
  cr_expect_eq(count_of(q, "<strong>Antony Blinken</strong>"), 1);
  cr_expect(strstr(q, "2 quotes, 3 outlets"));
  cr_expect_eq(count_of(q, "We do not support"), 1);
  cr_expect(strstr(q, "We had candid talks"));
  cr_expect(strstr(q, "<strong>Wang Yi</strong>"));
  free(q);
  /* Three rows with one label: once, with a count, folded; their shared
  ** earlier sentence once (and once more for the other label). */
  char *u = section_of(r.body, "updates");
  cr_expect_eq(count_of(u, "meeting of Blinken and Xi"), 1);
  cr_expect(strstr(u, "3 reports"));
  cr_expect(strstr(u, "<details><summary><strong>meeting of Blinken and Xi"));
  cr_expect_eq(count_of(u, "\xe2\x80\x9cXi may meet Blinken\xe2\x80\x9d"), 2);
  free(u);
  /* "Beijing; BEIJING; Beijing" is one value. */
  char *cl = section_of(r.body, "claims");
  cr_expect_eq(count_of(cl, ">Beijing</a>"), 1);
  cr_expect_null(strstr(cl, "BEIJING"));
  free(cl);
  /* Side by side: OAN (the origin, filed as One America News) left,
  ** Inquirer right, changes marked. */
  const char *sbs = strstr(r.body, "<details class=\"sbs\" open>");
  cr_assert(sbs, "no side-by-side passages");
  cr_expect(strstr(sbs, "One America News \xe2\x86\x92 Inquirer News"));
  cr_expect(strstr(sbs, "likely origin"));
  cr_expect(strstr(sbs, "<del>") && strstr(sbs, "<ins>"));
  cr_expect(strstr(sbs, "Blinken"));
  /* The SVG timeline: three dated articles, one arrow OAN -> Inquirer. */
  const char *svg = strstr(r.body, "<svg");
  cr_assert(svg);
  cr_expect_eq(count_of(svg, "class=\"tl-dot\""), 3);
  cr_expect_eq(count_of(svg, "class=\"tl-copy\""), 1);
  cr_expect(strstr(svg, "Inquirer News reused text from One America News"));
  cr_expect(strstr(r.body, "<ol class=\"timeline\">"), "the plain list stays");
  /* Folded: people and the article list. */
  cr_expect(strstr(r.body, "<section class=\"analysis\" id=\"people\"><details class=\"fold\">"));
  cr_expect(strstr(r.body, "All 3 articles in order"));

  /* Issue 16: shown again, the page comes from the cached rendering of
  ** the copies JSON (none of it parsed) and is the same page; a changed
  ** copies JSON is a new rendering. */
  th_resp again = th_req(app, "GET", path, NULL, NULL);
  cr_assert_eq(again.status, 200);
  cr_expect_str_eq(again.body, r.body);
  free(again.body);
  free(r.body);
  st = px_app_store_get(app, &err);
  cr_assert(st, "%s", err.msg);
  cr_assert_eq(px_store_copies_set(st, inq, "{\"articles\":[],\"relations\":[]}",
                                   &err), PX_OK);
  px_app_store_put(app, st);
  r = th_req(app, "GET", path, NULL, NULL);
  cr_assert_eq(r.status, 200);
  cr_expect_null(strstr(r.body, "<details class=\"sbs\" open>"));
  cr_expect(strstr(r.body, "No shared passages found"));
  free(r.body);
  cr_assert_eq((st = px_app_store_get(app, &err)) != NULL, 1);
  cr_assert_eq(px_store_copies_set(st, inq, cp, &err), PX_OK);
  px_app_store_put(app, st);
  r = th_req(app, "GET", path, NULL, NULL);
  cr_expect(strstr(r.body, "<details class=\"sbs\" open>"));
  free(r.body);

  /* The JSON API is unchanged by the page's grouping. */
  snprintf(path, sizeof path, "/api/stories/%lld", (long long)story);
  r = th_req(app, "GET", path, NULL, NULL);
  cr_assert_eq(r.status, 200);
  json_t *j = json_loads(r.body, 0, NULL);
  cr_expect_eq(json_array_size(json_object_get(json_object_get(j, "analysis"), "updates")), 4);
  cr_expect_eq(json_array_size(json_object_get(json_object_get(j, "analysis"), "quotes")), 3);
  json_decref(j);
  free(r.body);
}

/* Issue 15, 13: the feeds' errors were HTML pages; JSON errors left '>'
** raw although openapi.yaml says markup is escaped. */
Test(app, error_bodies_fit_the_endpoint) {
  const char *feeds[] = {"/stories/999/feed.atom", "/search.atom",
                         "/search.atom?q=%22%22", "/nope.atom"};
  for (size_t i = 0; i < sizeof feeds / sizeof *feeds; i++) {
    th_resp r = th_req(app, "GET", feeds[i], NULL, NULL);
    cr_expect_geq(r.status, 400, "%s", feeds[i]);
    cr_expect_str_eq(r.ctype, "text/plain; charset=utf-8", "%s", feeds[i]);
    cr_expect_null(strstr(r.body, "<"), "%s: %s", feeds[i], r.body);
    free(r.body);
  }
  th_resp r = th_req(app, "POST", "/feed.atom", NULL, NULL);
  cr_expect_eq(r.status, 405);
  cr_expect_str_eq(r.ctype, "text/plain; charset=utf-8");
  free(r.body);
  r = th_req(app, "GET", "/api/search?q=%3Cb%3E%26*", NULL, NULL);
  cr_expect_eq(r.status, 400);
  cr_expect(strstr(r.body, "\\u003cb\\u003e\\u0026") != NULL, "%s", r.body);
  cr_expect_null(strpbrk(r.body, "<>&"), "%s", r.body);
  free(r.body);
}

/* Issue 15, 13: an unclosed right-to-left override in an outlet name or
** a title reversed the page's own text after it. Such text now sits in
** its own isolate (FSI .. PDI) that it cannot close early. */
Test(app, bidi_controls_stay_inside_their_text) {
  px_buf b;
  px_buf_init(&b, 0);
  cr_assert_eq(px_html_str(&b, "evil \xe2\x80\xae" "txet"), PX_OK);
  cr_expect_str_eq(px_buf_cstr(&b), "\xe2\x81\xa8" "evil \xe2\x80\xae" "txet"
                                    "\xe2\x81\xa9");
  b.len = 0;
  /* A stray PDI would close the isolate: dropped; an open RLI is closed. */
  cr_assert_eq(px_html_str(&b, "\xe2\x81\xa9" "a\xe2\x81\xa7" "b"), PX_OK);
  cr_expect_str_eq(px_buf_cstr(&b), "\xe2\x81\xa8" "a\xe2\x81\xa7" "b"
                                    "\xe2\x81\xa9\xe2\x81\xa9");
  b.len = 0;
  cr_assert_eq(px_html_str(&b, "plain \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d"), PX_OK);
  cr_expect_str_eq(px_buf_cstr(&b), "plain \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",
                   "text without controls is left as it is");
  px_buf_reset(&b);
  /* On a page: the article's outlet and title. */
  px_store *st = NULL;
  px_err err = {0};
  cr_assert_eq(px_store_open(th_db, &st, &err), PX_OK);
  int64_t id = th_add(st, "https://rtl.example/1", "Outlet \xe2\x80\xae" "evil",
                      "Title \xe2\x80\xae" "reversed", NULL, "Body text.", 0);
  px_store_close(st);
  char path[64];
  snprintf(path, sizeof path, "/articles/%lld", (long long)id);
  th_resp r = th_req(app, "GET", path, NULL, NULL);
  cr_assert_eq(r.status, 200);
  cr_expect(strstr(r.body, "\xe2\x81\xa8" "Title \xe2\x80\xae" "reversed"
                           "\xe2\x81\xa9") != NULL);
  cr_expect_null(strstr(r.body, "\xe2\x80\xae" "reversed<"),
                 "an override runs into the page's markup");
  free(r.body);
}

/* Issue 15, 13: tokens could not expire or be revoked. */
Test(app, expired_and_revoked_tokens_are_refused) {
  px_err err = {0};
  px_store *st = px_app_store_get(app, &err);
  cr_assert(st);
  char old[PX_TOKEN_LEN + 1], live[PX_TOKEN_LEN + 1];
  cr_assert_eq(px_auth_token_create_until(st, "old", (int64_t)time(NULL) - 5,
                                          old, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(px_auth_token_create_until(st, "live", (int64_t)time(NULL) + 3600,
                                          live, &err), PX_OK, "%s", err.msg);
  px_app_store_put(app, st);
  char h[PX_TOKEN_LEN + 16];
  snprintf(h, sizeof h, "Bearer %s", old);
  th_resp r = th_req(app, "GET", "/api/alerts", h, NULL);
  cr_expect_eq(r.status, 401, "an expired token was accepted");
  free(r.body);
  snprintf(h, sizeof h, "Bearer %s", live);
  r = th_req(app, "GET", "/api/alerts", h, NULL);
  cr_expect_eq(r.status, 200);
  free(r.body);
  st = px_app_store_get(app, &err);
  cr_assert_eq(px_auth_token_revoke(st, 3, &err), PX_OK, "%s", err.msg);  /* live */
  cr_expect_eq(px_auth_token_revoke(st, 3, &err), PX_ENOTFOUND);
  px_app_store_put(app, st);
  r = th_req(app, "GET", "/api/alerts", h, NULL);
  cr_expect_eq(r.status, 401, "a revoked token was accepted");
  free(r.body);
}

/* Issue 15, 14: times from outlets in different zones. 10:48-04:00 is
** 14:48Z and 16:01+08:00 is 08:01Z: the story runs from the second to the
** first, the front page's "latest" is the first, and every time is shown
** in UTC with the zone said. Before, the texts were compared as written
** ("16:01" after "10:48") and shown without their zones. */
Test(app, times_are_shown_in_utc_and_ordered_by_instant) {
  px_err err = {0};
  px_store *st = px_app_store_get(app, &err);
  cr_assert(st, "%s", err.msg);
  int64_t a = th_add(st, "https://ny.example/quake", "NY Paper", "Quake felt in two cities",
                     NULL, "The quake was felt across the region, officials said.",
                     1687186080);  /* 2023-06-19T14:48:00Z */
  int64_t b = th_add(st, "https://hk.example/quake", "HK Paper", "Quake felt far away",
                     NULL, "Residents felt the quake in the towers, police said.",
                     1687161660);  /* 2023-06-19T08:01:00Z */
  sqlite3_stmt *s;
  sqlite3_prepare_v2(px_store_sqlite(st), "UPDATE articles SET published=?2 WHERE id=?1", -1,
                     &s, NULL);
  sqlite3_bind_int64(s, 1, a);
  sqlite3_bind_text(s, 2, "2023-06-19T10:48:00-04:00", -1, SQLITE_STATIC);
  cr_assert_eq(sqlite3_step(s), SQLITE_DONE);
  sqlite3_reset(s);
  sqlite3_bind_int64(s, 1, b);
  sqlite3_bind_text(s, 2, "2023-06-19T16:01:00+08:00", -1, SQLITE_STATIC);
  cr_assert_eq(sqlite3_step(s), SQLITE_DONE);
  sqlite3_finalize(s);
  int64_t sid = 0;
  cr_assert_eq(px_store_story_create(st, "Quake in two zones", &sid, &err), PX_OK);
  cr_assert_eq(px_store_story_add(st, sid, a, 1, &err), PX_OK);
  cr_assert_eq(px_store_story_add(st, sid, b, 1, &err), PX_OK);
  px_story_row *row = NULL;
  cr_assert_eq(px_store_story_get(st, sid, &row, &err), PX_OK, "%s", err.msg);
  cr_expect_str_eq(row->first_published, "2023-06-19T16:01:00+08:00");
  cr_expect_str_eq(row->last_published, "2023-06-19T10:48:00-04:00");
  cr_expect_eq(row->first_utc, 1687161660);
  cr_expect_eq(row->last_utc, 1687186080);
  px_story_row_free(row);
  px_app_store_put(app, st);

  th_resp r = th_req(app, "GET", "/", NULL, NULL);
  cr_assert_eq(r.status, 200);
  const char *li = strstr(r.body, "Quake in two zones");
  cr_assert(li, "%s", r.body);
  cr_expect(!strncmp(strstr(li, "latest ") ? strstr(li, "latest ") : "",
                     "latest <time datetime=\"2023-06-19T14:48:00Z\">2023-06-19 14:48 UTC</time>",
                     70), "%.300s", li);
  free(r.body);
  free(r.location);
  char path[64];
  snprintf(path, sizeof path, "/stories/%lld", (long long)sid);
  r = th_req(app, "GET", path, NULL, NULL);
  cr_assert_eq(r.status, 200);
  cr_expect(strstr(r.body, "from <time datetime=\"2023-06-19T08:01:00Z\">2023-06-19 08:01 UTC"
                           "</time> to <time datetime=\"2023-06-19T14:48:00Z\">"
                           "2023-06-19 14:48 UTC</time>"), "%s", r.body);
  /* the plain list below the timeline: in order, and reading in order */
  const char *first = strstr(r.body, "2023-06-19 08:01 UTC</time> \xe2\x80\x94");
  const char *second = strstr(r.body, "2023-06-19 14:48 UTC</time> \xe2\x80\x94");
  cr_expect(first && second && first < second, "%s", r.body);
  cr_expect_null(strstr(r.body, ">2023-06-19 16:01<"));
  free(r.body);
  free(r.location);
  r = th_req(app, "GET", "/api/stories?limit=100", NULL, NULL);
  cr_assert_eq(r.status, 200);
  cr_expect(strstr(r.body, "\"last_published_utc\": \"2023-06-19T14:48:00Z\"") ||
            strstr(r.body, "\"last_published_utc\":\"2023-06-19T14:48:00Z\""), "%s", r.body);
  free(r.body);
  free(r.location);
  snprintf(path, sizeof path, "/api/articles/%lld", (long long)b);
  r = th_req(app, "GET", path, NULL, NULL);
  cr_assert_eq(r.status, 200);
  cr_expect(strstr(r.body, "2023-06-19T08:01:00Z"), "%s", r.body);
  free(r.body);
  free(r.location);
}
