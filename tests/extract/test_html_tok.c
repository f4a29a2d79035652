/*
** test_html_tok.c: the streaming HTML tokenizer and character references.
**
** Golden: every tests/golden/html_tok/NAME.html (a corpus of hard markup:
** misnesting, raw text, comments, CDATA, entities, broken attributes,
** NUL bytes, truncation) is tokenized and dumped one token per line into
** NAME.tokens. Regenerate with PX_UPDATE_GOLDEN=1 and review the diff.
** Explicit checks pin the WHATWG behaviour the goldens rely on.
*/
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/html_tok.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"

static void put_escaped(px_buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\\') px_buf_puts(b, "\\\\");
    else if (c == '\n') px_buf_puts(b, "\\n");
    else if (c == '"') px_buf_puts(b, "\\\"");
    else if (c < 0x20 || c == 0x7F) px_buf_printf(b, "\\x%02x", c);
    else px_buf_putc(b, (char)c);
  }
}

static void put_decoded(px_buf *b, px_str s, bool attr) {
  px_buf d;
  px_buf_init(&d, 0);
  cr_assert_eq(px_html_decode(s.p, s.len, attr, &d), PX_OK);
  put_escaped(b, px_buf_cstr(&d), d.len);
  px_buf_reset(&d);
}

/* One line per token: START/END/TEXT/RAW/COMMENT/DOCTYPE/CDATA. */
static void dump_tokens(const char *s, size_t n, px_buf *out) {
  px_htokenizer t;
  px_htok k;
  px_htok_init(&t, s, n);
  while (px_htok_next(&t, &k)) {
    switch (k.type) {
    case PX_HTOK_START:
      px_buf_puts(out, "START ");
      put_escaped(out, k.name.p, k.name.len);
      for (size_t i = 0; i < k.nattrs; i++) {
        px_buf_putc(out, ' ');
        put_escaped(out, k.attrs[i].name.p, k.attrs[i].name.len);
        px_buf_puts(out, "=\"");
        put_decoded(out, k.attrs[i].value, true);
        px_buf_putc(out, '"');
      }
      if (k.self_closing) px_buf_puts(out, " /");
      break;
    case PX_HTOK_END:
      px_buf_puts(out, "END ");
      put_escaped(out, k.name.p, k.name.len);
      break;
    case PX_HTOK_TEXT:
      px_buf_puts(out, k.raw ? "RAW \"" : "TEXT \"");
      if (k.raw) put_escaped(out, k.text.p, k.text.len);
      else put_decoded(out, k.text, false);
      px_buf_putc(out, '"');
      break;
    case PX_HTOK_COMMENT:
    case PX_HTOK_DOCTYPE:
    case PX_HTOK_CDATA:
      px_buf_puts(out, k.type == PX_HTOK_COMMENT ? "COMMENT \""
                       : k.type == PX_HTOK_DOCTYPE ? "DOCTYPE \"" : "CDATA \"");
      put_escaped(out, k.text.p, k.text.len);
      px_buf_putc(out, '"');
      break;
    default:
      break;
    }
    px_buf_putc(out, '\n');
  }
  px_htok_reset(&t);
}

static char *tokens_of(const char *s) {
  px_buf b;
  px_buf_init(&b, 0);
  dump_tokens(s, strlen(s), &b);
  char *r = px_buf_detach(&b);
  return r;
}

static char *decode(const char *s, bool attr) {
  px_buf b;
  px_buf_init(&b, 0);
  cr_assert_eq(px_html_decode(s, strlen(s), attr, &b), PX_OK);
  return px_buf_detach(&b);
}

#define EXPECT_DECODE(in, attr, want)                                  \
  do {                                                                 \
    char *got_ = decode(in, attr);                                     \
    cr_expect_str_eq(got_, want, "decode(%s)", in);                    \
    free(got_);                                                        \
  } while (0)

