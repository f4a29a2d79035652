/*
** html_extract.c: main-content and metadata extraction from news HTML
** (see html_extract.h for the approach).
**
** Pass 1 (token stream): an element stack with HTML's implied end tags
** (p, li, dd/dt, td/tr, headings), a node per block-level or hinted
** element, and text blocks cut at block boundaries with their link text
** counted. Metadata (title, meta, link, JSON-LD, <time>, lang) is
** collected on the way. Pass 2 (arrays only): scores flow from blocks to
** their containers, the best container is chosen (plus siblings that
** look like more of the same article), and its blocks are emitted unless
** a hinted element lies between them and the container.
**
** Memory: nodes, blocks and text are in malloc'd arrays owned by the
** struct ex and freed in ex_free; the output lives in the px_doc arena.
** The element stack is capped (MAX_STACK), so 100,000 nested tags cost
** no more than 1,000.
**
** Tuning aid: with PX_HTML_DEBUG set in the environment, every block, its
** node, hints and score, and the chosen root are printed to stderr.
*/
#include "extract/html_extract.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/charset.h"
#include "extract/html_tok.h"
#include "text/langres.h"
#include "util/date.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/str.h"

#define MAX_STACK 1024
#define END_SEARCH 256
#define MAX_LDJSON 16
#define ARENA_CAP ((size_t)512 << 20)

/* Hint bits, from tags and from class/id/role/itemprop words. */
enum {
  H_SKIP = 1 << 0,     /* not text at all (hidden, script-like) */
  H_NAV = 1 << 1,
  H_FOOTER = 1 << 2,
  H_ASIDE = 1 << 3,
  H_BOILER = 1 << 4,   /* share, related, promo, newsletter, comments... */
  H_CAPTION = 1 << 5,
  H_BYLINE = 1 << 6,
  H_HEADER = 1 << 7,
  H_POS = 1 << 8,      /* article/content/story/body words */
  H_BODY = 1 << 9,     /* itemprop=articleBody */
  H_FIGURE = 1 << 10,
  H_FORM = 1 << 11,
  H_QUOTE = 1 << 12,
  H_LINKS = 1 << 13,   /* inside a list */
  H_EMBED = 1 << 14,   /* embedded post (tweet...): content despite "social" */
  H_COMMENT = 1 << 15, /* reader comments (also H_BOILER): a feature of its own */
};
/* What kind of page the markup says it is (JSON-LD @type, og:type,
** microdata itemtype): inputs of the block scorer, which keeps a forum
** thread or a product page whole where it would trim an article. */
enum {
  PK_PRODUCT = 1 << 0,  /* Product, Offer, og:type product */
  PK_LIST = 1 << 1,     /* ItemList, CollectionPage, SearchResultsPage */
  PK_FORUM = 1 << 2,    /* DiscussionForumPosting, QAPage (not an FAQ's Question) */
};

#define H_NEG (H_NAV | H_FOOTER | H_ASIDE | H_BOILER | H_BYLINE | H_HEADER | H_FORM)

typedef struct node {
  int parent;
  px_tag tag;
  uint32_t own;        /* this element's hints */
  uint32_t inh;        /* hints between it and the chosen root (pass 2) */
  int last;            /* last descendant index */
  int depth;
  uint32_t anc;        /* own hints of it and all its ancestors */
  double score;
  long text, link, good; /* chars in subtree: all, in links, in good paras */
} node;

typedef struct blk {
  size_t off, len;
  int node;
  px_block_kind kind;
  px_tag tag;
  long link;
  uint32_t hints;      /* inline hints (spans) */
  int cont;            /* container its paragraph score flows to */
} blk;

typedef struct sframe {
  px_tag tag;
  px_str name;
  int node;            /* innermost node at or above this element */
  uint32_t inline_h;   /* inline hint bits in effect */
  bool link, skip;
} sframe;

/* Class names repeat all over a page: a small direct-mapped cache keyed
** by a 64-bit hash of the value saves re-matching the vocabulary. */
/* Per first byte, the range of hint_words entries starting with it. */
typedef struct hint_index {
  unsigned char lo[256], hi[256];
  uint8_t pair[65536 / 8];  /* bit per (first, second) byte of any word */
} hint_index;
#define HINT_CACHE 1024
typedef struct hint_cache {
  uint64_t key[HINT_CACHE];
  uint32_t val[HINT_CACHE];
  struct hint_index index;
} hint_cache;

typedef struct ex {
  const char *src;
  size_t srclen;
  px_buf text;          /* all block text, NUL-free */
  px_buf tmp;
  node *nodes;
  size_t nnodes, cap_nodes;
  blk *blocks;
  size_t nblocks, cap_blocks;
  sframe stack[MAX_STACK];
  int depth;
  int skip;             /* open skipped elements */
  int links;            /* open <a> */
  uint32_t inline_h;
  size_t cur_off;       /* start of the block being built in text */
  long cur_link;
  bool pending_space, last_br;
  px_rc rc;
  /* metadata */
  px_str title_tag;
  bool in_title;
  px_str lang;
  px_str ld[MAX_LDJSON];
  int nld;
  bool next_is_ld;
  struct { px_str k, v; } meta[64];
  int nmeta;
  px_str canonical, time_dt;
  px_str h1;            /* offset into text via first h1 block */
  long h1_block;
  px_str first_img;
  long byline_block;
  int in_time;
  double best_score;    /* the chosen container's score */
  bool is_article;      /* og:type article or a JSON-LD article type */
  uint32_t page_kind;   /* PK_* bits */
  bool noscript_open;   /* read <noscript> as markup (the no-script page) */
  bool hidden_open;     /* read elements with the hidden attribute */
  size_t noscript_len;  /* bytes of raw <noscript> text seen */
  size_t skipped_len;   /* bytes of text under skipped elements */
  px_buf ldbody;        /* JSON-LD articleBody, white space collapsed */
  double item_share;    /* share of the page's text in list items */
  int froot;            /* pass 3: the chosen container, its first and */
  long ffirst, flast;   /* last block (-1: none) */
  hint_cache hcache;
} ex;

/* ---- small helpers ------------------------------------------------- */

static bool is_block_tag(px_tag t) {
  switch (t) {
  case PX_TAG_ADDRESS: case PX_TAG_ARTICLE: case PX_TAG_ASIDE:
  case PX_TAG_BLOCKQUOTE: case PX_TAG_BODY: case PX_TAG_CAPTION:
  case PX_TAG_CENTER: case PX_TAG_DD: case PX_TAG_DETAILS:
  case PX_TAG_DIALOG: case PX_TAG_DIV: case PX_TAG_DL: case PX_TAG_DT:
  case PX_TAG_FIELDSET: case PX_TAG_FIGCAPTION: case PX_TAG_FIGURE:
  case PX_TAG_FOOTER: case PX_TAG_FORM: case PX_TAG_H1: case PX_TAG_H2:
  case PX_TAG_H3: case PX_TAG_H4: case PX_TAG_H5: case PX_TAG_H6:
  case PX_TAG_HEADER: case PX_TAG_HR: case PX_TAG_HTML: case PX_TAG_LEGEND:
  case PX_TAG_LI: case PX_TAG_MAIN: case PX_TAG_MENU: case PX_TAG_NAV:
  case PX_TAG_OL: case PX_TAG_P: case PX_TAG_PRE: case PX_TAG_SECTION:
  case PX_TAG_SUMMARY: case PX_TAG_TABLE: case PX_TAG_TBODY: case PX_TAG_TD:
  case PX_TAG_TH: case PX_TAG_THEAD: case PX_TAG_TR: case PX_TAG_UL:
  case PX_TAG_OPTION: case PX_TAG_SELECT:
    return true;
  default:
    return false;
  }
}

static bool is_void_tag(px_tag t, px_str name) {
  switch (t) {
  case PX_TAG_BR: case PX_TAG_EMBED: case PX_TAG_HR: case PX_TAG_IMG:
  case PX_TAG_INPUT: case PX_TAG_LINK: case PX_TAG_META: case PX_TAG_SOURCE:
  case PX_TAG_WBR:
    return true;
  case PX_TAG_OTHER:
    return px_str_ieq_cstr(name, "area") || px_str_ieq_cstr(name, "base") ||
           px_str_ieq_cstr(name, "col") || px_str_ieq_cstr(name, "param") ||
           px_str_ieq_cstr(name, "track") || px_str_ieq_cstr(name, "keygen");
  default:
    return false;
  }
}

static bool is_heading(px_tag t) { return t >= PX_TAG_H1 && t <= PX_TAG_H6; }

/* Tags whose whole subtree is never article text. */
static bool is_skip_tag(px_tag t, px_str name) {
  switch (t) {
  case PX_TAG_SCRIPT: case PX_TAG_STYLE: case PX_TAG_NOSCRIPT:
  case PX_TAG_TEMPLATE: case PX_TAG_SVG: case PX_TAG_MATH:
  case PX_TAG_SELECT: case PX_TAG_BUTTON: case PX_TAG_IFRAME:
  case PX_TAG_TEXTAREA: case PX_TAG_OBJECT: case PX_TAG_CANVAS:
  case PX_TAG_VIDEO: case PX_TAG_AUDIO: case PX_TAG_HEAD: case PX_TAG_TITLE:
  case PX_TAG_NOEMBED: case PX_TAG_NOFRAMES: case PX_TAG_DIALOG:
    return true;
  case PX_TAG_OTHER:
    return px_str_ieq_cstr(name, "map") || px_str_ieq_cstr(name, "datalist");
  default:
    return false;
  }
}

/* Class/id vocabulary: generic web words, matched inside a word
** (sub) or as the whole word. Sorted by first letter: word_hints only
** tries the entries for the letter at hand. */
static const struct hint_word {
  const char *w;
  unsigned char len;
  bool sub;
  uint32_t h;
} hint_words[] = {
#define SUB(s, h) {s, sizeof(s) - 1, true, h}
#define WORD(s, h) {s, sizeof(s) - 1, false, h}
  WORD("ad", H_BOILER), WORD("ads", H_BOILER), SUB("advert", H_BOILER),
  SUB("alert", H_BOILER), WORD("article", H_POS), SUB("articlebody", H_POS),
  SUB("articletext", H_POS), WORD("aside", H_ASIDE),
  WORD("author", H_BYLINE), SUB("authorbio", H_BOILER),
  SUB("authorname", H_BYLINE), SUB("banner", H_BOILER),
  WORD("bio", H_BOILER), WORD("body", H_POS), SUB("breadcrumb", H_NAV),
  SUB("byline", H_BYLINE), SUB("caption", H_CAPTION),
  SUB("carousel", H_BOILER), SUB("comment", H_BOILER | H_COMMENT),
  SUB("consent", H_BOILER), WORD("content", H_POS), SUB("cookie", H_BOILER),
  SUB("copyright", H_FOOTER), WORD("credit", H_CAPTION),
  WORD("date", H_BYLINE), WORD("dateline", H_BYLINE),
  SUB("disclaimer", H_BOILER), SUB("disqus", H_BOILER | H_COMMENT),
  SUB("donate", H_BOILER), SUB("embed", H_EMBED), SUB("entry", H_POS),
  SUB("feedback", H_BOILER), SUB("follow", H_BOILER), WORD("foot", H_FOOTER),
  SUB("footer", H_FOOTER), WORD("hidden", H_BOILER),
  SUB("imagecredit", H_CAPTION), SUB("login", H_BOILER), WORD("main", H_POS),
  SUB("masthead", H_NAV), SUB("menu", H_NAV), WORD("meta", H_BYLINE),
  SUB("modal", H_BOILER), SUB("moreon", H_BOILER),
  SUB("morestories", H_BOILER), WORD("nav", H_NAV), SUB("navbar", H_NAV),
  SUB("navigation", H_NAV), SUB("newsletter", H_BOILER),
  SUB("outbrain", H_BOILER), WORD("overlay", H_BOILER),
  SUB("pagination", H_NAV), SUB("paywall", H_BOILER),
  SUB("photocredit", H_CAPTION), SUB("playlist", H_BOILER),
  SUB("popular", H_BOILER), SUB("popup", H_BOILER), WORD("post", H_POS),
  SUB("postbody", H_POS), SUB("print", H_BOILER), SUB("promo", H_BOILER),
  WORD("prose", H_POS), WORD("published", H_BYLINE), WORD("rail", H_ASIDE),
  SUB("rating", H_BOILER), SUB("readmore", H_BOILER),
  SUB("recommend", H_BOILER), SUB("related", H_BOILER),
  SUB("screenreader", H_BOILER), SUB("share", H_BOILER),
  SUB("sidebar", H_ASIDE), SUB("signup", H_BOILER), SUB("skiplink", H_NAV),
  SUB("social", H_BOILER), SUB("sponsor", H_BOILER), SUB("sronly", H_BOILER),
  WORD("story", H_POS), SUB("storybody", H_POS), SUB("storytext", H_POS),
  SUB("subscri", H_BOILER), SUB("taboola", H_BOILER), WORD("tag", H_BOILER),
  SUB("taglist", H_BOILER), WORD("tags", H_BOILER), SUB("teaser", H_BOILER),
  WORD("text", H_POS), WORD("timestamp", H_BYLINE), SUB("toolbar", H_BOILER),
  SUB("tooltip", H_BOILER), WORD("topbar", H_NAV), SUB("trending", H_BOILER),
  SUB("tweet", H_EMBED), SUB("visuallyhidden", H_BOILER),
  SUB("widget", H_ASIDE),
#undef SUB
#undef WORD
};

