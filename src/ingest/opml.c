/*
** opml.c: OPML import with libxml2 (recover mode, no network, no entity
** loading, libxml2's depth limit) and export by hand with XML escaping.
** Memory: strings copied into the px_opml's arena; the libxml2 tree is
** freed before returning.
*/
#include "ingest/opml.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/err.h"
#include "util/str.h"

#define OPML_MAX_BYTES ((size_t)16 << 20)
#define OPML_MAX_SUBS 100000

typedef struct octx {
  px_opml *o;
  px_rc rc;
  size_t cap;
  px_buf path;   /* folder names of the enclosing outlines */
} octx;

static const char *attr(octx *c, const xmlNode *n, const char *name) {
  /* OPML in the wild varies the case: xmlUrl, xmlurl, XMLURL. */
  for (xmlAttr *a = n->properties; a; a = a->next) {
    if (strcasecmp((const char *)a->name, name) || !a->children) continue;
    xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
    if (!v) return NULL;
    px_str t = px_str_trim(px_str_from_cstr((const char *)v));
    char *r = t.len ? px_arena_strndup(c->o->arena, t.p, t.len) : NULL;
    xmlFree(v);
    if (t.len && !r) c->rc = PX_ENOMEM;
    /* Only valid UTF-8 leaves here; libxml2 already decoded to UTF-8. */
    return r;
  }
  return NULL;
}

static void add_sub(octx *c, const xmlNode *n, const char *url) {
  px_opml *o = c->o;
  for (size_t i = 0; i < o->nsubs; i++)
    if (!strcmp(o->subs[i].xml_url, url)) return;
  if (o->nsubs >= OPML_MAX_SUBS) return;
  if (o->nsubs == c->cap) {
    size_t nc = c->cap ? c->cap * 2 : 32;
    px_opml_sub *ns = px_arena_realloc(o->arena, o->subs, c->cap * sizeof *ns,
                                       nc * sizeof *ns);
    if (!ns) {
      c->rc = PX_ENOMEM;
      return;
    }
    o->subs = ns;
    c->cap = nc;
  }
  px_opml_sub *s = &o->subs[o->nsubs++];
  memset(s, 0, sizeof *s);
  s->xml_url = url;
  s->html_url = attr(c, n, "htmlUrl");
  s->title = attr(c, n, "title");
  if (!s->title) s->title = attr(c, n, "text");
  const char *cat = attr(c, n, "category");
  if (c->path.len || cat) {
    px_buf b;
    px_buf_init(&b, 0);
    px_buf_append(&b, c->path.data ? c->path.data : "", c->path.len);
    if (cat) {
      if (b.len) px_buf_putc(&b, '/');
      px_buf_puts(&b, cat[0] == '/' ? cat + 1 : cat);
    }
    s->category = px_arena_strndup(o->arena, px_buf_cstr(&b), b.len);
    px_buf_reset(&b);
  }
}

static void walk(octx *c, const xmlNode *n, int depth) {
  for (; n && !c->rc; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (strcasecmp((const char *)n->name, "outline")) {
      if (depth < 64) walk(c, n->children, depth + 1);
      continue;
    }
    const char *url = attr(c, n, "xmlUrl");
    if (!url) url = attr(c, n, "url");  /* some exporters use url= */
    if (url) {
      add_sub(c, n, url);
    } else if (n->children && depth < 64) {
      /* A folder: its title becomes part of the category path. */
      const char *name = attr(c, n, "title");
      if (!name) name = attr(c, n, "text");
      size_t keep = c->path.len;
      if (name) {
        if (c->path.len) px_buf_putc(&c->path, '/');
        px_buf_puts(&c->path, name);
      }
      walk(c, n->children, depth + 1);
      c->path.len = keep;
      if (c->path.data) c->path.data[keep] = '\0';
    }
  }
}

