/*
** feed.c: RSS / RDF / Atom (libxml2) and JSON Feed (jansson) parsing into
** px_feed.
**
** XML goes through three steps. (1) Decide the encoding: a BOM, then
** valid UTF-8 over a single-byte prolog declaration (the commonest lie on
** the web), then the HTTP charset or the prolog; bytes that are not UTF-8
** are read as windows-1252, one by one when the rest is valid UTF-8. (2)
** Repair the bytes: drop what precedes the XML declaration and control
** characters, turn every entity reference into a character reference
** (predefined, HTML, and the internal subset's own, expanded here under a
** byte budget), escape bare '&', close unclosed HTML void elements. (3)
** Parse with libxml2 in recover mode with XML_PARSE_NONET and no named
** entity left to substitute (so no external entity is ever loaded and
** nothing amplifies), and walk the tree. When XML recovery still finds no
** feed, the HTML parser is tried: it accepts nearly anything and keeps
** prefixed names as written.
**
** Elements are matched by (namespace family, local name); an element
** whose prefix was never declared is matched by its conventional prefix
** ("dc:", "content:", "media:", "atom:"), so sloppy feeds still work.
**
** Memory: the libxml2 document and scratch buffers are freed before
** returning; every output string is copied into the feed's arena.
*/
#include "ingest/feed.h"

#include <errno.h>
#include <iconv.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/url.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/str.h"

/* ---- namespaces ------------------------------------------------------- */

typedef enum {
  NS_NONE = 0, NS_ATOM, NS_ATOM03, NS_RSS1, NS_RSS090, NS_RDF, NS_DC,
  NS_DCTERMS, NS_CONTENT, NS_MEDIA, NS_XHTML, NS_XML, NS_OTHER
} ns_id;

static const struct { const char *href; ns_id id; } ns_table[] = {
  {"http://www.w3.org/2005/Atom", NS_ATOM},
  {"http://purl.org/atom/ns#", NS_ATOM03},
  {"http://purl.org/rss/1.0/", NS_RSS1},
  {"http://my.netscape.com/rdf/simple/0.9/", NS_RSS090},
  /* Netscape's other host for the same namespace, seen in 0.90 feeds. */
  {"http://channel.netscape.com/rdf/simple/0.9/", NS_RSS090},
  {"http://backend.userland.com/rss2", NS_NONE},
  {"http://backend.userland.com/rss", NS_NONE},
  {"http://blogs.law.harvard.edu/tech/rss", NS_NONE},
  {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF},
  {"http://purl.org/dc/elements/1.1/", NS_DC},
  {"http://purl.org/dc/elements/1.0/", NS_DC},
  {"http://purl.org/dc/terms/", NS_DCTERMS},
  {"http://purl.org/rss/1.0/modules/content/", NS_CONTENT},
  {"http://search.yahoo.com/mrss/", NS_MEDIA},
  {"http://search.yahoo.com/mrss", NS_MEDIA},
  {"http://www.w3.org/1999/xhtml", NS_XHTML},
  {"http://www.w3.org/XML/1998/namespace", NS_XML},
};

static const struct { const char *prefix; ns_id id; } prefix_table[] = {
  {"atom", NS_ATOM}, {"rdf", NS_RDF}, {"dc", NS_DC}, {"dcterms", NS_DCTERMS},
  {"content", NS_CONTENT}, {"media", NS_MEDIA}, {"xhtml", NS_XHTML},
};

static ns_id ns_of_href(const char *href) {
  if (!href) return NS_NONE;
  if (!strncmp(href, "http://backend.userland.com/rss", 31)) return NS_NONE;
  for (size_t i = 0; i < sizeof ns_table / sizeof ns_table[0]; i++)
    if (!strcmp(href, ns_table[i].href)) return ns_table[i].id;
  /* Case and trailing-slash variants are common in the wild. */
  for (size_t i = 0; i < sizeof ns_table / sizeof ns_table[0]; i++) {
    size_t a = strlen(href), b = strlen(ns_table[i].href);
    if (a + 1 == b && ns_table[i].href[a] == '/' &&
        px_str_ieq_cstr(px_str_make(ns_table[i].href, a), href))
      return ns_table[i].id;
    if (a == b && px_str_ieq_cstr(px_str_make(ns_table[i].href, b), href))
      return ns_table[i].id;
  }
  return NS_OTHER;
}

/* The namespace family and local name of an element or attribute. */
static ns_id node_ns(const xmlNode *n, const char **local) {
  const char *name = (const char *)n->name;
  if (n->ns) {
    *local = name;
    return ns_of_href((const char *)n->ns->href);
  }
  const char *colon = strchr(name, ':');
  if (colon) {
    *local = colon + 1;
    px_str pre = px_str_make(name, (size_t)(colon - name));
    for (size_t i = 0; i < sizeof prefix_table / sizeof prefix_table[0]; i++)
      if (px_str_ieq_cstr(pre, prefix_table[i].prefix)) return prefix_table[i].id;
    return NS_OTHER;
  }
  *local = name;
  return NS_NONE;
}

/* ---- parse context ---------------------------------------------------- */

typedef struct pctx {
  px_feed *f;
  px_err *err;
  px_rc rc;
  xmlDoc *doc;
  const char *url;
  bool atom;            /* Atom document: unqualified names are Atom */
  size_t max_entries;
  px_buf tmp;           /* scratch */
  const char *atom_href; /* an unknown namespace the root "feed" used */
  const char *http_lang; /* Content-Language, the default xml:lang */
  bool updated_is_pub;  /* the feed's updated came from a channel pubDate */
} pctx;

/* node_ns, also reading the root's unknown namespace as Atom's. */
static ns_id cnode_ns(pctx *c, const xmlNode *n, const char **local) {
  ns_id ns = node_ns(n, local);
  if (!n->ns && strchr((const char *)n->name, ':') && c->doc &&
      c->doc->type != XML_HTML_DOCUMENT_NODE) {
    c->f->bozo = true;  /* a prefix that was never declared */
    if (!c->f->bozo_reason) c->f->bozo_reason = "undeclared namespace prefix";
  }
  if (ns == NS_OTHER && c->atom_href && n->ns &&
      !strcmp((const char *)n->ns->href, c->atom_href))
    return NS_ATOM03;
  return ns;
}

static bool is_atom_ns(const pctx *c, ns_id ns) {
  return ns == NS_ATOM || ns == NS_ATOM03 || (c->atom && ns == NS_NONE);
}
static bool is_rss_ns(const pctx *c, ns_id ns) {
  return !c->atom && (ns == NS_NONE || ns == NS_RSS1 || ns == NS_RSS090);
}

static void oom(pctx *c) {
  if (!c->rc) c->rc = px_err_set(c->err, PX_ENOMEM, "feed: out of memory");
}

/* windows-1252's printable characters at 0x80-0x9f, which feeds often give
** as numeric references (&#150;). */
static const uint16_t cp1252[32] = {
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030,
  0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e,
  0x0178};

/* Copies s into the arena as clean UTF-8: invalid sequences become U+FFFD,
** control characters (other than tab and newline) are dropped, and
** surrounding white space is trimmed when trim is set. */
static const char *dup_clean(pctx *c, const char *s, size_t len, bool trim) {
  if (!s) return NULL;
  if (trim) {
    px_str t = px_str_trim(px_str_make(s, len));
    s = t.p;
    len = t.len;
  }
  char *o = px_arena_alloc(c->f->arena, len * 3 + 1);
  if (!o) {
    oom(c);
    return NULL;
  }
  size_t n = 0;
  for (size_t i = 0; i < len;) {
    unsigned char ch = (unsigned char)s[i];
    if (ch < 0x80) {
      i++;
      if (ch == '\r') {
        if (i < len && s[i] == '\n') continue;
        ch = '\n';
      }
      if ((ch < 0x20 && ch != '\t' && ch != '\n') || ch == 0x7f) continue;
      o[n++] = (char)ch;
      continue;
    }
    uint32_t cp;
    size_t k = px_utf8_decode(s + i, len - i, &cp);
    /* C1 controls are nearly always windows-1252 read as latin-1. */
    if (cp >= 0x80 && cp < 0xa0) cp = cp1252[cp - 0x80] ? cp1252[cp - 0x80] : 0xfffd;
    n += px_utf8_encode(cp, o + n);
    i += k;
  }
  o[n] = '\0';
  return o;
}

static const char *dup_cstr(pctx *c, const char *s) {
  return s ? dup_clean(c, s, strlen(s), true) : NULL;
}

/* Grows an arena array by one zeroed element; NULL when out of memory. */
static void *push(pctx *c, void **arr, size_t *n, size_t size) {
  size_t cap_old = *n, cap_new = *n + 1;
  /* Arrays grow in powers of two; the arena grows the last block in place
  ** when it can. */
  size_t have = 1, need = 1;
  while (have < cap_old) have *= 2;
  while (need < cap_new) need *= 2;
  if (*n == 0 || need != have) {
    void *p = px_arena_realloc(c->f->arena, *arr, have * size * (*n > 0),
                               need * size);
    if (!p) {
      oom(c);
      return NULL;
    }
    *arr = p;
  }
  void *e = (char *)*arr + *n * size;
  memset(e, 0, size);
  (*n)++;
  return e;
}

/* ---- text helpers ----------------------------------------------------- */

static xmlChar *get_prop(const xmlNode *n, const char *name) {
  /* Attributes are usually unqualified; also accept any namespaced one of
  ** that local name (rdf:about, rdf:resource). */
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  if (v) return v;
  for (xmlAttr *a = n->properties; a; a = a->next) {
    const char *nm = (const char *)a->name;
    const char *colon = strchr(nm, ':');
    if (!strcmp(colon ? colon + 1 : nm, name) && a->children)
      return xmlNodeListGetString(n->doc, a->children, 1);
  }
  return NULL;
}

static const char *prop(pctx *c, const xmlNode *n, const char *name) {
  xmlChar *v = get_prop(n, name);
  if (!v) return NULL;
  const char *r = dup_cstr(c, (const char *)v);
  xmlFree(v);
  return (r && *r) ? r : NULL;
}

static const char *text_of(pctx *c, const xmlNode *n) {
  xmlChar *v = xmlNodeGetContent(n);
  if (!v) return NULL;
  const char *r = dup_cstr(c, (const char *)v);
  xmlFree(v);
  return (r && *r) ? r : NULL;
}

static const char *lang_of(pctx *c, const xmlNode *n) {
  xmlChar *v = xmlNodeGetLang(n);
  if (!v) return c->http_lang;
  for (xmlChar *q = v; *q; q++)
    if (*q == '_') *q = '-';  /* "en_US" is a POSIX locale, not BCP 47 */
  const char *r = dup_cstr(c, (const char *)v);
  xmlFree(v);
  return (r && *r) ? r : NULL;
}

/* The base URI in scope at n: xml:base attributes resolved against the
** document URL. Borrowed from the arena. */
static const char *base_of(pctx *c, const xmlNode *n) {
  xmlChar *b = xmlNodeGetBase(c->doc, n);
  if (!b) return c->url;
  const char *r = dup_cstr(c, (const char *)b);
  xmlFree(b);
  if (r && (px_str_istarts(px_str_from_cstr(r), "javascript:") ||
            px_str_istarts(px_str_from_cstr(r), "data:") ||
            px_str_istarts(px_str_from_cstr(r), "vbscript:")))
    return n->parent && n->parent->type == XML_ELEMENT_NODE ? base_of(c, n->parent) : c->url;
  /* "http:///host/" (one slash too many) is a common typo. */
  const char *p = r ? strstr(r, ":///") : NULL;
  if (p && p > r && p - r < 8) {
    char *w = px_arena_strdup(c->f->arena, r);
    if (w) {
      memmove(w + (p - r) + 3, w + (p - r) + 4, strlen(w + (p - r) + 4) + 1);
      r = w;
    }
  }
  return r;
}