#define NHINT_WORDS (sizeof hint_words / sizeof hint_words[0])


static void hint_index_init(hint_index *x) {
  memset(x, 0, sizeof *x);
  for (size_t i = NHINT_WORDS; i-- > 0;) {
    unsigned char c = (unsigned char)hint_words[i].w[0];
    if (x->hi[c] == 0) x->hi[c] = (unsigned char)(i + 1);
    x->lo[c] = (unsigned char)i;
    unsigned pr = (unsigned)c << 8 | (unsigned char)hint_words[i].w[1];
    x->pair[pr >> 3] |= (uint8_t)(1u << (pr & 7));
  }
}

/* Hints of one class/id word (lower-cased). */
static uint32_t word_hints(const hint_index *x, const char *w, size_t n) {
  uint32_t h = 0;
  if (n < 2) return 0;
  for (size_t j = 0; j + 2 <= n; j++) {
    unsigned char c = (unsigned char)w[j];
    unsigned pr = (unsigned)c << 8 | (unsigned char)w[j + 1];
    if (!(x->pair[pr >> 3] & (1u << (pr & 7)))) continue;
    for (size_t i = x->lo[c]; i < x->hi[c]; i++) {
      const struct hint_word *hw = &hint_words[i];
      if (hw->len > n - j || (h & hw->h) == hw->h) continue;
      if (!hw->sub && (j != 0 || hw->len != n)) continue;
      if (w[j + 1] != hw->w[1]) continue;
      if (memcmp(w + j + 2, hw->w + 2, hw->len - 2u) == 0) h |= hw->h;
    }
  }
  return h;
}

/* Hints from a class or id value: words split at non-alphanumerics, and
** the whole value with separators removed ("share-bar" -> "sharebar"). */
static uint32_t value_hints_raw(const hint_index *x, px_str v) {
  uint32_t h = 0;
  char w[64], whole[64];
  size_t n = 0, wn = 0, nwords = 0, digits = 0;
  for (size_t i = 0; i <= v.len; i++) {
    unsigned char c = i < v.len ? (unsigned char)v.p[i] : ' ';
    if (px_isalnum(c)) {
      if (n < sizeof w) w[n++] = (char)px_tolower(c);
      if (wn < sizeof whole) whole[wn++] = (char)px_tolower(c);
      digits += px_isdigit(c);
      continue;
    }
    /* Generated ids ("JKG3XFUH5...") name nothing: skip long words with
    ** several digits. */
    if (n > 0 && n < sizeof w && !(n >= 10 && digits >= 2)) {
      h |= word_hints(x, w, n);
      nwords++;
    }
    n = 0;
    digits = 0;
    if (px_isspace(c)) {
      /* "side-bar" -> "sidebar": only worth it for multi-word parts. */
      if (nwords > 1 && wn < sizeof whole) h |= word_hints(x, whole, wn) & ~H_POS;
      wn = 0;
      nwords = 0;
    }
  }
  if (h & H_EMBED) h &= ~(uint32_t)(H_BOILER | H_COMMENT);
  return h;
}

static uint32_t value_hints(hint_cache *c, px_str v) {
  if (v.len == 0) return 0;
  uint64_t k = px_hash64(v.p, v.len, v.len) | 1;
  size_t slot = (size_t)(k >> 32) % HINT_CACHE;
  if (c->key[slot] == k) return c->val[slot];
  uint32_t h = value_hints_raw(&c->index, v);
  c->key[slot] = k;
  c->val[slot] = h;
  return h;
}

/* PK_* bits of a schema.org type name (also the tail of an itemtype
** URL). */
static uint32_t schema_kind(const char *t, size_t n) {
  static const struct { const char *name; uint32_t kind; } kinds[] = {
    {"Product", PK_PRODUCT}, {"ProductGroup", PK_PRODUCT}, {"Offer", PK_PRODUCT},
    {"AggregateOffer", PK_PRODUCT}, {"IndividualProduct", PK_PRODUCT},
    {"ItemList", PK_LIST}, {"CollectionPage", PK_LIST}, {"SearchResultsPage", PK_LIST},
    {"OfferCatalog", PK_LIST}, {"DiscussionForumPosting", PK_FORUM},
    {"QAPage", PK_FORUM},
  };
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
    if (strlen(kinds[k].name) == n && memcmp(kinds[k].name, t, n) == 0) return kinds[k].kind;
  return 0;
}

static uint32_t tag_hints(hint_cache *cache, const px_htok *tok, bool hidden_open,
                          uint32_t *page_kind) {
  uint32_t h = 0;
  switch (tok->tag) {
  case PX_TAG_NAV: case PX_TAG_MENU: h |= H_NAV; break;
  case PX_TAG_FOOTER: h |= H_FOOTER; break;
  case PX_TAG_ASIDE: h |= H_ASIDE; break;
  case PX_TAG_HEADER: h |= H_HEADER; break;
  case PX_TAG_FIGCAPTION: h |= H_CAPTION; break;
  case PX_TAG_FIGURE: h |= H_FIGURE; break;
  case PX_TAG_FORM: h |= H_FORM; break;
  case PX_TAG_BLOCKQUOTE: h |= H_QUOTE; break;
  case PX_TAG_ADDRESS: h |= H_BYLINE; break;
  case PX_TAG_ARTICLE: case PX_TAG_MAIN: h |= H_POS; break;
  case PX_TAG_UL: case PX_TAG_OL: h |= H_LINKS; break;
  default: break;
  }
  bool wrapper = tok->tag == PX_TAG_HTML || tok->tag == PX_TAG_BODY ||
                 tok->tag == PX_TAG_MAIN || tok->tag == PX_TAG_ARTICLE;
  for (size_t i = 0; i < tok->nattrs; i++) {
    const px_hattr *a = &tok->attrs[i];
    px_str n = a->name;
    /* Most attributes are none of ours: reject on length and first
    ** letter before comparing names. */
    if (n.len < 2 || n.len > 11) continue;
    int c0 = px_tolower((unsigned char)n.p[0]);
    if (c0 != 'h' && c0 != 'c' && c0 != 'i' && c0 != 'r' && c0 != 's' && c0 != 'a')
      continue;
    if (px_str_ieq_cstr(n, "hidden")) {
      if (!hidden_open) h |= H_SKIP;
    } else if (px_str_ieq_cstr(n, "class") || px_str_ieq_cstr(n, "id")) {
      uint32_t vh = value_hints(cache, a->value);
      if (wrapper) vh &= H_POS;
      h |= vh;
    } else if (px_str_ieq_cstr(n, "role")) {
      px_str v = px_str_trim(a->value);
      if (px_str_ieq_cstr(v, "navigation") || px_str_ieq_cstr(v, "menu") ||
          px_str_ieq_cstr(v, "menubar"))
        h |= H_NAV;
      else if (px_str_ieq_cstr(v, "contentinfo")) h |= H_FOOTER;
      else if (px_str_ieq_cstr(v, "complementary")) h |= H_ASIDE;
      else if (px_str_ieq_cstr(v, "banner")) h |= H_HEADER;
      else if (px_str_ieq_cstr(v, "dialog") || px_str_ieq_cstr(v, "alert") ||
               px_str_ieq_cstr(v, "alertdialog"))
        h |= H_BOILER;
    } else if (px_str_ieq_cstr(n, "itemprop")) {
      px_str v = px_str_trim(a->value);
      if (px_str_ieq_cstr(v, "articleBody") || px_str_ieq_cstr(v, "text"))
        h |= H_BODY;
      else if (px_str_ieq_cstr(v, "author") || px_str_ieq_cstr(v, "datePublished"))
        h |= H_BYLINE;
    } else if (px_str_ieq_cstr(n, "style")) {
      px_str v = a->value;
      char c[24];
      size_t k = 0;
      /* "display:none" with any spacing and case. */
      for (size_t j = 0; j < v.len; j++) {
        unsigned char ch = (unsigned char)v.p[j];
        if (px_isspace(ch)) continue;
        if (k < sizeof c) c[k++] = (char)px_tolower(ch);
        if (ch == ';') k = 0;
        if (k == 12 && memcmp(c, "display:none", 12) == 0) h |= H_SKIP;
        if (k == 17 && memcmp(c, "visibility:hidden", 17) == 0) h |= H_SKIP;
      }
    } else if (px_str_ieq_cstr(n, "itemtype")) {
      /* "https://schema.org/Product": the name after the last slash. */
      px_str v = px_str_trim(a->value);
      size_t j = v.len;
      while (j > 0 && v.p[j - 1] != '/') j--;
      *page_kind |= schema_kind(v.p + j, v.len - j);
    } else if (px_str_ieq_cstr(n, "aria-hidden")) {
      if (px_str_ieq_cstr(px_str_trim(a->value), "true")) h |= H_SKIP;
    }
  }
  if (wrapper) h &= ~(uint32_t)H_SKIP;
  return h;
}

/* ---- pass 1: segmentation ------------------------------------------ */

static int add_node(ex *e, int parent, px_tag tag, uint32_t own) {
  if (e->nnodes == e->cap_nodes) {
    size_t nc = e->cap_nodes ? e->cap_nodes * 2 : 256;
    node *nn = realloc(e->nodes, nc * sizeof *nn);
    if (!nn) {
      e->rc = PX_ENOMEM;
      return parent;
    }
    e->nodes = nn;
    e->cap_nodes = nc;
  }
  node *n = &e->nodes[e->nnodes];
  memset(n, 0, sizeof *n);
  n->parent = parent;
  n->tag = tag;
  n->own = own;
  return (int)e->nnodes++;
}

static int cur_node(const ex *e) {
  return e->depth > 0 ? e->stack[e->depth - 1].node : 0;
}

/* Ends the block being built; records it when it holds text. */
static void flush(ex *e) {
  size_t len = e->text.len - e->cur_off;
  if (len > 0 && e->text.data[e->text.len - 1] == ' ') len--;
  if (len > 0 && e->rc == PX_OK) {
    if (e->nblocks == e->cap_blocks) {
      size_t nc = e->cap_blocks ? e->cap_blocks * 2 : 256;
      blk *nb = realloc(e->blocks, nc * sizeof *nb);
      if (!nb) {
        e->rc = PX_ENOMEM;
        return;
      }
      e->blocks = nb;
      e->cap_blocks = nc;
    }
    blk *b = &e->blocks[e->nblocks++];
    b->off = e->cur_off;
    b->len = len;
    b->node = cur_node(e);
    b->link = e->cur_link;
    b->hints = e->inline_h;
    /* Kind from the innermost block element. */
    b->tag = PX_TAG_OTHER;
    b->kind = PX_BLOCK_PARA;
    for (int i = e->depth - 1; i >= 0; i--) {
      px_tag t = e->stack[i].tag;
      if (!is_block_tag(t)) continue;
      if (b->tag == PX_TAG_OTHER) b->tag = t;
      if (is_heading(t)) {
        b->kind = PX_BLOCK_HEADING;
        break;
      }
      if (t == PX_TAG_LI || t == PX_TAG_DD || t == PX_TAG_DT) {
        b->kind = PX_BLOCK_LIST_ITEM;
        break;
      }
      if (t == PX_TAG_BLOCKQUOTE) {
        b->kind = PX_BLOCK_QUOTE;
        break;
      }
      if (t == PX_TAG_FIGCAPTION) {
        b->kind = PX_BLOCK_CAPTION;
        break;
      }
      if (t == PX_TAG_P || t == PX_TAG_PRE) continue;
      if (b->tag != PX_TAG_OTHER && i < e->depth - 3) break;
    }
    if (b->tag == PX_TAG_H1 && e->h1_block < 0) e->h1_block = (long)e->nblocks - 1;
  }
  e->text.len = e->cur_off + len;
  if (e->text.data) e->text.data[e->text.len] = 0;
  e->cur_off = e->text.len;
  e->cur_link = 0;
  e->pending_space = false;
}

/* Appends text with white space collapsed; decodes references. */
/* Does any of the eight bytes in w lie below 0x21 (space, controls)?
** High bytes (UTF-8) never count. */
static inline bool has_low_byte(uint64_t w) {
  return ((w - 0x2121212121212121ull) & ~w & 0x8080808080808080ull) != 0;
}

