/*
** lex.c: the analyze stage's word tokenizer and small shared helpers.
**
** Tokens are words with byte offsets into one sentence: letters, digits
** and inner marks that belong to a word (U.S., Chien-jen, China’s, 7-1/2,
** 3.5, 1,000). Each token carries a hash of its lower-cased form (with a
** possessive 's removed and curly apostrophes folded) and of its Snowball
** stem, so later modules compare words by hash. Memory: tokens live in the
** analysis arena.
*/
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/analyze_int.h"
#include "util/hash.h"
#include "util/str.h"

void *an_grow(px_analysis *a, void *arr, size_t *cap, size_t need, size_t sz) {
  if (need <= *cap) return arr;
  size_t nc = *cap ? *cap * 2 : 16;
  while (nc < need) nc *= 2;
  void *p = px_arena_alloc(a->arena, nc * sz);
  if (!p) return NULL;
  if (arr && *cap) memcpy(p, arr, *cap * sz);
  *cap = nc;
  return p;
}

char *an_strndup(px_analysis *a, const char *s, size_t n) {
  return px_arena_strndup(a->arena, s ? s : "", s ? n : 0);
}

/* Byte length of a separator-type non-ASCII character at s[i], else 0. */
static size_t uni_sep(const char *s, size_t len, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == 0xC2 && i + 1 < len) {
    unsigned char d = (unsigned char)s[i + 1];
    if (d == 0xA0 || d == 0xAB || d == 0xBB || d == 0xB7) return 2;
  }
  if (c == 0xE2 && i + 2 < len && ((unsigned char)s[i + 1] == 0x80 ||
                                   (unsigned char)s[i + 1] == 0x81))
    return 3; /* general punctuation block: quotes, dashes, spaces */
  if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBB) return 3;
  return 0;
}

static bool is_word_byte(const char *s, size_t len, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (px_isalnum(c)) return true;
  if (c >= 0x80) return uni_sep(s, len, i) == 0;
  return false;
}

/* Apostrophe at s[i] ("'" or U+2019)? Returns its byte length. */
static size_t apos_len(const char *s, size_t len, size_t i) {
  if (s[i] == '\'') return 1;
  if ((unsigned char)s[i] == 0xE2 && i + 2 < len &&
      (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99)
    return 3;
  return 0;
}

/* Lower-cases w into out (folding apostrophes, dropping 's); returns the
** length written (at most cap - 1). */
static size_t lower_word(const char *w, size_t n, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < n && o + 1 < cap;) {
    size_t al = apos_len(w, n, i);
    if (al) {
      out[o++] = '\'';
      i += al;
      continue;
    }
    out[o++] = (char)px_tolower((unsigned char)w[i]);
    i++;
  }
  if (o >= 2 && out[o - 2] == '\'' && out[o - 1] == 's') o -= 2;
  else if (o >= 1 && out[o - 1] == '\'') o--;
  out[o] = 0;
  return o;
}

uint64_t an_hash_word(const char *w, size_t n) {
  char buf[128];
  size_t l = lower_word(w, n, buf, sizeof buf);
  return px_hash64(buf, l, 7);
}

uint64_t an_hash_cstr(const char *w) { return an_hash_word(w, strlen(w)); }

static const char *const k_stop[] = {
  "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at",
  "by", "for", "with", "from", "as", "into", "about", "over", "after",
  "before", "than", "that", "this", "these", "those", "it", "its", "is",
  "are", "was", "were", "be", "been", "being", "has", "have", "had", "do",
  "does", "did", "he", "she", "they", "we", "i", "you", "his", "her",
  "their", "our", "my", "your", "them", "him", "us", "me", "who", "whom",
  "which", "what", "when", "where", "while", "not", "no", "so", "such",
  "also", "there", "here", "would", "will", "could", "should", "can", "may",
  "might", "must", "said", "says", "say", "told", "added", "according",
  "both", "all", "any", "some", "more", "most", "other", "one", "two",
  "very", "just", "up", "out", "down", "then", "now", "since", "between",
  "during", "including", "because", "however", "whether", "s", "mr", "mrs",
  "ms", "t", "on", "it's", "we're", "don't", "there's", "that's", "how",
  "why", "yet", "still", "even", "only", "own", "same", "each", "few",
  "through", "under", "again", "further", "against", "above", "below",
  "off", "until", "per", "via", "being", NULL};

static uint64_t k_stop_h[sizeof k_stop / sizeof k_stop[0]];
static size_t k_nstop;

