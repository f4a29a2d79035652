/*
** searchtok.c: search tokens of a text or query (see searchtok.h):
** folded and spelled-out forms, per-language Snowball stems, and
** character bigrams for Chinese and Japanese.
**
** A word is a run of letters, marks and digits (Unicode L*, M*, N*, Co);
** everything else separates words, apostrophes and hyphens included, as
** in SQLite's unicode61. A run of Han, Hiragana and Katakana is cut into
** characters instead. Folding works per code point with utf8proc (case
** fold, compatibility decomposition, marks dropped) after the table from
** data/search_fold.tsv. Does not: split compounds, drop stop words, or
** segment Thai and other unspaced scripts.
**
** Memory: scratch buffers and stemmers live in the px_searchtok and are
** reused from word to word; nothing is allocated per token once they have
** grown.
*/
#include "text/searchtok.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/langid.h"
#include "text/norm.h"
#include "text/stem.h"
#include "util/buf.h"
#include "util/str.h"

typedef struct fold_row {
  uint32_t cp;
  const char *plain, *spelled;
} fold_row;

static const fold_row fold_rows[] = {
#include "search_fold.inc"
};

#define MAX_LANGS 8        /* languages stemmed in one call */
#define MAX_STEMMERS 40    /* stemmers cached (Snowball ships 29) */
#define MAX_STEM_BYTES 96  /* longer words are not stemmed */
#define MAX_FORMS 24       /* tokens remembered per position (dedup) */
#define MAX_TAG 8          /* bytes of a language tag, NUL included */

typedef struct stem_slot {
  char tag[MAX_TAG];
  px_stemmer *st;          /* NULL: Snowball has none for the tag */
} stem_slot;

struct px_searchtok {
  stem_slot slots[MAX_STEMMERS];
  size_t nslots;
  px_buf low, plain, spelled, folded, forms;
  size_t form_off[MAX_FORMS], form_len[MAX_FORMS];
  size_t nforms;
};

px_searchtok *px_searchtok_new(void) {
  px_searchtok *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  px_buf_init(&t->low, 0);
  px_buf_init(&t->plain, 0);
  px_buf_init(&t->spelled, 0);
  px_buf_init(&t->folded, 0);
  px_buf_init(&t->forms, 0);
  return t;
}

void px_searchtok_free(px_searchtok *t) {
  if (!t) return;
  for (size_t i = 0; i < t->nslots; i++) px_stemmer_free(t->slots[i].st);
  px_buf_reset(&t->low);
  px_buf_reset(&t->plain);
  px_buf_reset(&t->spelled);
  px_buf_reset(&t->folded);
  px_buf_reset(&t->forms);
  free(t);
}

/* ---- characters ---------------------------------------------------------- */

enum { C_SEP, C_WORD, C_CJK };

static int cp_class(uint32_t cp) {
  if (cp < 0x80) return px_isalnum((int)cp) ? C_WORD : C_SEP;
  if ((cp >= 0x3040 && cp <= 0x30FF && cp != 0x30A0 && cp != 0x30FB) ||
      (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
      (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFF66 && cp <= 0xFF9F) || (cp >= 0x20000 && cp <= 0x3FFFF) ||
      (cp >= 0x3005 && cp <= 0x3007))
    return C_CJK;
  if (cp == 0xFFFD || cp > 0x10FFFF) return C_SEP;
  switch (utf8proc_category((utf8proc_int32_t)cp)) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
  case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
  case UTF8PROC_CATEGORY_NO: case UTF8PROC_CATEGORY_CO:
    return C_WORD;
  default:
    return C_SEP;
  }
}

static const fold_row *fold_find(uint32_t cp) {
  size_t lo = 0, hi = sizeof fold_rows / sizeof fold_rows[0];
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (fold_rows[mid].cp == cp) return &fold_rows[mid];
    if (fold_rows[mid].cp < cp) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

static px_rc put_cp(px_buf *b, uint32_t cp) {
  char enc[4];
  return px_buf_append(b, enc, px_utf8_encode(cp, enc));
}

/* Appends cp's folded form to plain and, when spelled is not NULL, its
** spelled-out form to spelled. */
static px_rc fold_cp(uint32_t cp, px_buf *plain, px_buf *spelled) {
  px_rc rc = PX_OK;
  if (cp < 0x80) {
    char c = (char)px_tolower((int)cp);
    rc = px_buf_putc(plain, c);
    if (!rc && spelled) rc = px_buf_putc(spelled, c);
    return rc;
  }
  uint32_t low = px_norm_lower(cp);
  const fold_row *r = fold_find(low);
  if (r) {
    rc = px_buf_puts(plain, r->plain);
    if (!rc && spelled) rc = px_buf_puts(spelled, r->spelled);
    return rc;
  }
  /* Hangul syllables stay whole (decomposing gives jamo). */
  utf8proc_int32_t d[32];
  utf8proc_ssize_t n = 1;
  d[0] = (utf8proc_int32_t)cp;
  if (!(cp >= 0xAC00 && cp <= 0xD7A3)) {
    int bound = 0;
    n = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 32,
                                UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                                    UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK,
                                &bound);
    if (n < 0 || n > 32) {
      n = 1;
      d[0] = (utf8proc_int32_t)low;
    }
  }
  for (utf8proc_ssize_t i = 0; !rc && i < n; i++) {
    uint32_t c = (uint32_t)d[i];
    const fold_row *rr = c >= 0x80 ? fold_find(c) : NULL;
    if (rr) {
      rc = px_buf_puts(plain, rr->plain);
      if (!rc && spelled) rc = px_buf_puts(spelled, rr->spelled);
    } else {
      rc = put_cp(plain, c);
      if (!rc && spelled) rc = put_cp(spelled, c);
    }
  }
  return rc;
}

