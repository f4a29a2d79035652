/*
** test_html_extract.c: HTML article extraction, charset handling and
** pathological input.
**
** Golden: every tests/golden/html/NAME.html (pages written for these
** tests; NAME.url, when present, holds the page's URL) is extracted and
** dumped with px_doc_to_json into NAME.expected.json. Regenerate with
** PX_UPDATE_GOLDEN=1 and review the diff. Explicit checks pin the
** metadata and boilerplate rules; pathological cases (100,000 nested or
** unclosed tags, a 10 MB attribute, entity floods, a 50 MB page, every
** truncation of a page, binary data) must finish quickly and leave valid
** UTF-8 or a clean error.
*/
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "extract/charset.h"
#include "extract/dump.h"
#include "extract/html_extract.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"
#include "util/str.h"

static char *golden_dir(void) {
  const char *root = getenv("PX_SOURCE_ROOT");
  cr_assert(root, "PX_SOURCE_ROOT not set");
  size_t n = strlen(root) + 32;
  char *p = malloc(n);
  snprintf(p, n, "%s/tests/golden/html", root);
  return p;
}

static char *slurp(const char *path, size_t *len) {
  char *s = NULL;
  px_err e = {0};
  cr_assert_eq(px_file_read(path, 1 << 24, &s, len, &e), PX_OK, "%s", e.msg);
  return s;
}

static px_doc *extract_file(const char *name) {
  char *dir = golden_dir();
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  size_t n;
  char *s = slurp(path, &n);
  px_doc *d = NULL;
  px_err e = {0};
  cr_assert_eq(px_html_extract(s, n, NULL, NULL, &d, &e), PX_OK, "%s: %s", name, e.msg);
  free(s);
  free(dir);
  return d;
}

static bool body_has(px_doc *d, const char *needle) {
  size_t n;
  const char *b = px_doc_body(d, &n);
  return b && strstr(b, needle) != NULL;
}

static bool caption_has(const px_doc *d, const char *needle) {
  for (size_t i = 0; i < d->nblocks; i++)
    if (d->blocks[i].kind == PX_BLOCK_CAPTION && strstr(d->blocks[i].text, needle))
      return true;
  return false;
}

/* Every string of the doc is valid UTF-8 without NUL bytes. */
static void expect_clean(const px_doc *d) {
  const char *fields[] = {d->title, d->subtitle, d->site, d->wire, d->dateline,
                          d->published, d->updated, d->lang, d->image,
                          d->canonical_url, d->section};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if (fields[i]) cr_expect(px_utf8_valid(fields[i], strlen(fields[i])));
  for (size_t i = 0; i < d->nblocks; i++) {
    cr_expect(px_utf8_valid(d->blocks[i].text, d->blocks[i].len));
    cr_expect_eq(strlen(d->blocks[i].text), d->blocks[i].len);
  }
}

Test(html_extract, golden_pages) {
  char *dir = golden_dir();
  DIR *dh = opendir(dir);
  cr_assert(dh, "%s", dir);
  bool update = getenv("PX_UPDATE_GOLDEN") != NULL;
  struct dirent *de;
  int count = 0;
  while ((de = readdir(dh))) {
    size_t l = strlen(de->d_name);
    if (l < 6 || strcmp(de->d_name + l - 5, ".html") != 0) continue;
    char in[4608], exp[4608], urlp[4608];
    snprintf(in, sizeof in, "%s/%s", dir, de->d_name);
    snprintf(exp, sizeof exp, "%s/%.*s.expected.json", dir, (int)(l - 5), de->d_name);
    snprintf(urlp, sizeof urlp, "%s/%.*s.url", dir, (int)(l - 5), de->d_name);
    size_t n, un = 0;
    char *src = slurp(in, &n);
    char *url = NULL;
    px_err e = {0};
    if (px_file_read(urlp, 4096, &url, &un, &e) == PX_OK) {
      while (un > 0 && px_isspace((unsigned char)url[un - 1])) url[--un] = 0;
    }
    px_err_clear(&e);
    px_doc *d = NULL;
    cr_assert_eq(px_html_extract(src, n, url, NULL, &d, &e), PX_OK, "%s: %s", de->d_name, e.msg);
    expect_clean(d);
    px_buf got;
    px_buf_init(&got, 0);
    cr_assert_eq(px_doc_to_json(d, &got, 1), PX_OK);
    if (update) {
      cr_assert_eq(px_file_write(exp, got.data, got.len, &e), PX_OK, "%s", e.msg);
    } else {
      size_t wn;
      char *want = NULL;
      cr_assert_eq(px_file_read(exp, 1 << 20, &want, &wn, &e), PX_OK,
                   "%s missing: run with PX_UPDATE_GOLDEN=1 (%s)", exp, e.msg);
      cr_expect_str_eq(px_buf_cstr(&got), want, "%s differs from %s", de->d_name, exp);
      free(want);
    }
    px_buf_reset(&got);
    px_doc_free(d);
    free(src);
    free(url);
    count++;
  }
  closedir(dh);
  free(dir);
  cr_assert_geq(count, 6);
}

