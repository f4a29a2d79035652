/*
** diff.c: word-level passage comparison for the story page (see diff.h).
** Tokens are views into the caller's text; the marks and the LCS table
** are scratch, freed before returning.
*/
#include "serve/diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serve/html.h"
#include "util/err.h"
#include "util/str.h"

/* LCS table cells allowed (uint16 each: 2 MB); above, the middle that
** differs is marked whole instead of word by word. */
#define MAX_CELLS 1000000u

typedef struct tok {
  const char *p;
  size_t len;
  int space;      /* whitespace came before it */
} tok;

static int word_byte(unsigned char c) { return px_isalnum(c) || c >= 0x80; }

/* Splits s into at most PX_DIFF_MAX_TOKENS tokens; *cut says text was
** left over. Caller frees *out. */
static px_rc tokenize(const char *s, size_t len, tok **out, size_t *n, int *cut) {
  size_t cap = len < PX_DIFF_MAX_TOKENS ? len : PX_DIFF_MAX_TOKENS;
  tok *t = malloc((cap + 1) * sizeof *t);
  if (!t) return PX_ENOMEM;
  size_t k = 0, i = 0;
  *cut = 0;
  while (i < len) {
    int sp = 0;
    while (i < len && px_isspace((unsigned char)s[i])) {
      i++;
      sp = 1;
    }
    if (i >= len) break;
    if (k == cap) {
      *cut = 1;
      break;
    }
    size_t st = i;
    if (word_byte((unsigned char)s[i]))
      while (i < len && word_byte((unsigned char)s[i])) i++;
    else
      i++;
    t[k].p = s + st;
    t[k].len = i - st;
    t[k].space = sp;
    k++;
  }
  *out = t;
  *n = k;
  return PX_OK;
}

static int tok_eq(const tok *x, const tok *y) {
  return x->len == y->len && !memcmp(x->p, y->p, x->len);
}

/* Marks (1) the tokens of each side outside a longest common subsequence. */
static px_rc mark(const tok *a, size_t na, const tok *b, size_t nb,
                  unsigned char *ma, unsigned char *mb) {
  size_t pre = 0, suf = 0;
  while (pre < na && pre < nb && tok_eq(&a[pre], &b[pre])) pre++;
  while (suf < na - pre && suf < nb - pre &&
         tok_eq(&a[na - 1 - suf], &b[nb - 1 - suf]))
    suf++;
  size_t n = na - pre - suf, m = nb - pre - suf;
  const tok *x = a + pre, *y = b + pre;
  unsigned char *mx = ma + pre, *my = mb + pre;
  if (n == 0 || m == 0 || (n + 1) * (m + 1) > MAX_CELLS) {
    memset(mx, 1, n);
    memset(my, 1, m);
    return PX_OK;
  }
  /* L[i][j]: LCS length of x[i..] and y[j..]; fits uint16 (tokens <= 1500). */
  size_t w = m + 1;
  uint16_t *L = calloc((n + 1) * w, sizeof *L);
  if (!L) return PX_ENOMEM;
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      L[i * w + j] = tok_eq(&x[i], &y[j])
                         ? (uint16_t)(L[(i + 1) * w + j + 1] + 1)
                         : (L[(i + 1) * w + j] >= L[i * w + j + 1]
                                ? L[(i + 1) * w + j]
                                : L[i * w + j + 1]);
  size_t i = 0, j = 0;
  while (i < n && j < m) {
    if (tok_eq(&x[i], &y[j]) && L[i * w + j] == L[(i + 1) * w + j + 1] + 1) {
      i++;
      j++;
    } else if (L[(i + 1) * w + j] >= L[i * w + j + 1]) {
      mx[i++] = 1;
    } else {
      my[j++] = 1;
    }
  }
  while (i < n) mx[i++] = 1;
  while (j < m) my[j++] = 1;
  free(L);
  return PX_OK;
}

/* One side: runs of marked tokens inside <tag>, whitespace as one space. */
static px_rc emit(px_buf *o, const tok *t, size_t n, const unsigned char *mk,
                  const char *tag, int cut) {
  int open = 0;
  px_rc rc = PX_OK;
  for (size_t i = 0; i < n && !rc; i++) {
    if (open && !mk[i]) {
      rc = px_buf_printf(o, "</%s>", tag);
      open = 0;
    }
    if (!rc && i && t[i].space) rc = px_buf_putc(o, ' ');
    if (!rc && !open && mk[i]) {
      rc = px_buf_printf(o, "<%s>", tag);
      open = 1;
    }
    if (!rc) rc = px_html_text(o, t[i].p, t[i].len);
  }
  if (!rc && open) rc = px_buf_printf(o, "</%s>", tag);
  if (!rc && cut) rc = px_buf_puts(o, " \xe2\x80\xa6");
  return rc;
}

px_rc px_diff_words_html(px_buf *left, px_buf *right,
                         const char *a, size_t alen,
                         const char *b, size_t blen, px_err *err) {
  tok *ta = NULL, *tb = NULL;
  unsigned char *ma = NULL, *mb = NULL;
  size_t na = 0, nb = 0;
  int cuta = 0, cutb = 0;
  px_rc rc = tokenize(a ? a : "", a ? alen : 0, &ta, &na, &cuta);
  if (!rc) rc = tokenize(b ? b : "", b ? blen : 0, &tb, &nb, &cutb);
  if (rc) goto out;
  ma = calloc(na + 1, 1);
  mb = calloc(nb + 1, 1);
  if (!ma || !mb) {
    rc = PX_ENOMEM;
    goto out;
  }
  rc = mark(ta, na, tb, nb, ma, mb);
  if (!rc) rc = emit(left, ta, na, ma, "del", cuta);
  if (!rc) rc = emit(right, tb, nb, mb, "ins", cutb);
out:
  if (rc) px_err_set(err, rc, "comparing passages: %s", px_strerror(rc));
  free(ta);
  free(tb);
  free(ma);
  free(mb);
  return rc;
}