/* ---- languages ----------------------------------------------------------- */

/* The stemmer for a tag (cached; NULL when Snowball has none). Sets *oom
** when out of memory. */
static px_stemmer *stemmer_for(px_searchtok *t, const char *tag, bool *oom) {
  for (size_t i = 0; i < t->nslots; i++)
    if (strcmp(t->slots[i].tag, tag) == 0) return t->slots[i].st;
  px_stemmer *st = NULL;
  px_err err = {0};
  px_rc rc = px_stemmer_new(tag, &st, &err);
  if (rc == PX_ENOMEM) {
    *oom = true;
    return NULL;
  }
  if (t->nslots < MAX_STEMMERS) {
    stem_slot *s = &t->slots[t->nslots++];
    memcpy(s->tag, tag, strlen(tag) + 1);
    s->st = st;
  } else {
    px_stemmer_free(st);   /* past the cache: a tag nobody uses */
    st = NULL;
  }
  return st;
}

/* Reads "de", "de-AT", "en,de" into up to MAX_LANGS tags of 2-3 letters
** (others are skipped). Returns the count. */
static size_t parse_langs(const char *s, char tags[][MAX_TAG]) {
  size_t n = 0;
  while (s && *s && n < MAX_LANGS) {
    while (*s == ',' || *s == ' ') s++;
    size_t k = 0;
    bool ok = true;
    const char *p = s;
    while (*p && *p != ',' && *p != '-' && *p != '_' && *p != ' ') {
      if (!px_isalpha((unsigned char)*p) || k >= 3) ok = false;
      else tags[n][k++] = (char)px_tolower((unsigned char)*p);
      p++;
    }
    while (*p && *p != ',') p++;
    if (ok && k >= 2) {
      tags[n][k] = '\0';
      bool dup = false;
      for (size_t i = 0; i < n; i++) dup |= strcmp(tags[i], tags[n]) == 0;
      if (!dup) n++;
    }
    s = p;
  }
  return n;
}

/* ---- emitting ------------------------------------------------------------ */

typedef struct run_ctx {
  px_searchtok *t;
  px_searchtok_emit emit;
  void *ctx;
  int what;
  px_stemmer *st[MAX_LANGS];
  size_t nst;
} run_ctx;

/* Emits tok unless this position already has it; the first token of a
** position is not colocated. Returns the callback's value, or -1. */
static int emit_form(run_ctx *c, const char *tok, size_t len, size_t start,
                     size_t end) {
  px_searchtok *t = c->t;
  if (!len) return 0;
  for (size_t i = 0; i < t->nforms; i++)
    if (t->form_len[i] == len &&
        memcmp(t->forms.data + t->form_off[i], tok, len) == 0)
      return 0;
  if (t->nforms < MAX_FORMS) {
    t->form_off[t->nforms] = t->forms.len;
    t->form_len[t->nforms] = len;
    if (px_buf_append(&t->forms, tok, len)) return -1;
    t->nforms++;
  }
  return c->emit(c->ctx, t->nforms > 1, tok, len, start, end);
}

static void new_position(px_searchtok *t) {
  t->nforms = 0;
  t->forms.len = 0;
}

/* Stems w in every language of the call and emits each folded stem. */
static int emit_stems(run_ctx *c, const char *w, size_t len, size_t start,
                      size_t end) {
  px_searchtok *t = c->t;
  for (size_t i = 0; i < c->nst; i++) {
    px_str s = px_stemmer_stem(c->st[i], w, len);
    bool ascii = true;
    for (size_t k = 0; ascii && k < s.len; k++) ascii = (unsigned char)s.p[k] < 0x80;
    if (ascii) {   /* Snowball's output is lower-case already */
      int r = emit_form(c, s.p, s.len, start, end);
      if (r) return r;
      continue;
    }
    t->folded.len = 0;
    size_t k = 0;
    while (k < s.len) {
      uint32_t cp;
      k += px_utf8_decode(s.p + k, s.len - k, &cp);
      if (fold_cp(cp, &t->folded, NULL)) return -1;
    }
    int r = emit_form(c, t->folded.data, t->folded.len, start, end);
    if (r) return r;
  }
  return 0;
}

