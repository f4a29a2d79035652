/*
** html_tok.c: the streaming HTML tokenizer (see html_tok.h) and HTML
** character-reference decoding.
**
** Speed matters more than anywhere else in extraction: text runs and raw
** text are found with memchr, tags are scanned once, and nothing is
** copied. Each token is a set of views into the input. Truncated markup
** (EOF inside a tag, comment or doctype) ends the stream as the WHATWG
** tokenizer does: the incomplete tag is dropped, an open comment is
** emitted with what it has.
**
** Memory: only the attribute array is heap-allocated; px_htok_reset
** frees it.
*/
#include "extract/html_tok.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/html_entities.inc"

enum { ST_DATA = 0, ST_RCDATA, ST_RAWTEXT, ST_SCRIPT, ST_PLAINTEXT };

static const char *const tag_names[PX_TAG_COUNT] = {
  "", "a", "address", "article", "aside", "audio", "b", "blockquote",
  "body", "br", "button", "canvas", "caption", "center", "dd", "details",
  "dialog", "div", "dl", "dt", "embed", "fieldset", "figcaption", "figure",
  "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header",
  "hr", "html", "iframe", "img", "input", "label", "legend", "li", "link",
  "main", "math", "menu", "meta", "nav", "noembed", "noframes", "noscript",
  "object", "ol", "option", "p", "picture", "plaintext", "pre", "q",
  "script", "section", "select", "source", "span", "style", "summary",
  "svg", "table", "tbody", "td", "template", "textarea", "th", "thead",
  "time", "title", "tr", "ul", "video", "wbr", "xmp",
};

static inline bool is_tag_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

px_tag px_html_tag_id(const char *name, size_t len) {
  char low[12];
  if (len == 0 || len >= sizeof low) return PX_TAG_OTHER;
  for (size_t i = 0; i < len; i++) low[i] = (char)px_tolower((unsigned char)name[i]);
  size_t lo = 1, hi = PX_TAG_COUNT;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const char *m = tag_names[mid];
    /* m is NUL-terminated; low may hold NUL bytes, so no strncmp. */
    int c = 0;
    size_t i = 0;
    for (; i < len; i++) {
      if (m[i] == 0) {
        c = 1;
        break;
      }
      if (low[i] != m[i]) {
        c = (unsigned char)low[i] < (unsigned char)m[i] ? -1 : 1;
        break;
      }
    }
    if (c == 0 && m[len] != 0) c = -1;
    if (c == 0) return (px_tag)mid;
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return PX_TAG_OTHER;
}

void px_htok_init(px_htokenizer *t, const char *buf, size_t len) {
  memset(t, 0, sizeof *t);
  t->start = t->p = buf ? buf : "";
  t->end = t->p + (buf ? len : 0);
  t->state = ST_DATA;
}

void px_htok_reset(px_htokenizer *t) {
  free(t->attrs);
  t->attrs = NULL;
  t->nattrs = t->cap_attrs = 0;
}

size_t px_htok_offset(const px_htokenizer *t) {
  return (size_t)(t->p - t->start);
}

void px_htok_set_data(px_htokenizer *t) { t->state = ST_DATA; }

const px_hattr *px_htok_attr(const px_htok *tok, const char *name) {
  for (size_t i = 0; i < tok->nattrs; i++)
    if (px_str_ieq_cstr(tok->attrs[i].name, name)) return &tok->attrs[i];
  return NULL;
}

/* Case-insensitive: does p (up to end) start with the lower-case lit? */
static bool istarts(const char *p, const char *end, const char *lit) {
  size_t n = strlen(lit);
  if ((size_t)(end - p) < n) return false;
  for (size_t i = 0; i < n; i++)
    if (px_tolower((unsigned char)p[i]) != lit[i]) return false;
  return true;
}

/* Is p an end tag "</name" followed by a delimiter, for the raw tag? */
static bool is_raw_end(const char *p, const char *end, const char *name,
                       size_t n) {
  if ((size_t)(end - p) < n + 3) return false;
  if (p[1] != '/') return false;
  if (!istarts(p + 2, end, name)) return false;
  unsigned char c = (unsigned char)p[2 + n];
  return is_tag_space(c) || c == '/' || c == '>';
}