static const char *resolve(pctx *c, const char *base, const char *ref) {
  if (!ref) return NULL;
  c->tmp.len = 0;
  if (px_url_resolve(base, base ? strlen(base) : 0, ref, strlen(ref), &c->tmp)) {
    oom(c);
    return NULL;
  }
  return dup_clean(c, px_buf_cstr(&c->tmp), c->tmp.len, true);
}

/* Decodes one entity reference at s (after '&'); returns bytes consumed
** including ';' (0 when it is not one) and the code point. */
static size_t entity_at(const char *s, size_t len, uint32_t *cp) {
  size_t i = 0;
  if (i < len && s[i] == '#') {
    i++;
    bool hex = i < len && (s[i] == 'x' || s[i] == 'X');
    if (hex) i++;
    uint32_t v = 0;
    size_t d = 0;
    while (i < len && d < 8) {
      int ch = (unsigned char)s[i];
      int dv = px_isdigit(ch) ? ch - '0'
               : (hex && ch >= 'a' && ch <= 'f') ? ch - 'a' + 10
               : (hex && ch >= 'A' && ch <= 'F') ? ch - 'A' + 10 : -1;
      if (dv < 0) break;
      v = v * (hex ? 16 : 10) + (uint32_t)dv;
      i++;
      d++;
    }
    if (!d || i >= len || s[i] != ';') return 0;
    *cp = v;
    return i + 1;
  }
  char name[33];
  while (i < len && i < 32 && px_isalnum((unsigned char)s[i])) {
    name[i] = s[i];
    i++;
  }
  if (!i || i >= len || s[i] != ';') return 0;
  name[i] = '\0';
  if (!strcmp(name, "apos")) {
    *cp = '\'';
    return i + 1;
  }
  const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
  if (!e) return 0;
  *cp = e->value;
  return i + 1;
}

/* HTML to plain text: tags dropped, entities decoded, runs of white space
** folded. For titles, which people give as HTML more often than not. */
static const char *html_to_text(pctx *c, const char *s) {
  if (!s) return NULL;
  size_t len = strlen(s);
  px_buf *b = &c->tmp;
  b->len = 0;
  bool space = false;
  for (size_t i = 0; i < len;) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == '<' && i + 1 < len &&
        (px_isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/' ||
         s[i + 1] == '!' || s[i + 1] == '?')) {
      const char *gt = memchr(s + i, '>', len - i);
      if (gt) {
        i = (size_t)(gt - s) + 1;
        continue;
      }
    }
    uint32_t cp = 0;
    size_t k = 0;
    if (ch == '&') k = entity_at(s + i + 1, len - i - 1, &cp);
    if (k) {
      i += k + 1;
    } else {
      i += px_utf8_decode(s + i, len - i, &cp);
    }
    if (px_unicode_isspace(cp) && cp != 0xa0) {
      space = true;
      continue;
    }
    if (space && b->len) px_buf_putc(b, ' ');
    space = false;
    char u[4];
    if (px_buf_append(b, u, px_utf8_encode(cp ? cp : 0xfffd, u))) {
      oom(c);
      return NULL;
    }
  }
  return dup_clean(c, px_buf_cstr(b), b->len, true);
}

/* ---- relative links inside HTML content -------------------------------- */

/* Rewrites href/src/... attribute values of HTML markup to absolute URLs
** against base. A light scan of tags, enough for feed content. */
static const char *resolve_html(pctx *c, const char *base, const char *html) {
  if (!html || !base || !px_url_is_absolute(base, strlen(base))) return html;
  static const char *const attrs[] = {"href", "src", "action", "background",
                                      "cite", "longdesc", "poster", "usemap",
                                      "codebase", "data", "profile", NULL};
  size_t len = strlen(html);
  px_buf out, u;
  px_buf_init(&out, 0);
  px_buf_init(&u, 0);
  size_t i = 0, copied = 0;
  bool changed = false;
  while (i < len) {
    if (html[i] != '<' || i + 1 >= len || !px_isalpha((unsigned char)html[i + 1])) {
      i++;
      continue;
    }
    i++;
    while (i < len && !px_isspace((unsigned char)html[i]) && html[i] != '>') i++;
    while (i < len && html[i] != '>') {
      while (i < len && (px_isspace((unsigned char)html[i]) || html[i] == '/')) i++;
      size_t ns = i;
      while (i < len && !px_isspace((unsigned char)html[i]) && html[i] != '=' &&
             html[i] != '>' && html[i] != '/')
        i++;
      px_str name = px_str_make(html + ns, i - ns);
      while (i < len && px_isspace((unsigned char)html[i])) i++;
      if (i >= len || html[i] != '=') {
        if (i == ns) i++;
        continue;
      }
      i++;
      while (i < len && px_isspace((unsigned char)html[i])) i++;
      size_t vs, ve;
      if (i < len && (html[i] == '"' || html[i] == '\'')) {
        char q = html[i++];
        vs = i;
        while (i < len && html[i] != q) i++;
        ve = i;
        if (i < len) i++;
      } else {
        vs = i;
        while (i < len && !px_isspace((unsigned char)html[i]) && html[i] != '>') i++;
        ve = i;
      }
      bool want = false;
      for (size_t a = 0; attrs[a]; a++)
        if (px_str_ieq_cstr(name, attrs[a])) want = true;
      if (!want) continue;
      px_str v = px_str_trim(px_str_make(html + vs, ve - vs));
      if (px_url_is_absolute(v.p, v.len) || (v.len && v.p[0] == '#')) continue;
      u.len = 0;
      if (px_url_resolve(base, strlen(base), v.p, v.len, &u) ||
          px_buf_append(&out, html + copied, vs - copied) ||
          px_buf_append(&out, u.data ? u.data : "", u.len)) {
        oom(c);
        break;
      }
      copied = ve;
      changed = true;
    }
  }
  const char *r = html;
  if (changed && !c->rc) {
    if (px_buf_append(&out, html + copied, len - copied)) oom(c);
    else r = dup_clean(c, px_buf_cstr(&out), out.len, false);
  }
  px_buf_reset(&out);
  px_buf_reset(&u);
  return r ? r : html;
}

/* ---- text constructs ---------------------------------------------------- */

typedef struct tval {
  const char *value, *lang, *base;
  px_feed_text_type type;
} tval;

/* Serialised XHTML as HTML readers expect it: the XHTML namespace
** declaration dropped and empty elements written "<br />". */
static const char *tidy_markup(pctx *c, const char *s, size_t len) {
  static const char xns[] = " xmlns=\"http://www.w3.org/1999/xhtml\"";
  px_buf *b = &c->tmp;
  b->len = 0;
  for (size_t i = 0; i < len;) {
    if (len - i >= sizeof xns - 1 && !memcmp(s + i, xns, sizeof xns - 1)) {
      i += sizeof xns - 1;
      continue;
    }
    if (s[i] == '/' && i + 1 < len && s[i + 1] == '>' && i > 0 && s[i - 1] != ' ' &&
        px_buf_putc(b, ' ')) {
      oom(c);
      return NULL;
    }
    if (px_buf_putc(b, s[i++])) {
      oom(c);
      return NULL;
    }
  }
  return dup_clean(c, px_buf_cstr(b), b->len, true);
}

/* Serialises the children of n as markup. With strip_div, a single XHTML
** div wrapping everything (Atom 1.0's type="xhtml") is left out. */
static const char *inner_xml(pctx *c, const xmlNode *n, bool strip_div) {
  const xmlNode *div = NULL;
  for (const xmlNode *k = n->children; strip_div && k; k = k->next) {
    if (k->type == XML_ELEMENT_NODE) {
      const char *local;
      ns_id ns = node_ns(k, &local);
      if (!div && !strcmp(local, "div") && (ns == NS_XHTML || ns == NS_NONE)) {
        div = k;
        continue;
      }
      div = NULL;
      break;
    }
  }
  const xmlNode *root = div ? div : n;
  xmlBuffer *xb = xmlBufferCreate();
  if (!xb) {
    oom(c);
    return NULL;
  }
  for (xmlNode *k = root->children; k; k = k->next)
    xmlNodeDump(xb, c->doc, k, 0, 0);
  const char *r = tidy_markup(c, (const char *)xmlBufferContent(xb),
                              (size_t)xmlBufferLength(xb));
  xmlBufferFree(xb);
  return (r && *r) ? r : NULL;
}

static bool has_element_child(const xmlNode *n) {
  for (const xmlNode *k = n->children; k; k = k->next)
    if (k->type == XML_ELEMENT_NODE) return true;
  return false;
}

/* Decodes base64 (standard or URL alphabet; other bytes skipped). With
** strict, returns NULL unless s is nothing but base64 and decodes to
** UTF-8 text without control characters. */
static const char *base64_decode(pctx *c, const char *s, bool strict) {
  if (!s) return NULL;
  size_t len = strlen(s), o = 0;
  if (strict) {
    size_t n = 0, pad = 0;
    for (size_t i = 0; i < len; i++) {
      int ch = (unsigned char)s[i];
      if (px_isspace(ch)) continue;
      if (ch == '=') {
        pad++;
        continue;
      }
      if (pad || !(px_isalnum(ch) || ch == '+' || ch == '/' || ch == '-' || ch == '_'))
        return NULL;
      n++;
    }
    if (!n || (n + pad) % 4 != 0 || pad > 2) return NULL;
  }
  char *d = px_arena_alloc(c->f->arena, len + 1);
  if (!d) {
    oom(c);
    return NULL;
  }
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < len; i++) {
    int ch = (unsigned char)s[i], v;
    if (ch >= 'A' && ch <= 'Z') v = ch - 'A';
    else if (ch >= 'a' && ch <= 'z') v = ch - 'a' + 26;
    else if (ch >= '0' && ch <= '9') v = ch - '0' + 52;
    else if (ch == '+' || ch == '-') v = 62;
    else if (ch == '/' || ch == '_') v = 63;
    else continue;
    acc = (acc << 6) | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      d[o++] = (char)((acc >> bits) & 0xff);
    }
  }
  if (strict) {
    if (!px_utf8_valid(d, o)) return NULL;
    for (size_t i = 0; i < o; i++)
      if ((unsigned char)d[i] < 0x20 && d[i] != '\t' && d[i] != '\n' && d[i] != '\r')
        return NULL;
  }
  return dup_clean(c, d, o, true);
}

/* An Atom (atomish) or RSS text element: its value, kind, language and
** base. Atom's type and Atom 0.3's mode decide how to read it; markup
** given raw inside the element is kept as markup whatever the type. */
static tval text_construct(pctx *c, const xmlNode *n, bool atomish,
                           px_feed_text_type dflt) {
  tval t = {NULL, NULL, NULL, dflt};
  xmlChar *type = atomish ? get_prop(n, "type") : NULL;
  xmlChar *mode = atomish ? get_prop(n, "mode") : NULL;
  bool b64 = mode && !strcmp((const char *)mode, "base64");
  bool b64_by_type = false;
  bool xmlmode = mode && !strcmp((const char *)mode, "xml");
  bool strip_div = false;
  if (type) {
    px_str ty = px_str_trim(px_str_from_cstr((const char *)type));
    if (px_str_ieq_cstr(ty, "html") || px_str_ieq_cstr(ty, "text/html")) {
      t.type = PX_FEED_HTML;
    } else if (px_str_ieq_cstr(ty, "xhtml")) {
      t.type = PX_FEED_XHTML;
      strip_div = true;
    } else if (px_str_ieq_cstr(ty, "application/xhtml+xml")) {
      t.type = PX_FEED_XHTML;
    } else if (px_str_ieq_cstr(ty, "text") || px_str_istarts(ty, "text/") ||
               px_str_iends(ty, "+xml") || px_str_iends(ty, "/xml")) {
      t.type = PX_FEED_TEXT;
    } else if (ty.len && !mode) {
      b64_by_type = true;  /* Atom 1.0: any other media type is base64 */
      t.type = PX_FEED_TEXT;
    }
  }
  t.base = base_of(c, n);
  t.lang = lang_of(c, n);
  const char *local;
  node_ns(n, &local);
  if (b64_by_type && strcmp(local, "content") != 0) {
    /* Only atom:content may carry other media types; a title or summary
    ** that claims one is mislabelled text far more often than base64,
    ** and decoding plain words as base64 yields garbage. Decode only
    ** what is base64 and decodes to text (as feedparser's corpus has). */
    const char *raw = text_of(c, n);
    t.value = base64_decode(c, raw, true);
    if (!t.value) t.value = raw;
  } else if (b64 || b64_by_type) {
    t.value = base64_decode(c, text_of(c, n), false);
  } else if (t.type == PX_FEED_XHTML || xmlmode || has_element_child(n)) {
    t.value = inner_xml(c, n, strip_div);
    if (t.type == PX_FEED_TEXT) t.type = PX_FEED_HTML;
  } else {
    t.value = text_of(c, n);
  }
  if (t.type != PX_FEED_TEXT) t.value = resolve_html(c, t.base, t.value);
  if (type) xmlFree(type);
  if (mode) xmlFree(mode);
  return t;
}