/* One word: text[start, end). */
static int do_word(run_ctx *c, const char *text, size_t start, size_t end) {
  px_searchtok *t = c->t;
  t->low.len = t->plain.len = t->spelled.len = 0;
  bool digit = false, ascii = true, aux = (c->what & PX_STOK_AUX) != 0;
  for (size_t i = start; i < end; i++) {
    unsigned char b = (unsigned char)text[i];
    if (b >= 0x80) ascii = false;
    else if (px_isdigit(b)) digit = true;
  }
  bool two = false;
  const px_buf *low = &t->low;
  if (ascii) {
    /* The common case: one pass, and the word is its own stem input. */
    if (px_buf_reserve(&t->plain, end - start)) return -1;
    for (size_t i = start; i < end; i++)
      t->plain.data[t->plain.len++] = (char)px_tolower((unsigned char)text[i]);
    low = &t->plain;
  } else {
    size_t i = start;
    while (i < end) {
      uint32_t cp;
      i += px_utf8_decode(text + i, end - i, &cp);
      if (aux) {
        if (fold_cp(cp, &t->plain, NULL)) return -1;
      } else if (put_cp(&t->low, px_norm_lower(cp)) ||
                 fold_cp(cp, &t->plain, &t->spelled)) {
        return -1;
      }
    }
    /* plain.len 0 (only marks) leaves both buffers unallocated: memcmp
    ** must not see their NULL data */
    two = !aux && t->plain.len && (t->spelled.len != t->plain.len ||
                   memcmp(t->spelled.data, t->plain.data, t->plain.len) != 0);
  }
  /* Only marks: nothing to find, and no position either. */
  if (!t->plain.len) return 0;
  new_position(t);
  int r = emit_form(c, t->plain.data, t->plain.len, start, end);
  if (r || aux) return r;
  if (two && (r = emit_form(c, t->spelled.data, t->spelled.len, start, end)))
    return r;
  if ((c->what & PX_STOK_PREFIX) || digit || low->len > MAX_STEM_BYTES)
    return 0;
  r = emit_stems(c, low->data, low->len, start, end);
  if (!r && two) r = emit_stems(c, t->spelled.data, t->spelled.len, start, end);
  return r;
}

/* A run of CJK characters, text[start, end). A text gives each character
** a position holding it and the bigram it starts; a query gives each
** character but the last its bigram, and the last one alone (a phrase:
** "東京都" is 東京 京都 都). */
static int do_cjk(run_ctx *c, const char *text, size_t start, size_t end) {
  int r = 0;
  size_t i = start, prev = 0, nchars = 0;
  bool query = (c->what & PX_STOK_QUERY) != 0;
  while (!r && i <= end) {
    size_t at = i;
    if (i < end) {
      uint32_t cp;
      i += px_utf8_decode(text + i, end - i, &cp);
    } else {
      i++;   /* one step past the run: flush the last character */
    }
    if (nchars) {
      bool last = at == end;
      if (!query) {
        new_position(c->t);
        r = emit_form(c, text + prev, at - prev, prev, at);
        if (!r && !last && !(c->what & PX_STOK_AUX)) {
          size_t nx = at;
          uint32_t cp;
          nx += px_utf8_decode(text + nx, end - nx, &cp);
          r = emit_form(c, text + prev, nx - prev, prev, nx);
        }
      } else {
        /* The bigram this character starts, or the last character alone,
        ** so the phrase spans (and a snippet marks) every character. */
        size_t nx = at;
        if (!last) {
          uint32_t cp;
          nx += px_utf8_decode(text + nx, end - nx, &cp);
        }
        new_position(c->t);
        r = emit_form(c, text + prev, nx - prev, prev, nx);
      }
    }
    prev = at;
    nchars++;
  }
  return r;
}

int px_searchtok_run(px_searchtok *t, const char *text, size_t len,
                     const char *langs, int what, px_searchtok_emit emit,
                     void *ctx) {
  if (!t || !emit || (!text && len)) return -1;
  run_ctx c = {0};
  c.t = t;
  c.emit = emit;
  c.ctx = ctx;
  c.what = what;
  if (!(what & (PX_STOK_AUX | PX_STOK_PREFIX))) {
    char tags[MAX_LANGS][MAX_TAG];
    size_t n = parse_langs(langs, tags);
    if (!n && (what & PX_STOK_QUERY)) n = parse_langs(PX_SEARCHTOK_QUERY_LANGS, tags);
    if (!n) n = parse_langs(px_langid_detect(text, len), tags);
    if (!n) n = parse_langs("en", tags);
    bool oom = false;
    for (size_t i = 0; i < n; i++) {
      px_stemmer *st = stemmer_for(t, tags[i], &oom);
      if (oom) return -1;
      if (st) c.st[c.nst++] = st;
    }
  }
  size_t i = 0;
  int r = 0;
  while (!r && i < len) {
    uint32_t cp;
    size_t n = px_utf8_decode(text + i, len - i, &cp);
    int cls = cp_class(cp);
    if (cls == C_SEP) {
      i += n;
      continue;
    }
    size_t start = i, end = i + n;
    while (end < len) {
      uint32_t c2;
      size_t n2 = px_utf8_decode(text + end, len - end, &c2);
      if (cp_class(c2) != cls) break;
      end += n2;
    }
    r = cls == C_CJK ? do_cjk(&c, text, start, end) : do_word(&c, text, start, end);
    i = end;
  }
  return r;
}