/* Appends text with white space collapsed and C0 controls dropped;
** decodes references. Runs of ordinary bytes are copied eight at a time. */
static void add_text(ex *e, const char *s, size_t n, bool decode) {
  if (e->skip > 0) {
    e->skipped_len += px_str_trim(px_str_make(s, n)).len;
    return;
  }
  if (e->rc != PX_OK) return;
  if (decode && (memchr(s, '&', n) || memchr(s, 0, n))) {
    e->tmp.len = 0;
    if ((e->rc = px_html_decode(s, n, false, &e->tmp)) != PX_OK) return;
    s = e->tmp.data;
    n = e->tmp.len;
  }
  if ((e->rc = px_buf_reserve(&e->text, n + 1)) != PX_OK) return;
  char *o = e->text.data + e->text.len, *o0 = o;
  bool sp = e->pending_space;
  bool empty = e->text.len == e->cur_off;
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c <= ' ') {
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0)
        sp = true;
      i++;
      continue;
    }
    if (sp && !empty) *o++ = ' ';
    sp = false;
    empty = false;
    size_t j = i + 1;
    while (j + 8 <= n) {
      uint64_t w;
      memcpy(&w, s + j, 8);
      if (has_low_byte(w)) break;
      j += 8;
    }
    while (j < n && (unsigned char)s[j] > ' ') j++;
    memcpy(o, s + i, j - i);
    o += j - i;
    i = j;
  }
  long added = (long)(o - o0);
  e->pending_space = sp;
  e->text.len = (size_t)(o - e->text.data);
  e->text.data[e->text.len] = 0;
  if (e->links > 0) e->cur_link += added;
  if (added > 0) e->last_br = false;
}

static void pop_to(ex *e, int idx) {
  /* Pops stack[idx..] (closing those elements). */
  bool was_block = false;
  for (int i = e->depth - 1; i >= idx; i--) {
    sframe *f = &e->stack[i];
    if (f->skip) e->skip--;
    if (f->link) e->links--;
    if (is_block_tag(f->tag) || (i > 0 && f->node != e->stack[i - 1].node) ||
        f->tag == PX_TAG_TD || f->tag == PX_TAG_TH)
      was_block = true;
  }
  if (was_block) flush(e);
  e->depth = idx;
  e->inline_h = idx > 0 ? e->stack[idx - 1].inline_h : 0;
}

/* Index of the innermost open element with this tag, not looking past
** any of the boundary tags; -1 when none. */
static int find_open(const ex *e, px_tag t, px_str name, const px_tag *bounds) {
  int stop = e->depth - END_SEARCH;
  if (stop < 0) stop = 0;
  for (int i = e->depth - 1; i >= stop; i--) {
    const sframe *f = &e->stack[i];
    if (f->tag == t &&
        (t != PX_TAG_OTHER || (f->name.len == name.len &&
                               strncasecmp(f->name.p, name.p, name.len) == 0)))
      return i;
    for (const px_tag *b = bounds; b && *b; b++)
      if (f->tag == *b) return -1;
  }
  return -1;
}

static void close_implied(ex *e, px_tag t) {
  static const px_tag list_b[] = {PX_TAG_UL, PX_TAG_OL, PX_TAG_MENU,
                                  PX_TAG_TABLE, PX_TAG_DIV, 0};
  static const px_tag cell_b[] = {PX_TAG_TABLE, 0};
  static const px_tag p_b[] = {PX_TAG_TABLE, PX_TAG_BUTTON, PX_TAG_TD,
                               PX_TAG_TH, PX_TAG_LI, PX_TAG_BLOCKQUOTE,
                               PX_TAG_DIV, PX_TAG_SECTION, PX_TAG_ARTICLE, 0};
  px_str none = {"", 0};
  int i = -1;
  if (t == PX_TAG_LI) i = find_open(e, PX_TAG_LI, none, list_b);
  else if (t == PX_TAG_DD || t == PX_TAG_DT) {
    i = find_open(e, PX_TAG_DD, none, list_b);
    int j = find_open(e, PX_TAG_DT, none, list_b);
    if (j > i) i = j;
  } else if (t == PX_TAG_TR) {
    i = find_open(e, PX_TAG_TR, none, cell_b);
  } else if (t == PX_TAG_TD || t == PX_TAG_TH) {
    i = find_open(e, PX_TAG_TD, none, cell_b);
    int j = find_open(e, PX_TAG_TH, none, cell_b);
    if (j > i) i = j;
  } else if (t == PX_TAG_OPTION) {
    i = find_open(e, PX_TAG_OPTION, none, NULL);
  }
  if (i >= 0) pop_to(e, i);
  if (is_block_tag(t) && t != PX_TAG_LI) {
    int j = find_open(e, PX_TAG_P, none, p_b);
    if (j >= 0) pop_to(e, j);
  }
  if (is_heading(t) && e->depth > 0 && is_heading(e->stack[e->depth - 1].tag))
    pop_to(e, e->depth - 1);
}

static void add_meta(ex *e, px_str k, px_str v) {
  if (e->nmeta < (int)(sizeof e->meta / sizeof e->meta[0])) {
    e->meta[e->nmeta].k = px_str_trim(k);
    e->meta[e->nmeta].v = v;
    e->nmeta++;
  }
}

static void on_start(ex *e, const px_htok *tok) {
  px_tag t = tok->tag;
  /* Metadata wherever it appears. */
  if (t == PX_TAG_META) {
    const px_hattr *c = px_htok_attr(tok, "content");
    const px_hattr *k = px_htok_attr(tok, "property");
    if (!k) k = px_htok_attr(tok, "name");
    if (!k) k = px_htok_attr(tok, "itemprop");
    if (!k) k = px_htok_attr(tok, "http-equiv");
    if (c && k) add_meta(e, k->value, c->value);
    if (!c || !k) {
      const px_hattr *ip = px_htok_attr(tok, "itemprop");
      (void)ip;
    }
    return;
  }
  if (t == PX_TAG_LINK) {
    const px_hattr *rel = px_htok_attr(tok, "rel");
    const px_hattr *href = px_htok_attr(tok, "href");
    if (rel && href && px_str_ieq_cstr(px_str_trim(rel->value), "canonical") &&
        e->canonical.len == 0)
      e->canonical = href->value;
    return;
  }
  if (t == PX_TAG_HTML) {
    const px_hattr *l = px_htok_attr(tok, "lang");
    if (!l) l = px_htok_attr(tok, "xml:lang");
    if (l && e->lang.len == 0) e->lang = l->value;
  }
  if (t == PX_TAG_SCRIPT) {
    const px_hattr *ty = px_htok_attr(tok, "type");
    e->next_is_ld = ty && px_str_ifind(ty->value, "ld+json") >= 0;
  }
  if (t == PX_TAG_TITLE && e->title_tag.len == 0 && !e->in_title) {
    e->in_title = true;
  }
  if (t == PX_TAG_TIME) {
    const px_hattr *dt = px_htok_attr(tok, "datetime");
    if (dt && e->time_dt.len == 0) e->time_dt = dt->value;
  }
  if (t == PX_TAG_IMG && e->first_img.len == 0 && e->skip == 0) {
    const px_hattr *s = px_htok_attr(tok, "src");
    if (s && s->value.len > 0 && !px_str_istarts(s->value, "data:"))
      e->first_img = s->value;
  }
  if (t == PX_TAG_BR) {
    if (e->last_br) flush(e);
    else e->pending_space = true;
    e->last_br = true;
    return;
  }
  if (t == PX_TAG_HR) {
    flush(e);
    return;
  }
  if (is_void_tag(t, tok->name)) {
    if (t == PX_TAG_IMG || t == PX_TAG_INPUT) e->pending_space = true;
    return;
  }
  if (e->skip > 0 && tok->self_closing) return;
  close_implied(e, t);
  uint32_t h = tag_hints(&e->hcache, tok, e->hidden_open, &e->page_kind);
  bool block = is_block_tag(t);
  if (block) flush(e);
  if (e->depth >= MAX_STACK) return;
  sframe *f = &e->stack[e->depth];
  f->tag = t;
  f->name = tok->name;
  f->link = t == PX_TAG_A;
  f->skip = (is_skip_tag(t, tok->name) && !(t == PX_TAG_NOSCRIPT && e->noscript_open)) ||
            (h & H_SKIP);
  f->node = cur_node(e);
  f->inline_h = e->inline_h;
  /* Inline elements become nodes (and cut the text) only when hinted as
  ** something to drop or set apart; a link or span named "content" stays
  ** part of its sentence. */
  uint32_t nh = block ? h : h & (uint32_t)(H_NEG | H_CAPTION | H_FIGURE);
  if (e->skip == 0 && (block || nh)) {
    if (!block) flush(e);
    f->node = add_node(e, cur_node(e), t, h);
  }
  if (f->link) e->links++;
  if (f->skip) e->skip++;
  e->depth++;
  e->last_br = false;
}

static void on_end(ex *e, const px_htok *tok) {
  px_tag t = tok->tag;
  if (t == PX_TAG_BR) {
    if (e->last_br) flush(e);
    e->last_br = true;
    return;
  }
  if (t == PX_TAG_TITLE) e->in_title = false;
  if (t == PX_TAG_P) {
    static const px_tag p_b[] = {PX_TAG_TABLE, PX_TAG_BUTTON, PX_TAG_TD,
                                 PX_TAG_TH, PX_TAG_LI, PX_TAG_BLOCKQUOTE,
                                 PX_TAG_DIV, PX_TAG_SECTION, PX_TAG_ARTICLE, 0};
    int i = find_open(e, PX_TAG_P, tok->name, p_b);
    if (i >= 0) pop_to(e, i);
    else flush(e);
    return;
  }
  int i = find_open(e, t, tok->name, NULL);
  if (i >= 0) pop_to(e, i);
  else if (is_block_tag(t)) flush(e);
}

static void segment(ex *e, const char *html, size_t len) {
  px_htokenizer tz;
  px_htok tok;
  px_htok_init(&tz, html, len);
  /* Node 0 is the document. */
  add_node(e, -1, PX_TAG_OTHER, 0);
  while (e->rc == PX_OK && px_htok_next(&tz, &tok)) {
    switch (tok.type) {
    case PX_HTOK_TEXT:
      if (tok.raw) {
        if (e->depth > 0 && e->stack[e->depth - 1].tag == PX_TAG_NOSCRIPT)
          e->noscript_len += tok.text.len;
        if (e->next_is_ld && e->nld < MAX_LDJSON) e->ld[e->nld++] = tok.text;
        e->next_is_ld = false;
        break;
      }
      if (e->in_title) {
        if (e->title_tag.len == 0) e->title_tag = tok.text;
        break;
      }
      add_text(e, tok.text.p, tok.text.len, true);
      break;
    case PX_HTOK_START:
      on_start(e, &tok);
      if (tok.tag == PX_TAG_NOSCRIPT && e->noscript_open && !tok.self_closing)
        px_htok_set_data(&tz);
      break;
    case PX_HTOK_END: on_end(e, &tok); break;
    case PX_HTOK_CDATA: break;
    default: break;
    }
  }
  pop_to(e, 0);
  flush(e);
  px_htok_reset(&tz);
}

/* A page whose text is all in <noscript> (a script-rendered page with a
** no-script copy for crawlers: forum threads, some shops) is read again
** with <noscript> as markup. Other pages keep it skipped: there it holds
** tracking pixels and "please enable JavaScript". Likewise a page whose
** text is mostly under hidden elements (streamed server rendering puts
** the whole page in a hidden <div> a script moves into place) is read
** again with the hidden attribute ignored; elsewhere hidden stays out. */
#define NOSCRIPT_MIN 1000
#define NOSCRIPT_TEXT_MAX 500
#define HIDDEN_MIN 1000
#define HIDDEN_RATIO 4

static ex *ex_new(const char *src, size_t len);
static void ex_free(ex *e);

/* Pass 1 over the page into *pe, again with <noscript> read when the
** first reading found text only there. *pe may be replaced (NULL when
** out of memory). */
static void segment_page(ex **pe, const char *html, size_t len) {
  ex *e = *pe;
  segment(e, html, len);
  if (e->rc != PX_OK) return;
  bool ns = e->noscript_len >= NOSCRIPT_MIN && e->text.len <= NOSCRIPT_TEXT_MAX;
  bool hid = e->skipped_len >= HIDDEN_MIN && e->skipped_len > HIDDEN_RATIO * e->text.len;
  if (getenv("PX_HTML_DEBUG"))
    fprintf(stderr, "text=%zu noscript=%zu skipped=%zu\n", e->text.len, e->noscript_len,
            e->skipped_len);
  if (!ns && !hid) return;
  ex_free(e);
  *pe = e = ex_new(html, len);
  if (!e) return;
  e->noscript_open = ns;
  e->hidden_open = hid;
  segment(e, html, len);
}

/* ---- pass 2: choosing the article ---------------------------------- */

static long count_commas(const char *s, size_t n) {
  long c = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] == ',') c++;
  return c;
}