Test(html_extract, jsonld_metadata_and_boilerplate) {
  px_doc *d = extract_file("news_jsonld.html");
  cr_expect_str_eq(d->title, "Harbour bridge reopens after two-year repair");
  cr_expect_str_eq(d->site, "The Coastal Ledger");
  cr_assert_eq(d->nauthors, 2);
  cr_expect_str_eq(d->authors[0], "Maria Ortega");
  cr_expect_str_eq(d->authors[1], "Tom Quill");
  cr_expect_str_eq(d->published, "2024-03-05T08:30:00+01:00");
  cr_expect_str_eq(d->updated, "2024-03-05T11:02:00+01:00");
  cr_expect_str_eq(d->lang, "en-US");
  cr_expect_str_eq(d->section, "Local");
  cr_expect_str_eq(d->canonical_url, "https://ledger.example/news/2024/03/05/harbour-bridge-reopens");
  cr_expect_str_eq(d->image, "https://ledger.example/img/bridge-ld.jpg");
  cr_expect_str_eq(d->subtitle, "Traffic returns to the old crossing as engineers declare the span safe.");
  cr_expect(d->wire == NULL);
  /* Body: paragraphs, heading, list, quote; decoded entities. */
  cr_expect(body_has(d, "Traffic returned to the harbour bridge"));
  cr_expect(body_has(d, "\xE2\x80\x9C" "first cars\xE2\x80\x9D"));
  cr_expect(body_has(d, "Residents on the north shore"));
  bool heading = false, item = false, quote = false;
  for (size_t i = 0; i < d->nblocks; i++) {
    if (d->blocks[i].kind == PX_BLOCK_HEADING && !strcmp(d->blocks[i].text, "What changed")) heading = true;
    if (d->blocks[i].kind == PX_BLOCK_LIST_ITEM && strstr(d->blocks[i].text, "New cables")) item = true;
    if (d->blocks[i].kind == PX_BLOCK_QUOTE && strstr(d->blocks[i].text, "new spine")) quote = true;
  }
  cr_expect(heading && item && quote);
  cr_expect(caption_has(d, "The bridge at dawn"));
  cr_expect(!body_has(d, "The bridge at dawn"));
  /* Boilerplate dropped. */
  const char *gone[] = {"cookies", "Share on", "Advertisement", "covers transport",
                        "newsletter", "Ferry timetable", "took them long", "Most read",
                        "All rights reserved", "Home", "not text", "By Maria"};
  for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
    cr_expect(!body_has(d, gone[i]), "body keeps \"%s\"", gone[i]);
  px_doc_free(d);
}

Test(html_extract, wire_dateline_and_meta) {
  px_doc *d = extract_file("wire_dateline.html");
  cr_expect_str_eq(d->wire, "Reuters");
  cr_expect_str_eq(d->dateline, "LONDON");
  cr_expect_str_eq(d->published, "2024-02-01T12:15:00Z");
  cr_expect_str_eq(d->updated, "2024-02-01T14:40:00Z");
  cr_expect_str_eq(d->lang, "en-GB");
  cr_expect_str_eq(d->title, "Central bank holds rates steady");
  cr_expect_str_eq(d->canonical_url, "https://world.example/business/rates-steady");
  cr_expect(body_has(d, "Policymakers voted 7-2"));
  cr_expect(!body_has(d, "Markets</a>"));
  cr_expect(!body_has(d, "Rates UK"));
  px_doc_free(d);
}