px_rc px_opml_parse(const char *data, size_t len, px_opml **out, px_err *err) {
  if (len > OPML_MAX_BYTES)
    return px_err_set(err, PX_ETOOBIG, "OPML: %zu bytes is over the cap", len);
  xmlInitParser();
  xmlDoc *doc = xmlReadMemory(data, (int)len, NULL, NULL,
                              XML_PARSE_RECOVER | XML_PARSE_NONET |
                                  XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (!root || strcasecmp((const char *)root->name, "opml")) {
    xmlFreeDoc(doc);
    return px_err_set(err, PX_EPARSE, "not OPML: no <opml> root element");
  }
  octx c = {0};
  px_buf_init(&c.path, 4096);
  c.o = calloc(1, sizeof *c.o);
  if (c.o) c.o->arena = px_arena_new(0);
  if (!c.o || !c.o->arena) {
    free(c.o);
    xmlFreeDoc(doc);
    return px_err_set(err, PX_ENOMEM, "OPML: out of memory");
  }
  for (xmlNode *k = root->children; k; k = k->next) {
    if (k->type == XML_ELEMENT_NODE && !strcasecmp((const char *)k->name, "head")) {
      for (xmlNode *h = k->children; h; h = h->next) {
        if (h->type == XML_ELEMENT_NODE && !strcasecmp((const char *)h->name, "title")) {
          xmlChar *t = xmlNodeGetContent(h);
          if (t) {
            px_str s = px_str_trim(px_str_from_cstr((const char *)t));
            if (s.len) c.o->title = px_arena_strndup(c.o->arena, s.p, s.len);
            xmlFree(t);
          }
        }
      }
    } else if (k->type == XML_ELEMENT_NODE && !strcasecmp((const char *)k->name, "body")) {
      walk(&c, k->children, 0);
    }
  }
  xmlFreeDoc(doc);
  px_buf_reset(&c.path);
  if (c.rc) {
    px_opml_free(c.o);
    return px_err_set(err, c.rc, "OPML: out of memory");
  }
  *out = c.o;
  return PX_OK;
}

void px_opml_free(px_opml *o) {
  if (!o) return;
  px_arena_free(o->arena);
  free(o);
}

/* XML attribute escaping; control characters (not allowed in XML 1.0)
** are dropped. */
static px_rc esc(px_buf *b, const char *s) {
  px_rc rc = PX_OK;
  for (; s && *s && !rc; s++) {
    unsigned char ch = (unsigned char)*s;
    switch (ch) {
    case '&': rc = px_buf_puts(b, "&amp;"); break;
    case '<': rc = px_buf_puts(b, "&lt;"); break;
    case '>': rc = px_buf_puts(b, "&gt;"); break;
    case '"': rc = px_buf_puts(b, "&quot;"); break;
    case '\t': case '\n': case '\r': rc = px_buf_putc(b, ' '); break;
    default:
      if (ch >= 0x20) rc = px_buf_putc(b, (char)ch);
    }
  }
  return rc;
}

static px_rc put_sub(px_buf *b, const px_opml_sub *s, const char *indent) {
  const char *name = s->title ? s->title : s->xml_url;
  px_rc rc = px_buf_printf(b, "%s<outline type=\"rss\" text=\"", indent);
  if (!rc) rc = esc(b, name);
  if (!rc) rc = px_buf_puts(b, "\" title=\"");
  if (!rc) rc = esc(b, name);
  if (!rc) rc = px_buf_puts(b, "\" xmlUrl=\"");
  if (!rc) rc = esc(b, s->xml_url);
  if (!rc && s->html_url) {
    rc = px_buf_puts(b, "\" htmlUrl=\"");
    if (!rc) rc = esc(b, s->html_url);
  }
  if (!rc) rc = px_buf_puts(b, "\"/>\n");
  return rc;
}

static bool same_cat(const char *a, const char *b) {
  return (!a && !b) || (a && b && !strcmp(a, b));
}

px_rc px_opml_write(const char *title, const px_opml_sub *subs, size_t n,
                    px_buf *out) {
  px_rc rc = px_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                              "<opml version=\"2.0\">\n<head>\n<title>");
  if (!rc) rc = esc(out, title ? title : "Parallax subscriptions");
  if (!rc) rc = px_buf_puts(out, "</title>\n</head>\n<body>\n");
  /* Uncategorised first, then one folder per category in first-seen order. */
  for (size_t i = 0; i < n && !rc; i++)
    if (!subs[i].category) rc = put_sub(out, &subs[i], "  ");
  for (size_t i = 0; i < n && !rc; i++) {
    if (!subs[i].category) continue;
    bool first = true;
    for (size_t j = 0; j < i; j++)
      if (same_cat(subs[j].category, subs[i].category)) first = false;
    if (!first) continue;
    rc = px_buf_puts(out, "  <outline text=\"");
    if (!rc) rc = esc(out, subs[i].category);
    if (!rc) rc = px_buf_puts(out, "\">\n");
    for (size_t j = i; j < n && !rc; j++)
      if (same_cat(subs[j].category, subs[i].category)) rc = put_sub(out, &subs[j], "    ");
    if (!rc) rc = px_buf_puts(out, "  </outline>\n");
  }
  if (!rc) rc = px_buf_puts(out, "</body>\n</opml>\n");
  return rc;
}
