/*
** test_story.c: the story page's parts that stand alone: the word-level
** passage diff (diff.h) and the SVG coverage timeline (timeline.h):
** well-formed XML, one dot per dated article, one arrow per copy relation
** with both ends dated, undated articles listed and not plotted, hostile
** outlet names escaped, one article, many outlets.
*/
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/diff.h"
#include "serve/timeline.h"

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
  return n;
}

typedef struct sides {
  px_buf l, r;
} sides;

static sides diff(const char *a, const char *b) {
  sides s;
  px_buf_init(&s.l, 0);
  px_buf_init(&s.r, 0);
  px_err err = {0};
  cr_assert_eq(px_diff_words_html(&s.l, &s.r, a, a ? strlen(a) : 0, b,
                                  b ? strlen(b) : 0, &err), PX_OK, "%s", err.msg);
  return s;
}

static void sides_free(sides *s) {
  px_buf_reset(&s->l);
  px_buf_reset(&s->r);
}

Test(diff, identical_text_is_unmarked) {
  sides s = diff("Blinken met Xi in Beijing.", "Blinken  met Xi in\nBeijing.");
  cr_expect_str_eq(px_buf_cstr(&s.l), "Blinken met Xi in Beijing.");
  cr_expect_str_eq(px_buf_cstr(&s.r), "Blinken met Xi in Beijing.");
  sides_free(&s);
}

Test(diff, changed_words_are_marked_on_each_side) {
  sides s = diff("a policy of \"strategic ambiguity\" over whether it would",
                 "a policy of \"strategic ambiguity\" on whether it would");
  cr_expect_str_eq(px_buf_cstr(&s.l),
                   "a policy of &quot;strategic ambiguity&quot; <del>over</del> "
                   "whether it would");
  cr_expect_str_eq(px_buf_cstr(&s.r),
                   "a policy of &quot;strategic ambiguity&quot; <ins>on</ins> "
                   "whether it would");
  sides_free(&s);
}

Test(diff, runs_are_one_element_and_punctuation_is_its_own_word) {
  sides s = diff("U.S. officials have been playing down hopes, and will meet.",
                 "US officials will meet.");
  /* One <del> for the dropped run, not one per word. */
  cr_expect(strstr(px_buf_cstr(&s.l), "<del>have been playing down hopes, and</del>"),
            "%s", px_buf_cstr(&s.l));
  cr_expect_eq(count(px_buf_cstr(&s.r), "<ins>"), 1, "%s", px_buf_cstr(&s.r));
  cr_expect(strstr(px_buf_cstr(&s.r), "<ins>US</ins> officials will meet."));
  sides_free(&s);
}

Test(diff, text_is_escaped_and_empty_sides_work) {
  sides s = diff("<script>alert(1)</script> & more", "");
  cr_expect_null(strstr(px_buf_cstr(&s.l), "<script"));
  cr_expect(strstr(px_buf_cstr(&s.l), "&lt;script&gt;"));
  cr_expect(strstr(px_buf_cstr(&s.l), "<del>"));
  cr_expect_str_eq(px_buf_cstr(&s.r), "");
  sides_free(&s);
  s = diff(NULL, "only the copy");
  cr_expect_str_eq(px_buf_cstr(&s.l), "");
  cr_expect_str_eq(px_buf_cstr(&s.r), "<ins>only the copy</ins>");
  sides_free(&s);
}

Test(diff, long_passages_are_cut_not_refused) {
  px_buf a, b;
  px_buf_init(&a, 0);
  px_buf_init(&b, 0);
  for (int i = 0; i < 3000; i++) {
    px_buf_printf(&a, "w%d ", i);
    px_buf_printf(&b, "w%d ", i % 7 ? i : -i);
  }
  sides s = diff(px_buf_cstr(&a), px_buf_cstr(&b));
  cr_expect(strstr(px_buf_cstr(&s.l), "\xe2\x80\xa6"), "an ellipsis marks the cut");
  cr_expect_null(strstr(px_buf_cstr(&s.l), "w2000 "));
  cr_expect(strstr(px_buf_cstr(&s.r), "<ins>"));
  sides_free(&s);
  px_buf_reset(&a);
  px_buf_reset(&b);
}

/* ---- timeline ------------------------------------------------------------ */

#define T0 1687161660   /* 2023-06-19T08:01:00Z */
#define HOSTILE_OUTLET "<script>alert(1)</script>\"&"