/* Where the script data ends, honouring "<!--" escapes and a nested
** "<script" inside them (double-escaped), as browsers do. */
static const char *script_end(const char *p, const char *end) {
  int mode = 0; /* 0 normal, 1 escaped, 2 double-escaped */
  const char *q = p;
  while (q < end) {
    if (mode == 0) {
      const char *lt = memchr(q, '<', (size_t)(end - q));
      if (!lt) return end;
      if (is_raw_end(lt, end, "script", 6)) return lt;
      if (end - lt >= 4 && lt[1] == '!' && lt[2] == '-' && lt[3] == '-') {
        mode = 1;
        q = lt + 2;
        continue;
      }
      q = lt + 1;
      continue;
    }
    /* Escaped: look for "-->" (back to normal) and "<" tags. */
    unsigned char c = (unsigned char)*q;
    if (c == '-' && end - q >= 3 && q[1] == '-' && q[2] == '>') {
      mode = 0;
      q += 3;
      continue;
    }
    if (c == '<') {
      if (mode == 1 && is_raw_end(q, end, "script", 6)) return q;
      if (mode == 1 && istarts(q + 1, end, "script") && end - q > 7 &&
          (is_tag_space((unsigned char)q[7]) || q[7] == '/' || q[7] == '>')) {
        mode = 2;
        q += 7;
        continue;
      }
      if (mode == 2 && is_raw_end(q, end, "script", 6)) {
        mode = 1;
        q += 8;
        continue;
      }
    }
    q++;
  }
  return end;
}

static const char *raw_end(const char *p, const char *end, const char *name) {
  const char *q = p;
  size_t n = strlen(name);
  while (q < end) {
    const char *lt = memchr(q, '<', (size_t)(end - q));
    if (!lt) return end;
    if (is_raw_end(lt, end, name, n)) return lt;
    q = lt + 1;
  }
  return end;
}

static void add_attr(px_htokenizer *t, const char *n, size_t nl, const char *v,
                     size_t vl) {
  if (t->nattrs == t->cap_attrs) {
    if (t->cap_attrs >= PX_HTOK_MAX_ATTRS) return;
    size_t nc = t->cap_attrs ? t->cap_attrs * 2 : 16;
    px_hattr *na = realloc(t->attrs, nc * sizeof *na);
    if (!na) return;
    t->attrs = na;
    t->cap_attrs = nc;
  }
  t->attrs[t->nattrs].name = px_str_make(n, nl);
  t->attrs[t->nattrs].value = px_str_make(v, vl);
  t->nattrs++;
}

/* Parses a tag whose name starts at s. Returns false at EOF inside it. */
static bool parse_tag(px_htokenizer *t, const char *s, bool is_end,
                      px_htok *out) {
  const char *end = t->end, *q = s;
  while (q < end && !is_tag_space((unsigned char)*q) && *q != '/' && *q != '>')
    q++;
  out->type = is_end ? PX_HTOK_END : PX_HTOK_START;
  out->name = px_str_make(s, (size_t)(q - s));
  out->tag = px_html_tag_id(s, (size_t)(q - s));
  out->self_closing = false;
  t->nattrs = 0;
  for (;;) {
    while (q < end && (is_tag_space((unsigned char)*q) || *q == '/')) {
      if (*q == '/' && q + 1 < end && q[1] == '>') out->self_closing = true;
      q++;
    }
    if (q >= end) return false;
    if (*q == '>') {
      q++;
      break;
    }
    out->self_closing = false;
    const char *an = q++;
    while (q < end && !is_tag_space((unsigned char)*q) && *q != '/' &&
           *q != '>' && *q != '=')
      q++;
    size_t anl = (size_t)(q - an);
    while (q < end && is_tag_space((unsigned char)*q)) q++;
    const char *av = q;
    size_t avl = 0;
    if (q < end && *q == '=') {
      q++;
      while (q < end && is_tag_space((unsigned char)*q)) q++;
      if (q >= end) return false;
      if (*q == '"' || *q == '\'') {
        const char *cl = memchr(q + 1, *q, (size_t)(end - q - 1));
        if (!cl) return false;
        av = q + 1;
        avl = (size_t)(cl - av);
        q = cl + 1;
      } else {
        av = q;
        while (q < end && !is_tag_space((unsigned char)*q) && *q != '>') q++;
        avl = (size_t)(q - av);
      }
    }
    if (!is_end) add_attr(t, an, anl, av, avl);
  }
  t->p = q;
  if (is_end) {
    t->nattrs = 0;
    if ((out->tag == PX_TAG_SVG || out->tag == PX_TAG_MATH) && t->foreign > 0)
      t->foreign--;
  } else if (out->tag == PX_TAG_SVG || out->tag == PX_TAG_MATH) {
    if (!out->self_closing) t->foreign++;
  } else if (t->foreign == 0) {
    switch (out->tag) {
    case PX_TAG_SCRIPT: t->state = ST_SCRIPT; break;
    case PX_TAG_STYLE: case PX_TAG_XMP: case PX_TAG_IFRAME:
    case PX_TAG_NOEMBED: case PX_TAG_NOFRAMES: case PX_TAG_NOSCRIPT:
      t->state = ST_RAWTEXT;
      break;
    case PX_TAG_TITLE: case PX_TAG_TEXTAREA: t->state = ST_RCDATA; break;
    case PX_TAG_PLAINTEXT: t->state = ST_PLAINTEXT; break;
    default: break;
    }
    if (t->state != ST_DATA) t->raw_tag = out->tag;
  }
  out->attrs = t->attrs;
  out->nattrs = t->nattrs;
  return true;
}