static bool is_para_node(px_tag t) {
  return t == PX_TAG_P || t == PX_TAG_PRE || t == PX_TAG_LI ||
         t == PX_TAG_TD || t == PX_TAG_DD || t == PX_TAG_BLOCKQUOTE ||
         is_heading(t) || t == PX_TAG_OTHER || t == PX_TAG_SPAN ||
         t == PX_TAG_A || t == PX_TAG_B;
}

static bool sentence_end(const char *s, size_t n) {
  while (n > 0 && (s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ')'))
    n--;
  if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
      ((unsigned char)s[n - 1] == 0x9D || (unsigned char)s[n - 1] == 0x99))
    n -= 3;
  if (n == 0) return false;
  char c = s[n - 1];
  return c == '.' || c == '!' || c == '?' || c == ':';
}

/* The container a block's paragraph score flows to: up through
** paragraph-like elements to the first real container. */
static int block_container(const ex *e, int c) {
  while (c > 0 && is_para_node(e->nodes[c].tag) && e->nodes[c].parent >= 0 &&
         !(e->nodes[c].own & (H_BODY | H_POS)))
    c = e->nodes[c].parent;
  return c;
}

static int choose_root(ex *e) {
  size_t nn = e->nnodes;
  for (size_t i = 0; i < nn; i++) e->nodes[i].last = (int)i;
  /* Parents come before their children: one forward pass gives depth
  ** and the hints of the whole ancestry. */
  for (size_t i = 1; i < nn; i++) {
    node *n = &e->nodes[i];
    n->depth = e->nodes[n->parent].depth + 1;
    n->anc = n->own | e->nodes[n->parent].anc;
  }
  for (size_t b = 0; b < e->nblocks; b++)
    e->blocks[b].cont = block_container(e, e->blocks[b].node);
  for (size_t b = 0; b < e->nblocks; b++) {
    blk *k = &e->blocks[b];
    node *n = &e->nodes[k->node];
    n->text += (long)k->len;
    n->link += k->link;
    const char *s = e->text.data + k->off;
    double ld = k->len ? (double)k->link / (double)k->len : 0;
    if (k->len < 25 || ld > 0.5 || k->kind == PX_BLOCK_CAPTION ||
        k->kind == PX_BLOCK_HEADING)
      continue;
    double sc = 1.0 + (double)count_commas(s, k->len) +
                (k->len / 100 < 3 ? (double)(k->len / 100) : 3.0);
    if (sentence_end(s, k->len)) sc += 1.0;
    sc *= 1.0 - ld;
    n->good += (long)k->len;
    /* Paragraph-like elements pass their score to the containers. */
    int c = k->cont;
    double div = 1.0;
    for (int lvl = 0; c > 0 && lvl < 3; lvl++) {
      e->nodes[c].score += sc / div;
      div = lvl == 0 ? 2.0 : div * 3.0;
      c = e->nodes[c].parent;
    }
  }
  for (size_t i = nn; i-- > 1;) {
    node *n = &e->nodes[i];
    node *p = &e->nodes[n->parent];
    p->text += n->text;
    p->link += n->link;
    p->good += n->good;
    if (n->last > p->last) p->last = n->last;
  }
  int best = 0;
  double bs = 0;
  for (size_t i = 1; i < nn; i++) {
    node *n = &e->nodes[i];
    if (n->score <= 0) continue;
    double ld = n->text ? (double)n->link / (double)n->text : 0;
    double s = n->score * (1.0 - ld);
    if (n->own & H_BODY) s *= 1.5;
    if (n->own & H_POS) s *= 1.25;
    if (n->own & (H_NEG | H_CAPTION)) s *= 0.5;
    n->score = s;
    if (s > bs) {
      bs = s;
      best = (int)i;
    }
  }
  e->best_score = bs;
  if (best == 0) return 0;
  /* Climb while the parent holds clearly more good text, so an article
  ** split into several sibling sections is taken whole; stop where the
  ** extra text would be mostly links or boilerplate. */
  for (int guard = 0; guard < 8; guard++) {
    node *n = &e->nodes[best];
    if (n->parent <= 0) break;
    node *p = &e->nodes[n->parent];
    if (p->own & (H_NEG)) break;
    long extra = p->good - n->good;
    if (extra <= 0) {
      /* Same good text: prefer the wrapper only if it adds nothing. */
      if (p->text - n->text < 200) best = n->parent;
      else break;
      continue;
    }
    if ((double)extra > 0.35 * (double)n->good) {
      double pld = p->text ? (double)p->link / (double)p->text : 0;
      if (pld < 0.25 && (double)p->good > 0.5 * (double)p->text) {
        best = n->parent;
        continue;
      }
    }
    break;
  }
  return best;
}

/* ---- metadata -------------------------------------------------------- */

/* Equal but for case, white space and punctuation ("Site Name" and
** "SITE-NAME" are one name). */
static bool same_words(const char *a, size_t an, const char *b, size_t bn) {
  size_t i = 0, j = 0;
  for (;;) {
    while (i < an && !px_isalnum((unsigned char)a[i]) && (unsigned char)a[i] < 0x80) i++;
    while (j < bn && !px_isalnum((unsigned char)b[j]) && (unsigned char)b[j] < 0x80) j++;
    if (i == an || j == bn) return i == an && j == bn;
    if (px_tolower((unsigned char)a[i]) != px_tolower((unsigned char)b[j])) return false;
    i++;
    j++;
  }
}


/* Does s hold a character reference ("&quot;", "&#39;", "&#x2019;")? */
static bool has_reference(const char *s, size_t n) {
  for (const char *p = memchr(s, '&', n); p; p = memchr(p + 1, '&', n - (size_t)(p + 1 - s))) {
    size_t k = (size_t)(p - s) + 1, j = k;
    if (j < n && s[j] == '#') j++;
    while (j < n && j - k < 32 && px_isalnum((unsigned char)s[j])) j++;
    if (j > k + 1 && j < n && s[j] == ';') return true;
    if (p + 1 >= s + n) break;
  }
  return false;
}

/* A metadata value as text: references decoded, white space collapsed.
** Publishers escape twice ("&amp;quot;" in an attribute, "&quot;" in a
** JSON-LD string, which is never HTML-decoded by browsers but is by
** their CMS): a reference left after one pass is decoded again. */
static px_rc set_decoded(ex *e, px_doc *d, const char **field, px_str v) {
  e->tmp.len = 0;
  px_rc rc = px_html_decode(v.p, v.len, true, &e->tmp);
  if (rc != PX_OK) return rc;
  if (e->tmp.len > 0 && has_reference(e->tmp.data, e->tmp.len)) {
    px_buf once = e->tmp;
    px_buf_init(&e->tmp, 0);
    rc = px_html_decode(once.data, once.len, true, &e->tmp);
    px_buf_reset(&once);
    if (rc != PX_OK) return rc;
  }
  /* Collapse white space so titles and names read on one line. */
  char *s = e->tmp.data ? e->tmp.data : (char *)"";
  size_t o = 0;
  bool sp = false;
  for (size_t i = 0; i < e->tmp.len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (px_isspace(c)) {
      sp = o > 0;
      continue;
    }
    if (sp) s[o++] = ' ';
    sp = false;
    s[o++] = (char)c;
  }
  return px_doc_set(d, field, s, o);
}

static px_str meta_get(const ex *e, const char *const *keys) {
  for (const char *const *k = keys; *k; k++)
    for (int i = 0; i < e->nmeta; i++)
      if (px_str_ieq_cstr(e->meta[i].k, *k) && px_str_trim(e->meta[i].v).len)
        return e->meta[i].v;
  return px_str_make(NULL, 0);
}

static void set_date(px_doc *d, const char **field, const char *s, size_t n) {
  px_time t;
  if (*field || !s || n == 0 || n > 200) return;
  /* d->lang, when already known, orders "04/03/2023" (util/date.h). */
  if (px_date_parse_lang(s, n, d->lang, &t) != PX_OK) return;
  char iso[40];
  px_date_format_iso(&t, iso, sizeof iso);
  px_doc_set(d, field, iso, strlen(iso));
}

static void set_json_str(ex *e, px_doc *d, const char **field, json_t *v) {
  if (*field || !v) return;
  if (json_is_string(v)) {
    px_str t = px_str_trim(px_str_make(json_string_value(v), json_string_length(v)));
    if (t.len) set_decoded(e, d, field, t);
  }
}

static uint32_t ld_kind(json_t *o) {
  json_t *t = json_object_get(o, "@type");
  uint32_t k = 0;
  size_t n = json_is_array(t) ? json_array_size(t) : 1;
  for (size_t i = 0; i < n; i++) {
    json_t *s = json_is_array(t) ? json_array_get(t, i) : t;
    if (json_is_string(s)) k |= schema_kind(json_string_value(s), json_string_length(s));
  }
  return k;
}

static bool type_is_article(json_t *o) {
  json_t *t = json_object_get(o, "@type");
  static const char *const ok[] = {
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "BackgroundNewsArticle", "BlogPosting",
    "LiveBlogPosting", "TechArticle", "ReviewNewsArticle", "Report",
    "SocialMediaPosting", "ScholarlyArticle", NULL};
  size_t n = json_is_array(t) ? json_array_size(t) : 1;
  for (size_t i = 0; i < n; i++) {
    json_t *s = json_is_array(t) ? json_array_get(t, i) : t;
    if (!json_is_string(s)) continue;
    for (size_t k = 0; ok[k]; k++)
      if (strcmp(json_string_value(s), ok[k]) == 0) return true;
  }
  return false;
}

static void ld_authors(px_doc *d, json_t *a) {
  if (!a || d->nauthors > 0) return;
  size_t n = json_is_array(a) ? json_array_size(a) : 1;
  for (size_t i = 0; i < n && i < 16; i++) {
    json_t *x = json_is_array(a) ? json_array_get(a, i) : a;
    if (json_is_object(x)) x = json_object_get(x, "name");
    if (json_is_string(x)) px_doc_add_author(d, json_string_value(x), json_string_length(x));
  }
}

static json_t *first_url(json_t *v) {
  if (json_is_array(v)) v = json_array_get(v, 0);
  if (json_is_object(v)) v = json_object_get(v, "url");
  if (json_is_array(v)) v = json_array_get(v, 0);
  return json_is_string(v) ? v : NULL;
}

static void ld_article(ex *e, px_doc *d, json_t *o) {
  set_json_str(e, d, &d->title, json_object_get(o, "headline"));
  set_json_str(e, d, &d->subtitle, json_object_get(o, "alternativeHeadline"));
  set_json_str(e, d, &d->subtitle, json_object_get(o, "description"));
  json_t *dp = json_object_get(o, "datePublished");
  if (json_is_string(dp))
    set_date(d, &d->published, json_string_value(dp), json_string_length(dp));
  json_t *dm = json_object_get(o, "dateModified");
  if (json_is_string(dm))
    set_date(d, &d->updated, json_string_value(dm), json_string_length(dm));
  ld_authors(d, json_object_get(o, "author"));
  json_t *pub = json_object_get(o, "publisher");
  if (json_is_array(pub)) pub = json_array_get(pub, 0);
  if (json_is_object(pub)) set_json_str(e, d, &d->site, json_object_get(pub, "name"));
  set_json_str(e, d, &d->image, first_url(json_object_get(o, "image")));
  set_json_str(e, d, &d->lang, json_object_get(o, "inLanguage"));
  json_t *sec = json_object_get(o, "articleSection");
  if (json_is_array(sec)) sec = json_array_get(sec, 0);
  set_json_str(e, d, &d->section, sec);
  /* The article's text as the publisher states it: a block found in it
  ** is body text (a feature of the block scorer, never the output). */
  json_t *ab = json_object_get(o, "articleBody");
  if (json_is_string(ab) && e->ldbody.len == 0) {
    const char *t = json_string_value(ab);
    size_t n = json_string_length(ab);
    if (px_buf_reserve(&e->ldbody, n + 1) == PX_OK) {
      char *w = e->ldbody.data;
      size_t k = 0;
      bool sp = false;
      for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (px_isspace(c) || c == 0) {
          sp = k > 0;
          continue;
        }
        if (sp) w[k++] = ' ';
        sp = false;
        w[k++] = (char)c;
      }
      w[k] = 0;
      e->ldbody.len = k;
    }
  }
  json_t *mp = json_object_get(o, "mainEntityOfPage");
  if (json_is_object(mp)) mp = json_object_get(mp, "@id");
  if (json_is_string(mp) && strncmp(json_string_value(mp), "http", 4) == 0)
    set_json_str(e, d, &d->canonical_url, mp);
}