/* ---- dates, people, links --------------------------------------------- */

static void set_date(pctx *c, px_feed_date *d, const char *raw) {
  if (!raw) return;
  memset(d, 0, sizeof *d);
  d->raw = raw;
  px_time t;
  if (px_date_parse(raw, strlen(raw), &t) == PX_OK) {
    char iso[40];
    px_date_format_iso(&t, iso, sizeof iso);
    d->iso = dup_cstr(c, iso);
    d->t = t;
  }
}

/* "joe@example.com (Joe Bloggs)" or "Joe Bloggs <joe@example.com>". */
static void person_from_text(pctx *c, px_feed_person *p, const char *s) {
  const char *at = strchr(s, '@');
  if (!at) {
    p->name = s;
    return;
  }
  const char *lp = strchr(s, '('), *rp = lp ? strrchr(lp, ')') : NULL;
  const char *la = strchr(s, '<'), *ra = la ? strchr(la, '>') : NULL;
  const char *in_l = lp && rp ? lp : la && ra ? la : NULL;
  const char *in_r = lp && rp ? rp : la && ra ? ra : NULL;
  if (in_l) {
    const char *in = dup_clean(c, in_l + 1, (size_t)(in_r - in_l - 1), true);
    size_t tail = strlen(in_r + 1);
    px_buf out;
    px_buf_init(&out, 0);
    px_buf_append(&out, s, (size_t)(in_l - s));
    px_buf_putc(&out, ' ');
    px_buf_append(&out, in_r + 1, tail);
    const char *outside = dup_clean(c, px_buf_cstr(&out), out.len, true);
    px_buf_reset(&out);
    bool email_inside = at > in_l && at < in_r;
    p->email = email_inside ? in : outside;
    p->name = email_inside ? outside : in;
  } else {
    p->email = s;
  }
  if (p->email && !strncmp(p->email, "mailto:", 7)) p->email += 7;
  if (p->name && !*p->name) p->name = NULL;
  if (p->email && !*p->email) p->email = NULL;
}

static void atom_person(pctx *c, const xmlNode *n, px_feed_person *p) {
  for (const xmlNode *k = n->children; k; k = k->next) {
    if (k->type != XML_ELEMENT_NODE) continue;
    const char *local;
    ns_id ns = cnode_ns(c, k, &local);
    if (!is_atom_ns(c, ns) && ns != NS_NONE) continue;
    if (!strcmp(local, "name")) p->name = text_of(c, k);
    else if (!strcmp(local, "email")) p->email = text_of(c, k);
    else if (!strcmp(local, "uri") || !strcmp(local, "url") ||
             !strcmp(local, "homepage"))
      p->uri = resolve(c, base_of(c, k), text_of(c, k));
  }
  if (!p->name && !p->email && !p->uri) {
    const char *s = text_of(c, n);
    if (s) person_from_text(c, p, s);
  }
}

static int64_t to_i64(const char *s) {
  int64_t v = 0;
  if (!s) return 0;
  while (px_isspace((unsigned char)*s)) s++;
  for (; px_isdigit((unsigned char)*s); s++) {
    if (v > (INT64_MAX - 9) / 10) return 0;
    v = v * 10 + (*s - '0');
  }
  return v;
}

static px_feed_link *atom_link(pctx *c, const xmlNode *n, px_feed_link **arr,
                               size_t *na) {
  /* An empty href is a link to the base itself; Atom 0.3 feeds sometimes
  ** put the URL in the content. */
  xmlChar *h = get_prop(n, "href");
  if (!h) h = get_prop(n, "url");
  const char *href = h ? dup_cstr(c, (const char *)h) : text_of(c, n);
  if (h) xmlFree(h);
  if (!href) return NULL;
  px_feed_link *l = push(c, (void **)arr, na, sizeof **arr);
  if (!l) return NULL;
  l->href = resolve(c, base_of(c, n), href);
  l->rel = prop(c, n, "rel");
  if (!l->rel) l->rel = "alternate";
  l->type = prop(c, n, "type");
  l->title = prop(c, n, "title");
  l->hreflang = prop(c, n, "hreflang");
  l->length = to_i64(prop(c, n, "length"));
  return l;
}

/* Atom ids are IRIs; a path-absolute one is resolved like a link. */
static const char *resolve_id(pctx *c, const xmlNode *n) {
  const char *id = text_of(c, n);
  if (id && id[0] == '/' && id[1] != '/') return resolve(c, base_of(c, n), id);
  return id;
}

static bool is_html_type(const char *t) {
  return !t || !strcmp(t, "text/html") || !strcmp(t, "application/xhtml+xml");
}

/* ---- entries ---------------------------------------------------------- */

static void media_item(pctx *c, const xmlNode *k, const char *local,
                       px_feed_entry *e) {
  if (!strcmp(local, "group")) {
    for (const xmlNode *g = k->children; g; g = g->next) {
      const char *gl;
      if (g->type == XML_ELEMENT_NODE && node_ns(g, &gl) == NS_MEDIA)
        media_item(c, g, gl, e);
    }
    return;
  }
  bool thumb = !strcmp(local, "thumbnail");
  if (!thumb && strcmp(local, "content")) return;
  const char *url = prop(c, k, "url");
  if (!url) return;
  px_feed_media *m = push(c, (void **)&e->media, &e->nmedia, sizeof *m);
  if (!m) return;
  m->url = resolve(c, base_of(c, k), url);
  m->type = prop(c, k, "type");
  m->medium = thumb ? "image" : prop(c, k, "medium");
  m->length = to_i64(prop(c, k, "fileSize"));
  bool image = (m->medium && !strcmp(m->medium, "image")) ||
               (m->type && !strncmp(m->type, "image/", 6));
  if (image && (!e->image || thumb)) e->image = m->url;
}

static void entry_child(pctx *c, px_feed_entry *e, const xmlNode *k) {
  const char *local;
  ns_id ns = cnode_ns(c, k, &local);
  bool atom = is_atom_ns(c, ns) || ns == NS_ATOM || ns == NS_ATOM03;
  bool rss = is_rss_ns(c, ns);

  if (((atom || rss) && !strcmp(local, "title")) ||
      (ns == NS_DC && !strcmp(local, "title"))) {
    if (e->title_raw) return;
    tval t = text_construct(c, k, atom, PX_FEED_TEXT);
    e->title_raw = t.value;
    e->title_type = t.type;
    e->title_lang = t.lang;
    e->title_base = t.base;
    e->title = t.type == PX_FEED_TEXT && !atom ? html_to_text(c, t.value)
               : t.type == PX_FEED_TEXT ? t.value : html_to_text(c, t.value);
  } else if (atom && !strcmp(local, "id")) {
    if (!e->id) e->id = resolve_id(c, k);
  } else if (rss && !strcmp(local, "guid")) {
    e->id = text_of(c, k);
    xmlChar *pl = get_prop(k, "isPermaLink");
    e->guid_is_link = !pl || px_str_ieq_cstr(px_str_trim(px_str_from_cstr((char *)pl)), "true");
    if (pl) xmlFree(pl);
    if (e->guid_is_link && e->id && !e->link)
      e->link = resolve(c, base_of(c, k), e->id);
  } else if (atom && !strcmp(local, "link")) {
    px_feed_link *l = atom_link(c, k, &e->links, &e->nlinks);
    if (!l) return;
    if (!strcmp(l->rel, "enclosure")) {
      px_feed_media *m = push(c, (void **)&e->enclosures, &e->nenclosures, sizeof *m);
      if (m) {
        m->url = l->href;
        m->type = l->type;
        m->length = l->length;
      }
    } else if (!strcmp(l->rel, "alternate") && is_html_type(l->type)) {
      /* The first alternate wins, but an HTML one beats a guid link. */
      if (!e->link || (e->guid_is_link && e->id && !strcmp(e->link, e->id)))
        e->link = l->href;
    }
  } else if (rss && !strcmp(local, "link")) {
    const char *t = text_of(c, k);
    if (!t) return;
    const char *l = resolve(c, base_of(c, k), t);
    px_feed_link *pl = push(c, (void **)&e->links, &e->nlinks, sizeof *pl);
    if (pl) {
      pl->href = l;
      pl->rel = "alternate";
    }
    if (!e->link || (e->guid_is_link && e->id && !strcmp(e->link, e->id))) e->link = l;
  } else if ((rss && !strcmp(local, "description")) ||
             (ns == NS_DC && !strcmp(local, "description")) ||
             (atom && !strcmp(local, "summary"))) {
    if (e->summary) return;
    tval t = text_construct(c, k, atom, atom ? PX_FEED_TEXT : PX_FEED_HTML);
    if (!atom) t.value = resolve_html(c, t.base, t.value);
    e->summary = t.value;
    e->summary_type = t.type;
    e->summary_lang = t.lang;
    e->summary_base = t.base;
  } else if ((ns == NS_CONTENT && !strcmp(local, "encoded")) ||
             (ns == NS_XHTML && !strcmp(local, "body")) ||
             (rss && (!strcmp(local, "body") || !strcmp(local, "fullitem"))) ||
             (atom && !strcmp(local, "content"))) {
    if (e->content && !(atom && ns != NS_CONTENT)) return;
    tval t;
    if (ns == NS_XHTML) {
      t = (tval){inner_xml(c, k, false), lang_of(c, k), base_of(c, k), PX_FEED_XHTML};
      t.value = resolve_html(c, t.base, t.value);
    } else if (!atom) {
      t = text_construct(c, k, false, PX_FEED_HTML);
      t.value = resolve_html(c, t.base, t.value);
    } else {
      const char *src = prop(c, k, "src");
      if (src && !e->link) e->link = resolve(c, base_of(c, k), src);
      t = text_construct(c, k, true, PX_FEED_TEXT);
    }
    if (!t.value) return;
    e->content = t.value;
    e->content_type = t.type;
    e->content_lang = t.lang;
    e->content_base = t.base;
  } else if ((rss && !strcmp(local, "pubDate")) ||
             (atom && (!strcmp(local, "published") || !strcmp(local, "issued"))) ||
             (ns == NS_DCTERMS && (!strcmp(local, "issued") || !strcmp(local, "created")))) {
    set_date(c, &e->published, text_of(c, k));
  } else if (ns == NS_DC && !strcmp(local, "date")) {
    const char *d = text_of(c, k);
    if (!e->published.raw) set_date(c, &e->published, d);
    set_date(c, &e->updated, d);
  } else if ((atom && (!strcmp(local, "updated") || !strcmp(local, "modified"))) ||
             (ns == NS_DCTERMS && !strcmp(local, "modified"))) {
    set_date(c, &e->updated, text_of(c, k));
  } else if (atom && (!strcmp(local, "author") || !strcmp(local, "contributor"))) {
    if (!strcmp(local, "contributor")) return;
    px_feed_person *p = push(c, (void **)&e->authors, &e->nauthors, sizeof *p);
    if (p) atom_person(c, k, p);
  } else if ((rss && !strcmp(local, "author")) ||
             (ns == NS_DC && (!strcmp(local, "creator") || !strcmp(local, "author")))) {
    const char *s = text_of(c, k);
    if (!s) return;
    px_feed_person *p = push(c, (void **)&e->authors, &e->nauthors, sizeof *p);
    if (p) person_from_text(c, p, s);
  } else if ((rss && !strcmp(local, "category")) ||
             (ns == NS_DC && !strcmp(local, "subject"))) {
    const char *s = text_of(c, k);
    if (!s) return;
    px_feed_category *g = push(c, (void **)&e->categories, &e->ncategories, sizeof *g);
    if (g) {
      g->term = s;
      g->scheme = prop(c, k, "domain");
    }
  } else if (atom && !strcmp(local, "category")) {
    const char *term = prop(c, k, "term");
    if (!term) return;
    px_feed_category *g = push(c, (void **)&e->categories, &e->ncategories, sizeof *g);
    if (g) {
      g->term = term;
      g->scheme = prop(c, k, "scheme");
      g->label = prop(c, k, "label");
    }
  } else if (rss && !strcmp(local, "enclosure")) {
    const char *url = prop(c, k, "url");
    if (!url) return;
    px_feed_media *m = push(c, (void **)&e->enclosures, &e->nenclosures, sizeof *m);
    if (!m) return;
    m->url = resolve(c, base_of(c, k), url);
    m->type = prop(c, k, "type");
    m->length = to_i64(prop(c, k, "length"));
    if (m->type && !strncmp(m->type, "image/", 6) && !e->image) e->image = m->url;
    px_feed_link *l = push(c, (void **)&e->links, &e->nlinks, sizeof *l);
    if (l) {
      l->href = m->url;
      l->rel = "enclosure";
      l->type = m->type;
      l->length = m->length;
    }
  } else if (rss && !strcmp(local, "comments")) {
    e->comments = resolve(c, base_of(c, k), text_of(c, k));
  } else if ((atom && !strcmp(local, "rights")) ||
             (ns == NS_DC && !strcmp(local, "rights"))) {
    tval t = text_construct(c, k, atom, PX_FEED_TEXT);
    e->rights = t.value;
    e->rights_type = t.type;
  } else if (ns == NS_MEDIA && !strcmp(local, "category")) {
    const char *term = text_of(c, k);
    if (!term) return;
    px_feed_category *g = push(c, (void **)&e->categories, &e->ncategories, sizeof *g);
    if (g) {
      g->term = term;
      g->scheme = prop(c, k, "scheme");
      if (!g->scheme) g->scheme = "http://search.yahoo.com/mrss/category_schema";
      g->label = prop(c, k, "label");
    }
  } else if (ns == NS_MEDIA) {
    media_item(c, k, local, e);
  }
}

