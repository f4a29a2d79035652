/*
** test_inputs.c: the inputs issue 14 found mishandled on the way to the
** clusterer, through the parallax command: a JSON line whose text is one
** headline-like line, and a file holding one pretty-printed JSON object.
*/
#include <criterion/criterion.h>

#include "../common/run.h"

Test(inputs, json_line_with_a_headline_only_text_is_kept) {
  char *dir = make_tmpdir();
  char db[4200], in[4200];
  snprintf(db, sizeof db, "%s/t.db", dir);
  snprintf(in, sizeof in, "%s/a.jsonl", dir);
  static const char lines[] =
      "{\"url\":\"https://e.example/1\",\"title\":\"Quake hits Chile\","
      "\"text\":\"Magnitude 6.1 earthquake strikes northern Chile\"}\n"
      "{\"url\":\"https://e.example/2\","
      "\"text\":\"Magnitude 6.1 earthquake strikes northern Chile on Monday\"}\n";
  write_file(dir, "a.jsonl", lines, sizeof lines - 1);
  run_result r = run_px("--db", db, "add", in, NULL);
  cr_assert_eq(r.code, 0, "add: %s", r.err);
  cr_assert(strstr(r.out, "2 added"), "%s", r.out);
  run_free(&r);
  r = run_px("--db", db, "article", "1", NULL);
  cr_assert_eq(r.code, 0);
  cr_assert(strstr(r.out, "Title: Quake hits Chile"), "%s", r.out);
  cr_assert(strstr(r.out, "Magnitude 6.1 earthquake strikes northern Chile"), "%s", r.out);
  run_free(&r);
  rm_rf(dir);
  free(dir);
}

Test(inputs, one_pretty_printed_json_object_is_one_article) {
  char *dir = make_tmpdir();
  char db[4200], in[4200];
  snprintf(db, sizeof db, "%s/t.db", dir);
  snprintf(in, sizeof in, "%s/b.json", dir);
  static const char obj[] =
      "{\n  \"url\": \"https://e.example/3\",\n  \"title\": \"Harbour bridge reopens\",\n"
      "  \"text\": \"The harbour bridge reopened on Tuesday after eight months of "
      "repairs that cost the city 40 million dollars, officials said.\"\n}\n";
  write_file(dir, "b.json", obj, sizeof obj - 1);
  run_result r = run_px("--db", db, "add", in, NULL);
  cr_assert_eq(r.code, 0, "add: %s", r.err);
  run_free(&r);
  r = run_px("--db", db, "stories", NULL);
  cr_assert(strstr(r.out, "Harbour bridge reopens"), "%s", r.out);
  cr_assert_null(strstr(r.out, ": {"), "stored as an article titled '{': %s", r.out);
  run_free(&r);
  r = run_px("--db", db, "article", "1", NULL);
  cr_assert(strstr(r.out, "URL: https://e.example/3"), "%s", r.out);
  cr_assert_null(strstr(r.out, "\"url\""), "JSON kept as text: %s", r.out);
  run_free(&r);
  rm_rf(dir);
  free(dir);
}