static void stop_init(void) {
  if (k_nstop) return;
  size_t n = 0;
  for (size_t i = 0; k_stop[i]; i++) k_stop_h[n++] = an_hash_cstr(k_stop[i]);
  k_nstop = n;
}

bool an_is_stop(uint64_t h) {
  stop_init();
  for (size_t i = 0; i < k_nstop; i++)
    if (k_stop_h[i] == h) return true;
  return false;
}

px_rc an_tokenize(px_analysis *a, const char *s, size_t len, an_tok **out,
                  size_t *n) {
  size_t cap = 0, cnt = 0;
  an_tok *t = NULL;
  size_t i = 0;
  stop_init();
  while (i < len) {
    if (!is_word_byte(s, len, i)) {
      size_t u = uni_sep(s, len, i);
      i += u ? u : 1;
      continue;
    }
    size_t st = i;
    while (i < len) {
      if (is_word_byte(s, len, i)) {
        i++;
        continue;
      }
      /* inner marks: followed by a word byte, preceded by one */
      size_t al = apos_len(s, len, i);
      char c = s[i];
      size_t ml = al ? al : ((c == '-' || c == '.' || c == ',' || c == '/') ? 1 : 0);
      if (!ml || i + ml >= len || !is_word_byte(s, len, i + ml)) {
        /* "U.S." keeps its final dot when single letters precede it */
        if (c == '.' && i >= 2 && s[i - 2] == '.' && px_isalpha((unsigned char)s[i - 1]))
          i++;
        break;
      }
      unsigned char prev = (unsigned char)s[i - 1], next = (unsigned char)s[i + ml];
      if (c == ',' || c == '/') {
        if (!(px_isdigit(prev) && px_isdigit(next))) break;
      } else if (c == '.') {
        bool digits = px_isdigit(prev) && px_isdigit(next);
        bool acro = px_isalpha(prev) && (i < 2 || !px_isalpha((unsigned char)s[i - 2])) &&
                    px_isalpha(next);
        if (!digits && !acro) break;
      }
      i += ml;
    }
    t = an_grow(a, t, &cap, cnt + 1, sizeof *t);
    if (!t) return PX_ENOMEM;
    an_tok *k = &t[cnt++];
    memset(k, 0, sizeof *k);
    k->s = (uint32_t)st;
    k->e = (uint32_t)i;
    char low[128];
    size_t ll = lower_word(s + st, i - st, low, sizeof low);
    k->h = px_hash64(low, ll, 7);
    unsigned char c0 = (unsigned char)s[st];
    if (px_isupper(c0)) k->flags |= TK_CAP;
    if (px_isdigit(c0)) k->flags |= TK_NUM;
    for (size_t j = 0; j < k_nstop; j++)
      if (k_stop_h[j] == k->h) {
        k->flags |= TK_STOP;
        break;
      }
    if (cnt == 1) k->flags |= TK_SENTSTART;
    const sb_symbol *st_out = NULL;
    if (a->stemmer && ll > 3 && !(k->flags & TK_NUM))
      st_out = sb_stemmer_stem(a->stemmer, (const sb_symbol *)low, (int)ll);
    if (st_out) {
      int sl = sb_stemmer_length(a->stemmer);
      k->stem = px_hash64(st_out, (size_t)sl, 7);
    } else {
      k->stem = k->h;
    }
  }
  *out = t;
  *n = cnt;
  return PX_OK;
}

/* Word lists are looked up by hash: each static list gets a sorted array
** of its words' hashes the first time it is used. The registry is global
** (the lists are), filled under a mutex; an entry never changes once
** published, so lookups read it without the lock. */
typedef struct list_cache {
  const char *const *list;
  uint64_t *h;
  size_t n;
} list_cache;

/* Open addressing on the list's address: a lookup is one or two probes,
** where a scan over every list cost a tenth of a story's analysis. */
#define K_CACHE_SLOTS 256
static list_cache k_cache[K_CACHE_SLOTS];
static pthread_mutex_t k_cache_mu = PTHREAD_MUTEX_INITIALIZER;

static int cmp_u64(const void *x, const void *y) {
  uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
  return a < b ? -1 : a > b;
}

static size_t slot_of(const char *const *list) {
  uintptr_t p = (uintptr_t)list;
  return (size_t)((p >> 3) * 0x9E3779B97F4A7C15ull >> 56) % K_CACHE_SLOTS;
}