static bool same(const char *a, const char *b) {
  return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Duplicate GUIDs: an entry repeating an earlier one's id, link and title
** is the same item listed twice and is dropped. One that shares only the
** id (feeds that give every item the channel URL as guid) is kept, and
** both are marked so their keys also use the link. */
static void dedup_last(px_feed *f) {
  px_feed_entry *e = &f->entries[f->nentries - 1];
  if (!e->id) return;
  for (size_t i = 0; i + 1 < f->nentries; i++) {
    px_feed_entry *o = &f->entries[i];
    if (!o->id || strcmp(o->id, e->id)) continue;
    if (same(o->link, e->link) && same(o->title, e->title)) {
      f->nentries--;
      f->nduplicates++;
      return;
    }
    o->id_shared = e->id_shared = true;
  }
}

static void add_entry(pctx *c, const xmlNode *n) {
  px_feed *f = c->f;
  if (f->nentries >= c->max_entries) {
    f->nskipped++;
    return;
  }
  px_feed_entry *e = push(c, (void **)&f->entries, &f->nentries, sizeof *e);
  if (!e) return;
  e->lang = lang_of(c, n);
  const char *about = prop(c, n, "about");
  for (const xmlNode *k = n->children; k && !c->rc; k = k->next)
    if (k->type == XML_ELEMENT_NODE) entry_child(c, e, k);
  for (const xmlNode *k = n->children; k && !e->title_raw; k = k->next) {
    const char *local;
    /* media:title only when the item has no title of its own. */
    if (k->type == XML_ELEMENT_NODE && node_ns(k, &local) == NS_MEDIA &&
        !strcmp(local, "title")) {
      tval t = text_construct(c, k, false, PX_FEED_TEXT);
      e->title_raw = e->title = t.value;
      e->title_lang = t.lang;
      e->title_base = t.base;
    }
  }
  if (!e->id && about) e->id = about;
  if (!e->link && about && px_url_is_absolute(about, strlen(about)))
    e->link = about;
  if (!e->link && e->nlinks) e->link = e->links[0].href;
  if (!e->published.raw && e->updated.raw) e->published = e->updated;
  dedup_last(f);
}

/* ---- channel ---------------------------------------------------------- */

static void feed_child(pctx *c, const xmlNode *k) {
  px_feed *f = c->f;
  const char *local;
  ns_id ns = cnode_ns(c, k, &local);
  bool atom = is_atom_ns(c, ns) || ns == NS_ATOM || ns == NS_ATOM03;
  bool rss = is_rss_ns(c, ns);

  if ((rss && !strcmp(local, "item")) || (atom && !strcmp(local, "entry"))) {
    add_entry(c, k);
  } else if (((rss || atom) && !strcmp(local, "title")) ||
             (ns == NS_DC && !strcmp(local, "title"))) {
    if (f->title_raw) return;
    tval t = text_construct(c, k, atom, PX_FEED_TEXT);
    f->title_raw = t.value;
    f->title_type = t.type;
    f->title_lang = t.lang;
    f->title_base = t.base;
    f->title = t.type == PX_FEED_TEXT && atom ? t.value : html_to_text(c, t.value);
  } else if (rss && !strcmp(local, "link")) {
    if (f->link) return;
    f->link = resolve(c, base_of(c, k), text_of(c, k));
    px_feed_link *l = f->link ? push(c, (void **)&f->links, &f->nlinks, sizeof *l) : NULL;
    if (l) {
      l->href = f->link;
      l->rel = "alternate";
    }
  } else if (atom && !strcmp(local, "link")) {
    px_feed_link *l = atom_link(c, k, &f->links, &f->nlinks);
    if (!l) return;
    if (!strcmp(l->rel, "alternate") && is_html_type(l->type) && !f->link)
      f->link = l->href;
    else if (!strcmp(l->rel, "self") && !f->feed_url)
      f->feed_url = l->href;
  } else if ((rss && !strcmp(local, "description")) ||
             (ns == NS_DC && !strcmp(local, "description")) ||
             (atom && (!strcmp(local, "subtitle") || !strcmp(local, "tagline")))) {
    if (f->description) return;
    tval t = text_construct(c, k, atom, atom ? PX_FEED_TEXT : PX_FEED_HTML);
    f->description = t.value;
    f->description_type = t.type;
    f->description_lang = t.lang;
    f->description_base = t.base;
  } else if ((rss && !strcmp(local, "copyright")) ||
             (atom && (!strcmp(local, "rights") || !strcmp(local, "copyright"))) ||
             (ns == NS_DC && !strcmp(local, "rights"))) {
    if (f->rights) return;
    tval t = text_construct(c, k, atom, PX_FEED_TEXT);
    f->rights = t.value;
    f->rights_type = t.type;
    f->rights_lang = t.lang;
    f->rights_base = t.base;
  } else if ((rss && !strcmp(local, "language")) ||
             (ns == NS_DC && !strcmp(local, "language"))) {
    if (!f->language) f->language = text_of(c, k);
  } else if (atom && !strcmp(local, "id")) {
    if (!f->id) f->id = resolve_id(c, k);
  } else if ((rss && !strcmp(local, "lastBuildDate")) ||
             (atom && (!strcmp(local, "updated") || !strcmp(local, "modified"))) ||
             (ns == NS_DC && !strcmp(local, "date")) ||
             (ns == NS_DCTERMS && !strcmp(local, "modified"))) {
    /* A last-change date beats pubDate wherever each stands: pubDate is
    ** only the stand-in for a feed that gives nothing better. */
    if (!f->updated.raw || c->updated_is_pub) {
      memset(&f->updated, 0, sizeof f->updated);
      set_date(c, &f->updated, text_of(c, k));
      c->updated_is_pub = false;
    }
  } else if (rss && !strcmp(local, "pubDate")) {
    if (!f->updated.raw) {
      set_date(c, &f->updated, text_of(c, k));
      c->updated_is_pub = f->updated.raw != NULL;
    }
  } else if (atom && !strcmp(local, "author")) {
    px_feed_person *p = push(c, (void **)&f->authors, &f->nauthors, sizeof *p);
    if (p) atom_person(c, k, p);
  } else if ((rss && (!strcmp(local, "managingEditor") || !strcmp(local, "webMaster") ||
                      !strcmp(local, "author"))) ||
             (ns == NS_DC && (!strcmp(local, "creator") || !strcmp(local, "author")))) {
    const char *s = text_of(c, k);
    if (!s || (rss && !strcmp(local, "webMaster") && f->nauthors)) return;
    px_feed_person *p = push(c, (void **)&f->authors, &f->nauthors, sizeof *p);
    if (p) person_from_text(c, p, s);
  } else if ((rss && !strcmp(local, "category")) ||
             (ns == NS_DC && !strcmp(local, "subject")) ||
             (atom && !strcmp(local, "category"))) {
    const char *term = atom ? prop(c, k, "term") : text_of(c, k);
    if (!term) return;
    px_feed_category *g = push(c, (void **)&f->categories, &f->ncategories, sizeof *g);
    if (g) {
      g->term = term;
      g->scheme = prop(c, k, atom ? "scheme" : "domain");
      if (atom) g->label = prop(c, k, "label");
    }
  } else if ((rss || atom) && !strcmp(local, "generator")) {
    f->generator = text_of(c, k);
  } else if (rss && !strcmp(local, "image")) {
    for (const xmlNode *g = k->children; g; g = g->next) {
      const char *gl;
      if (g->type == XML_ELEMENT_NODE && is_rss_ns(c, node_ns(g, &gl)) &&
          !strcmp(gl, "url"))
        f->image = resolve(c, base_of(c, g), text_of(c, g));
    }
  } else if (atom && (!strcmp(local, "logo") || !strcmp(local, "icon"))) {
    if (!f->image || !strcmp(local, "logo"))
      f->image = resolve(c, base_of(c, k), text_of(c, k));
  } else if (rss && !strcmp(local, "channel")) {
    /* Some RSS 0.9x feeds put items beside the channel, some inside. */
    for (const xmlNode *g = k->children; g && !c->rc; g = g->next)
      if (g->type == XML_ELEMENT_NODE) feed_child(c, g);
  }
}

/* ---- encoding ----------------------------------------------------------- */

/* The encoding named in the XML declaration, into name (cleared). */
static bool prolog_encoding(const char *s, size_t len, char name[64]) {
  name[0] = '\0';
  size_t i = 0;
  if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < len && px_isspace((unsigned char)s[i])) i++;
  if (len - i < 5 || memcmp(s + i, "<?xml", 5)) return false;
  const char *end = memchr(s + i, '>', len - i);
  if (!end) return false;
  px_str decl = px_str_make(s + i, (size_t)(end - s - i));
  long at = px_str_ifind(decl, "encoding");
  if (at < 0) return false;
  size_t j = (size_t)at + 8;
  while (j < decl.len && (px_isspace((unsigned char)decl.p[j]) || decl.p[j] == '=')) j++;
  if (j >= decl.len || (decl.p[j] != '"' && decl.p[j] != '\'')) return false;
  char q = decl.p[j++];
  size_t n = 0;
  while (j < decl.len && decl.p[j] != q && n < 63) name[n++] = (char)px_tolower((unsigned char)decl.p[j++]);
  name[n] = '\0';
  return n > 0;
}

