/*
** feed2json.c: the conformance harness's driver. Reads lines of
** "PATH<TAB>CONTENT-TYPE<TAB>URL<TAB>CONTENT-LOCATION<TAB>CONTENT-LANGUAGE"
** (all but the path may be empty or missing) on stdin,
** parses each file with px_feed_parse and writes one JSON object per line
** with everything the parser produced, for bench/feeds/check.py to map
** onto feedparser's result keys. Also usable by hand:
**   build/bench/feeds/feed2json FILE...
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/feed.h"
#include "util/file.h"

static void put(json_t *o, const char *k, const char *v) {
  if (v) json_object_set_new(o, k, json_string(v));
}

static const char *ttype(px_feed_text_type t) {
  return t == PX_FEED_HTML ? "text/html"
         : t == PX_FEED_XHTML ? "application/xhtml+xml" : "text/plain";
}

static json_t *date(const px_feed_date *d) {
  json_t *o = json_object();
  put(o, "raw", d->raw);
  put(o, "iso", d->iso);
  if (d->iso) {
    json_object_set_new(o, "utc", json_integer(d->t.epoch - (d->t.has_tz ? 0 : 0)));
    json_object_set_new(o, "has_tz", json_boolean(d->t.has_tz));
  }
  return o;
}

static json_t *people(const px_feed_person *p, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_object();
    put(o, "name", p[i].name);
    put(o, "email", p[i].email);
    put(o, "uri", p[i].uri);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *links(const px_feed_link *l, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_object();
    put(o, "href", l[i].href);
    put(o, "rel", l[i].rel);
    put(o, "type", l[i].type);
    put(o, "title", l[i].title);
    put(o, "hreflang", l[i].hreflang);
    if (l[i].length) json_object_set_new(o, "length", json_integer(l[i].length));
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *cats(const px_feed_category *g, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_object();
    put(o, "term", g[i].term);
    put(o, "scheme", g[i].scheme);
    put(o, "label", g[i].label);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *media(const px_feed_media *m, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_object();
    put(o, "url", m[i].url);
    put(o, "type", m[i].type);
    put(o, "medium", m[i].medium);
    if (m[i].length) json_object_set_new(o, "length", json_integer(m[i].length));
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *text(const char *v, px_feed_text_type t, const char *lang,
                    const char *base) {
  json_t *o = json_object();
  put(o, "value", v);
  put(o, "type", ttype(t));
  put(o, "language", lang);
  put(o, "base", base);
  return o;
}

static json_t *feed_json(const px_feed *f) {
  json_t *o = json_object();
  put(o, "version", f->version);
  put(o, "encoding", f->encoding);
  json_object_set_new(o, "bozo", json_boolean(f->bozo));
  put(o, "bozo_reason", f->bozo_reason);
  put(o, "title", f->title);
  if (f->title_raw)
    json_object_set_new(o, "title_detail", text(f->title_raw, f->title_type,
                                                 f->title_lang, f->title_base));
  put(o, "link", f->link);
  put(o, "id", f->id);
  if (f->description)
    json_object_set_new(o, "description", text(f->description, f->description_type,
                                               f->description_lang, f->description_base));
  if (f->rights)
    json_object_set_new(o, "rights", text(f->rights, f->rights_type, f->rights_lang,
                                          f->rights_base));
  put(o, "language", f->language);
  put(o, "generator", f->generator);
  put(o, "image", f->image);
  put(o, "feed_url", f->feed_url);
  json_object_set_new(o, "updated", date(&f->updated));
  json_object_set_new(o, "authors", people(f->authors, f->nauthors));
  json_object_set_new(o, "links", links(f->links, f->nlinks));
  json_object_set_new(o, "categories", cats(f->categories, f->ncategories));
  json_object_set_new(o, "duplicates", json_integer((json_int_t)f->nduplicates));
  json_t *ents = json_array();
  for (size_t i = 0; i < f->nentries; i++) {
    const px_feed_entry *e = &f->entries[i];
    json_t *j = json_object();
    put(j, "id", e->id);
    json_object_set_new(j, "guid_is_link", json_boolean(e->guid_is_link));
    put(j, "link", e->link);
    put(j, "title", e->title);
    if (e->title_raw)
      json_object_set_new(j, "title_detail", text(e->title_raw, e->title_type,
                                                  e->title_lang, e->title_base));
    if (e->summary)
      json_object_set_new(j, "summary", text(e->summary, e->summary_type,
                                             e->summary_lang, e->summary_base));
    if (e->content)
      json_object_set_new(j, "content", text(e->content, e->content_type,
                                             e->content_lang, e->content_base));
    put(j, "lang", e->lang);
    if (e->rights)
      json_object_set_new(j, "rights", text(e->rights, e->rights_type, NULL, NULL));
    put(j, "comments", e->comments);
    put(j, "image", e->image);
    char key[33];
    px_feed_entry_key(e, key);
    put(j, "key", key);
    json_object_set_new(j, "published", date(&e->published));
    json_object_set_new(j, "updated", date(&e->updated));
    json_object_set_new(j, "authors", people(e->authors, e->nauthors));
    json_object_set_new(j, "links", links(e->links, e->nlinks));
    json_object_set_new(j, "categories", cats(e->categories, e->ncategories));
    json_object_set_new(j, "enclosures", media(e->enclosures, e->nenclosures));
    json_object_set_new(j, "media", media(e->media, e->nmedia));
    json_array_append_new(ents, j);
  }
  json_object_set_new(o, "entries", ents);
  return o;
}

static void one(const char *path, const char *ctype, const char *url, const char *cloc,
                const char *clang) {
  char *data = NULL;
  size_t len = 0;
  px_err err = {0};
  json_t *o = json_object();
  put(o, "file", path);
  px_rc rc = px_file_read(path, PX_FEED_MAX_BYTES, &data, &len, &err);
  px_feed *f = NULL;
  if (!rc) {
    px_feed_opts opts = {.url = url && *url ? url : NULL,
                         .content_type = ctype && *ctype ? ctype : NULL,
                         .content_location = cloc && *cloc ? cloc : NULL,
                         .content_language = clang && *clang ? clang : NULL};
    rc = px_feed_parse(data, len, &opts, &f, &err);
  }
  if (rc) {
    json_object_set_new(o, "ok", json_false());
    put(o, "error", err.msg);
  } else {
    json_object_set_new(o, "ok", json_true());
    json_object_set_new(o, "feed", feed_json(f));
  }
  char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
  if (s) puts(s);
  free(s);
  json_decref(o);
  px_feed_free(f);
  free(data);
}

int main(int argc, char **argv) {
  if (argc > 1) {
    for (int i = 1; i < argc; i++) one(argv[i], NULL, NULL, NULL, NULL);
    return 0;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, stdin)) > 0) {
    if (line[n - 1] == '\n') line[--n] = '\0';
    char *f[5] = {line, NULL, NULL, NULL, NULL};
    for (int k = 1; k < 5; k++) {
      f[k] = f[k - 1] ? strchr(f[k - 1], '\t') : NULL;
      if (f[k]) *f[k]++ = '\0';
    }
    one(f[0], f[1], f[2], f[3], f[4]);
  }
  free(line);
  return 0;
}