static void emit_text(px_htok *out, const char *a, const char *b, bool raw) {
  out->type = PX_HTOK_TEXT;
  out->text = px_str_make(a, (size_t)(b - a));
  out->raw = raw;
}

/* Comment starting after "<!--". */
static void parse_comment(px_htokenizer *t, const char *s, px_htok *out) {
  const char *end = t->end, *q = s;
  out->type = PX_HTOK_COMMENT;
  /* "<!-->" and "<!--->" are complete, empty comments. */
  if (q < end && *q == '>') {
    out->text = px_str_make(s, 0);
    t->p = q + 1;
    return;
  }
  if (end - q >= 2 && q[0] == '-' && q[1] == '>') {
    out->text = px_str_make(s, 0);
    t->p = q + 2;
    return;
  }
  while (q < end) {
    const char *d = memchr(q, '-', (size_t)(end - q));
    if (!d) break;
    if (end - d >= 3 && d[1] == '-' && d[2] == '>') {
      out->text = px_str_make(s, (size_t)(d - s));
      t->p = d + 3;
      return;
    }
    if (end - d >= 4 && d[1] == '-' && d[2] == '!' && d[3] == '>') {
      out->text = px_str_make(s, (size_t)(d - s));
      t->p = d + 4;
      return;
    }
    q = d + 1;
  }
  out->text = px_str_make(s, (size_t)(end - s));
  t->p = end;
}

/* Bogus comment or doctype body from s to the next '>'. */
static void until_gt(px_htokenizer *t, const char *s, px_htok_type type,
                     px_htok *out) {
  const char *gt = memchr(s, '>', (size_t)(t->end - s));
  out->type = type;
  out->text = px_str_make(s, (size_t)((gt ? gt : t->end) - s));
  t->p = gt ? gt + 1 : t->end;
}

bool px_htok_next(px_htokenizer *t, px_htok *out) {
  const char *end = t->end;
  memset(out, 0, sizeof *out);
  for (;;) {
    const char *p = t->p;
    if (p >= end) {
      out->type = PX_HTOK_EOF;
      return false;
    }
    if (t->state != ST_DATA) {
      const char *q;
      bool raw = t->state != ST_RCDATA;
      if (t->state == ST_PLAINTEXT) q = end;
      else if (t->state == ST_SCRIPT) q = script_end(p, end);
      else q = raw_end(p, end, tag_names[t->raw_tag]);
      if (t->state != ST_PLAINTEXT) t->state = ST_DATA;
      t->p = q;
      if (q == p) continue;
      emit_text(out, p, q, raw);
      return true;
    }
    if (*p != '<') {
      const char *lt = memchr(p, '<', (size_t)(end - p));
      t->p = lt ? lt : end;
      emit_text(out, p, t->p, false);
      return true;
    }
    /* p[0] == '<' */
    if (end - p >= 2) {
      unsigned char c = (unsigned char)p[1];
      if (px_isalpha(c)) {
        if (parse_tag(t, p + 1, false, out)) return true;
        t->p = end;
        continue;
      }
      if (c == '/') {
        if (end - p >= 3 && px_isalpha((unsigned char)p[2])) {
          if (parse_tag(t, p + 2, true, out)) return true;
          t->p = end;
          continue;
        }
        if (end - p >= 3 && p[2] == '>') {
          t->p = p + 3;
          continue;
        }
        if (end - p == 2) {
          emit_text(out, p, end, false);
          t->p = end;
          return true;
        }
        until_gt(t, p + 2, PX_HTOK_COMMENT, out);
        return true;
      }
      if (c == '!') {
        if (end - p >= 4 && p[2] == '-' && p[3] == '-') {
          parse_comment(t, p + 4, out);
          return true;
        }
        if (istarts(p + 2, end, "doctype")) {
          until_gt(t, p + 9, PX_HTOK_DOCTYPE, out);
          return true;
        }
        if (t->foreign > 0 && end - p >= 9 && memcmp(p + 2, "[CDATA[", 7) == 0) {
          const char *s = p + 9, *q = s;
          out->type = PX_HTOK_CDATA;
          for (;;) {
            const char *b = memchr(q, ']', (size_t)(end - q));
            if (!b) {
              out->text = px_str_make(s, (size_t)(end - s));
              t->p = end;
              break;
            }
            if (end - b >= 3 && b[1] == ']' && b[2] == '>') {
              out->text = px_str_make(s, (size_t)(b - s));
              t->p = b + 3;
              break;
            }
            q = b + 1;
          }
          return true;
        }
        until_gt(t, p + 2, PX_HTOK_COMMENT, out);
        return true;
      }
      if (c == '?') {
        until_gt(t, p + 1, PX_HTOK_COMMENT, out);
        return true;
      }
    }
    /* A '<' that starts nothing is text, up to the next '<'. */
    const char *lt = end - p > 1 ? memchr(p + 1, '<', (size_t)(end - p - 1)) : NULL;
    t->p = lt ? lt : end;
    emit_text(out, p, t->p, false);
    return true;
  }
}