Test(html_tok, golden_corpus) {
  const char *root = getenv("PX_SOURCE_ROOT");
  cr_assert(root, "PX_SOURCE_ROOT not set");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/tests/golden/html_tok", root);
  DIR *d = opendir(dir);
  cr_assert(d, "%s", dir);
  struct dirent *de;
  int n = 0;
  bool update = getenv("PX_UPDATE_GOLDEN") != NULL;
  while ((de = readdir(d))) {
    size_t l = strlen(de->d_name);
    if (l < 6 || strcmp(de->d_name + l - 5, ".html") != 0) continue;
    char in[4608], exp[4608];
    snprintf(in, sizeof in, "%s/%s", dir, de->d_name);
    snprintf(exp, sizeof exp, "%s/%.*s.tokens", dir, (int)(l - 5), de->d_name);
    char *src;
    size_t sn;
    px_err e = {0};
    cr_assert_eq(px_file_read(in, 1 << 20, &src, &sn, &e), PX_OK, "%s", e.msg);
    px_buf got;
    px_buf_init(&got, 0);
    dump_tokens(src, sn, &got);
    if (update) {
      cr_assert_eq(px_file_write(exp, got.data ? got.data : "", got.len, &e), PX_OK, "%s", e.msg);
    } else {
      char *want;
      size_t wn;
      cr_assert_eq(px_file_read(exp, 1 << 20, &want, &wn, &e), PX_OK,
                   "%s missing: run with PX_UPDATE_GOLDEN=1 (%s)", exp, e.msg);
      cr_expect_str_eq(px_buf_cstr(&got), want, "%s differs", de->d_name);
      free(want);
    }
    px_buf_reset(&got);
    free(src);
    n++;
  }
  closedir(d);
  cr_assert_geq(n, 8, "corpus not found");
}

Test(html_tok, named_references) {
  EXPECT_DECODE("&amp;&lt;&gt;&quot;&apos;", false, "&<>\"'");
  EXPECT_DECODE("&AMP &amp", false, "& &");          /* legacy, no ';' */
  EXPECT_DECODE("&copy;&COPY;", false, "\xC2\xA9\xC2\xA9");
  EXPECT_DECODE("&notit;", false, "\xC2\xACit;");     /* longest legacy prefix */
  EXPECT_DECODE("&notin;", false, "\xE2\x88\x89");
  EXPECT_DECODE("&fjlig;", false, "fj");             /* two code points */
  EXPECT_DECODE("&NotNestedGreaterGreater;", false, "\xE2\xAA\xA2\xCC\xB8");
  EXPECT_DECODE("&unknown; & &;", false, "&unknown; & &;");
  EXPECT_DECODE("&nbsp", false, "\xC2\xA0");
}

Test(html_tok, numeric_references) {
  EXPECT_DECODE("&#65;&#x42;&#X43;&#0068", false, "ABCD");
  EXPECT_DECODE("&#0;", false, "\xEF\xBF\xBD");
  EXPECT_DECODE("&#128;", false, "\xE2\x82\xAC");     /* Windows-1252 euro */
  EXPECT_DECODE("&#x96;", false, "\xE2\x80\x93");     /* en dash */
  EXPECT_DECODE("&#x81;", false, "\xC2\x81");         /* unmapped: kept */
  EXPECT_DECODE("&#xD800;", false, "\xEF\xBF\xBD");   /* surrogate */
  EXPECT_DECODE("&#1114112;", false, "\xEF\xBF\xBD"); /* past U+10FFFF */
  EXPECT_DECODE("&#99999999999999999999;", false, "\xEF\xBF\xBD");
  EXPECT_DECODE("&#; &#x;", false, "&#; &#x;");
}

Test(html_tok, attribute_rule) {
  /* Legacy names before '=' or alphanumerics stay literal in attributes. */
  EXPECT_DECODE("?a=1&copy=2", true, "?a=1&copy=2");
  EXPECT_DECODE("?a=1&copy=2", false, "?a=1\xC2\xA9=2");
  EXPECT_DECODE("&notx", true, "&notx");
  EXPECT_DECODE("&amp;b", true, "&b");
}

