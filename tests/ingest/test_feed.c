/*
** test_feed.c: feed parsing on fixtures the conformance corpus lacks (JSON
** Feed, broken real-world RSS, xml:base, RSS 1.0 with content:encoded),
** plus OPML import/export and feed autodiscovery.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/discover.h"
#include "ingest/feed.h"
#include "ingest/opml.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/str.h"

static char *fixture(const char *name, size_t *len) {
  char path[4096];
  const char *root = getenv("PX_SOURCE_ROOT");
  snprintf(path, sizeof path, "%s/tests/fixtures/feeds/%s", root ? root : ".", name);
  char *data = NULL;
  px_err err = {0};
  cr_assert_eq(px_file_read(path, 1 << 20, &data, len, &err), PX_OK, "%s: %s", path, err.msg);
  return data;
}

static px_feed *parse_fixture(const char *name, const char *url) {
  size_t len;
  char *data = fixture(name, &len);
  px_feed_opts o = {.url = url};
  px_feed *f = NULL;
  px_err err = {0};
  cr_assert_eq(px_feed_parse(data, len, &o, &f, &err), PX_OK, "%s: %s", name, err.msg);
  free(data);
  return f;
}

static void all_utf8(const char *s) {
  if (s) cr_assert(px_utf8_valid(s, strlen(s)), "not UTF-8: %s", s);
  for (const char *p = s; p && *p; p++)
    cr_assert((unsigned char)*p >= 0x20 || *p == '\n' || *p == '\t', "control char in %s", s);
}

Test(feed, json_feed) {
  px_feed *f = parse_fixture("jsonfeed.json", "https://example.org/feed.json");
  cr_assert_eq(f->format, PX_FEED_JSON);
  cr_assert_str_eq(f->version, "json11");
  cr_assert_str_eq(f->title, "Example JSON Feed");
  cr_assert_str_eq(f->link, "https://example.org/");
  cr_assert_str_eq(f->language, "en");
  cr_assert_eq(f->nentries, 2, "duplicate id 2 dropped, non-object skipped");
  cr_assert_eq(f->nduplicates, 1);
  px_feed_entry *e = &f->entries[0];
  cr_assert_str_eq(e->id, "2");
  cr_assert_str_eq(e->link, "https://example.org/2024/05/second");
  cr_assert_eq(e->content_type, PX_FEED_HTML);
  cr_assert(strstr(e->content, "href=\"https://example.org/about\""), "%s", e->content);
  cr_assert_str_eq(e->summary, "Short summary");
  cr_assert_eq(e->ncategories, 2);
  cr_assert_str_eq(e->categories[1].term, "europe");
  cr_assert_eq(e->nenclosures, 1);
  cr_assert_eq(e->enclosures[0].length, 1234);
  cr_assert_str_eq(e->authors[0].name, "Desk Editor", "feed author inherited");
  e = &f->entries[1];
  cr_assert_str_eq(e->id, "1", "numeric ids become strings");
  cr_assert_eq(e->content_type, PX_FEED_TEXT);
  cr_assert_str_eq(e->authors[0].name, "Jane Reporter");
  cr_assert_not_null(e->published.raw, "date_modified stands in for a missing date_published");
  px_feed_free(f);
}

Test(feed, broken_real_world_rss) {
  px_feed *f = parse_fixture("broken_rss.xml", "https://news.example.com/rss");
  cr_assert(f->bozo, "repairs must be reported");
  cr_assert_str_eq(f->encoding, "utf-8", "valid UTF-8 beats the iso-8859-1 prolog");
  cr_assert_str_eq(f->title, "Caf\xc3\xa9 News & Views");
  cr_assert_str_eq(f->description, "Tom & Jerry\xc2\xa0" "daily");
  cr_assert_eq(f->nentries, 3, "same guid with another title is kept");
  px_feed_entry *e = &f->entries[0];
  cr_assert_str_eq(e->title, "R\xc3\xa9sum\xc3\xa9 \xc3\xa9" "dition bell");
  cr_assert_str_eq(e->link, "https://news.example.com/world/1?a=1&b=2");
  cr_assert_str_eq(e->id, "item-1");
  cr_assert(!e->guid_is_link);
  cr_assert(e->id_shared);
  cr_assert(strstr(e->summary, "href=\"https://news.example.com/rel\""), "%s", e->summary);
  cr_assert_str_eq(e->authors[0].name, "News Desk");
  cr_assert_str_eq(e->authors[0].email, "desk@example.com");
  cr_assert_str_eq(e->categories[0].scheme, "https://news.example.com/tags");
  char k0[33], k1[33];
  px_feed_entry_key(&f->entries[0], k0);
  px_feed_entry_key(&f->entries[1], k1);
  cr_assert_str_eq(k0, k1, "same id and link: same key");
  e = &f->entries[2];
  cr_assert_null(e->id);
  cr_assert_null(e->published.raw);
  cr_assert_str_eq(e->enclosures[0].url, "https://news.example.com/img/2.jpg");
  cr_assert_str_eq(e->image, "https://news.example.com/img/2.jpg");
  for (size_t i = 0; i < f->nentries; i++) {
    all_utf8(f->entries[i].title);
    all_utf8(f->entries[i].summary);
  }
  px_feed_free(f);
}

Test(feed, atom_xml_base_and_xhtml) {
  px_feed *f = parse_fixture("atom_base.xml", "https://elsewhere.example/feed");
  cr_assert(!f->bozo);
  cr_assert_str_eq(f->version, "atom10");
  cr_assert_str_eq(f->title, "Atom Example", "HTML titles come out as text");
  cr_assert_str_eq(f->link, "https://atom.example.net/blog/");
  cr_assert_str_eq(f->feed_url, "https://atom.example.net/blog/feed.atom");
  cr_assert_str_eq(f->language, "en-GB");
  cr_assert_not_null(f->updated.iso);
  px_feed_entry *e = &f->entries[0];
  cr_assert_str_eq(e->link, "https://atom.example.net/blog/posts/one.html");
  cr_assert_str_eq(e->enclosures[0].url, "https://atom.example.net/media/one.mp3");
  cr_assert_str_eq(e->authors[0].uri, "https://atom.example.net/ann");
  cr_assert_str_eq(e->categories[0].label, "Science");
  cr_assert_eq(e->content_type, PX_FEED_XHTML);
  cr_assert_str_eq(e->content,
                   "<p>Body with <a href=\"https://atom.example.net/blog/posts/img/x.png\">a link</a>.</p>");
  cr_assert_str_eq(e->published.raw, "2024-02-29T23:15:00-05:00");
  cr_assert_not_null(e->published.iso);
  /* 2024-03-01T04:15:00Z */
  cr_assert_eq(e->published.t.epoch, 1709266500, "%lld", (long long)e->published.t.epoch);
  px_feed_free(f);
}