static void ld_walk(ex *e, px_doc *d, json_t *v, int depth) {
  if (!v || depth > 4) return;
  if (json_is_array(v)) {
    for (size_t i = 0; i < json_array_size(v) && i < 64; i++)
      ld_walk(e, d, json_array_get(v, i), depth + 1);
    return;
  }
  if (!json_is_object(v)) return;
  e->page_kind |= ld_kind(v);
  if (type_is_article(v)) {
    e->is_article = true;
    ld_article(e, d, v);
  }
  json_t *g = json_object_get(v, "@graph");
  if (g) ld_walk(e, d, g, depth + 1);
  json_t *m = json_object_get(v, "mainEntity");
  if (m) ld_walk(e, d, m, depth + 1);
}

static void jsonld(ex *e, px_doc *d) {
  for (int i = 0; i < e->nld; i++) {
    json_error_t je;
    json_t *root = json_loadb(e->ld[i].p, e->ld[i].len, JSON_DECODE_ANY, &je);
    if (!root) continue;
    ld_walk(e, d, root, 0);
    json_decref(root);
  }
}

static const struct wire {
  const char *pat, *name;
  bool cased;  /* acronyms must match case exactly */
} wires[] = {
  {"Reuters", "Reuters", false}, {"Associated Press", "AP", false},
  {"AP", "AP", true}, {"Agence France-Presse", "AFP", false},
  {"Agence France Presse", "AFP", false}, {"AFP", "AFP", true},
  {"Bloomberg", "Bloomberg", false}, {"dpa", "dpa", true},
  {"Deutsche Presse-Agentur", "dpa", false}, {"ANI", "ANI", true},
  {"PTI", "PTI", true}, {"Press Trust of India", "PTI", false},
  {"Xinhua", "Xinhua", false}, {"EFE", "EFE", true}, {"UPI", "UPI", true},
  {"United Press International", "UPI", false}, {"IANS", "IANS", true},
  {"ANSA", "ANSA", true}, {"Kyodo", "Kyodo", false},
  {"Yonhap", "Yonhap", false}, {"TASS", "TASS", true},
  {"Anadolu", "Anadolu", false}, {"AAP", "AAP", true},
  {"Canadian Press", "Canadian Press", false}, {NULL, NULL, false},
};

/* The wire named as a whole word in s, or NULL. */
static const char *find_wire(const char *s, size_t n) {
  for (const struct wire *w = wires; w->pat; w++) {
    size_t m = strlen(w->pat);
    for (size_t i = 0; i + m <= n; i++) {
      bool eq = w->cased ? memcmp(s + i, w->pat, m) == 0
                         : strncasecmp(s + i, w->pat, m) == 0;
      if (!eq) continue;
      if (i > 0 && px_isalnum((unsigned char)s[i - 1])) continue;
      if (i + m < n && px_isalnum((unsigned char)s[i + m])) continue;
      return w->name;
    }
  }
  /* Other languages' agencies (data/lang.tsv): names of four letters or
  ** fewer exactly as credited ("dpa", "EFE", "ANP"), longer ones in any
  ** case ("Lusa", "LUSA") */
  for (const px_langres_alias *a = px_langres_agencies(); a->name; a++) {
    size_t m = strlen(a->name);
    for (size_t i = 0; i + m <= n; i++) {
      bool eq = m <= 4 ? memcmp(s + i, a->name, m) == 0 : strncasecmp(s + i, a->name, m) == 0;
      if (!eq) continue;
      if (i > 0 && px_isalnum((unsigned char)s[i - 1])) continue;
      if (i + m < n && px_isalnum((unsigned char)s[i + m])) continue;
      return a->canon;
    }
  }
  return NULL;
}

/* "(dpa)", "Hamburg (dpa)", "Sevilla, (EFE)": a short paragraph that is
** an agency credit in brackets; the agency, or NULL. */
static const char *wire_credit_line(const char *s, size_t n) {
  if (n < 3 || n > 60 || s[n - 1] != ')') return NULL;
  const char *lp = memchr(s, '(', n);
  if (!lp) return NULL;
  for (const char *q = s; q < lp; q++)
    if (*q == '.' || *q == ':' || *q == ';') return NULL;
  return find_wire(lp + 1, (size_t)(s + n - 1 - lp - 1));
}

/* "BEIJING (Reuters) -", "WASHINGTON (AP) —", "PARIS, June 3 (AFP) -". */
static void dateline(px_doc *d, const char *s, size_t n) {
  if (n > 400) n = 400;
  const char *lp = memchr(s, '(', n);
  if (!lp || lp - s > 80) return;
  const char *rp = memchr(lp, ')', n - (size_t)(lp - s));
  if (!rp || rp - lp > 40) return;
  const char *w = find_wire(lp + 1, (size_t)(rp - lp - 1));
  if (!w) return;
  const char *q = rp + 1;
  while (q < s + n && *q == ' ') q++;
  if (q + 1 < s + n && *q == '.' && q[1] == '-') q++; /* "Sevilla (EFE).- " */
  if (!(q < s + n && (*q == '-' || (unsigned char)*q == 0xE2))) return;
  if (!d->wire) px_doc_set(d, &d->wire, w, strlen(w));
  size_t k = 0;
  while (k < (size_t)(lp - s) && (px_isupper((unsigned char)s[k]) || s[k] == ' ' ||
                                  s[k] == '.' || s[k] == '-' || s[k] == '\''))
    k++;
  if (k >= 2 && !d->dateline) px_doc_set(d, &d->dateline, s, k);
}

static void url_date(px_doc *d, const char *url) {
  if (!url || d->published) return;
  size_t n = strlen(url);
  for (size_t i = 0; i + 10 <= n; i++) {
    if (url[i] != '/' || !px_isdigit((unsigned char)url[i + 1])) continue;
    const char *s = url + i + 1;
    size_t r = n - i - 1;
    /* /2023/06/19/ or /2023-06-19 or /20230619 */
    int y, m, dd;
    if (r >= 10 && px_isdigit((unsigned char)s[0]) && px_isdigit((unsigned char)s[3]) &&
        (s[4] == '/' || s[4] == '-') && px_isdigit((unsigned char)s[5]) &&
        px_isdigit((unsigned char)s[6]) && s[7] == s[4] &&
        px_isdigit((unsigned char)s[8]) && px_isdigit((unsigned char)s[9])) {
      y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
      m = (s[5] - '0') * 10 + (s[6] - '0');
      dd = (s[8] - '0') * 10 + (s[9] - '0');
    } else if (r >= 8) {
      bool digits = true;
      for (int k = 0; k < 8; k++) digits = digits && px_isdigit((unsigned char)s[k]);
      if (!digits || (r > 8 && px_isdigit((unsigned char)s[8]))) continue;
      y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
      m = (s[4] - '0') * 10 + (s[5] - '0');
      dd = (s[6] - '0') * 10 + (s[7] - '0');
    } else {
      continue;
    }
    if (y < 1990 || y > 2100 || m < 1 || m > 12 || dd < 1 || dd > 31) continue;
    char iso[16] = {0};
    iso[0] = (char)('0' + y / 1000);
    iso[1] = (char)('0' + y / 100 % 10);
    iso[2] = (char)('0' + y / 10 % 10);
    iso[3] = (char)('0' + y % 10);
    iso[4] = '-';
    iso[5] = (char)('0' + m / 10);
    iso[6] = (char)('0' + m % 10);
    iso[7] = '-';
    iso[8] = (char)('0' + dd / 10);
    iso[9] = (char)('0' + dd % 10);
    px_doc_set(d, &d->published, iso, 10);
    return;
  }
}

/* "Title | Site" -> "Title" when the site name is known or the tail is
** short. */
static void strip_site(px_doc *d) {
  if (!d->title) return;
  const char *t = d->title;
  size_t n = strlen(t);
  static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", NULL};
  for (const char *const *s = seps; *s; s++) {
    size_t sl = strlen(*s);
    for (size_t i = n; i-- > 0;) {
      if (i + sl > n || memcmp(t + i, *s, sl) != 0) continue;
      size_t tail = n - i - sl;
      if (tail > 0 && tail < 40 && i > tail) {
        if (!d->site) px_doc_set(d, &d->site, t + i + sl, tail);
        px_doc_set(d, &d->title, t, i);
        return;
      }
      break;
    }
  }
}

/* "By Jane Doe and John Roe" / "By The Associated Press": a byline line
** at the top of the body. Returns the names' start, or NULL. */
/* Length of " und " (any language's word joining two names in a
** byline, data/lang.tsv) at q, or 0. */
static size_t joiner_at(const char *q, const char *end) {
  if (*q != ' ') return 0;
  for (const char *const *w = px_langres_all(PX_LR_AND); w && *w; w++) {
    size_t m = strlen(*w);
    if ((size_t)(end - q) >= m + 2 && q[m + 1] == ' ' && strncasecmp(q + 1, *w, m) == 0)
      return m + 2;
  }
  return 0;
}

/* Two or three capitalised words up to the first ",", "|" or joiner: a
** name after another language's byline word ("Von Anna Berger", not
** "Von Miller signs"). */
static bool lang_byline_name(const char *s, size_t n) {
  const char *end = s + n, *q = s;
  while (q < end && *q != ',' && *q != '|' && *q != '(' && !(q > s && joiner_at(q, end))) q++;
  int words = 0;
  for (const char *w = s; w < q;) {
    while (w < q && *w == ' ') w++;
    if (w >= q) break;
    const char *e = w;
    while (e < q && *e != ' ') e++;
    bool particle = (e - w == 2 && (memcmp(w, "de", 2) == 0 || memcmp(w, "da", 2) == 0 ||
                                    memcmp(w, "di", 2) == 0)) ||
                    (e - w == 3 && (memcmp(w, "van", 3) == 0 || memcmp(w, "von", 3) == 0 ||
                                    memcmp(w, "der", 3) == 0 || memcmp(w, "del", 3) == 0 ||
                                    memcmp(w, "dos", 3) == 0 || memcmp(w, "das", 3) == 0));
    if (!particle && !px_isupper((unsigned char)*w) && (unsigned char)*w < 0xC3) return false;
    words++;
    w = e;
  }
  return words >= 2 && words <= 5;
}

static const char *byline_names(const char *s, size_t n) {
  if (n < 5 || n > 100) return NULL;
  if ((s[0] == 'B' || s[0] == 'b') && s[1] == 'y' && s[2] == ' ' &&
      px_isupper((unsigned char)s[3]))
    return s + 3;
  /* "Von Anna Berger", "Par Claire Dumont", "Door Pieter de Vries" */
  for (const char *const *w = px_langres_all(PX_LR_BY); w && *w; w++) {
    size_t m = strlen(*w);
    if (n > m + 1 && s[m] == ' ' && strncasecmp(s, *w, m) == 0 &&
        lang_byline_name(s + m + 1, n - m - 1))
      return s + m + 1;
  }
  return NULL;
}

static void add_byline_authors(px_doc *d, const char *s, size_t n) {
  const char *end = s + n;
  while (s < end && d->nauthors < 8) {
    const char *q = s;
    size_t cut = 0;
    while (q < end) {
      if (*q == ',' || *q == '|') { cut = 1; break; }
      if (end - q >= 5 && memcmp(q, " and ", 5) == 0) { cut = 5; break; }
      if (q > s && (cut = joiner_at(q, end)) != 0) break;
      q++;
    }
    px_str name = px_str_trim(px_str_make(s, (size_t)(q - s)));
    if (name.len > 0 && !find_wire(name.p, name.len) && name.len < 60)
      px_doc_add_author(d, name.p, name.len);
    s = q + cut;
    if (cut == 0) break;
  }
}

/* Does name stand for the site rather than a person: the outlet's name,
** or the first label of its host ("ledger" for www.ledger.example)? */
static bool names_site(const px_doc *d, const char *url, const char *name) {
  size_t n = strlen(name);
  if (d->site && same_words(d->site, strlen(d->site), name, n)) return true;
  const char *u = d->canonical_url ? d->canonical_url : url;
  if (!u) return false;
  const char *h = strstr(u, "://");
  h = h ? h + 3 : u;
  if (strncmp(h, "www.", 4) == 0) h += 4;
  size_t hl = strcspn(h, "./:");
  if (hl >= 3 && same_words(h, hl, name, n)) return true;
  /* "ledger.example" written out as the author. */
  size_t full = strcspn(h, "/:");
  return same_words(h, full, name, n);
}

/* Publishers put their own name where the author goes (JSON-LD author
** = publisher, <meta name=author content=Site>): not a byline. */
static void drop_site_authors(px_doc *d, const char *url) {
  size_t k = 0;
  for (size_t i = 0; i < d->nauthors; i++)
    if (!names_site(d, url, d->authors[i])) d->authors[k++] = d->authors[i];
  d->nauthors = k;
}

