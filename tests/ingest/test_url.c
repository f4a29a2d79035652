/*
** test_url.c: URL normalisation (issue 15, item 7): every spelling a
** takedown was evaded with normalises to the one form; what names another
** page does not.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "ingest/url.h"
#include "util/buf.h"

static char *norm(const char *u, unsigned flags) {
  static char out[4][1024];
  static int k;
  px_buf b;
  px_buf_init(&b, 0);
  cr_assert_eq(px_url_normalize(u, strlen(u), flags, &b), PX_OK);
  char *r = out[k++ % 4];
  snprintf(r, 1024, "%s", px_buf_cstr(&b));
  px_buf_reset(&b);
  return r;
}

Test(url_normalize, storage_form) {
  static const char *const cases[][2] = {
    {"HTTPS://News.Example.COM./a/b", "https://news.example.com/a/b"},
    {"https://news.example.com:443/a", "https://news.example.com/a"},
    {"http://news.example.com:80/a", "http://news.example.com/a"},
    {"https://news.example.com:8443/a", "https://news.example.com:8443/a"},
    {"https://news.example.com:/a", "https://news.example.com/a"},
    {"https://news.example.com/%61rticle/%7e%2fx", "https://news.example.com/article/~%2Fx"},
    {"https://news.example.com/a/./b/../c", "https://news.example.com/a/c"},
    {"https://news.example.com/a/%2E%2E/c", "https://news.example.com/c"},
    {"https://news.example.com", "https://news.example.com/"},
    {"https://news.example.com/a?utm_source=x&id=3&UTM_Medium=y&fbclid=z",
     "https://news.example.com/a?id=3"},
    {"https://news.example.com/a?utm_source=x", "https://news.example.com/a"},
    {"https://news.example.com/a?b=2&a=1#top", "https://news.example.com/a?b=2&a=1"},
    {"  https://news.example.com/a  ", "https://news.example.com/a"},
    /* Not the same page: kept apart. */
    {"https://news.example.com/A", "https://news.example.com/A"},
    {"https://www.example.com/a", "https://www.example.com/a"},
    {"http://example.com/a", "http://example.com/a"},
    /* Not http: only trimmed. */
    {"/tmp/x/00_a.txt#line3", "/tmp/x/00_a.txt#line3"},
    {"mailto:A@B.example", "mailto:A@B.example"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    cr_expect_str_eq(norm(cases[i][0], 0), cases[i][1], "%s", cases[i][0]);
}

/* Every evasion of issue 15 item 7 has the key of the plain URL. */
Test(url_normalize, key_folds_every_evasion) {
  const char *plain = "https://news.example.com/2024/story-1";
  static const char *const evasions[] = {
    "https://news.example.com/2024/story-1?utm_source=twitter",
    "http://news.example.com/2024/story-1",
    "https://NEWS.Example.com/2024/story-1",
    "https://news.example.com:443/2024/story-1",
    "https://www.news.example.com/2024/story-1",
    "https://news.example.com/2024/%73tory-1",
    "https://news.example.com./2024/story-1",
    "https://news.example.com/2024/story-1/",
    "https://news.example.com/2024/story-1#comments",
    "http://WWW.news.example.com.:80/2024/./%73tory-1/?utm_campaign=a&fbclid=b",
  };
  char want[1024];
  snprintf(want, sizeof want, "%s", norm(plain, PX_URL_KEY));
  for (size_t i = 0; i < sizeof evasions / sizeof *evasions; i++)
    cr_expect_str_eq(norm(evasions[i], PX_URL_KEY), want, "%s", evasions[i]);
  cr_expect_str_neq(norm("https://news.example.com/2024/story-2", PX_URL_KEY), want);
  cr_expect_str_neq(norm("https://news.example.com/2024/story-1?id=2", PX_URL_KEY), want);
  cr_expect_str_neq(norm("https://news.example.com/2024/Story-1", PX_URL_KEY), want);
  cr_expect_str_neq(norm("https://other.example.com/2024/story-1", PX_URL_KEY), want);
  /* File paths: as takedown keys always were, no fragment, no final '/'. */
  cr_expect_str_eq(norm("/tmp/a/b.txt/#x", PX_URL_KEY), "/tmp/a/b.txt");
}

/* Hostile input never overruns: '%' at the end, empty parts. */
Test(url_normalize, odd_input) {
  cr_expect_str_eq(norm("https://x.example/a%", 0), "https://x.example/a%");
  cr_expect_str_eq(norm("https://x.example/a%4", 0), "https://x.example/a%4");
  cr_expect_str_eq(norm("https://x.example/a%zz", 0), "https://x.example/a%zz");
  cr_expect_str_eq(norm("https://x.example?", 0), "https://x.example/");
  cr_expect_str_eq(norm("https://", 0), "https:///");
  cr_expect_str_eq(norm("", 0), "");
  cr_expect_str_eq(norm("https://u:p@X.example/", 0), "https://u:p@x.example/");
  cr_expect_str_eq(norm("https://u:p@X.example/", PX_URL_KEY), "https://x.example");
}