Test(feed, rss10_content_encoded) {
  px_feed *f = parse_fixture("rdf.xml", NULL);
  cr_assert_eq(f->format, PX_FEED_RDF);
  cr_assert_str_eq(f->version, "rss10");
  cr_assert_str_eq(f->language, "de");
  cr_assert_eq(f->nentries, 1);
  px_feed_entry *e = &f->entries[0];
  cr_assert_str_eq(e->id, "https://rdf.example.org/a");
  cr_assert_str_eq(e->content, "<p>The <b>full</b> article.</p>");
  cr_assert_eq(e->content_type, PX_FEED_HTML);
  cr_assert_str_eq(e->authors[0].name, "Max Muster");
  cr_assert_str_eq(e->published.raw, "2024-04-01T06:00:00+02:00");
  px_feed_free(f);
}

Test(feed, hostile_inputs) {
  static const char *const bad[] = {
    "", "   ", "{", "[1,2]", "{\"items\": 3}", "<html><body>hi</body></html>",
    "<?xml version='1.0'?><notafeed/>", "\xff\xfe<\0p\0>\0",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    px_feed *f = NULL;
    px_err err = {0};
    px_rc rc = px_feed_parse(bad[i], i == 7 ? 8 : strlen(bad[i]), NULL, &f, &err);
    cr_assert_neq(rc, PX_OK, "case %zu should fail", i);
    cr_assert_null(f);
    cr_assert(err.msg[0], "case %zu has a message", i);
  }
  /* An entity bomb: libxml2's amplification limit or our caps stop it. */
  const char *bomb =
      "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaaaaaaaaaaaa\">"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
      "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
      "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">]>"
      "<rss><channel><title>&g;&g;&g;&g;&g;&g;&g;&g;</title></channel></rss>";
  px_feed *f = NULL;
  px_err err = {0};
  px_rc rc = px_feed_parse(bomb, strlen(bomb), NULL, &f, &err);
  if (rc == PX_OK) {
    cr_assert(!f->title || strlen(f->title) < ((size_t)64 << 20));
    px_feed_free(f);
  }
  /* External entities are never loaded. */
  const char *xxe =
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<rss><channel><title>a&x;b</title></channel></rss>";
  f = NULL;
  cr_assert_eq(px_feed_parse(xxe, strlen(xxe), NULL, &f, &err), PX_OK);
  cr_assert(!f->title || !strstr(f->title, "root:"), "%s", f->title);
  px_feed_free(f);
}