static void metadata(ex *e, px_doc *d, const char *url) {
  jsonld(e, d);
  static const char *const k_type[] = {"og:type", NULL};
  px_str ogt = px_str_trim(meta_get(e, k_type));
  if (px_str_ieq_cstr(ogt, "article")) e->is_article = true;
  if (px_str_istarts(ogt, "product") || px_str_istarts(ogt, "og:product"))
    e->page_kind |= PK_PRODUCT;
  static const char *const k_title[] = {"og:title", "twitter:title", "dc.title", "headline", NULL};
  static const char *const k_desc[] = {"og:description", "description", "twitter:description", "dc.description", NULL};
  static const char *const k_site[] = {"og:site_name", "application-name", "twitter:site", "publisher", NULL};
  static const char *const k_img[] = {"og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src", "thumbnailUrl", "image", NULL};
  static const char *const k_pub[] = {"article:published_time", "og:article:published_time", "published_time", "datePublished", "date", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published", "citation_publication_date", "og:published_time", NULL};
  static const char *const k_upd[] = {"article:modified_time", "og:updated_time", "dateModified", "modified_time", "last-modified", "dcterms.modified", "article.updated", NULL};
  static const char *const k_auth[] = {"author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl", "citation_author", NULL};
  static const char *const k_url[] = {"og:url", "twitter:url", NULL};
  static const char *const k_sec[] = {"article:section", "section", NULL};
  static const char *const k_lang[] = {"og:locale", "language", "content-language", "dc.language", NULL};
  px_str v;
  if (!d->title) {
    v = meta_get(e, k_title);
    if (v.len) set_decoded(e, d, &d->title, v);
  }
  if (!d->title && e->h1_block >= 0) {
    blk *b = &e->blocks[e->h1_block];
    px_doc_set(d, &d->title, e->text.data + b->off, b->len);
  }
  if (!d->title && e->title_tag.len) set_decoded(e, d, &d->title, e->title_tag);
  if (!d->site && (v = meta_get(e, k_site)).len && v.p[0] != '@')
    set_decoded(e, d, &d->site, v);
  strip_site(d);
  if (!d->site && d->title && e->title_tag.len) {
    /* "<h1 title> | Site" in <title>: the tail names the site. */
    const char *tt = NULL;
    set_decoded(e, d, &tt, e->title_tag);
    size_t tl = strlen(d->title);
    if (tt && strncmp(tt, d->title, tl) == 0) {
      const char *rest = tt + tl;
      while (*rest == ' ' || *rest == '|' || *rest == '-' || *rest == ':' ||
             (unsigned char)*rest == 0xE2 || (unsigned char)*rest == 0x80 ||
             (unsigned char)*rest == 0x93 || (unsigned char)*rest == 0x94)
        rest++;
      if (rest != tt + tl && *rest && strlen(rest) < 40)
        px_doc_set(d, &d->site, rest, strlen(rest));
    }
  }
  if (!d->subtitle && (v = meta_get(e, k_desc)).len) set_decoded(e, d, &d->subtitle, v);
  if (!d->image && (v = meta_get(e, k_img)).len) set_decoded(e, d, &d->image, v);
  if (!d->image && e->first_img.len) set_decoded(e, d, &d->image, e->first_img);
  if (!d->published && (v = meta_get(e, k_pub)).len) set_date(d, &d->published, v.p, v.len);
  if (!d->updated && (v = meta_get(e, k_upd)).len) set_date(d, &d->updated, v.p, v.len);
  if (!d->published && e->time_dt.len) set_date(d, &d->published, e->time_dt.p, e->time_dt.len);
  url_date(d, url);
  drop_site_authors(d, url);
  if (d->nauthors == 0 && (v = meta_get(e, k_auth)).len && !px_str_istarts(v, "http")) {
    const char *a = NULL;
    set_decoded(e, d, &a, v);
    if (a) {
      /* "Reporting by Jane Doe", "By Jane Doe" -> "Jane Doe". */
      px_str as = px_str_from_cstr(a);
      long by = px_str_ifind(as, "by ");
      if (by >= 0 && by < 16 && (by == 0 || a[by - 1] == ' ')) a += by + 3;
      add_byline_authors(d, a, strlen(a));
    }
    drop_site_authors(d, url);
  }
  if (!d->canonical_url && e->canonical.len) set_decoded(e, d, &d->canonical_url, e->canonical);
  if (!d->canonical_url && (v = meta_get(e, k_url)).len) set_decoded(e, d, &d->canonical_url, v);
  if (!d->section && (v = meta_get(e, k_sec)).len) set_decoded(e, d, &d->section, v);
  if (e->lang.len) set_decoded(e, d, &d->lang, e->lang);
  if (!d->lang && (v = meta_get(e, k_lang)).len) set_decoded(e, d, &d->lang, v);
  if (d->lang) {
    /* "en_US" -> "en-US" (BCP 47). */
    char *l = (char *)d->lang;
    for (; *l; l++)
      if (*l == '_') *l = '-';
  }
  if (url) px_doc_set(d, &d->url, url, strlen(url));
  /* Wire credit: authors, then byline text, then the dateline. */
  for (size_t i = 0; i < d->nauthors && !d->wire; i++) {
    const char *w = find_wire(d->authors[i], strlen(d->authors[i]));
    if (w) px_doc_set(d, &d->wire, w, strlen(w));
  }
  if (!d->wire && e->byline_block >= 0) {
    blk *b = &e->blocks[e->byline_block];
    const char *w = find_wire(e->text.data + b->off, b->len);
    if (w) px_doc_set(d, &d->wire, w, strlen(w));
  }
}

/* ---- output ---------------------------------------------------------- */

static bool in_subtree(const ex *e, int root, int n) {
  return n >= root && n <= e->nodes[root].last;
}

/* Hints on the way from node n up to (not including) top, at most 64
** levels; H_SKIP when top is not reached (treat as outside). */
static uint32_t hints_upto(const ex *e, int n, int top) {
  uint32_t h = 0;
  for (int i = 0; i < 64 && n > top; i++) {
    h |= e->nodes[n].own;
    n = e->nodes[n].parent;
  }
  return n == top ? h : H_SKIP;
}

/* ---- pass 3: block features and the learned keep/drop decision ------ */

/* What the block scorer sees of each block. The model (html_model.h) is
** trained offline on these (bench/extraction/train_blocks.py); its
** feature order is this list's, checked at compile time by count and at
** training time by name. */
#define BLOCK_FEATURES(X) \
  X(len_log) X(link_density) X(commas) X(sentence_end) X(sentences) \
  X(words_log) X(word_len) X(caps) X(digits) X(separators) \
  X(kind_para) X(kind_heading) X(kind_item) X(kind_quote) X(kind_caption) \
  X(tag_p) X(tag_li) X(tag_td) X(tag_h1) X(tag_other) \
  X(in_root) X(before_root) X(after_root) X(pos_page) X(root_neg) \
  X(a_nav) X(a_footer) X(a_aside) X(a_boiler) X(a_byline) X(a_header) \
  X(a_form) X(a_caption) X(a_pos) X(a_body) X(a_list) X(a_quote) \
  X(a_embed) X(cont_score) X(cont_ld) X(cont_good) X(cont_is_root) \
  X(depth_rel) X(prev_len) X(prev_ld) X(next_len) X(next_ld) \
  X(h1_dist) X(root_share) X(page_blocks) X(root_pos) X(ld_has) \
  X(ld_in) X(share_of_root) X(prev_in_root) X(next_in_root) X(a_comment) \
  X(page_article) X(page_product) X(page_list) X(page_forum) X(page_ld) \
  X(page_items)
#define X_ENUM(n) F_##n,
enum { BLOCK_FEATURES(X_ENUM) NFEAT };
#undef X_ENUM

static const char *const feat_names[] = {
#define X_NAME(n) #n,
  BLOCK_FEATURES(X_NAME)
#undef X_NAME
};

/* One node of a regression tree, trees stored depth first: an inner
** node sends a block to the next node (left) when feature feat is <= thr,
** else to node right; a leaf (feat PX_MODEL_LEAF) adds thr to the
** log-odds. Eight bytes a node: the model fits in the L1 cache. */
#define PX_MODEL_LEAF 255
struct px_model_node {
  float thr;
  uint8_t feat;
  uint16_t right;
};
#include "extract/html_model.h"

_Static_assert(NFEAT == PX_MODEL_NFEAT, "html_model.h is out of date: rerun train_blocks.py");
_Static_assert(NFEAT < PX_MODEL_LEAF, "feature numbers must fit a node's byte");

static double log1(double x) { return x > 0 ? log1p(x) : 0; }

/* Sentence shape of a block: sentence ends followed by a space,
** words, their mean length, the share starting upper-case, digits, and
** separator characters ("|", "/", bullets) that menus and teasers use. */
static void text_shape(const char *s, size_t n, float *f) {
  long words = 0, wchars = 0, caps = 0, digits = 0, sents = 0, seps = 0;
  bool inw = false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (px_isdigit(c)) digits++;
    if (c == '|' || c == '/' || c == 0xC2 /* middle dot, guillemets */) seps++;
    if ((c == '.' || c == '!' || c == '?') && i + 1 < n && s[i + 1] == ' ') sents++;
    bool w = px_isalnum(c) || c >= 0x80;
    if (w && !inw) {
      words++;
      if (px_isupper(c)) caps++;
    }
    if (w) wchars++;
    inw = w;
  }
  f[F_sentences] = (float)log1((double)sents);
  f[F_words_log] = (float)log1((double)words);
  f[F_word_len] = words ? (float)wchars / (float)words : 0;
  f[F_caps] = words ? (float)caps / (float)words : 0;
  f[F_digits] = n ? (float)digits / (float)n : 0;
  f[F_separators] = n ? (float)seps * 100.0f / (float)n : 0;
}

/* Is the block (its first 60 bytes) in the JSON-LD articleBody? */
static bool in_ldbody(const ex *e, const char *s, size_t n) {
  if (e->ldbody.len == 0 || n < 12) return false;
  if (n > 60) n = 60;
  return memmem(e->ldbody.data, e->ldbody.len, s, n) != NULL;
}

/* Hints between each node under root and root (node.inh). */
static void set_inherited(ex *e, int root) {
  node *nodes = e->nodes;
  int last = nodes[root].last;
  nodes[root].inh = 0;
  for (int i = root + 1; i <= last; i++) {
    uint32_t own = nodes[i].own;
    /* A "boilerplate" element that holds most of the article is a
    ** wrapper with an unlucky class name, not boilerplate. */
    if ((own & H_NEG) && (double)nodes[i].good > 0.5 * (double)nodes[root].good)
      own &= ~(uint32_t)H_NEG;
    nodes[i].inh = own | (nodes[i].parent == root ? 0 : nodes[nodes[i].parent].inh);
  }
}

/* Page-level inputs of the features, computed once per page. */
static void block_features(ex *e, int root) {
  e->froot = root;
  e->ffirst = e->flast = -1;
  size_t items = 0;
  for (size_t b = 0; b < e->nblocks; b++)
    if (e->blocks[b].kind == PX_BLOCK_LIST_ITEM) items += e->blocks[b].len;
  e->item_share = e->nodes[0].text ? (double)items / (double)e->nodes[0].text : 0;
  for (size_t b = 0; b < e->nblocks; b++)
    if (in_subtree(e, root, e->blocks[b].node)) {
      if (e->ffirst < 0) e->ffirst = (long)b;
      e->flast = (long)b;
    }
  set_inherited(e, root);
}