static bool charset_param(const char *ct, char name[64]) {
  name[0] = '\0';
  if (!ct) return false;
  px_str s = px_str_from_cstr(ct);
  long at = px_str_ifind(s, "charset");
  if (at < 0) return false;
  size_t j = (size_t)at + 7, n = 0;
  while (j < s.len && px_isspace((unsigned char)s.p[j])) j++;
  if (j >= s.len || s.p[j] != '=') return false;
  j++;
  while (j < s.len && (px_isspace((unsigned char)s.p[j]) || s.p[j] == '"' || s.p[j] == '\'')) j++;
  while (j < s.len && n < 63 && !px_isspace((unsigned char)s.p[j]) &&
         s.p[j] != ';' && s.p[j] != '"' && s.p[j] != '\'')
    name[n++] = (char)px_tolower((unsigned char)s.p[j++]);
  name[n] = '\0';
  return n > 0;
}

/* Served as something other than XML (text/plain, text/html): read it
** anyway, but it was not what the server should have said. */
static bool non_xml_type(const char *ct) {
  if (!ct) return false;
  px_str s = px_str_trim(px_str_from_cstr(ct));
  return px_str_istarts(s, "text/plain") || px_str_istarts(s, "text/html");
}

/* Names that mean windows-1252 on the web (browsers read all of them so). */
static bool cp1252_family(const char *n) {
  return !strcmp(n, "windows-1252") || !strcmp(n, "cp1252") ||
         !strcmp(n, "iso-8859-1") || !strcmp(n, "iso8859-1") ||
         !strcmp(n, "latin1") || !strcmp(n, "latin-1") ||
         !strcmp(n, "us-ascii") || !strcmp(n, "ascii") ||
         !strcmp(n, "iso_8859-1") || !strcmp(n, "l1");
}

/* Labels read with a superset decoder, reported under that name. */
static const char *charset_alias(const char *n) {
  if (!strcmp(n, "gb2312") || !strcmp(n, "gbk") || !strcmp(n, "x-gbk") ||
      !strcmp(n, "gb_2312-80"))
    return "gb18030";
  if (!strcmp(n, "utf8")) return "utf-8";
  return n;
}

static bool iconv_known(const char *n) {
  iconv_t cd = iconv_open("UTF-8", n);
  if (cd == (iconv_t)-1) return false;
  iconv_close(cd);
  return true;
}

/* Converts with iconv; bytes it cannot read become U+FFFD (*bad set). */
static px_rc iconv_to_utf8(const char *name, const char *s, size_t len,
                           px_buf *out, bool *bad) {
  iconv_t cd = iconv_open("UTF-8", name);
  if (cd == (iconv_t)-1) return PX_EINVAL;
  px_rc rc = PX_OK;
  char *in = (char *)s;
  size_t left = len;
  while (left > 0 && !rc) {
    rc = px_buf_reserve(out, left * 4 + 16);
    if (rc) break;
    char *o = out->data + out->len;
    size_t room = out->cap - out->len - 1, room0 = room;
    size_t r = iconv(cd, &in, &left, &o, &room);
    out->len += room0 - room;
    out->data[out->len] = '\0';
    if (r == (size_t)-1) {
      if (errno == E2BIG) continue;
      *bad = true;
      rc = px_buf_append(out, "\xEF\xBF\xBD", 3);
      in++;
      left--;
      iconv(cd, NULL, NULL, NULL, NULL);
    }
  }
  iconv_close(cd);
  return rc;
}

/* UTF-16 / UTF-32 detected from the BOM or from "<?" as wide units. */
static const char *detect_wide(const char *s, size_t len, size_t *bom,
                               int *unit, bool *be) {
  const unsigned char *u = (const unsigned char *)s;
  *bom = 0;
  if (len >= 4 && !memcmp(u, "\x00\x00\xFE\xFF", 4)) { *bom = 4; *unit = 4; *be = true; return "utf-32be"; }
  if (len >= 4 && !memcmp(u, "\xFF\xFE\x00\x00", 4)) { *bom = 4; *unit = 4; *be = false; return "utf-32le"; }
  if (len >= 2 && !memcmp(u, "\xFE\xFF", 2)) { *bom = 2; *unit = 2; *be = true; return "utf-16be"; }
  if (len >= 2 && !memcmp(u, "\xFF\xFE", 2)) { *bom = 2; *unit = 2; *be = false; return "utf-16le"; }
  if (len >= 4 && !memcmp(u, "\x00\x00\x00\x3C", 4)) { *unit = 4; *be = true; return "utf-32be"; }
  if (len >= 4 && !memcmp(u, "\x3C\x00\x00\x00", 4)) { *unit = 4; *be = false; return "utf-32le"; }
  if (len >= 4 && !memcmp(u, "\x00\x3C\x00\x3F", 4)) { *unit = 2; *be = true; return "utf-16be"; }
  if (len >= 4 && !memcmp(u, "\x3C\x00\x3F\x00", 4)) { *unit = 2; *be = false; return "utf-16le"; }
  return NULL;
}

static px_rc wide_to_utf8(const char *s, size_t len, int unit, bool be,
                          px_buf *out, bool *bad) {
  const unsigned char *u = (const unsigned char *)s;
  px_rc rc = px_buf_reserve(out, len * 2);
  size_t i = 0;
  while (i + (size_t)unit <= len && !rc) {
    uint32_t cp;
    if (unit == 4) {
      cp = be ? ((uint32_t)u[i] << 24 | (uint32_t)u[i + 1] << 16 | (uint32_t)u[i + 2] << 8 | u[i + 3])
              : ((uint32_t)u[i + 3] << 24 | (uint32_t)u[i + 2] << 16 | (uint32_t)u[i + 1] << 8 | u[i]);
      i += 4;
    } else {
      cp = be ? ((uint32_t)u[i] << 8 | u[i + 1]) : ((uint32_t)u[i + 1] << 8 | u[i]);
      i += 2;
      if (cp >= 0xd800 && cp < 0xdc00 && i + 2 <= len) {
        uint32_t lo = be ? ((uint32_t)u[i] << 8 | u[i + 1]) : ((uint32_t)u[i + 1] << 8 | u[i]);
        if (lo >= 0xdc00 && lo < 0xe000) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          i += 2;
        }
      }
    }
    if ((cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff) {
      cp = 0xfffd;
      *bad = true;
    }
    char b[4];
    rc = px_buf_append(out, b, px_utf8_encode(cp, b));
  }
  return rc;
}

/* Overwrites encoding="..." in a leading XML declaration with spaces. */
static void blank_encoding_decl(char *s, size_t len) {
  if (!s || len < 6 || memcmp(s, "<?xml", 5)) return;
  char *end = memchr(s, '>', len);
  if (!end) return;
  px_str decl = px_str_make(s, (size_t)(end - s));
  long at = px_str_ifind(decl, "encoding");
  if (at < 0) return;
  size_t j = (size_t)at + 8;
  while (j < decl.len && (px_isspace((unsigned char)s[j]) || s[j] == '=')) j++;
  if (j >= decl.len || (s[j] != '"' && s[j] != '\'')) return;
  char q = s[j];
  char *close = memchr(s + j + 1, q, decl.len - j - 1);
  if (!close) return;
  memset(s + at, ' ', (size_t)(close - (s + at)) + 1);
}

static bool single_byte_charset(const char *n) {
  return !strncmp(n, "iso-8859", 8) || !strncmp(n, "iso8859", 7) ||
         !strncmp(n, "windows-125", 11) || !strncmp(n, "cp125", 5) ||
         !strcmp(n, "us-ascii") || !strcmp(n, "ascii") || !strcmp(n, "latin1") ||
         !strcmp(n, "latin-1") || !strncmp(n, "koi8", 4) || !strcmp(n, "macintosh");
}

static bool is_utf8_name(const char *n) {
  return !strcmp(n, "utf-8") || !strcmp(n, "utf8");
}

static bool all_ascii(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)s[i] >= 0x80) return false;
  return true;
}

/* ---- byte-level repair ------------------------------------------------ */

/* What libxml2 is handed has no named entity reference left in it. Two
** libxml2 behaviours make that necessary. After the first well-formedness
** error, recover mode drops every later entity reference, even &amp;
** (xmlParseReference returns early once wellFormed is 0), so one early
** slip used to turn "Salt &amp; Vinegar" into "Salt  Vinegar". And an
** internal entity is copied in full at every reference, so a small feed
** could cost gigabytes. So predefined entities become character
** references (which libxml2 decodes whatever the error state), entities
** the internal subset declares are expanded here against a byte budget,
** and the internal subset itself is not passed on. */