Test(feed, windows1252_without_declaration) {
  const char *in = "<rss><channel><item><title>don\x92t \x80 caf\xe9</title></item></channel></rss>";
  px_feed *f = NULL;
  px_err err = {0};
  cr_assert_eq(px_feed_parse(in, strlen(in), NULL, &f, &err), PX_OK, "%s", err.msg);
  cr_assert_str_eq(f->encoding, "windows-1252");
  cr_assert(f->bozo);
  cr_assert_str_eq(f->entries[0].title, "don\xe2\x80\x99t \xe2\x82\xac caf\xc3\xa9");
  px_feed_free(f);
}

Test(feed, sniff) {
  cr_assert(px_feed_sniff("<?xml version='1.0'?>\n<rss version='2.0'>", 35));
  cr_assert(px_feed_sniff("  {\"version\": \"https://jsonfeed.org/version/1.1\"}", 20));
  cr_assert(!px_feed_sniff("<!DOCTYPE html><html><head>", 27));
}

Test(opml, import_nested_and_export_roundtrip) {
  size_t len;
  char *data = fixture("subs.opml", &len);
  px_opml *o = NULL;
  px_err err = {0};
  cr_assert_eq(px_opml_parse(data, len, &o, &err), PX_OK, "%s", err.msg);
  free(data);
  cr_assert_str_eq(o->title, "My & your feeds");
  cr_assert_eq(o->nsubs, 3, "duplicate xmlUrl kept once, folders are not feeds");
  cr_assert_str_eq(o->subs[0].xml_url, "https://example.com/world.rss");
  cr_assert_str_eq(o->subs[0].html_url, "https://example.com/world");
  cr_assert_str_eq(o->subs[0].title, "Example World");
  cr_assert_str_eq(o->subs[0].category, "News/World");
  cr_assert_str_eq(o->subs[1].title, "Tech & Science", "title beats text");
  cr_assert_str_eq(o->subs[1].category, "News/Tech");
  cr_assert_str_eq(o->subs[2].xml_url, "https://loose.example.net/feed", "case-insensitive attributes");
  cr_assert_null(o->subs[2].category);

  px_buf b;
  px_buf_init(&b, 0);
  cr_assert_eq(px_opml_write("Mine <&>", o->subs, o->nsubs, &b), PX_OK);
  cr_assert(strstr(b.data, "<title>Mine &lt;&amp;&gt;</title>"), "%s", b.data);
  px_opml *o2 = NULL;
  cr_assert_eq(px_opml_parse(b.data, b.len, &o2, &err), PX_OK, "%s", err.msg);
  cr_assert_eq(o2->nsubs, o->nsubs);
  for (size_t i = 0; i < o->nsubs; i++) {
    int found = 0;
    for (size_t j = 0; j < o2->nsubs; j++) {
      if (strcmp(o->subs[i].xml_url, o2->subs[j].xml_url)) continue;
      found = 1;
      cr_assert_str_eq(o2->subs[j].title, o->subs[i].title);
      if (o->subs[i].category) cr_assert_str_eq(o2->subs[j].category, o->subs[i].category);
      else cr_assert_null(o2->subs[j].category);
    }
    cr_assert(found, "%s lost in the round trip", o->subs[i].xml_url);
  }
  px_buf_reset(&b);
  px_opml_free(o);
  px_opml_free(o2);
  cr_assert_eq(px_opml_parse("<rss/>", 6, &o, &err), PX_EPARSE);
}

Test(discover, link_tags) {
  size_t len;
  char *html = fixture("page.html", &len);
  px_discovered *d = NULL;
  px_err err = {0};
  cr_assert_eq(px_discover_feeds(html, len, "https://www.example.com/index.html", &d, &err), PX_OK);
  free(html);
  cr_assert_eq(d->n, 3, "got %zu", d->n);
  cr_assert_str_eq(d->refs[0].url, "https://www.example.com/news/rss/top.xml");
  cr_assert_str_eq(d->refs[0].type, "application/rss+xml");
  cr_assert_str_eq(d->refs[0].title, "Top & stories");
  cr_assert_str_eq(d->refs[1].url, "https://www.example.com/atom.xml");
  cr_assert_str_eq(d->refs[1].title, "Atom");
  cr_assert_str_eq(d->refs[2].url, "https://www.example.com/feed.json?a=1&b=2");
  px_discovered_free(d);
  cr_assert_eq(px_discover_feeds("<p>no feeds", 11, NULL, &d, &err), PX_OK);
  cr_assert_eq(d->n, 0);
  px_discovered_free(d);
}