/* The NFEAT features of block b into f. Computed when needed, never
** stored for the whole page, so working memory stays a small multiple
** of the input however many blocks it cuts into. */
static void block_feat(const ex *e, size_t b, float *f) {
  size_t nb = e->nblocks;
  int root = e->froot;
  long first = e->ffirst, lastb = e->flast;
  const node *nodes = e->nodes;
  double root_text = (double)nodes[root].text;
  double page_text = (double)(nodes[0].text ? nodes[0].text : 1);
  double bs = e->best_score > 0 ? e->best_score : 1;
  memset(f, 0, NFEAT * sizeof *f);
  {
    const blk *k = &e->blocks[b];
    const node *n = &nodes[k->node];
    const node *c = &nodes[k->cont];
    const char *s = e->text.data + k->off;
    bool in = in_subtree(e, root, k->node);
    uint32_t a = n->anc | k->hints;
    f[F_len_log] = (float)log1((double)k->len);
    f[F_link_density] = k->len ? (float)k->link / (float)k->len : 0;
    f[F_commas] = k->len ? (float)count_commas(s, k->len) * 100.0f / (float)k->len : 0;
    f[F_sentence_end] = sentence_end(s, k->len);
    text_shape(s, k->len, f);
    f[F_kind_para] = k->kind == PX_BLOCK_PARA;
    f[F_kind_heading] = k->kind == PX_BLOCK_HEADING;
    f[F_kind_item] = k->kind == PX_BLOCK_LIST_ITEM;
    f[F_kind_quote] = k->kind == PX_BLOCK_QUOTE;
    f[F_kind_caption] = k->kind == PX_BLOCK_CAPTION;
    f[F_tag_p] = k->tag == PX_TAG_P;
    f[F_tag_li] = k->tag == PX_TAG_LI;
    f[F_tag_td] = k->tag == PX_TAG_TD || k->tag == PX_TAG_TH;
    f[F_tag_h1] = k->tag == PX_TAG_H1;
    f[F_tag_other] = k->tag == PX_TAG_DIV || k->tag == PX_TAG_OTHER;
    f[F_in_root] = in;
    f[F_before_root] = first >= 0 && (long)b < first ? (float)log1((double)(first - (long)b)) : 0;
    f[F_after_root] = lastb >= 0 && (long)b > lastb ? (float)log1((double)((long)b - lastb)) : 0;
    f[F_pos_page] = (float)b / (float)nb;
    f[F_root_neg] = in && root != 0 ? (float)((nodes[k->node].inh | k->hints) & H_NEG ? 1 : 0) : 0;
    f[F_a_nav] = (a & H_NAV) != 0;
    f[F_a_footer] = (a & H_FOOTER) != 0;
    f[F_a_aside] = (a & H_ASIDE) != 0;
    f[F_a_boiler] = (a & H_BOILER) != 0;
    f[F_a_byline] = (a & H_BYLINE) != 0;
    f[F_a_header] = (a & H_HEADER) != 0;
    f[F_a_form] = (a & H_FORM) != 0;
    f[F_a_caption] = (a & (H_CAPTION | H_FIGURE)) != 0;
    f[F_a_pos] = (a & H_POS) != 0;
    f[F_a_body] = (a & H_BODY) != 0;
    f[F_a_list] = (a & H_LINKS) != 0;
    f[F_a_quote] = (a & H_QUOTE) != 0;
    f[F_a_embed] = (a & H_EMBED) != 0;
    f[F_cont_score] = (float)(c->score > 0 ? c->score / bs : 0);
    f[F_cont_ld] = c->text ? (float)c->link / (float)c->text : 0;
    f[F_cont_good] = c->text ? (float)c->good / (float)c->text : 0;
    f[F_cont_is_root] = k->cont == root;
    f[F_depth_rel] = (float)(n->depth - nodes[root].depth);
    if (b > 0) {
      const blk *p = &e->blocks[b - 1];
      f[F_prev_len] = (float)log1((double)p->len);
      f[F_prev_ld] = p->len ? (float)p->link / (float)p->len : 0;
      f[F_prev_in_root] = in_subtree(e, root, p->node);
    }
    if (b + 1 < nb) {
      const blk *q = &e->blocks[b + 1];
      f[F_next_len] = (float)log1((double)q->len);
      f[F_next_ld] = q->len ? (float)q->link / (float)q->len : 0;
      f[F_next_in_root] = in_subtree(e, root, q->node);
    }
    if (e->h1_block >= 0) {
      long dlt = (long)b - e->h1_block;
      f[F_h1_dist] = (float)(dlt >= 0 ? log1((double)dlt) + 1 : -log1((double)-dlt) - 1);
    }
    f[F_root_share] = (float)(root_text / page_text);
    f[F_page_blocks] = (float)log1((double)nb);
    f[F_root_pos] = first >= 0 ? (float)first / (float)nb : 1;
    f[F_ld_has] = e->ldbody.len > 0;
    f[F_ld_in] = in_ldbody(e, s, k->len);
    f[F_share_of_root] = root_text > 0 ? (float)((double)k->len / root_text) : 0;
    f[F_a_comment] = (a & H_COMMENT) != 0;
    f[F_page_article] = e->is_article;
    f[F_page_product] = (e->page_kind & PK_PRODUCT) != 0;
    f[F_page_list] = (e->page_kind & PK_LIST) != 0;
    f[F_page_forum] = (e->page_kind & PK_FORUM) != 0;
    f[F_page_ld] = (float)((double)nodes[0].link / page_text);
    f[F_page_items] = (float)e->item_share;
  }
}

/* The model's log-odds that block b is article text: a sum of small
** regression trees over its features (gradient boosting). */
static double block_logit(const ex *e, size_t b) {
  float f[NFEAT];
  block_feat(e, b, f);
  double sum = PX_MODEL_BIAS;
  for (size_t t = 0; t < PX_MODEL_NTREES; t++) {
    const struct px_model_node *m = &px_model_nodes[px_model_roots[t]];
    while (m->feat != PX_MODEL_LEAF)
      m = f[m->feat] <= m->thr ? m + 1 : &px_model_nodes[m->right];
    sum += m->thr;
  }
  return sum;
}

/* Where captions may come from: the article element around the chosen
** container (figures often sit beside the text block, not inside it). */
static int caption_scope(const ex *e, int root) {
  int c = root;
  for (int i = 0; i < 3 && c > 0; i++) {
    const node *n = &e->nodes[c];
    if (n->tag == PX_TAG_ARTICLE || n->tag == PX_TAG_MAIN || (n->own & H_BODY))
      return c;
    c = n->parent;
  }
  return root;
}

/* A block that is only an ad label ("Advertisement", "Sponsored"): the
** generic words pages put above ad slots. */
static bool ad_label(const char *s, size_t n) {
  if (n > 64) return false;
  char w[65];
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (px_isalpha((unsigned char)s[i])) w[k++] = (char)px_tolower((unsigned char)s[i]);
    else if (!px_isspace((unsigned char)s[i]) && s[i] != '-' && s[i] != ':' &&
             s[i] != '.' && s[i] != '(' && s[i] != ')')
      return false;
  w[k] = 0;
  /* "Article continues below", "Story continued below advertisement",
  ** "Continue reading below": the line over an ad slot inside the text,
  ** which the text goes on after. */
  if (strstr(w, "continue") && strstr(w, "below")) return true;
  if (n > 24) return false;
  return !strcmp(w, "advertisement") || !strcmp(w, "advert") ||
         !strcmp(w, "ad") || !strcmp(w, "sponsored") ||
         !strcmp(w, "sponsoredcontent") || !strcmp(w, "advertising") ||
         !strcmp(w, "anzeige") || !strcmp(w, "publicidad");
}

static px_rc emit(ex *e, px_doc *d, int root, bool use_model) {
  node *nodes = e->nodes;
  set_inherited(e, root);
  int cscope = caption_scope(e, root);
  px_rc rc = PX_OK;
  bool first_para = true;
  if (getenv("PX_HTML_DEBUG")) {
    for (size_t b = 0; b < e->nblocks; b++) {
      blk *k = &e->blocks[b];
      int c = k->node;
      fprintf(stderr, "[%zu] node=%d in=%d own=%x inh=%x sc=%.1f link=%ld: %.60s\n", b,
              c, in_subtree(e, root, c), nodes[c].own, in_subtree(e, root, c) ? nodes[c].inh : 0,
              nodes[c].score, k->link, e->text.data + k->off);
    }
    fprintf(stderr, "root=%d own=%x score=%.1f good=%ld\n", root, nodes[root].own,
            nodes[root].score, nodes[root].good);
  }
  size_t nbody = 0;
  for (size_t b = 0; b < e->nblocks && rc == PX_OK; b++) {
    blk *k = &e->blocks[b];
    const char *s = e->text.data + k->off;
    if (!in_subtree(e, root, k->node)) {
      /* Remember a byline for the wire credit even outside the body. */
      if (e->byline_block < 0 && (nodes[k->node].own & H_BYLINE)) e->byline_block = (long)b;
      if (cscope != root && in_subtree(e, cscope, k->node)) {
        uint32_t ch = hints_upto(e, k->node, cscope) | k->hints;
        if (!(ch & (H_NEG | H_SKIP)) &&
            (k->kind == PX_BLOCK_CAPTION || (ch & (H_CAPTION | H_FIGURE)))) {
          rc = px_doc_add_block(d, PX_BLOCK_CAPTION, s, k->len);
          continue;
        }
      }
      /* Outside the chosen container only the model may take a block
      ** back: a lead above the container, a thread's other posts. */
      /* Reader comments around a chosen post stay out: the post is the
      ** article (the thread is taken only when it is the container). On
      ** a page that declares itself a discussion the posts are the
      ** content, "comment" class names and all: the model decides. */
      if (!use_model || k->kind == PX_BLOCK_CAPTION || (k->hints & (H_CAPTION | H_FIGURE)) ||
          ((nodes[k->node].anc & H_COMMENT) && !(nodes[root].anc & H_COMMENT) &&
           !(e->page_kind & PK_FORUM)) ||
          block_logit(e, b) <= PX_MODEL_KEEP_OUT)
        continue;
    }
    bool in = in_subtree(e, root, k->node);
    uint32_t h = (in ? nodes[k->node].inh : nodes[k->node].anc) | k->hints;
    if (k->node == root) h = nodes[root].own & H_CAPTION;
    if (h & H_BYLINE && e->byline_block < 0) e->byline_block = (long)b;
    double ld = k->len ? (double)k->link / (double)k->len : 0;
    px_block_kind kind = k->kind;
    if (h & (H_CAPTION | H_FIGURE)) kind = PX_BLOCK_CAPTION;
    else if ((h & H_QUOTE) && kind == PX_BLOCK_PARA) kind = PX_BLOCK_QUOTE;
    if (kind != PX_BLOCK_CAPTION && in) {
      /* The container's rule: hinted boilerplate out, and link-heavy
      ** lines unless they read as prose (long, ending like a sentence).
      ** The model overrules it only when it is sure (KEEP_IN, KEEP_BACK
      ** are tuned with it). */
      bool keep = !(h & H_NEG) &&
                  !(ld > 0.5 && k->len < 400 &&
                    !(k->len >= 120 && ld < 0.9 && sentence_end(s, k->len)));
      /* Bylines, and reader comments under a post (except on a
      ** discussion page), are never body: the model may not take them
      ** back. */
      uint32_t never = e->page_kind & PK_FORUM ? H_BYLINE : H_BYLINE | H_COMMENT;
      if (use_model && !(h & never))
        keep = block_logit(e, b) > (keep ? PX_MODEL_KEEP_IN : PX_MODEL_KEEP_BACK);
      if (!keep) continue;
    }
    if (kind != PX_BLOCK_CAPTION) {
      if (ad_label(s, k->len)) continue;
      if (kind == PX_BLOCK_HEADING && k->tag == PX_TAG_H1 && d->title &&
          strlen(d->title) == k->len && memcmp(d->title, s, k->len) == 0)
        continue;
      if (kind == PX_BLOCK_HEADING && nbody == 0 && k->tag == PX_TAG_H1) continue;
      /* The standfirst repeated as a heading over the text: it is the
      ** subtitle, not a section of the body. */
      if (kind == PX_BLOCK_HEADING && nbody < 3 && d->subtitle &&
          same_words(d->subtitle, strlen(d->subtitle), s, k->len))
        continue;
      /* The headline repeated as the first body line. */
      if (nbody == 0 && d->title && strlen(d->title) == k->len &&
          memcmp(d->title, s, k->len) == 0)
        continue;
    }
    if (kind == PX_BLOCK_PARA && nbody < 3) {
      const char *names = byline_names(s, k->len);
      if (names) {
        if (e->byline_block < 0) e->byline_block = (long)b;
        if (d->nauthors == 0) add_byline_authors(d, names, k->len - (size_t)(names - s));
        if (!d->wire) {
          const char *w = find_wire(names, k->len - (size_t)(names - s));
          if (w) px_doc_set(d, &d->wire, w, strlen(w));
        }
        continue;
      }
    }
    if (kind == PX_BLOCK_PARA && nbody < 3) {
      const char *w = wire_credit_line(s, k->len);
      if (w) {
        if (!d->wire) px_doc_set(d, &d->wire, w, strlen(w));
        continue;
      }
    }
    if (kind == PX_BLOCK_PARA && first_para) {
      dateline(d, s, k->len);
      first_para = false;
    }
    rc = px_doc_add_block(d, kind, s, k->len);
    if (kind != PX_BLOCK_CAPTION) nbody++;
  }
  /* Drop trailing headings with nothing under them, and a closing
  ** copyright line. */
  while (d->nblocks > 0) {
    const px_block *lb = &d->blocks[d->nblocks - 1];
    px_str t = px_str_make(lb->text, lb->len);
    if (lb->kind == PX_BLOCK_HEADING ||
        (lb->len < 120 && (px_str_istarts(t, "copyright") || px_str_istarts(t, "\xC2\xA9"))))
      d->nblocks--;
    else
      break;
  }
  return rc;
}

/* ---- language check -------------------------------------------------- */

