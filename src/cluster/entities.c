/*
** entities.c: capitalised-name runs (see entities.h), on top of the
** tokenizer's PX_TOK_CAP / PX_TOK_UPPER / PX_TOK_SENT flags. Two words
** belong to one name only when just a space (or a connector word) lies
** between them, so "Paris, France" gives two names.
** Memory: none.
*/
#include "cluster/entities.h"

#include <stdbool.h>

#include "text/stopwords.h"
#include "text/tok.h"
#include "util/str.h"

static bool is_connector(const char *w, size_t n) {
  static const char *const c[] = {"of", "de", "del", "la", "al", "van", "von", "bin", "da"};
  for (size_t i = 0; i < sizeof c / sizeof *c; i++)
    if (px_str_eq_cstr(px_str_make(w, n), c[i])) return true;
  return false;
}

static bool is_stop_cap(const char *w, size_t n) {
  char low[16];
  if (n >= sizeof low) return false;
  for (size_t i = 0; i < n; i++) low[i] = (char)px_tolower((unsigned char)w[i]);
  return px_stopword_is(low, n);
}

static bool only_space(const char *s, size_t a, size_t b) {
  if (b <= a || b - a > 2) return false;
  for (size_t i = a; i < b; i++)
    if (s[i] != ' ') return false;
  return true;
}

void px_entities_scan(const char *s, size_t len, px_entity_fn fn, void *ud) {
  px_tok_iter it;
  px_tok t;
  px_tok_init(&it, s, len);
  bool in = false;
  size_t start = 0, end = 0, pend_conn = 0;
  unsigned nw = 0;
  bool first_sent = false;
  bool have = px_tok_next(&it, &t);
  while (have) {
    const char *w = s + t.start;
    size_t wl = t.end - t.start;
    bool cap = (t.flags & PX_TOK_CAP) && (t.flags & PX_TOK_ALPHA);
    if (cap && !in && is_stop_cap(w, wl)) cap = false;
    if (cap) {
      if (in && (only_space(s, end, t.start) || pend_conn)) {
        end = t.end;
        nw++;
        pend_conn = 0;
      } else {
        if (in && !(nw == 1 && first_sent) && fn(s, start, end, nw, ud)) return;
        in = true;
        start = t.start;
        end = t.end;
        nw = 1;
        pend_conn = 0;
        first_sent = (t.flags & PX_TOK_SENT) && !(t.flags & PX_TOK_UPPER && wl > 1);
      }
    } else if (in && !pend_conn && is_connector(w, wl) && only_space(s, end, t.start)) {
      /* Tentatively part of the name if a capitalised word follows. */
      px_tok nt;
      px_tok_iter save = it;
      if (px_tok_next(&it, &nt) && (nt.flags & PX_TOK_CAP) &&
          only_space(s, t.end, nt.start)) {
        pend_conn = 1;
        t = nt;
        continue;
      }
      it = save;
      if (!(nw == 1 && first_sent) && fn(s, start, end, nw, ud)) return;
      in = false;
    } else if (in) {
      if (!(nw == 1 && first_sent) && fn(s, start, end, nw, ud)) return;
      in = false;
    }
    have = px_tok_next(&it, &t);
  }
  if (in && !(nw == 1 && first_sent)) fn(s, start, end, nw, ud);
}
