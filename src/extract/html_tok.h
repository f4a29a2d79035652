/*
** html_tok.h: a streaming HTML tokenizer after the WHATWG tokenizer.
**
** It walks a (pointer, length) buffer once and hands out tokens whose
** names, text and attribute values are views into that buffer: nothing is
** copied, so a 50 MB page costs no more memory than the page itself plus
** the attribute array. It keeps the tokenizer states that matter for
** finding text: data, RCDATA (title, textarea), RAWTEXT (style, xmp,
** iframe, noembed, noframes, noscript), script data with its escaped and
** double-escaped states, PLAINTEXT, comments (including the abrupt and
** "--!>" forms), bogus comments, DOCTYPE, CDATA sections (only inside svg
** or math, elsewhere a bogus comment), and attributes in every quoting
** form. There is no tree: the caller keeps whatever stack it needs.
**
** Character references and NUL bytes are not touched in the views;
** px_html_decode turns a text or attribute view into UTF-8 (the full HTML5
** named-reference table, numeric references with the Windows-1252 remap,
** U+FFFD for NUL in attributes and RCDATA, NUL dropped in text).
**
** Memory: the tokenizer owns only its attribute array (grown with malloc
** up to PX_HTOK_MAX_ATTRS; later attributes of one tag are dropped).
** Release it with px_htok_reset. Token views are borrowed from the input
** and valid until the input buffer goes away; attrs until the next call.
*/
#ifndef PX_EXTRACT_HTML_TOK_H
#define PX_EXTRACT_HTML_TOK_H

#include <stdbool.h>
#include <stddef.h>
#include "parallax.h"
#include "util/buf.h"
#include "util/str.h"

#define PX_HTOK_MAX_ATTRS 256

typedef enum {
  PX_HTOK_EOF = 0,
  PX_HTOK_TEXT,     /* text; decode with px_html_decode unless raw */
  PX_HTOK_START,    /* start tag */
  PX_HTOK_END,      /* end tag */
  PX_HTOK_COMMENT,  /* comment or bogus comment body */
  PX_HTOK_DOCTYPE,  /* doctype body after "<!doctype" */
  PX_HTOK_CDATA     /* CDATA section body (foreign content only) */
} px_htok_type;

/* Tag ids for the names the extractor cares about; anything else is
** PX_TAG_OTHER (compare tok.name then). Kept sorted by name. */
typedef enum {
  PX_TAG_OTHER = 0,
  PX_TAG_A, PX_TAG_ADDRESS, PX_TAG_ARTICLE, PX_TAG_ASIDE, PX_TAG_AUDIO,
  PX_TAG_B, PX_TAG_BLOCKQUOTE, PX_TAG_BODY, PX_TAG_BR, PX_TAG_BUTTON,
  PX_TAG_CANVAS, PX_TAG_CAPTION, PX_TAG_CENTER, PX_TAG_DD, PX_TAG_DETAILS,
  PX_TAG_DIALOG, PX_TAG_DIV, PX_TAG_DL, PX_TAG_DT, PX_TAG_EMBED,
  PX_TAG_FIELDSET, PX_TAG_FIGCAPTION, PX_TAG_FIGURE, PX_TAG_FOOTER,
  PX_TAG_FORM, PX_TAG_H1, PX_TAG_H2, PX_TAG_H3, PX_TAG_H4, PX_TAG_H5,
  PX_TAG_H6, PX_TAG_HEAD, PX_TAG_HEADER, PX_TAG_HR, PX_TAG_HTML,
  PX_TAG_IFRAME, PX_TAG_IMG, PX_TAG_INPUT, PX_TAG_LABEL, PX_TAG_LEGEND,
  PX_TAG_LI, PX_TAG_LINK, PX_TAG_MAIN, PX_TAG_MATH, PX_TAG_MENU,
  PX_TAG_META, PX_TAG_NAV, PX_TAG_NOEMBED, PX_TAG_NOFRAMES,
  PX_TAG_NOSCRIPT, PX_TAG_OBJECT, PX_TAG_OL, PX_TAG_OPTION, PX_TAG_P,
  PX_TAG_PICTURE, PX_TAG_PLAINTEXT, PX_TAG_PRE, PX_TAG_Q, PX_TAG_SCRIPT,
  PX_TAG_SECTION, PX_TAG_SELECT, PX_TAG_SOURCE, PX_TAG_SPAN, PX_TAG_STYLE,
  PX_TAG_SUMMARY, PX_TAG_SVG, PX_TAG_TABLE, PX_TAG_TBODY, PX_TAG_TD,
  PX_TAG_TEMPLATE, PX_TAG_TEXTAREA, PX_TAG_TH, PX_TAG_THEAD, PX_TAG_TIME,
  PX_TAG_TITLE, PX_TAG_TR, PX_TAG_UL, PX_TAG_VIDEO, PX_TAG_WBR, PX_TAG_XMP,
  PX_TAG_COUNT
} px_tag;

typedef struct px_hattr {
  px_str name;   /* as written; compare with px_str_ieq_cstr */
  px_str value;  /* raw; decode with px_html_decode(..., true, ...) */
} px_hattr;

typedef struct px_htok {
  px_htok_type type;
  px_str text;        /* TEXT, COMMENT, DOCTYPE, CDATA */
  bool raw;           /* TEXT from RAWTEXT/script/PLAINTEXT: no references */
  px_str name;        /* START/END: tag name as written */
  px_tag tag;
  bool self_closing;
  const px_hattr *attrs;
  size_t nattrs;
} px_htok;

/* Caller-owned tokenizer state; fields are private. */
typedef struct px_htokenizer {
  const char *p, *end, *start;
  int state;            /* which text state the next bytes are read in */
  px_tag raw_tag;       /* element whose end tag closes raw text */
  int foreign;          /* open svg/math depth, for CDATA */
  px_hattr *attrs;
  size_t nattrs, cap_attrs;
} px_htokenizer;

/* Starts tokenizing buf (not NUL-terminated). Release with px_htok_reset. */
void px_htok_init(px_htokenizer *t, const char *buf, size_t len);
void px_htok_reset(px_htokenizer *t);
/* Next token into *out; false (and out->type PX_HTOK_EOF) at the end.
** Never fails: running out of memory for attributes only drops them. */
bool px_htok_next(px_htokenizer *t, px_htok *out);
/* Byte offset of the next unread byte. */
size_t px_htok_offset(const px_htokenizer *t);
/* Makes the tokenizer read what follows the current start tag as text of
** the given kind, which a tree builder decides (e.g. no raw text for a
** <title> inside <svg>). Called automatically for the usual elements. */
void px_htok_set_data(px_htokenizer *t);

/* Case-insensitive attribute lookup on a start tag; NULL when absent. */
const px_hattr *px_htok_attr(const px_htok *tok, const char *name);
/* Lower-case tag id of name (PX_TAG_OTHER when not in the list). */
px_tag px_html_tag_id(const char *name, size_t len);

/* Appends s decoded to UTF-8: character references resolved (in_attr
** applies the attribute rule for legacy names before '=' or alnum), NUL
** dropped in text and U+FFFD in attributes. Invalid UTF-8 is copied as
** is: convert to UTF-8 first (charset.h). Fails only on buffer limits. */
px_rc px_html_decode(const char *s, size_t len, bool in_attr, px_buf *out);
/* Decodes one character reference at s (s[0] == '&'). Writes up to 8
** UTF-8 bytes to out and returns the bytes of s consumed, or 0 when s
** does not start a reference (the '&' is then literal). */
size_t px_html_charref(const char *s, size_t len, bool in_attr, char out[8],
                       size_t *outlen);

#endif