static const list_cache *cache_for(const char *const *list) {
  size_t i = slot_of(list);
  for (size_t n = 0; n < K_CACHE_SLOTS; n++, i = (i + 1) % K_CACHE_SLOTS) {
    const char *const *l = __atomic_load_n(&k_cache[i].list, __ATOMIC_ACQUIRE);
    if (l == list) return &k_cache[i];
    if (!l) break;
  }
  const list_cache *r = NULL;
  pthread_mutex_lock(&k_cache_mu);
  i = slot_of(list);
  for (size_t n = 0; n < K_CACHE_SLOTS; n++, i = (i + 1) % K_CACHE_SLOTS) {
    if (k_cache[i].list == list) {
      r = &k_cache[i];
      break;
    }
    if (k_cache[i].list) continue;
    size_t cnt = 0;
    while (list[cnt]) cnt++;
    uint64_t *h = malloc((cnt ? cnt : 1) * sizeof *h); /* lives for the process */
    if (h) {
      for (size_t k = 0; k < cnt; k++) h[k] = an_hash_word(list[k], strlen(list[k]));
      qsort(h, cnt, sizeof *h, cmp_u64);
      list_cache *c = &k_cache[i];
      c->h = h;
      c->n = cnt;
      /* published last: readers that see the list see h and n */
      __atomic_store_n(&c->list, list, __ATOMIC_RELEASE);
      r = c;
    }
    break;
  }
  pthread_mutex_unlock(&k_cache_mu);
  return r;
}

static bool hash_in(uint64_t h, const char *const *list) {
  const list_cache *c = cache_for(list);
  if (!c) return false;
  return bsearch(&h, c->h, c->n, sizeof h, cmp_u64) != NULL;
}

bool an_word_in(const char *w, size_t n, const char *const *list) {
  if (n == 0 || n >= 64) return false;
  return hash_in(an_hash_word(w, n), list);
}

bool an_tok_is(const an_sent *s, size_t i, const char *w) {
  if (i >= s->ntok) return false;
  size_t n = strlen(w);
  const an_tok *t = &s->toks[i];
  if (t->e - t->s != n) return false;
  /* unsigned on both sides, so words with UTF-8 bytes ("milhões") match */
  for (size_t k = 0; k < n; k++)
    if (px_tolower((unsigned char)s->text[t->s + k]) != (unsigned char)w[k]) return false;
  return true;
}

bool an_tok_in(const an_sent *s, size_t i, const char *const *list) {
  if (i >= s->ntok) return false;
  return hash_in(s->toks[i].h, list);
}

int an_tok_gap_punct(const an_sent *s, size_t i) {
  if (i + 1 >= s->ntok) return 0;
  for (uint32_t k = s->toks[i].e; k < s->toks[i + 1].s; k++) {
    unsigned char c = (unsigned char)s->text[k];
    if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '.')
      return c;
    if (c == 0xE2) return '"'; /* quote or dash */
  }
  return 0;
}

bool an_tok_adjacent(const an_sent *s, size_t i) {
  if (i + 1 >= s->ntok) return false;
  for (uint32_t k = s->toks[i].e; k < s->toks[i + 1].s; k++)
    if (s->text[k] != ' ') return false;
  return true;
}

float an_idf(const px_analysis *a, uint64_t stem) {
  if (!a->idf_cap) return 1.0f;
  size_t m = a->idf_cap - 1, i = (size_t)stem & m;
  while (a->idf_keys[i]) {
    if (a->idf_keys[i] == stem) return a->idf_vals[i];
    i = (i + 1) & m;
  }
  return 1.0f;
}

uint64_t an_stem_outlets(const px_analysis *a, uint64_t stem) {
  if (!a->idf_cap) return 0;
  size_t m = a->idf_cap - 1, i = (size_t)stem & m;
  while (a->idf_keys[i]) {
    if (a->idf_keys[i] == stem) return a->idf_outlets[i];
    i = (i + 1) & m;
  }
  return 0;
}

double an_cosine(const an_sent *x, const an_sent *y) {
  size_t i = 0, j = 0;
  double dot = 0, nx = x->norm, ny = y->norm;
  while (i < x->nterms && j < y->nterms) {
    if (x->terms[i] == y->terms[j]) {
      dot += (double)x->w[i] * y->w[j];
      i++;
      j++;
    } else if (x->terms[i] < y->terms[j]) {
      i++;
    } else {
      j++;
    }
  }
  if (nx <= 0 || ny <= 0) return 0;
  return dot / (nx * ny);
}
