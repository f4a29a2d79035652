/*
** test_atom.c: golden files for the Atom writer. Each
** tests/golden/atom/NAME.in (JSON: a feed and its entries) is rendered and
** compared with NAME.expected; the output must also parse as XML.
** Regenerate with PX_UPDATE_GOLDEN=1 and review the diff.
*/
#include <criterion/criterion.h>
#include <dirent.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/atom.h"
#include "util/file.h"

static const char *str(json_t *o, const char *k) {
  return json_string_value(json_object_get(o, k));
}

static void check_one(const char *dir, const char *name) {
  char in[1024], exp[1024];
  snprintf(in, sizeof in, "%s/%s.in", dir, name);
  snprintf(exp, sizeof exp, "%s/%s.expected", dir, name);
  json_error_t je;
  json_t *j = json_load_file(in, 0, &je);
  cr_assert(j, "%s: %s", in, je.text);
  json_t *f = json_object_get(j, "feed");
  px_atom_feed feed = {str(f, "id"), str(f, "title"), str(f, "self"),
                       str(f, "alternate"), str(f, "updated")};
  json_t *es = json_object_get(j, "entries");
  size_t n = json_array_size(es);
  px_atom_entry *e = calloc(n + 1, sizeof *e);
  for (size_t i = 0; i < n; i++) {
    json_t *x = json_array_get(es, i);
    e[i] = (px_atom_entry){str(x, "id"), str(x, "title"), str(x, "link"),
                           str(x, "updated"), str(x, "author"), str(x, "summary")};
  }
  px_buf b;
  px_buf_init(&b, 0);
  cr_assert_eq(px_atom_write(&b, &feed, e, n), PX_OK);
  xmlDocPtr doc = xmlReadMemory(b.data, (int)b.len, "feed.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  cr_expect(doc != NULL, "%s: not well-formed XML", name);
  xmlFreeDoc(doc);
  cr_expect_null(strstr(b.data, "<script"), "%s: raw markup", name);
  cr_expect_null(strstr(b.data, "javascript:"), "%s: javascript link", name);
  const char *upd = getenv("PX_UPDATE_GOLDEN");
  if (upd && *upd == '1') {
    px_err err = {0};
    cr_assert_eq(px_file_write(exp, b.data, b.len, &err), PX_OK, "%s", err.msg);
  } else {
    char *want = NULL;
    size_t wlen = 0;
    px_err err = {0};
    cr_assert_eq(px_file_read(exp, 1 << 20, &want, &wlen, &err), PX_OK,
                 "%s (run with PX_UPDATE_GOLDEN=1 to create it)", err.msg);
    cr_expect(wlen == b.len && !memcmp(want, b.data, wlen),
              "%s differs from %s:\n%s", name, exp, b.data);
    free(want);
  }
  px_buf_reset(&b);
  free(e);
  json_decref(j);
}

Test(atom, golden) {
  const char *root = getenv("PX_SOURCE_ROOT");
  char dir[512];
  snprintf(dir, sizeof dir, "%s/tests/golden/atom", root ? root : ".");
  DIR *d = opendir(dir);
  cr_assert(d, "no %s", dir);
  struct dirent *de;
  int n = 0;
  while ((de = readdir(d))) {
    size_t l = strlen(de->d_name);
    if (l < 4 || strcmp(de->d_name + l - 3, ".in")) continue;
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)(l - 3), de->d_name);
    check_one(dir, name);
    n++;
  }
  closedir(d);
  cr_expect_geq(n, 3);
}

Test(atom, time_format) {
  char t[32];
  px_atom_time(1687186080, t);
  cr_expect_str_eq(t, "2023-06-19T14:48:00Z");
}

/* Issue 15, 12: characters XML forbids in an article (U+FFFE, U+FFFF, C0
** controls) made every feed carrying it fail to parse. C0 controls were
** already dropped; the noncharacters were not. */
Test(atom, characters_xml_forbids_are_dropped) {
  const char *bad = "A\xef\xbf\xbe" "B\xef\xbf\xbf" "C\x01\x0b\x1f" "D"
                    "\xef\xb7\x90" "E\xf4\x8f\xbf\xbf" "F";
  px_atom_feed feed = {"urn:x", bad, NULL, NULL, "2024-01-01T00:00:00Z"};
  px_atom_entry e = {"urn:x:1", bad, "https://x.example/1", NULL, bad, bad};
  px_buf b;
  px_buf_init(&b, 0);
  cr_assert_eq(px_atom_write(&b, &feed, &e, 1), PX_OK);
  xmlDocPtr doc = xmlReadMemory(b.data, (int)b.len, "feed.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING);
  cr_expect(doc != NULL, "not well-formed XML:\n%s", b.data);
  xmlFreeDoc(doc);
  cr_expect(strstr(b.data, "<title>ABCDEF</title>") != NULL, "%s", b.data);
  px_buf_reset(&b);
}