Test(html_extract, time_element_url_and_ap_credit) {
  char *dir = golden_dir();
  char path[4096];
  snprintf(path, sizeof path, "%s/og_time_url.html", dir);
  size_t n;
  char *s = slurp(path, &n);
  px_doc *d = NULL;
  px_err e = {0};
  cr_assert_eq(px_html_extract(s, n, "https://x.example/2021/01/02/a", NULL, &d, &e), PX_OK);
  /* <time> is trusted over the URL. */
  cr_expect_str_eq(d->published, "2023-08-14");
  cr_expect_str_eq(d->wire, "AP");
  cr_expect_str_eq(d->lang, "es-MX");
  cr_expect_str_eq(d->site, "Shoreline Daily");
  cr_expect_str_eq(d->image, "https://shoreline.example/t.jpg");
  cr_expect(!body_has(d, "Great news for the turtles"));
  px_doc_free(d);
  /* Without <time>, the URL's date is used. */
  const char *page = "<p>Only a paragraph of text that is long enough to count as the article body.</p>";
  cr_assert_eq(px_html_extract(page, strlen(page), "https://x.example/news/2021/01/02/a", NULL, &d, &e), PX_OK);
  cr_expect_str_eq(d->published, "2021-01-02");
  px_doc_free(d);
  cr_assert_eq(px_html_extract(page, strlen(page), "https://x.example/a-20190704-b", NULL, &d, &e), PX_OK);
  cr_expect(d->published == NULL);
  px_doc_free(d);
  free(s);
  free(dir);
}

Test(html_extract, old_layout_with_br_paragraphs) {
  px_doc *d = extract_file("old_layout.html");
  cr_expect_str_eq(d->title, "Town fair draws crowds");
  cr_expect_str_eq(d->site, "Valley Gazette");
  cr_expect(body_has(d, "eight thousand visitors"));
  cr_expect(body_has(d, "shuttle bus from the station"));
  cr_expect(!body_has(d, "Contact"));
  px_doc_free(d);
}

Test(html_extract, encodings) {
  px_doc *d = extract_file("latin1_meta.html");
  cr_expect_str_eq(d->title, "Caf\xC3\xA9 owners \xE2\x80\x9C" "cautiously hopeful\xE2\x80\x9D");
  cr_expect(body_has(d, "\xE2\x82\xAC 2.40"));
  cr_expect(body_has(d, "summer \xE2\x80\x93 the first"));
  px_doc_free(d);
  d = extract_file("utf16le_bom.html");
  cr_expect_str_eq(d->lang, "de");
  cr_expect(body_has(d, "Die neue Br\xC3\xBC" "cke"));
  cr_expect(body_has(d, "Fu\xC3\x9Fg\xC3\xA4nger"));
  px_doc_free(d);
}

Test(html_extract, content_type_header_wins_over_meta) {
  const char *page = "<meta charset=utf-8><p>Na\xEFve caf\xE9 text that is long enough to be a paragraph.</p>";
  px_doc *d = NULL;
  px_err e = {0};
  cr_assert_eq(px_html_extract(page, strlen(page), NULL, "text/html; charset=ISO-8859-1", &d, &e), PX_OK);
  cr_expect(body_has(d, "Na\xC3\xAFve caf\xC3\xA9"));
  px_doc_free(d);
  /* Mislabelled: declared UTF-8, bytes Latin-1: repaired, still valid. */
  cr_assert_eq(px_html_extract(page, strlen(page), NULL, NULL, &d, &e), PX_OK);
  expect_clean(d);
  cr_expect(body_has(d, "Na\xEF\xBF\xBDve"));
  px_doc_free(d);
}