/* The <svg> element of out, parsed as XML (NULL when there is none). */
static xmlDocPtr svg_doc(const char *html) {
  const char *s = strstr(html, "<svg");
  const char *e = strstr(html, "</svg>");
  if (!s || !e) return NULL;
  xmlDocPtr d = xmlReadMemory(s, (int)(e + 6 - s), "timeline.svg", NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  cr_assert(d, "the SVG is not well-formed XML: %.300s", s);
  return d;
}

static int xpath_count(xmlDocPtr d, const char *expr) {
  xmlXPathContextPtr ctx = xmlXPathNewContext(d);
  xmlXPathRegisterNs(ctx, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
  xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
  int n = o && o->nodesetval ? o->nodesetval->nodeNr : -1;
  xmlXPathFreeObject(o);
  xmlXPathFreeContext(ctx);
  return n;
}

static char *render(const px_tl_item *it, size_t n, const px_tl_copy *cp, size_t nc) {
  px_buf b;
  px_buf_init(&b, 0);
  px_err err = {0};
  cr_assert_eq(px_timeline_html(&b, it, n, cp, nc, &err), PX_OK, "%s", err.msg);
  return px_buf_detach(&b);
}

Test(timeline, dots_arrows_undated_and_escaping) {
  px_tl_item it[] = {
      {1, "One America News", "Blinken denounces", T0 + 6 * 3600},
      {2, HOSTILE_OUTLET, "Title <b>bold</b> & \"quoted\"", T0 + 3600},
      {3, "Inquirer News", "Blinken, Wang tackle", T0},
      {4, "Asia Financial", "No date here", 0},
      {5, "Inquirer News", "Second Inquirer piece", T0 + 2 * 3600},
      {6, NULL, NULL, T0 + 3 * 3600},
  };
  px_tl_copy cp[] = {{3, 2, NULL}, {3, 1, "Reuters"}, {3, 4, NULL}};
  char *html = render(it, 6, cp, 3);
  xmlDocPtr d = svg_doc(html);
  cr_assert(d);
  /* Five dated articles, four rows (Inquirer twice on one row). */
  cr_expect_eq(xpath_count(d, "//s:circle[@class='tl-dot']"), 5);
  cr_expect_eq(xpath_count(d, "//s:a[@href='/articles/2']/s:circle"), 1);
  cr_expect_eq(xpath_count(d, "//s:line[@class='tl-row']"), 4);
  /* Two arrows: the relation to the undated article is not drawn. */
  cr_expect_eq(xpath_count(d, "//s:path[@class='tl-copy']"), 2);
  cr_expect(strstr(html, "1 copy relation with an undated article is not drawn"));
  /* Every dot has a tooltip. */
  cr_expect_eq(xpath_count(d, "//s:circle/s:title"), 5);
  xmlFreeDoc(d);
  /* The undated article is listed outside the chart. */
  const char *svg_end = strstr(html, "</svg>");
  const char *undated = strstr(html, "tl-undated");
  cr_assert(undated && undated > svg_end);
  cr_expect(strstr(undated, "href=\"/articles/4\">Asia Financial</a>"));
  cr_expect_eq(count(html, "/articles/4\""), 1, "article 4 is not plotted");
  /* Hostile text escaped everywhere, in labels and tooltips. */
  cr_expect_null(strstr(html, "<script"));
  cr_expect_null(strstr(html, "<b>"));
  cr_expect(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;"));
  cr_expect(strstr(html, "unknown outlet"));
  cr_expect(strstr(html, "publish time (UTC)"));
  cr_expect(strstr(html, "2023-06-19"));
  free(html);
}

Test(timeline, one_article) {
  px_tl_item it[] = {{7, "Solo", "Only report", T0}};
  char *html = render(it, 1, NULL, 0);
  xmlDocPtr d = svg_doc(html);
  cr_assert(d);
  cr_expect_eq(xpath_count(d, "//s:circle"), 1);
  cr_expect_eq(xpath_count(d, "//s:path[@class='tl-copy']"), 0);
  cr_expect_null(strstr(html, "tl-undated"));
  /* An hour either side: 07:31 to 08:31, so ticks at 07:45 and 08:00. */
  cr_expect(strstr(html, ">08:00<"), "%s", html);
  xmlFreeDoc(d);
  free(html);
}

Test(timeline, nothing_dated_has_no_chart) {
  px_tl_item it[] = {{1, "A", "x", 0}, {2, "B", "y", 0}};
  px_tl_copy cp[] = {{1, 2, NULL}};
  char *html = render(it, 2, cp, 1);
  cr_expect_null(strstr(html, "<svg"));
  cr_expect(strstr(html, "nothing to plot"));
  cr_expect(strstr(html, "/articles/1") && strstr(html, "/articles/2"));
  free(html);
  px_buf b;
  px_buf_init(&b, 0);
  cr_expect_eq(px_timeline_html(&b, NULL, 0, NULL, 0, NULL), PX_OK);
  cr_expect_eq(b.len, 0);
  px_buf_reset(&b);
}

Test(timeline, many_outlets_share_the_last_row) {
  enum { N = 60 };
  px_tl_item it[N];
  char names[N][32];
  for (int i = 0; i < N; i++) {
    snprintf(names[i], sizeof names[i], "Outlet %d", i);
    it[i] = (px_tl_item){i + 1, names[i], "t", T0 + i * 600};
  }
  char *html = render(it, N, NULL, 0);
  xmlDocPtr d = svg_doc(html);
  cr_assert(d);
  cr_expect_eq(xpath_count(d, "//s:circle"), N, "every article is still plotted");
  cr_expect_eq(xpath_count(d, "//s:line[@class='tl-row']"), PX_TIMELINE_MAX_ROWS);
  /* 23 rows of their own, 37 outlets in the last. */
  cr_expect(strstr(html, "37 more outlets"), "%s", html);
  xmlFreeDoc(d);
  free(html);
}

Test(timeline, long_outlet_names_are_cut_with_the_full_name_kept) {
  const char *name = "The Extremely Long Name of a Regional Evening Newspaper";
  px_tl_item it[] = {{1, name, "t", T0}};
  char *html = render(it, 1, NULL, 0);
  /* 24 code points, then an ellipsis; the whole name in the tooltip. */
  cr_expect(strstr(html, "<title>The Extremely Long Name of a Regional Evening "
                         "Newspaper</title>The Extremely Long Name \xe2\x80\xa6"),
            "%s", html);
  free(html);
}

/* ---- the claims table shows figures as the outlets wrote them ---- */

#include <jansson.h>
#include "serve/render.h"

Test(claims_table, figures_as_written_not_as_compared) {
  json_t *an = json_pack(
      "{s:[{s:i,s:s},{s:i,s:s}],s:[{s:s,s:s,s:s,s:[i,i],s:["
      "{s:i,s:s,s:s,s:f,s:s,s:{s:i,s:i,s:s}},"
      "{s:i,s:s,s:s,s:f,s:s,s:{s:i,s:i,s:s}}]}]}",
      "articles", "id", 1, "outlet", "A", "id", 2, "outlet", "B",
      "claims", "label", "length of the talks", "kind", "duration", "verdict", "contradict",
      "outlets", 1, 2, "items",
      "article_id", 1, "outlet", "A", "text", "almost six hours", "value", 350.0, "unit", "minutes",
      "sentence", "article_id", 1, "block", 0, "text", "They talked for almost six hours.",
      "article_id", 2, "outlet", "B", "text", "more than 7-1/2 hours", "value", 450.0, "unit",
      "minutes", "sentence", "article_id", 2, "block", 0, "text", "Talks ran more than 7-1/2 hours.");
  cr_assert_not_null(an);
  px_buf b;
  px_buf_init(&b, 0);
  px_idlabel ids[] = {{1, "A"}, {2, "B"}};
  px_render r = {&b, ids, 2};
  px_render_analysis(&r, an);
  const char *html = px_buf_cstr(&b);
  cr_assert(strstr(html, "more than 7-1/2 hours"), "%s", html);
  cr_assert(strstr(html, "almost six hours"));
  cr_assert(!strstr(html, ">450 minutes<") && !strstr(html, ">450 minutes"), "%s", html);
  px_buf_reset(&b);
  /* the summary says what it leaves out as disputed */
  json_object_set_new(an, "summary", json_pack("[{s:s,s:[]}]", "text", "They met.", "support"));
  json_object_set_new(an, "disputed", json_pack("[s]", "length of the talks"));
  px_buf_init(&b, 0);
  px_render_analysis(&r, an);
  html = px_buf_cstr(&b);
  cr_assert(strstr(html, "Outlets disagree on: length of the talks"), "%s", html);
  px_buf_reset(&b);
  json_decref(an);
}