static bool xml_char_ok(uint32_t cp) {
  return cp == 9 || cp == 10 || cp == 13 || (cp >= 0x20 && cp <= 0xd7ff) ||
         (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/* A general entity of the internal subset. val is borrowed from the input
** being repaired; NULL for an external entity, which is never loaded. */
typedef struct decl_ent {
  char name[33];
  const char *val;
  size_t len;
  size_t uses;
} decl_ent;

#define MAX_DECL_ENTS 1024
/* Nesting beyond this is a loop or an attack; such references are dropped. */
#define MAX_ENT_DEPTH 16

typedef struct repair {
  px_buf out;
  decl_ent *ents;
  size_t nents;
  size_t budget;      /* bytes entity expansion may still add */
  size_t limit;       /* the budget at the start */
  bool changed;       /* something was not well formed */
  bool sorted;        /* ents is sorted by name (the subset is read) */
  char why[160];      /* the reason for PX_ETOOBIG */
} repair;

/* Expansion may add the input's own size again plus 1 MiB: enough for any
** real feed (a shared footer, &nbsp; declared by hand), while a feed built
** to amplify is refused before it costs more than about twice its size. */
static size_t ent_budget(size_t len) { return len + ((size_t)1 << 20); }

static int cmp_ent(const void *a, const void *b) {
  return strcmp(((const decl_ent *)a)->name, ((const decl_ent *)b)->name);
}

/* Linear while the subset is read, binary once it is sorted: a feed can
** hold millions of references. */
static decl_ent *find_ent(repair *r, const char *s, size_t n) {
  if (n > 32) return NULL;
  if (r->sorted) {
    decl_ent key;
    memcpy(key.name, s, n);
    key.name[n] = '\0';
    return r->nents ? bsearch(&key, r->ents, r->nents, sizeof key, cmp_ent) : NULL;
  }
  for (size_t i = 0; i < r->nents; i++)
    if (strlen(r->ents[i].name) == n && !memcmp(r->ents[i].name, s, n)) return &r->ents[i];
  return NULL;
}

static px_rc put_ref(px_buf *b, uint32_t cp) {
  char tmp[16];
  int n = snprintf(tmp, sizeof tmp, "&#%u;", (unsigned)cp);
  return px_buf_append(b, tmp, (size_t)n);
}

static bool name_char(char ch) {
  return px_isalnum((unsigned char)ch) || ch == '_' || ch == '-' || ch == '.' || ch == ':';
}

/* Skips a quoted literal at s[i] (which is the quote); returns the index
** after its closing quote, or len. */
static size_t skip_quoted(const char *s, size_t len, size_t i) {
  const char *q = memchr(s + i + 1, s[i], len - i - 1);
  return q ? (size_t)(q - s) + 1 : len;
}

/* Reads one <!ENTITY ...> declaration starting at s[i] ("<!ENTITY") and
** records it; returns the index after its '>'. */
static size_t read_entity_decl(repair *r, const char *s, size_t len, size_t i) {
  size_t k = i + 8;
  while (k < len && px_isspace((unsigned char)s[k])) k++;
  bool param = k < len && s[k] == '%';
  if (param) k++;
  while (k < len && px_isspace((unsigned char)s[k])) k++;
  size_t st = k;
  while (k < len && k - st < 32 && name_char(s[k])) k++;
  size_t nlen = k - st;
  while (k < len && px_isspace((unsigned char)s[k])) k++;
  const char *val = NULL;
  size_t vlen = 0;
  if (k < len && (s[k] == '"' || s[k] == '\'')) {
    const char *q = memchr(s + k + 1, s[k], len - k - 1);
    val = s + k + 1;
    vlen = q ? (size_t)(q - val) : len - k - 1;
    k = q ? (size_t)(q - s) + 1 : len;
  }
  while (k < len && s[k] != '>') {
    if (s[k] == '"' || s[k] == '\'') k = skip_quoted(s, len, k);
    else k++;
  }
  /* Parameter entities only matter inside the subset, which libxml2 never
  ** sees; the first declaration of a name wins, as in XML. */
  if (!param && nlen && !find_ent(r, s + st, nlen) && r->nents < MAX_DECL_ENTS) {
    if (r->nents % 64 == 0) {
      decl_ent *n = realloc(r->ents, (r->nents + 64) * sizeof *n);
      if (!n) return k < len ? k + 1 : len;
      r->ents = n;
    }
    decl_ent *e = &r->ents[r->nents++];
    memset(e, 0, sizeof *e);
    memcpy(e->name, s + st, nlen);
    e->val = val;
    e->len = vlen;
  }
  return k < len ? k + 1 : len;
}

/* The DOCTYPE at s[i]: its entity declarations are recorded and it is
** written out without its internal subset. Returns the index after it. */
static px_rc doctype(repair *r, const char *s, size_t len, size_t *pi) {
  size_t i = *pi, j = i + 9;
  size_t head_end = len, end = len;
  while (j < len) {
    if (s[j] == '"' || s[j] == '\'') {
      j = skip_quoted(s, len, j);
    } else if (s[j] == '[') {
      head_end = j++;
      while (j < len && s[j] != ']') {
        if (s[j] == '"' || s[j] == '\'') j = skip_quoted(s, len, j);
        else if (len - j >= 4 && !memcmp(s + j, "<!--", 4)) {
          const char *e = memmem(s + j + 4, len - j - 4, "-->", 3);
          j = e ? (size_t)(e - s) + 3 : len;
        } else if (len - j >= 8 && !memcmp(s + j, "<!ENTITY", 8)) {
          j = read_entity_decl(r, s, len, j);
        } else if (s[j] == '<') {
          /* another declaration: skip it whole, quotes and all */
          while (j < len && s[j] != '>') {
            if (s[j] == '"' || s[j] == '\'') j = skip_quoted(s, len, j);
            else j++;
          }
          if (j < len) j++;
        } else {
          j++;
        }
      }
      if (j < len) j++;
    } else if (s[j] == '>') {
      end = j;
      break;
    } else {
      j++;
    }
  }
  if (head_end > end) head_end = end;
  if (r->nents) qsort(r->ents, r->nents, sizeof *r->ents, cmp_ent);
  r->sorted = true;
  px_str head = px_str_trim(px_str_make(s + i, head_end - i));
  px_rc rc = px_buf_append(&r->out, head.p, head.len);
  if (!rc) rc = px_buf_putc(&r->out, '>');
  *pi = end < len ? end + 1 : len;
  return rc;
}

/* HTML's void elements that feeds paste into XML unclosed ("<br>"). link,
** source and base are left out: RSS uses those names for elements with
** content. */
static bool void_element(const char *s, size_t n) {
  static const char *const names[] = {"br", "hr", "img", "wbr", "input", "meta",
                                      "embed", "param", "area", "col", "keygen", NULL};
  for (size_t i = 0; names[i]; i++)
    if (px_str_ieq_cstr(px_str_make(s, n), names[i])) return true;
  return false;
}

static px_rc repair_text(repair *r, const char *s, size_t len, int depth);

/* An HTML void element at s[i] ('<' then its name): "<br>" becomes
** "<br/>" unless its end tag follows at once, and an end tag "</br>" of
** no open one is dropped; recover mode would otherwise nest everything
** after an unclosed <br> inside it, items included. Returns false (and
** writes nothing) when s[i] is not such a tag. */
static bool void_tag(repair *r, const char *s, size_t len, size_t *pi, int depth,
                     px_rc *rc) {
  size_t i = *pi, k = i + 1;
  bool end_tag = k < len && s[k] == '/';
  if (end_tag) k++;
  size_t ns = k;
  while (k < len && px_isalnum((unsigned char)s[k])) k++;
  if (k == ns || !void_element(s + ns, k - ns) ||
      (k < len && !px_isspace((unsigned char)s[k]) && s[k] != '>' && s[k] != '/'))
    return false;
  size_t gt = k;
  while (gt < len && s[gt] != '>' && s[gt] != '<') {
    if (s[gt] == '"' || s[gt] == '\'') gt = skip_quoted(s, len, gt);
    else gt++;
  }
  if (gt >= len || s[gt] != '>') return false;
  if (end_tag) {  /* a stray end tag: its start tag was closed already */
    r->changed = true;
    *pi = gt + 1;
    return true;
  }
  bool self_closed = gt > k && s[gt - 1] == '/';
  size_t attrs_end = self_closed ? gt - 1 : gt;
  size_t after = gt + 1, w = after;
  while (w < len && px_isspace((unsigned char)s[w])) w++;
  if (!self_closed && len - w >= k - ns + 3 && s[w] == '<' && s[w + 1] == '/' &&
      !strncasecmp(s + w + 2, s + ns, k - ns) && s[w + 2 + (k - ns)] == '>') {
    after = w + 3 + (k - ns);  /* "<br></br>": well formed, one tag kept */
  } else if (!self_closed) {
    r->changed = true;
  }
  *rc = px_buf_append(&r->out, s + i, k - i);
  if (!*rc) *rc = repair_text(r, s + k, attrs_end - k, depth);
  if (!*rc) *rc = px_buf_append(&r->out, "/>", 2);
  *pi = after;
  return true;
}

/* An entity reference "&name;" at s (after the '&', n name bytes): writes
** what it stands for. */
static px_rc entity_ref(repair *r, const char *p, size_t n, int depth) {
  static const struct { const char *name; uint32_t cp; } predefined[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
  px_str nm = px_str_make(p, n);
  for (size_t k = 0; k < sizeof predefined / sizeof predefined[0]; k++)
    if (px_str_eq_cstr(nm, predefined[k].name)) return put_ref(&r->out, predefined[k].cp);
  decl_ent *e = find_ent(r, p, n);
  if (e) {
    if (!e->val) return PX_OK;  /* external: never loaded */
    e->uses++;
    if (depth >= MAX_ENT_DEPTH) {
      r->changed = true;
      return PX_OK;
    }
    if (e->len > r->budget) {
      snprintf(r->why, sizeof r->why,
               "entity &%s; (%zu bytes) expands past the %zu-byte limit at "
               "reference %zu",
               e->name, e->len, r->limit, e->uses);
      return PX_ETOOBIG;
    }
    r->budget -= e->len;
    return repair_text(r, e->val, e->len, depth + 1);
  }
  uint32_t cp;
  if (entity_at(p, n + 1, &cp)) {  /* an HTML entity XML does not know */
    r->changed = true;
    return put_ref(&r->out, cp);
  }
  r->changed = true;
  px_rc rc = px_buf_puts(&r->out, "&#38;");
  if (!rc) rc = px_buf_append(&r->out, p, n + 1);
  return rc;
}

/* Copies s to r->out, repairing entity references, unclosed void elements
** and dropping control characters. CDATA sections, comments and
** processing instructions are copied as they are (minus control
** characters). depth > 0 while expanding an entity's value. */
static px_rc repair_text(repair *r, const char *s, size_t len, int depth) {
  px_buf *b = &r->out;
  px_rc rc = PX_OK;
  size_t i = 0;
  while (i < len && !rc) {
    unsigned char ch = (unsigned char)s[i];
    if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
      r->changed = true;
      i++;
      continue;
    }
    if (ch == '<') {
      const char *close = NULL;
      size_t skip = 0;
      if (len - i >= 9 && !memcmp(s + i, "<![CDATA[", 9)) close = "]]>";
      else if (len - i >= 4 && !memcmp(s + i, "<!--", 4)) close = "-->";
      else if (len - i >= 2 && s[i + 1] == '?') close = "?>";
      else if (depth == 0 && len - i >= 9 && !memcmp(s + i, "<!DOCTYPE", 9)) {
        rc = doctype(r, s, len, &i);
        continue;
      } else if (void_tag(r, s, len, &i, depth, &rc)) {
        continue;
      }
      if (close) {
        size_t cl = strlen(close), j = i + 2;
        while (j + cl <= len && memcmp(s + j, close, cl)) j++;
        skip = (j + cl <= len ? j + cl : len) - i;
      }
      if (skip) {
        for (size_t k = i; k < i + skip && !rc; k++) {
          unsigned char cc = (unsigned char)s[k];
          if (cc < 0x20 && cc != '\t' && cc != '\n' && cc != '\r') {
            r->changed = true;
            continue;
          }
          rc = px_buf_putc(b, (char)cc);
        }
        i += skip;
        continue;
      }
    }
    if (ch != '&') {
      size_t j = i + 1;
      while (j < len && s[j] != '&' && s[j] != '<' && (unsigned char)s[j] >= 0x20) j++;
      rc = px_buf_append(b, s + i, j - i);
      i = j;
      continue;
    }
    /* An entity reference, or a bare ampersand. */
    const char *p = s + i + 1;
    size_t rest = len - i - 1, n = 0;
    if (rest && p[0] == '#') {
      uint32_t cp;
      size_t k = entity_at(p, rest, &cp);
      if (k) {
        if (!xml_char_ok(cp)) {
          r->changed = true;
        } else if (p[1] == 'X') {
          rc = put_ref(b, cp);  /* "&#X41;" is not XML; "&#65;" is */
          r->changed = true;
        } else {
          rc = px_buf_append(b, s + i, k + 1);
        }
        i += k + 1;
        continue;
      }
    } else {
      while (n < rest && n < 32 && name_char(p[n])) n++;
      if (n && n < rest && p[n] == ';') {
        rc = entity_ref(r, p, n, depth);
        i += n + 2;
        continue;
      }
    }
    rc = px_buf_puts(b, "&#38;");
    r->changed = true;
    i++;
  }
  return rc;
}

static px_rc repair_bytes(repair *r, const char *s, size_t len) {
  r->budget = r->limit = ent_budget(len);
  return repair_text(r, s, len, 0);
}

/* Transcodes single-byte windows-1252 (the web's real "latin-1") to UTF-8. */
static px_rc cp1252_to_utf8(const char *s, size_t len, px_buf *out) {
  px_rc rc = px_buf_reserve(out, len * 2);
  for (size_t i = 0; i < len && !rc; i++) {
    unsigned char ch = (unsigned char)s[i];
    uint32_t cp = ch;
    if (ch >= 0x80 && ch <= 0x9f) cp = cp1252[ch - 0x80] ? cp1252[ch - 0x80] : 0xfffd;
    char u[4];
    rc = px_buf_append(out, u, px_utf8_encode(cp, u));
  }
  return rc;
}

/* Mostly UTF-8 with a few bytes that are not: the usual cause is one field
** pasted from a windows-1252 source into a UTF-8 feed. Reading the whole
** feed as windows-1252 would garble every valid "\xC3\xA9" into "\xC3\x83\xC2\xA9",
** so only the invalid bytes are read as windows-1252; the valid UTF-8
** around them is kept. True when the bytes look like that (more valid
** multibyte sequences than invalid bytes); a feed with no valid sequence
** at all is windows-1252 throughout. */
static bool mostly_utf8(const char *s, size_t len) {
  size_t good = 0, bad = 0;
  for (size_t i = 0; i < len;) {
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    uint32_t cp;
    size_t k = px_utf8_decode(s + i, len - i, &cp);
    if (k == 1) bad++;
    else good++;
    i += k;
  }
  return good > 0 && good >= bad;
}

static px_rc mixed_to_utf8(const char *s, size_t len, px_buf *out) {
  px_rc rc = px_buf_reserve(out, len + len / 2 + 16);
  for (size_t i = 0; i < len && !rc;) {
    size_t j = i + px_utf8_valid_prefix(s + i, len - i);
    rc = px_buf_append(out, s + i, j - i);
    if (j < len && !rc) rc = cp1252_to_utf8(s + j, 1, out);
    i = j + 1;
  }
  return rc;
}

/* ---- XML driver -------------------------------------------------------- */

static const xmlNode *find_root(const xmlNode *n, int depth) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    const char *local;
    node_ns(n, &local);
    if (!strcmp(local, "rss") || !strcmp(local, "RDF") || !strcmp(local, "feed") ||
        !strcmp(local, "channel") || !strcasecmp(local, "rss") ||
        !strcasecmp(local, "rdf"))
      return n;
    if (depth < 4) {
      const xmlNode *r = find_root(n->children, depth + 1);
      if (r) return r;
    }
  }
  return NULL;
}