Test(charset, sniff_order) {
  char enc[48];
  size_t bom;
  px_charset_sniff("\xEF\xBB\xBF<meta charset=latin1>", 25, "text/html; charset=shift_jis", enc, &bom);
  cr_expect_str_eq(enc, "UTF-8");
  cr_expect_eq(bom, 3);
  px_charset_sniff("<meta charset=latin1>", 21, "text/html; charset=\"Shift_JIS\"", enc, &bom);
  cr_expect_str_eq(enc, "CP932");
  px_charset_sniff("<meta charset=latin1>", 21, NULL, enc, &bom);
  cr_expect_str_eq(enc, "windows-1252");
  px_charset_sniff("<meta http-equiv=Content-Type content='text/html; charset=koi8-r'>", 66, NULL, enc, &bom);
  cr_expect_str_eq(enc, "KOI8-R");
  px_charset_sniff("<meta charset=utf-16>", 21, NULL, enc, &bom);
  cr_expect_str_eq(enc, "UTF-8");
  /* Declarations in comments do not count; then detection. */
  px_charset_sniff("<!-- <meta charset=koi8-r> -->caf\xE9", 34, NULL, enc, &bom);
  cr_expect_str_eq(enc, "windows-1252");
  px_charset_sniff("caf\xC3\xA9", 5, NULL, enc, &bom);
  cr_expect_str_eq(enc, "UTF-8");
  px_charset_sniff("<meta charset=\"no such thing\">caf\xC3\xA9", 35, NULL, enc, &bom);
  cr_expect_str_eq(enc, "UTF-8");
}

static char *convert(const char *s, size_t n, const char *ct) {
  px_buf b;
  px_buf_init(&b, 0);
  const char *r;
  size_t rn;
  px_err e = {0};
  cr_assert_eq(px_charset_to_utf8(s, n, ct, &b, &r, &rn, NULL, &e), PX_OK, "%s", e.msg);
  char *out = strndup(r, rn);
  px_buf_reset(&b);
  cr_assert(px_utf8_valid(out, strlen(out)));
  return out;
}

Test(charset, conversions) {
  char *s = convert("\xFE\xFF\x00h\x00\xE9\xD8\x3D\xDE\x00", 10, NULL);
  cr_expect_str_eq(s, "h\xC3\xA9\xF0\x9F\x98\x80");
  free(s);
  s = convert("\xFF\xFEh\x00\x00\xD8", 6, NULL); /* unpaired surrogate */
  cr_expect_str_eq(s, "h\xEF\xBF\xBD");
  free(s);
  s = convert("\x82\xA0", 2, "text/html; charset=Shift_JIS");
  cr_expect_str_eq(s, "\xE3\x81\x82");
  free(s);
  s = convert("\x80\x93\x94\xFF", 4, "text/html; charset=iso-8859-1");
  cr_expect_str_eq(s, "\xE2\x82\xAC\xE2\x80\x9C\xE2\x80\x9D\xC3\xBF");
  free(s);
  s = convert("a\xFF\xFE" "b", 4, "text/html; charset=koi8-r");
  cr_expect(strlen(s) > 0);
  free(s);
  s = convert("ok \xC3", 4, "text/html; charset=utf-8");
  cr_expect_str_eq(s, "ok \xEF\xBF\xBD");
  free(s);
}

Test(html_extract, fragments_to_text) {
  px_buf b;
  px_buf_init(&b, 0);
  const char *f = "<p>First &amp; <b>bold</b></p><p>Second<br><br>Third</p><script>x()</script><ul><li>item</li></ul>";
  cr_assert_eq(px_html_to_text(f, strlen(f), &b), PX_OK);
  cr_expect_str_eq(px_buf_cstr(&b), "First & bold\n\nSecond\n\nThird\n\nitem");
  px_buf_reset(&b);
  px_buf_init(&b, 0);
  cr_assert_eq(px_html_to_text("plain words", 11, &b), PX_OK);
  cr_expect_str_eq(px_buf_cstr(&b), "plain words");
  px_buf_reset(&b);
}

/* ---- pathological input -------------------------------------------- */

static void run_page(const char *s, size_t n) {
  px_doc *d = NULL;
  px_err e = {0};
  px_rc rc = px_html_extract(s, n, NULL, NULL, &d, &e);
  cr_expect(rc == PX_OK || rc == PX_EEMPTY || rc == PX_EBINARY, "rc %d: %s", rc, e.msg);
  if (d) expect_clean(d);
  px_doc_free(d);
}

static void repeat(px_buf *b, const char *s, size_t times) {
  size_t n = strlen(s);
  cr_assert_eq(px_buf_reserve(b, n * times), PX_OK);
  for (size_t i = 0; i < times; i++) px_buf_append(b, s, n);
}