Test(html_tok, nul_in_text_dropped) {
  px_buf b;
  px_buf_init(&b, 0);
  cr_assert_eq(px_html_decode("a\0b", 3, false, &b), PX_OK);
  cr_expect_str_eq(px_buf_cstr(&b), "ab");
  b.len = 0;
  cr_assert_eq(px_html_decode("a\0b", 3, true, &b), PX_OK);
  cr_expect_str_eq(px_buf_cstr(&b), "a\xEF\xBF\xBD" "b");
  px_buf_reset(&b);
}

Test(html_tok, script_data_states) {
  char *t = tokens_of("<script>a</scriptx>b</SCRIPT >c");
  cr_expect_str_eq(t, "START script\nRAW \"a</scriptx>b\"\nEND SCRIPT\nTEXT \"c\"\n");
  free(t);
  /* Double-escaped: the inner </script> does not end the element. */
  t = tokens_of("<script><!--<script>x</script>--></script>d");
  cr_expect_str_eq(t, "START script\nRAW \"<!--<script>x</script>-->\"\nEND script\nTEXT \"d\"\n");
  free(t);
  /* Escaped (no inner <script>): </script> ends it. */
  t = tokens_of("<script><!-- x </script>e");
  cr_expect_str_eq(t, "START script\nRAW \"<!-- x \"\nEND script\nTEXT \"e\"\n");
  free(t);
}

Test(html_tok, rcdata_decodes_rawtext_does_not) {
  char *t = tokens_of("<title>&amp;<b></title><style>&amp;<b></style>");
  cr_expect_str_eq(t, "START title\nTEXT \"&<b>\"\nEND title\nSTART style\n"
                      "RAW \"&amp;<b>\"\nEND style\n");
  free(t);
}

Test(html_tok, cdata_only_in_foreign_content) {
  char *t = tokens_of("<![CDATA[x]]><svg><![CDATA[y<z]]></svg>");
  cr_expect_str_eq(t, "COMMENT \"[CDATA[x]]\"\nSTART svg\nCDATA \"y<z\"\nEND svg\n");
  free(t);
}

Test(html_tok, truncation_drops_open_tag) {
  char *t = tokens_of("a<b c=\"d");
  cr_expect_str_eq(t, "TEXT \"a\"\n");
  free(t);
  t = tokens_of("a<");
  cr_expect_str_eq(t, "TEXT \"a\"\nTEXT \"<\"\n");
  free(t);
}

Test(html_tok, tag_ids_round_trip) {
  static const char *names[] = {"a", "div", "DIV", "h6", "head", "header",
                                "xmp", "textarea", "thead", "wbr"};
  static const px_tag ids[] = {PX_TAG_A, PX_TAG_DIV, PX_TAG_DIV, PX_TAG_H6,
                               PX_TAG_HEAD, PX_TAG_HEADER, PX_TAG_XMP,
                               PX_TAG_TEXTAREA, PX_TAG_THEAD, PX_TAG_WBR};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
    cr_expect_eq(px_html_tag_id(names[i], strlen(names[i])), ids[i], "%s", names[i]);
  cr_expect_eq(px_html_tag_id("custom-element", 14), PX_TAG_OTHER);
  cr_expect_eq(px_html_tag_id("", 0), PX_TAG_OTHER);
}

Test(html_tok, attribute_cap) {
  /* 10,000 attributes on one tag: the first PX_HTOK_MAX_ATTRS are kept. */
  px_buf b;
  px_buf_init(&b, 0);
  px_buf_puts(&b, "<p");
  for (int i = 0; i < 10000; i++) px_buf_printf(&b, " a%d=%d", i, i);
  px_buf_puts(&b, ">x");
  px_htokenizer t;
  px_htok k;
  px_htok_init(&t, b.data, b.len);
  cr_assert(px_htok_next(&t, &k));
  cr_expect_eq(k.type, PX_HTOK_START);
  cr_expect_eq(k.nattrs, PX_HTOK_MAX_ATTRS);
  cr_expect(px_htok_attr(&k, "a0") != NULL);
  cr_assert(px_htok_next(&t, &k));
  cr_expect_eq(k.type, PX_HTOK_TEXT);
  px_htok_reset(&t);
  px_buf_reset(&b);
}