/* ---- character references ------------------------------------------ */

/* Windows-1252 meanings of the C1 range, as numeric references use them;
** 0 keeps the code point. */
static const uint16_t c1_remap[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static const struct px_html_entity *entity_find(const char *s, size_t n) {
  size_t lo = 0, hi = PX_HTML_ENTITY_COUNT;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const struct px_html_entity *e = &px_html_entities[mid];
    int c = memcmp(s, e->name, n < e->nlen ? n : e->nlen);
    if (c == 0) c = (n > e->nlen) - (n < e->nlen);
    if (c == 0) return e;
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return NULL;
}

size_t px_html_charref(const char *s, size_t len, bool in_attr, char out[8],
                       size_t *outlen) {
  *outlen = 0;
  if (len < 2 || s[0] != '&') return 0;
  if (s[1] == '#') {
    size_t i = 2;
    bool hex = false;
    if (i < len && (s[i] == 'x' || s[i] == 'X')) {
      hex = true;
      i++;
    }
    size_t d0 = i;
    uint32_t v = 0;
    for (; i < len; i++) {
      unsigned char c = (unsigned char)s[i];
      int dv;
      if (px_isdigit(c)) dv = c - '0';
      else if (hex && c >= 'a' && c <= 'f') dv = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F') dv = c - 'A' + 10;
      else break;
      if (v <= 0x10FFFF) v = v * (hex ? 16u : 10u) + (uint32_t)dv;
    }
    if (i == d0) return 0;
    if (i < len && s[i] == ';') i++;
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
    else if (v >= 0x80 && v <= 0x9F && c1_remap[v - 0x80]) v = c1_remap[v - 0x80];
    *outlen = px_utf8_encode(v, out);
    return i;
  }
  size_t m = 0;
  while (1 + m < len && m < PX_HTML_ENTITY_MAXLEN &&
         px_isalnum((unsigned char)s[1 + m]))
    m++;
  if (m == 0) return 0;
  const struct px_html_entity *e = NULL;
  if (1 + m < len && s[1 + m] == ';') e = entity_find(s + 1, m + 1);
  if (!e) {
    /* Legacy names that may omit ';' are at most six letters. */
    for (size_t k = m < 6 ? m : 6; k >= 2 && !e; k--) {
      e = entity_find(s + 1, k);
      if (e && in_attr && 1 + k < len &&
          (s[1 + k] == '=' || px_isalnum((unsigned char)s[1 + k])))
        return 0;
    }
  }
  if (!e) return 0;
  memcpy(out, e->utf8, e->ulen);
  *outlen = e->ulen;
  return 1 + (size_t)e->nlen;
}

px_rc px_html_decode(const char *s, size_t len, bool in_attr, px_buf *out) {
  size_t i = 0, run = 0;
  px_rc rc;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (c != '&' && c != 0) {
      i++;
      continue;
    }
    if ((rc = px_buf_append(out, s + run, i - run)) != PX_OK) return rc;
    if (c == 0) {
      if (in_attr && (rc = px_buf_append(out, "\xEF\xBF\xBD", 3)) != PX_OK)
        return rc;
      i++;
    } else {
      char tmp[8];
      size_t ol, used = px_html_charref(s + i, len - i, in_attr, tmp, &ol);
      if (used == 0) {
        if ((rc = px_buf_putc(out, '&')) != PX_OK) return rc;
        i++;
      } else {
        if ((rc = px_buf_append(out, tmp, ol)) != PX_OK) return rc;
        i += used;
      }
    }
    run = i;
  }
  return px_buf_append(out, s + run, len - run);
}