Test(html_pathological, deep_nesting) {
  static const char *opens[] = {"<div>", "<b>", "<a href=x>", "<table><tr><td>",
                                "<ul><li>", "<p><span>", "<svg>", "<blockquote>"};
  for (size_t k = 0; k < sizeof opens / sizeof opens[0]; k++) {
    px_buf b;
    px_buf_init(&b, 0);
    repeat(&b, opens[k], 100000);
    px_buf_puts(&b, "deep text that is long enough to be a paragraph, surely, yes.");
    run_page(b.data, b.len);
    px_buf_reset(&b);
  }
}

Test(html_pathological, unclosed_and_stray_end_tags) {
  px_buf b;
  px_buf_init(&b, 0);
  repeat(&b, "<p>x<b>y<i>z", 100000);
  run_page(b.data, b.len);
  b.len = 0;
  repeat(&b, "</div></p></li>", 100000);
  px_buf_puts(&b, "<p>after the end tags there is still a paragraph of text here.</p>");
  run_page(b.data, b.len);
  b.len = 0;
  repeat(&b, "<custom-el>", 100000);
  repeat(&b, "</custom-el>", 100000);
  run_page(b.data, b.len);
  px_buf_reset(&b);
}

Test(html_pathological, huge_attribute_and_entity_floods) {
  px_buf b;
  px_buf_init(&b, 0);
  px_buf_puts(&b, "<div class=\"");
  repeat(&b, "share ", 10 << 20 >> 3);
  px_buf_puts(&b, "\"><p>text after a very large attribute value.</p></div>");
  run_page(b.data, b.len);
  b.len = 0;
  px_buf_puts(&b, "<p>");
  repeat(&b, "&amp;&#x41;&notin;&#99999999;&NotNestedGreaterGreater;", 200000);
  run_page(b.data, b.len);
  b.len = 0;
  px_buf_puts(&b, "<p>&");
  repeat(&b, "a", 1 << 20);
  run_page(b.data, b.len);
  px_buf_reset(&b);
}

static long max_rss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

Test(html_pathological, fifty_megabyte_page) {
  px_buf b;
  px_buf_init(&b, 0);
  px_buf_puts(&b, "<html><body><div class=article>");
  const char *para = "<p>A sentence about the weather, with commas, and a <a href=/x>link</a> in it.</p>\n";
  size_t n = (50u << 20) / strlen(para);
  repeat(&b, para, n);
  long before = max_rss_kb();
  px_doc *d = NULL;
  px_err e = {0};
  cr_assert_eq(px_html_extract(b.data, b.len, NULL, NULL, &d, &e), PX_OK, "%s", e.msg);
  cr_expect_geq(d->nblocks, n);
  long grew_mb = (max_rss_kb() - before) / 1024;
  /* Working memory is a few times the page's text, not a tree. */
  cr_expect_lt(grew_mb, 400, "grew by %ld MB", grew_mb);
  px_doc_free(d);
  px_buf_reset(&b);
}

Test(html_pathological, every_truncation) {
  char *dir = golden_dir();
  char path[4096];
  snprintf(path, sizeof path, "%s/news_jsonld.html", dir);
  size_t n;
  char *s = slurp(path, &n);
  for (size_t i = 0; i <= n; i += 7) {
    char *cut = malloc(i ? i : 1);
    memcpy(cut, s, i);
    px_doc *d = NULL;
    px_rc rc = px_html_extract(cut, i, NULL, NULL, &d, NULL);
    cr_expect(rc == PX_OK || rc == PX_EEMPTY, "cut at %zu: rc %d", i, rc);
    if (d) expect_clean(d);
    px_doc_free(d);
    free(cut);
  }
  free(s);
  free(dir);
}