/* Frequent function words of the languages a template most often
** declares by mistake (a site's default lang="de" over an English
** story). Words shared by two of them are left out. */
static const struct lang_words {
  const char *tag;
  const char *words[14];
} lang_words[] = {
  {"en", {"the", "and", "of", "to", "is", "that", "with", "for", "was", "this",
          "are", "have", "from", "it"}},
  {"de", {"der", "die", "und", "das", "ist", "nicht", "mit", "den", "auf", "ein",
          "eine", "sich", "von", "zu"}},
  {"fr", {"le", "les", "et", "des", "est", "une", "dans", "pour", "qui", "pas",
          "sur", "du", "au", "avec"}},
  {"es", {"el", "los", "las", "y", "del", "por", "con", "para", "es", "se",
          "una", "como", "pero", "su"}},
  {"it", {"il", "di", "che", "per", "non", "sono", "della", "gli", "anche",
          "nel", "alla", "delle", "è", "ha"}},
  {"nl", {"het", "een", "van", "dat", "niet", "met", "voor", "op", "zijn",
          "ook", "maar", "wordt", "naar", "bij"}},
  {"pt", {"os", "do", "da", "em", "um", "uma", "não", "com", "dos", "das",
          "foi", "ao", "mais", "pelo"}},
};
#define NLANG (sizeof lang_words / sizeof lang_words[0])

/* Counts each language's function words in the body (its first 2,000
** words) and replaces a declared language that the text plainly is not:
** another listed language has 20 hits or more and four times the
** declared one's. Languages not listed are never second-guessed. */
static void check_lang(px_doc *d) {
  if (!d->lang) return;
  size_t dl = strcspn(d->lang, "-");
  int declared = -1;
  for (size_t i = 0; i < NLANG; i++)
    if (dl == 2 && strncasecmp(d->lang, lang_words[i].tag, 2) == 0) declared = (int)i;
  if (declared < 0) return;
  long hits[NLANG] = {0};
  size_t words = 0;
  for (size_t b = 0; b < d->nblocks && words < 2000; b++) {
    const px_block *k = &d->blocks[b];
    if (k->kind == PX_BLOCK_CAPTION) continue;
    const char *t = k->text, *end = t + k->len;
    while (t < end && words < 2000) {
      while (t < end && !(px_isalpha((unsigned char)*t) || (unsigned char)*t >= 0x80)) t++;
      const char *w = t;
      while (t < end && (px_isalpha((unsigned char)*t) || (unsigned char)*t >= 0x80)) t++;
      size_t n = (size_t)(t - w);
      if (n == 0 || n > 6) continue;
      words++;
      char lw[7];
      for (size_t j = 0; j < n; j++) lw[j] = (char)px_tolower((unsigned char)w[j]);
      lw[n] = 0;
      for (size_t i = 0; i < NLANG; i++)
        for (size_t j = 0; j < 14; j++) {
          const char *sw = lang_words[i].words[j];
          if (sw[0] == lw[0] && strcmp(sw, lw) == 0) hits[i]++;
        }
    }
  }
  size_t best = (size_t)declared;
  for (size_t i = 0; i < NLANG; i++)
    if (hits[i] > hits[best]) best = i;
  if ((int)best != declared && hits[best] >= 20 && hits[best] >= 4 * hits[declared])
    px_doc_set(d, &d->lang, lang_words[best].tag, 2);
}

/* Last in the order of trust: a date written in a byline or dateline
** line ("Published November 20th, 2019 - 07:29 GMT"). */
static void text_date(ex *e, px_doc *d) {
  size_t tried = 0;
  if (e->byline_block >= 0) {
    blk *b = &e->blocks[e->byline_block];
    px_time t;
    if (b->len < 200 && px_date_find_lang(e->text.data + b->off, b->len, d->lang, &t, NULL, NULL) == PX_OK) {
      char iso[40];
      px_date_format_iso(&t, iso, sizeof iso);
      px_doc_set(d, &d->published, iso, strlen(iso));
      return;
    }
  }
  for (size_t i = 0; i < e->nblocks && tried < 16; i++) {
    blk *b = &e->blocks[i];
    if (!((e->nodes[b->node].own | b->hints) & H_BYLINE) || b->len > 200) continue;
    tried++;
    px_time t;
    if (px_date_find_lang(e->text.data + b->off, b->len, d->lang, &t, NULL, NULL) == PX_OK) {
      char iso[40];
      px_date_format_iso(&t, iso, sizeof iso);
      px_doc_set(d, &d->published, iso, strlen(iso));
      return;
    }
  }
}

/* Binary rather than text: a NUL byte early on (UTF-16 pages carry a
** BOM, checked by the caller) or many control bytes. Only the first 8 KiB
** are looked at, which is where a file's nature shows. */
static bool looks_binary(const char *s, size_t len) {
  size_t n = len < 8192 ? len : 8192, ctl = 0;
  if (memchr(s, 0, n)) return true;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ctl++;
  }
  return ctl * 10 > n;
}

static void ex_free(ex *e) {
  px_buf_reset(&e->text);
  px_buf_reset(&e->tmp);
  px_buf_reset(&e->ldbody);
  free(e->nodes);
  free(e->blocks);
  free(e);
}

static ex *ex_new(const char *src, size_t len) {
  ex *e = calloc(1, sizeof *e);
  if (!e) return NULL;
  e->src = src;
  e->srclen = len;
  px_buf_init(&e->text, 0);
  px_buf_init(&e->tmp, 0);
  px_buf_init(&e->ldbody, 0);
  e->h1_block = -1;
  e->byline_block = -1;
  hint_index_init(&e->hcache.index);
  /* Sized once from the input so the arrays rarely move while growing. */
  if (px_buf_reserve(&e->text, len / 4 + 256) != PX_OK) {
    ex_free(e);
    return NULL;
  }
  e->cap_nodes = len / 512 + 64;
  e->cap_blocks = len / 1024 + 64;
  e->nodes = malloc(e->cap_nodes * sizeof *e->nodes);
  e->blocks = malloc(e->cap_blocks * sizeof *e->blocks);
  if (!e->nodes || !e->blocks) {
    ex_free(e);
    return NULL;
  }
  return e;
}

/* The first half of extraction, shared with the block-feature dump: the
** page in UTF-8 (conv owns it), a document to fill and the page
** segmented into blocks. On failure *ep and *dp are what to free. */
static px_rc open_page(const char *html, size_t len, const char *content_type, px_buf *conv,
                       ex **ep, px_doc **dp, px_err *err) {
  *ep = NULL;
  *dp = NULL;
  const char *s;
  size_t n;
  px_rc rc = px_charset_to_utf8(html, len, content_type, conv, &s, &n, NULL, err);
  if (rc != PX_OK) return rc;
  *ep = ex_new(s, n);
  *dp = px_doc_new(ARENA_CAP);
  if (!*ep || !*dp) return px_err_set(err, PX_ENOMEM, "html: out of memory");
  segment_page(ep, s, n);
  if (!*ep) return px_err_set(err, PX_ENOMEM, "html: out of memory");
  if ((*ep)->rc != PX_OK) return px_err_set(err, (*ep)->rc, "html: segmenting the page failed");
  return PX_OK;
}

px_rc px_html_extract(const char *html, size_t len, const char *url,
                      const char *content_type, px_doc **out, px_err *err) {
  if (!out || (!html && len)) return px_err_set(err, PX_EINVAL, "html: no input");
  *out = NULL;
  if (len > PX_HTML_MAX_INPUT)
    return px_err_set(err, PX_ETOOBIG, "html: %zu bytes is over the %zu-byte cap",
                      len, PX_HTML_MAX_INPUT);
  if (len == 0) return px_err_set(err, PX_EEMPTY, "html: empty input");
  /* UTF-16 pages have NUL bytes by nature; only call binary what has no
  ** BOM explaining them. */
  const unsigned char *u = (const unsigned char *)html;
  bool bom16 = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
  if (!bom16 && looks_binary(html, len))
    return px_err_set(err, PX_EBINARY, "html: input looks binary");
  px_buf conv;
  px_buf_init(&conv, 0);
  ex *e;
  px_doc *d;
  px_rc rc = open_page(html, len, content_type, &conv, &e, &d, err);
  if (rc != PX_OK) goto out;
  int root = choose_root(e);
  metadata(e, d, url);
  block_features(e, root);
  /* The model keeping nothing at all is a page unlike its training
  ** pages (a bare fragment): the container's own rule decides then. */
  rc = emit(e, d, root, PX_MODEL_NTREES > 0);
  if (rc == PX_OK && px_doc_body_blocks(d) == 0) {
    d->nblocks = 0;
    rc = emit(e, d, root, false);
  }
  if (rc == PX_OK && d->nblocks == 0 && e->nblocks > 0 && root != 0) rc = emit(e, d, 0, false);
  if (rc != PX_OK) {
    px_err_set(err, rc, "html: building the document failed");
    goto out;
  }
  if (!d->wire && e->byline_block >= 0) {
    blk *b = &e->blocks[e->byline_block];
    const char *w = find_wire(e->text.data + b->off, b->len);
    if (w) px_doc_set(d, &d->wire, w, strlen(w));
  }
  check_lang(d);
  /* A page that declares no language gets the identifier's reading,
  ** before the text date so that reads "04/03/2023" in its order. */
  if ((rc = px_doc_guess_lang(d))) {
    px_err_set(err, rc, "html: out of memory");
    goto out;
  }
  if (!d->published) text_date(e, d);
  if (d->nblocks == 0 && !d->title) {
    rc = px_err_set(err, PX_EEMPTY, "html: no text found");
    goto out;
  }
  *out = d;
  d = NULL;
out:
  px_doc_free(d);
  if (e) ex_free(e);
  px_buf_reset(&conv);
  return rc;
}

/* ---- fragments -------------------------------------------------------- */

px_rc px_html_fragment_to_doc(const char *html, size_t len, px_doc **out,
                              px_err *err) {
  if (!out) return px_err_set(err, PX_EINVAL, "html: no output");
  *out = NULL;
  if (len > PX_HTML_MAX_INPUT)
    return px_err_set(err, PX_ETOOBIG, "html fragment: over the cap");
  px_buf conv;
  px_buf_init(&conv, 0);
  const char *s = html ? html : "";
  size_t n = html ? len : 0;
  if (!px_charset_utf8_valid(s, n)) {
    px_rc rc = px_utf8_repair(s, n, &conv);
    if (rc != PX_OK) {
      px_buf_reset(&conv);
      return px_err_set(err, rc, "html fragment: out of memory");
    }
    s = conv.data;
    n = conv.len;
  }
  ex *e = ex_new(s, n);
  px_doc *d = px_doc_new(ARENA_CAP);
  px_rc rc = PX_OK;
  if (!e || !d) {
    rc = px_err_set(err, PX_ENOMEM, "html fragment: out of memory");
    goto out;
  }
  segment(e, s, n);
  rc = e->rc;
  for (size_t b = 0; b < e->nblocks && rc == PX_OK; b++) {
    blk *k = &e->blocks[b];
    px_block_kind kind = k->kind;
    if (e->nodes[k->node].own & (H_CAPTION | H_FIGURE)) kind = PX_BLOCK_CAPTION;
    rc = px_doc_add_block(d, kind, e->text.data + k->off, k->len);
  }
  if (rc != PX_OK) {
    px_err_set(err, rc, "html fragment: failed");
    goto out;
  }
  *out = d;
  d = NULL;
out:
  px_doc_free(d);
  if (e) ex_free(e);
  px_buf_reset(&conv);
  return rc;
}

px_rc px_html_to_text(const char *html, size_t len, px_buf *out) {
  px_doc *d = NULL;
  px_rc rc = px_html_fragment_to_doc(html, len, &d, NULL);
  if (rc != PX_OK) return rc;
  for (size_t i = 0; i < d->nblocks && rc == PX_OK; i++) {
    if (i > 0) rc = px_buf_append(out, "\n\n", 2);
    if (rc == PX_OK) rc = px_buf_append(out, d->blocks[i].text, d->blocks[i].len);
  }
  if (rc == PX_OK) rc = px_buf_reserve(out, 0);
  if (rc == PX_OK) out->data[out->len] = 0;
  px_doc_free(d);
  return rc;
}

/* ---- training data ---------------------------------------------------- */

const char *const *px_html_feature_names(size_t *n) {
  *n = NFEAT;
  return feat_names;
}

px_rc px_html_block_features(const char *html, size_t len, px_html_block_fn fn,
                             void *ctx, px_err *err) {
  if (!fn || (!html && len)) return px_err_set(err, PX_EINVAL, "html: no input");
  if (len > PX_HTML_MAX_INPUT) return px_err_set(err, PX_ETOOBIG, "html: over the cap");
  px_buf conv;
  px_buf_init(&conv, 0);
  ex *e;
  px_doc *d;
  px_rc rc = open_page(html, len, NULL, &conv, &e, &d, err);
  if (rc != PX_OK) goto out;
  int root = choose_root(e);
  metadata(e, d, NULL);
  block_features(e, root);
  for (size_t b = 0; b < e->nblocks; b++) {
    const blk *k = &e->blocks[b];
    float f[NFEAT];
    block_feat(e, b, f);
    fn(ctx, f, NFEAT, e->text.data + k->off, k->len, (int)k->kind);
  }
out:
  px_doc_free(d);
  if (e) ex_free(e);
  px_buf_reset(&conv);
  return rc;
}
