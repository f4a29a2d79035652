/*
** test_jsonl.c: the JSON-lines reader: field aliases, blank lines, bad
** lines reported by number without stopping the reader, sniffing.
*/
#include <criterion/criterion.h>
#include <string.h>
#include "ingest/jsonl.h"
#include "util/err.h"

Test(jsonl, fields_aliases_and_bad_lines) {
  const char *in =
      "{\"link\":\"https://a.example/1\",\"headline\":\"H1\",\"body\":\"T1\","
      "\"date\":\"2024-01-02\",\"outlet\":\"Out\",\"authors\":[\"A B\"]}\n"
      "\n"
      "{broken\n"
      "{\"url\":\"u3\",\"summary\":\"no text\"}\n"
      "{\"url\":\"u4\",\"html\":\"<p>x</p>\"}";
  px_jsonl r;
  px_jsonl_init(&r, in, strlen(in));
  px_jsonl_item it;
  px_err err = {0};
  cr_assert_eq(px_jsonl_next(&r, &it, &err), PX_OK);
  cr_assert_str_eq(it.url, "https://a.example/1");
  cr_assert_str_eq(it.title, "H1");
  cr_assert_str_eq(it.text, "T1");
  cr_assert_str_eq(it.published, "2024-01-02");
  cr_assert_str_eq(it.source, "Out");
  cr_assert_str_eq(it.author, "A B");
  cr_assert_eq(it.line, 1);
  cr_assert_eq(px_jsonl_next(&r, &it, &err), PX_EPARSE);
  cr_assert(strstr(err.msg, "line 3"), "%s", err.msg);
  px_err_clear(&err);
  cr_assert_eq(px_jsonl_next(&r, &it, &err), PX_EEMPTY);
  cr_assert(strstr(err.msg, "line 4: no text, html or title"), "%s", err.msg);
  px_err_clear(&err);
  cr_assert_eq(px_jsonl_next(&r, &it, &err), PX_OK);
  cr_assert_str_eq(it.html, "<p>x</p>");
  cr_assert_eq(px_jsonl_next(&r, &it, &err), PX_EEMPTY);
  cr_assert_eq(err.rc, PX_OK, "end of input is not an error");
  px_jsonl_reset(&r);
}

Test(jsonl, headline_only_item) {
  const char *in = "{\"url\":\"u\",\"title\":\"Quake hits coast\",\"text\":\"\"}\n";
  px_jsonl r;
  px_jsonl_init(&r, in, strlen(in));
  px_jsonl_item it;
  px_err err = {0};
  cr_assert_eq(px_jsonl_next(&r, &it, &err), PX_OK, "%s", err.msg);
  cr_assert_str_eq(it.text, "Quake hits coast");
  px_jsonl_reset(&r);
}

Test(jsonl, sniff) {
  cr_assert(px_jsonl_sniff("  {\"a\":1}\n{\"a\":2}\n", 18));
  /* one pretty-printed object is read as one item (issue 14), not as
  ** plain text whose title is "{" */
  cr_assert(px_jsonl_sniff("{\n  \"a\": 1\n}\n", 13), "one pretty-printed object");
  cr_assert_not(px_jsonl_sniff("Title\n\nText", 11));
}