Test(html_pathological, binary_and_empty) {
  unsigned char bin[4096];
  unsigned x = 12345;
  for (size_t i = 0; i < sizeof bin; i++) {
    x = x * 1103515245u + 12345u;
    bin[i] = (unsigned char)(x >> 16);
  }
  px_doc *d = NULL;
  px_err e = {0};
  cr_expect_eq(px_html_extract((const char *)bin, sizeof bin, NULL, NULL, &d, &e), PX_EBINARY);
  cr_expect(d == NULL);
  px_err_clear(&e);
  cr_expect_eq(px_html_extract("", 0, NULL, NULL, &d, &e), PX_EEMPTY);
  px_err_clear(&e);
  cr_expect_eq(px_html_extract("<html><script>x</script></html>", 31, NULL, NULL, &d, &e), PX_EEMPTY);
  /* High bytes without NULs: converted as windows-1252, never invalid. */
  for (size_t i = 0; i < sizeof bin; i++)
    if (bin[i] < 0x20) bin[i] = 0x80 | bin[i];
  run_page((const char *)bin, sizeof bin);
}

/* ---- issue 13: pages the block scorer and the metadata rules must get
** right (hand-made pages in tests/fixtures/extract) ---------------------- */

static px_doc *extract_fixture(const char *name, const char *url) {
  const char *root = getenv("PX_SOURCE_ROOT");
  cr_assert(root, "PX_SOURCE_ROOT not set");
  char path[4096];
  snprintf(path, sizeof path, "%s/tests/fixtures/extract/%s", root, name);
  size_t n;
  char *s = slurp(path, &n);
  px_doc *d = NULL;
  px_err e = {0};
  cr_assert_eq(px_html_extract(s, n, url, NULL, &d, &e), PX_OK, "%s: %s", name, e.msg);
  free(s);
  expect_clean(d);
  return d;
}

/* A lead paragraph in its own container before the article body is part
** of the article; the teaser lists after it are not. */
Test(html_extract, lead_before_container_and_teasers) {
  px_doc *d = extract_fixture("lead_before_container.html", NULL);
  cr_expect(body_has(d, "fuller than it has been in a decade"));
  cr_expect(body_has(d, "ninety-four per cent"));
  cr_expect(body_has(d, "eastern embankment"));
  const char *gone[] = {"Breaking news", "bus routes", "Share this story",
                        "Follow us", "All rights reserved", "Sport"};
  for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
    cr_expect(!body_has(d, gone[i]), "body keeps \"%s\"", gone[i]);
  px_doc_free(d);
}

/* An ad slot with "Article continues below" splits the text: both halves
** are kept, the marker is not. */
Test(html_extract, article_continues_below_marker) {
  px_doc *d = extract_fixture("continued_below.html", NULL);
  cr_expect(body_has(d, "Sleeper services will run again"));
  cr_expect(body_has(d, "Tickets go on sale on Monday"));
  cr_expect(body_has(d, "every night rather than"));
  cr_expect(!body_has(d, "continues below"));
  cr_expect(!body_has(d, "Fares to rise"));
  px_doc_free(d);
}

/* A short post under a long comment thread: the post is the article. */
Test(html_extract, short_post_over_long_comment_thread) {
  px_doc *d = extract_fixture("post_with_comments.html", NULL);
  cr_expect(body_has(d, "six hours of sun"));
  cr_expect(body_has(d, "Feed them every two weeks"));
  cr_expect(!body_has(d, "comment number 3"));
  px_doc_free(d);
}

/* Entities escaped twice in meta and JSON-LD fields are decoded; the
** standfirst repeated as a heading is not body; the site is not the
** author; a template's lang="de" over English text is corrected. */
Test(html_extract, metadata_quirks) {
  px_doc *d = extract_fixture("meta_quirks.html", "https://www.citychronicle.example/a");
  cr_expect_str_eq(d->subtitle, "The curator's \"window on the old city\" opens on Friday");
  cr_expect(!body_has(d, "window on the old city"));
  cr_expect(body_has(d, "given over entirely to maps"));
  cr_assert_eq(d->nauthors, 1);
  cr_expect_str_eq(d->authors[0], "Ana Lindqvist");
  cr_expect_str_eq(d->lang, "en");
  px_doc_free(d);
  /* The meta description alone: "&amp;quot;" in the attribute. */
  const char *page =
    "<html lang=\"de\"><head><meta property=\"og:description\" content=\"&amp;quot;Hallo&amp;quot; &amp;amp; mehr\">"
    "<meta name=\"author\" content=\"Example News\"><meta property=\"og:site_name\" content=\"EXAMPLE NEWS\">"
    "</head><body><p>Der Text ist nicht lang, aber er ist ein Absatz mit genug Wörtern für den Test.</p></body></html>";
  px_err e = {0};
  cr_assert_eq(px_html_extract(page, strlen(page), NULL, NULL, &d, &e), PX_OK, "%s", e.msg);
  cr_expect_str_eq(d->subtitle, "\"Hallo\" & mehr");
  cr_expect_eq(d->nauthors, 0);
  cr_expect_str_eq(d->lang, "de");
  px_doc_free(d);
}