static void walk_root(pctx *c, const xmlNode *root) {
  px_feed *f = c->f;
  const char *local;
  ns_id ns = node_ns(root, &local);
  if (!strcmp(local, "feed")) {
    c->atom = true;
    if (ns == NS_OTHER) c->atom_href = (const char *)root->ns->href;
    f->format = PX_FEED_ATOM;
    f->version = ns == NS_ATOM03 ? "atom03" : ns == NS_ATOM ? "atom10" : "atom";
  } else if (!strcasecmp(local, "rdf")) {
    f->format = PX_FEED_RDF;
    bool v090 = false;
    for (const xmlNs *d = root->nsDef; d; d = d->next)
      if (ns_of_href((const char *)d->href) == NS_RSS090) v090 = true;
    for (const xmlNode *k = root->children; k; k = k->next) {
      const char *l2;
      if (k->type == XML_ELEMENT_NODE && node_ns(k, &l2) == NS_RSS090) v090 = true;
    }
    f->version = v090 ? "rss090" : "rss10";
  } else {
    f->format = PX_FEED_RSS;
    xmlChar *v = get_prop(root, "version");
    const char *vs = v ? (const char *)v : "";
    bool netscape = false;
    xmlDtd *dtd = xmlGetIntSubset(c->doc);
    if (dtd && dtd->ExternalID && strstr((const char *)dtd->ExternalID, "Netscape"))
      netscape = true;
    f->version = !strcmp(vs, "0.91") ? (netscape ? "rss091n" : "rss091u")
                 : !strcmp(vs, "0.92") ? "rss092"
                 : !strcmp(vs, "0.93") ? "rss093"
                 : !strcmp(vs, "0.94") ? "rss094"
                 : !strncmp(vs, "2.", 2) ? "rss20"
                 : !strcmp(vs, "2") ? "rss20" : "rss";
    if (v) xmlFree(v);
  }
  if (!f->language) {
    const char *saved = c->http_lang;
    c->http_lang = NULL;  /* only a real xml:lang outranks <language> */
    f->language = lang_of(c, root);
    c->http_lang = saved;
  }
  if (strcmp(local, "channel") != 0 || c->atom) {
    for (const xmlNode *k = root->children; k && !c->rc; k = k->next)
      if (k->type == XML_ELEMENT_NODE) feed_child(c, k);
  } else {
    feed_child(c, root);
  }
}

static void silent_error(void *ud, const char *msg, ...) {
  (void)ud;
  (void)msg;
}

static px_rc parse_xml(pctx *c, const char *data, size_t len,
                       const px_feed_opts *o) {
  px_feed *f = c->f;
  px_rc rc = PX_OK;
  px_buf conv;
  px_buf_init(&conv, 0);
  repair rp = {.changed = false};
  px_buf_init(&rp.out, 0);

  char decl[64], http[64], enc[64] = "utf-8";
  bool has_decl = prolog_encoding(data, len, decl);
  bool has_http = charset_param(o ? o->content_type : NULL, http);
  const char *body = data;
  size_t blen = len;
  size_t bom = 0;
  int unit = 0;
  bool be = false;
  const char *wide = detect_wide(data, len, &bom, &unit, &be);

  /* Step 1: everything becomes UTF-8 in conv (or stays in data). */
  if (wide) {
    snprintf(enc, sizeof enc, "%s", wide);
    rc = wide_to_utf8(data + bom, len - bom, unit, be, &conv, &f->bozo);
    if (rc) goto out;
    body = conv.data ? conv.data : "";
    blen = conv.len;
  } else {
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
      bom = 3;
      has_decl = has_http = false;  /* a BOM outranks every label */
    }
    body = data + bom;
    blen = len - bom;
    const char *want = has_http ? http : has_decl ? decl : "utf-8";
    snprintf(enc, sizeof enc, "%s", charset_alias(want));
    bool ascii = all_ascii(body, blen);
    bool utf8 = ascii || px_utf8_valid(body, blen);
    bool known = is_utf8_name(enc) || cp1252_family(enc) || iconv_known(enc);
    if (!known) {
      f->bozo = true;
      f->bozo_reason = "unknown character encoding";
    }
    if (ascii) {
      /* Every label we read is ASCII-compatible: nothing to convert. */
    } else if (utf8 && (is_utf8_name(enc) || !known || single_byte_charset(enc))) {
      if (!is_utf8_name(enc)) {
        /* Valid UTF-8 beats a wrong single-byte declaration. */
        f->bozo = true;
        f->bozo_reason = "declared encoding overridden: content is UTF-8";
        snprintf(enc, sizeof enc, "utf-8");
      }
    } else if ((!known || is_utf8_name(enc) || cp1252_family(enc)) &&
               mostly_utf8(body, blen)) {
      f->bozo = true;
      f->bozo_reason = "invalid UTF-8 bytes read as windows-1252";
      snprintf(enc, sizeof enc, "utf-8");
      rc = mixed_to_utf8(body, blen, &conv);
      if (rc) goto out;
      body = conv.data ? conv.data : "";
      blen = conv.len;
    } else if (!known || is_utf8_name(enc) || cp1252_family(enc)) {
      if (is_utf8_name(enc) || !known) {
        f->bozo = true;
        f->bozo_reason = "content is not valid UTF-8: read as windows-1252";
        snprintf(enc, sizeof enc, "windows-1252");
      }
      rc = cp1252_to_utf8(body, blen, &conv);
      if (rc) goto out;
      body = conv.data ? conv.data : "";
      blen = conv.len;
    } else {
      bool bad = false;
      rc = iconv_to_utf8(enc, body, blen, &conv, &bad);
      if (rc) goto out;
      if (bad) {
        f->bozo = true;
        f->bozo_reason = "invalid byte sequences for the declared encoding";
      }
      body = conv.data ? conv.data : "";
      blen = conv.len;
    }
  }
  f->encoding = dup_cstr(c, enc);
  if (non_xml_type(o ? o->content_type : NULL)) {
    f->bozo = true;
    f->bozo_reason = "served with a non-XML media type";
  }

  /* Whatever precedes the XML declaration (a blank line, white space, a
  ** PHP warning) is dropped: libxml2 would report the declaration as
  ** misplaced, and that error used to cost the rest of the feed. */
  {
    px_str head = px_str_make(body, blen > 4096 ? 4096 : blen);
    long at = px_str_ifind(head, "<?xml");
    px_str before = px_str_make(body, at > 0 ? (size_t)at : 0);
    /* Not when the document has begun: then "<?xml" is inside it. */
    bool begun = px_str_ifind(before, "<rss") >= 0 || px_str_ifind(before, "<feed") >= 0 ||
                 px_str_ifind(before, "rdf:rdf") >= 0 || px_str_ifind(before, "<channel") >= 0;
    if (at > 0 && !begun && (size_t)at + 5 < blen && px_isspace((unsigned char)body[at + 5])) {
      body += at;
      blen -= (size_t)at;
      f->bozo = true;
      if (!f->bozo_reason) f->bozo_reason = "text before the XML declaration (dropped)";
    }
  }

  /* Step 2: byte repair on UTF-8, and the declaration's encoding blanked
  ** so libxml2 reads what we hand it as the UTF-8 it is. */
  rc = repair_bytes(&rp, body, blen);
  if (rc == PX_ETOOBIG) {
    rc = px_err_set(c->err, rc, "feed refused: %s", rp.why);
    goto out;
  }
  if (rc) {
    rc = px_err_set(c->err, rc, "feed: out of memory");
    goto out;
  }
  blank_encoding_decl(rp.out.data, rp.out.len);
  body = rp.out.data ? rp.out.data : "";
  blen = rp.out.len;

  xmlParserCtxt *ctxt = xmlNewParserCtxt();
  if (!ctxt) {
    rc = px_err_set(c->err, PX_ENOMEM, "feed: out of memory");
    goto out;
  }
  /* XML_PARSE_HUGE lifts libxml2's 10 MB cap on one text node, which used
  ** to cut a long item short and garble those after it. It also lifts the
  ** entity amplification checks, which is safe only because no entity
  ** reference reaches libxml2 (see the repair step); the input cap bounds
  ** everything else. */
  int opts = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
             XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_HUGE;
  if (blen > INT32_MAX) {
    xmlFreeParserCtxt(ctxt);
    rc = px_err_set(c->err, PX_ETOOBIG, "feed: too large");
    goto out;
  }
  c->doc = xmlCtxtReadMemory(ctxt, body, (int)blen, c->url, "UTF-8", opts);
  bool wellformed = ctxt->wellFormed;
  xmlFreeParserCtxt(ctxt);
  const xmlNode *root = c->doc ? find_root(xmlDocGetRootElement(c->doc), 0) : NULL;
  if (!root) {
    /* Far from XML: let the HTML parser, which accepts anything, try. */
    if (c->doc) xmlFreeDoc(c->doc);
    c->doc = htmlReadMemory(body, (int)blen, c->url, "UTF-8",
                            HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                                HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                HTML_PARSE_NOIMPLIED);
    wellformed = false;
    root = c->doc ? find_root(xmlDocGetRootElement(c->doc), 0) : NULL;
  }
  if (!root) {
    rc = px_err_set(c->err, PX_EPARSE, "not a feed: no rss, RDF or feed element");
    goto out;
  }
  if (!wellformed || rp.changed) {
    f->bozo = true;
    if (!f->bozo_reason)
      f->bozo_reason = rp.changed ? "repaired entities, ampersands or control characters"
                                  : "not well-formed XML (recovered)";
  }
  walk_root(c, root);
  if (!f->language) f->language = c->http_lang;
  rc = c->rc;
out:
  if (c->doc) xmlFreeDoc(c->doc);
  c->doc = NULL;
  px_buf_reset(&conv);
  px_buf_reset(&rp.out);
  free(rp.ents);
  return rc;
}

/* ---- JSON Feed --------------------------------------------------------- */

static const char *jstr(pctx *c, json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  if (!json_is_string(v)) return NULL;
  const char *r = dup_clean(c, json_string_value(v), json_string_length(v), true);
  return (r && *r) ? r : NULL;
}

static void json_authors(pctx *c, json_t *o, px_feed_person **arr, size_t *n) {
  json_t *list = json_object_get(o, "authors");
  json_t *one = json_object_get(o, "author");
  size_t i;
  json_t *a;
  if (json_is_array(list)) {
    json_array_foreach(list, i, a) {
      if (!json_is_object(a)) continue;
      px_feed_person *p = push(c, (void **)arr, n, sizeof *p);
      if (!p) return;
      p->name = jstr(c, a, "name");
      p->uri = resolve(c, c->url, jstr(c, a, "url"));
    }
  } else if (json_is_object(one)) {
    px_feed_person *p = push(c, (void **)arr, n, sizeof *p);
    if (!p) return;
    p->name = jstr(c, one, "name");
    p->uri = resolve(c, c->url, jstr(c, one, "url"));
  }
}