/* A script-rendered thread whose only text is its <noscript> copy: the
** copy is read (the posts, not its header and footer links); on an
** ordinary page <noscript> text stays out. */
Test(html_extract, noscript_only_page) {
  px_doc *d = extract_fixture("noscript_thread.html", NULL);
  cr_expect(body_has(d, "barely rises before the next feeding"));
  cr_expect(body_has(d, "Rye wakes a starter up"));
  cr_expect(body_has(d, "most of the chlorine is gone"));
  cr_expect(!body_has(d, "Terms of service"));
  cr_expect(!body_has(d, "display: none"));
  px_doc_free(d);
  const char *page =
    "<html><body><article><p>The council met on Tuesday and agreed the budget after a long debate about the "
    "new library, which opens next spring.</p><p>Members voted eleven to four in favour of the plan, and the "
    "mayor thanked the staff.</p></article><noscript><p>Please enable JavaScript to see the comments, the "
    "weather widget and the rest of this page, which needs a modern browser with scripting turned on to work "
    "at all. Please enable JavaScript to see the comments, the weather widget and the rest of this page, which "
    "needs a modern browser with scripting turned on to work at all. Please enable JavaScript to see the "
    "comments, the weather widget and the rest of this page, which needs a modern browser with scripting "
    "turned on to work at all. Please enable JavaScript to see the comments, the weather widget and the rest "
    "of this page, which needs a modern browser with scripting turned on to work at all.</p></noscript>"
    "</body></html>";
  px_err e = {0};
  cr_assert_eq(px_html_extract(page, strlen(page), NULL, NULL, &d, &e), PX_OK, "%s", e.msg);
  cr_expect(body_has(d, "eleven to four"));
  cr_expect(!body_has(d, "enable JavaScript"));
  px_doc_free(d);
}

/* Streamed server rendering: the whole page in a hidden element a
** script moves into place. It is read; on a page with visible text a
** hidden dialog stays out. */
Test(html_extract, streamed_page_in_hidden_element) {
  px_doc *d = extract_fixture("streamed_hidden.html", NULL);
  cr_expect(body_has(d, "half the heat per unit of electricity"));
  cr_expect(body_has(d, "mistake for a fault"));
  cr_expect(body_has(d, "coldest week the area sees"));
  px_doc_free(d);
  const char *page =
    "<html><body><article><p>The council met on Tuesday and agreed the budget after a long debate about the "
    "new library, which opens next spring.</p><p>Members voted eleven to four in favour of the plan, and the "
    "mayor thanked the staff for the months of work that went into it.</p></article>"
    "<div hidden><p>Subscribe to our newsletter and never miss a story from the town hall again.</p></div>"
    "</body></html>";
  px_err e = {0};
  cr_assert_eq(px_html_extract(page, strlen(page), NULL, NULL, &d, &e), PX_OK, "%s", e.msg);
  cr_expect(body_has(d, "eleven to four"));
  cr_expect(!body_has(d, "Subscribe"));
  px_doc_free(d);
}

/* A page that declares itself a discussion (JSON-LD
** DiscussionForumPosting): the posts are content even when the markup
** calls each one a "comment" (elsewhere comment blocks are never body).
** Whether a post is kept is then the model's call: the short last reply
** of this small page scores under its threshold, so it is not checked. */
Test(html_extract, forum_thread_keeps_replies) {
  px_doc *d = extract_fixture("forum_thread.html", NULL);
  cr_expect(body_has(d, "more fines than it did last spring"));
  cr_expect(body_has(d, "which steel burrs shrug off"));
  cr_expect(!body_has(d, "Forum rules"));
  px_doc_free(d);
}