static px_rc parse_json(pctx *c, const char *data, size_t len) {
  px_feed *f = c->f;
  json_error_t je;
  /* JSON is UTF-8 by definition and jansson refuses anything else whole;
  ** one stray windows-1252 byte in one item must not cost the feed, so
  ** such bytes are read as windows-1252 and the valid UTF-8 kept. */
  px_buf fixed;
  px_buf_init(&fixed, 0);
  if (!px_utf8_valid(data, len)) {
    if (mixed_to_utf8(data, len, &fixed)) {
      px_buf_reset(&fixed);
      return px_err_set(c->err, PX_ENOMEM, "feed: out of memory");
    }
    data = px_buf_cstr(&fixed);
    len = fixed.len;
    f->bozo = true;
    f->bozo_reason = "invalid UTF-8 bytes read as windows-1252";
  }
  json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES * 0, &je);
  px_buf_reset(&fixed);
  if (!root) return px_err_set(c->err, PX_EPARSE, "JSON Feed: line %d: %s", je.line, je.text);
  if (!json_is_object(root)) {
    json_decref(root);
    return px_err_set(c->err, PX_EPARSE, "JSON Feed: top level is not an object");
  }
  const char *ver = jstr(c, root, "version");
  json_t *items = json_object_get(root, "items");
  if (!ver || !strstr(ver, "jsonfeed.org")) {
    if (!json_is_array(items)) {
      json_decref(root);
      return px_err_set(c->err, PX_EPARSE, "not a JSON Feed: no version or items");
    }
    f->bozo = true;
    f->bozo_reason = "JSON Feed without a version";
  }
  f->format = PX_FEED_JSON;
  f->version = ver && strstr(ver, "/1.1") ? "json11" : ver && strstr(ver, "/1") ? "json10" : "json";
  f->encoding = "utf-8";
  f->title = f->title_raw = jstr(c, root, "title");
  f->link = resolve(c, c->url, jstr(c, root, "home_page_url"));
  f->feed_url = resolve(c, c->url, jstr(c, root, "feed_url"));
  f->description = jstr(c, root, "description");
  f->description_type = PX_FEED_TEXT;
  f->language = jstr(c, root, "language");
  f->image = resolve(c, c->url, jstr(c, root, "icon"));
  json_authors(c, root, &f->authors, &f->nauthors);
  size_t i;
  json_t *it;
  if (json_is_array(items)) {
    json_array_foreach(items, i, it) {
      if (c->rc) break;
      if (!json_is_object(it)) continue;
      if (f->nentries >= c->max_entries) {
        f->nskipped++;
        continue;
      }
      px_feed_entry *e = push(c, (void **)&f->entries, &f->nentries, sizeof *e);
      if (!e) break;
      json_t *id = json_object_get(it, "id");
      if (json_is_string(id)) e->id = jstr(c, it, "id");
      else if (json_is_integer(id)) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(id));
        e->id = dup_cstr(c, tmp);
      }
      e->link = resolve(c, c->url, jstr(c, it, "url"));
      if (!e->link) e->link = resolve(c, c->url, jstr(c, it, "external_url"));
      if (e->link) {
        px_feed_link *l = push(c, (void **)&e->links, &e->nlinks, sizeof *l);
        if (l) {
          l->href = e->link;
          l->rel = "alternate";
        }
      }
      e->title = e->title_raw = jstr(c, it, "title");
      e->summary = jstr(c, it, "summary");
      e->summary_type = PX_FEED_TEXT;
      const char *html = jstr(c, it, "content_html");
      if (html) {
        e->content = resolve_html(c, e->link ? e->link : c->url, html);
        e->content_type = PX_FEED_HTML;
      } else {
        e->content = jstr(c, it, "content_text");
        e->content_type = PX_FEED_TEXT;
      }
      e->lang = jstr(c, it, "language");
      e->image = resolve(c, c->url, jstr(c, it, "image"));
      if (!e->image) e->image = resolve(c, c->url, jstr(c, it, "banner_image"));
      set_date(c, &e->published, jstr(c, it, "date_published"));
      set_date(c, &e->updated, jstr(c, it, "date_modified"));
      if (!e->published.raw && e->updated.raw) e->published = e->updated;
      json_authors(c, it, &e->authors, &e->nauthors);
      if (!e->nauthors) json_authors(c, root, &e->authors, &e->nauthors);
      json_t *tags = json_object_get(it, "tags");
      size_t k;
      json_t *tg;
      if (json_is_array(tags)) {
        json_array_foreach(tags, k, tg) {
          if (!json_is_string(tg)) continue;
          px_feed_category *g = push(c, (void **)&e->categories, &e->ncategories, sizeof *g);
          if (g) g->term = dup_clean(c, json_string_value(tg), json_string_length(tg), true);
        }
      }
      json_t *att = json_object_get(it, "attachments");
      if (json_is_array(att)) {
        json_array_foreach(att, k, tg) {
          const char *u = json_is_object(tg) ? jstr(c, tg, "url") : NULL;
          if (!u) continue;
          px_feed_media *m = push(c, (void **)&e->enclosures, &e->nenclosures, sizeof *m);
          if (!m) break;
          m->url = resolve(c, c->url, u);
          m->type = jstr(c, tg, "mime_type");
          json_t *sz = json_object_get(tg, "size_in_bytes");
          m->length = json_is_integer(sz) && json_integer_value(sz) > 0 ? json_integer_value(sz) : 0;
        }
      }
      dedup_last(f);
    }
  }
  json_decref(root);
  return c->rc;
}

/* ---- public ------------------------------------------------------------ */

bool px_feed_sniff(const char *data, size_t len) {
  size_t i = 0;
  if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < len && px_isspace((unsigned char)data[i])) i++;
  if (i < len && data[i] == '{') return true;
  px_str head = px_str_make(data + i, len - i > 2048 ? 2048 : len - i);
  if (px_str_ifind(head, "<html") >= 0) return false;
  return px_str_ifind(head, "<rss") >= 0 || px_str_ifind(head, "<feed") >= 0 ||
         px_str_ifind(head, "rdf:rdf") >= 0 || px_str_ifind(head, "<channel") >= 0;
}

static void xml_init_once(void) {
  static int done;
  if (!__atomic_exchange_n(&done, 1, __ATOMIC_ACQ_REL)) {
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, silent_error);
  }
}

px_rc px_feed_parse(const char *data, size_t len, const px_feed_opts *opts,
                    px_feed **out, px_err *err) {
  size_t max = opts && opts->max_bytes ? opts->max_bytes : PX_FEED_MAX_BYTES;
  if (!data && len) return px_err_set(err, PX_EINVAL, "feed: no data");
  if (len > max)
    return px_err_set(err, PX_ETOOBIG, "feed: %zu bytes is over the %zu byte cap", len, max);
  xml_init_once();
  pctx c = {.err = err};
  c.max_entries = opts && opts->max_entries ? opts->max_entries : PX_FEED_MAX_ENTRIES;
  px_buf_init(&c.tmp, 0);
  c.f = calloc(1, sizeof *c.f);
  if (!c.f) return px_err_set(err, PX_ENOMEM, "feed: out of memory");
  /* The arena holds the copied strings; a cap of a few times the input
  ** bounds what expansion (serialised XHTML, resolved links) can cost. */
  c.f->arena = px_arena_new(len * 8 + ((size_t)16 << 20));
  if (!c.f->arena) {
    free(c.f);
    return px_err_set(err, PX_ENOMEM, "feed: out of memory");
  }
  c.url = opts && opts->url ? dup_cstr(&c, opts->url) : NULL;
  if (opts && opts->content_location && *opts->content_location) {
    /* RFC 9110: Content-Location is the base when it is given (and is
    ** a web address, not script). */
    const char *cl = resolve(&c, c.url, opts->content_location);
    px_str cls = px_str_from_cstr(cl ? cl : "");
    if (px_str_istarts(cls, "http:") || px_str_istarts(cls, "https:")) c.url = cl;
  }
  if (opts && opts->content_language && *opts->content_language) {
    px_str l = px_str_trim(px_str_from_cstr(opts->content_language));
    size_t k = 0;
    while (k < l.len && l.p[k] != ',' && l.p[k] != ';') k++;
    c.http_lang = dup_clean(&c, l.p, k, true);
  }
  size_t i = 0;
  if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < len && px_isspace((unsigned char)data[i])) i++;
  px_rc rc;
  if (i < len && data[i] == '{') rc = parse_json(&c, data + i, len - i);
  else if (i >= len) rc = px_err_set(err, PX_EEMPTY, "feed: empty input");
  else rc = parse_xml(&c, data, len, opts);
  if (!rc && c.rc) rc = c.rc;
  if (!rc && c.f->nskipped) {
    /* The cap keeps a runaway feed cheap, but losing items must never be
    ** silent: callers log or show this. */
    char w[160];
    snprintf(w, sizeof w, "more than %zu entries: %zu kept, %zu past the cap not kept",
             c.max_entries, c.f->nentries, c.f->nskipped);
    c.f->warning = dup_cstr(&c, w);
  }
  if (!rc && px_arena_over_cap(c.f->arena))
    rc = px_err_set(err, PX_ETOOBIG, "feed: output over the memory cap");
  px_buf_reset(&c.tmp);
  if (rc) {
    px_feed_free(c.f);
    return rc;
  }
  *out = c.f;
  return PX_OK;
}

void px_feed_free(px_feed *f) {
  if (!f) return;
  px_arena_free(f->arena);
  free(f);
}

void px_feed_entry_key(const px_feed_entry *e, char out[33]) {
  px_buf b;
  px_buf_init(&b, 0);
  if (e->id) {
    px_buf_puts(&b, "id:");
    px_buf_puts(&b, e->id);
    if (e->id_shared && e->link) {
      px_buf_puts(&b, "\nlink:");
      px_buf_puts(&b, e->link);
    }
  } else if (e->link) {
    px_buf_puts(&b, "link:");
    px_buf_puts(&b, e->link);
  } else {
    px_buf_puts(&b, "text:");
    if (e->title) px_buf_puts(&b, e->title);
    px_buf_putc(&b, '\n');
    if (e->summary) px_buf_puts(&b, e->summary);
  }
  px_hash128_hex(px_buf_cstr(&b), b.len, out);
  px_buf_reset(&b);
}

/* jansson builds it: escaping by hand is where such helpers go wrong. */
static int set_str(json_t *o, const char *k, const char *v) {
  return v ? json_object_set_new(o, k, json_string(v)) : 0;
}

px_rc px_feed_entry_meta_json(const px_feed_entry *e, px_buf *out) {
  json_t *o = json_object(), *cats = NULL, *encs = NULL;
  px_rc rc = PX_ENOMEM;
  int bad = !o;
  if (!bad && e->id) {
    bad |= set_str(o, "guid", e->id);
    bad |= json_object_set_new(o, "guid_is_link", json_boolean(e->guid_is_link));
  }
  if (!bad && e->ncategories) {
    cats = json_array();
    bad |= !cats || json_object_set_new(o, "categories", cats);
    for (size_t i = 0; !bad && i < e->ncategories; i++) {
      const px_feed_category *g = &e->categories[i];
      json_t *c = json_object();
      bad |= !c || json_array_append_new(cats, c);
      if (!bad) bad |= set_str(c, "term", g->term) | set_str(c, "scheme", g->scheme) |
                       set_str(c, "label", g->label);
    }
  }
  if (!bad && e->nenclosures) {
    encs = json_array();
    bad |= !encs || json_object_set_new(o, "enclosures", encs);
    for (size_t i = 0; !bad && i < e->nenclosures; i++) {
      const px_feed_media *m = &e->enclosures[i];
      json_t *c = json_object();
      bad |= !c || json_array_append_new(encs, c);
      if (!bad) bad |= set_str(c, "url", m->url) | set_str(c, "type", m->type);
      if (!bad && m->length > 0)
        bad |= json_object_set_new(c, "length", json_integer((json_int_t)m->length));
    }
  }
  char *txt = bad ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  if (txt) rc = px_buf_puts(out, txt);
  free(txt);
  json_decref(o);
  return rc;
}
