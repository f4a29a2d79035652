/*
** copies.c: copy relations within a story (see copies.h): credits,
** aggregator footers, pairwise alignment and the JSON/text renderings.
** Pairs are pre-filtered on shared shingles so only pairs with something
** in common are aligned.
** Memory: the report owns every string and passage set it holds.
*/
#include "dedup/copies.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/minhash.h"
#include "dedup/shingle.h"
#include "util/err.h"
#include "util/str.h"

/* --------------------------------------------------------- credits ---- */

typedef struct wire_name {
  const char *name;       /* canonical */
  const char *alias;      /* as written (case-sensitive) */
} wire_name;

/* General wire services; each alias must appear as a whole word. */
static const wire_name wires[] = {
  {"Reuters", "Reuters"}, {"Reuters", "REUTERS"},
  {"AP", "Associated Press"}, {"AP", "(AP)"}, {"AP", "AP Photo"},
  {"AFP", "AFP"}, {"AFP", "Agence France-Presse"},
  {"AFP", "Agence France Presse"},
  {"Bloomberg", "Bloomberg"}, {"Xinhua", "Xinhua"}, {"Kyodo", "Kyodo"},
  {"Yonhap", "Yonhap"}, {"dpa", "dpa"}, {"PTI", "PTI"}, {"ANI", "ANI"},
  {"IANS", "IANS"}, {"UPI", "UPI"}, {"EFE", "EFE"}, {"ANSA", "ANSA"},
  {"Anadolu", "Anadolu"}, {"TASS", "TASS"}, {"Interfax", "Interfax"},
  {"PA Media", "PA Media"}, {"AAP", "AAP"}, {"Bernama", "Bernama"},
};
#define NWIRES (sizeof wires / sizeof wires[0])

static const char *const credit_after[] = {
  " reports", " reported", " notes", " noted", " said", " says", " quoted",
  " reporting", " contributed", ", with additional", " wrote",
};
static const char *const credit_before[] = {
  "according to ", "told ", "via ", "reporting by ", "Reporting by ",
  "by ", "By ", "Source: ", "source: ", "\xe2\x80\xa2 ", "- ", "\xe2\x80\x94 ",
  "\xe2\x80\x93 ", "for ", "(",
};

static bool word_edge(const char *s, size_t len, size_t at) {
  if (at >= len) return true;
  unsigned char c = (unsigned char)s[at];
  if (c >= 0x80) {
    /* General punctuation (U+2000..U+206F: curly quotes, dashes) is an
    ** edge; other non-ASCII is taken as part of a word. */
    return c == 0xE2 && at + 1 < len && (unsigned char)s[at + 1] == 0x80;
  }
  return !px_isalnum(c);
}

static bool ends_with_at(const char *s, size_t at, const char *suf) {
  size_t n = strlen(suf);
  return at >= n && memcmp(s + at - n, suf, n) == 0;
}

static bool starts_at(const char *s, size_t len, size_t at, const char *pre) {
  size_t n = strlen(pre);
  return at + n <= len && memcmp(s + at, pre, n) == 0;
}

/* 2: strong credit, 1: weak mention, 0: none. */
static int credit_strength(const px_block *b, size_t at, size_t n) {
  const char *s = b->text;
  size_t len = b->len;
  if (b->kind == PX_BLOCK_CAPTION) return 1;
  if (ends_with_at(s, at, "Photo: ") || ends_with_at(s, at, "photo: ") ||
      starts_at(s, len, at + n, " via Getty") ||
      starts_at(s, len, at + n, " Photo") || starts_at(s, len, at + n, "/"))
    return 1;
  for (size_t i = 0; i < sizeof credit_after / sizeof *credit_after; i++)
    if (starts_at(s, len, at + n, credit_after[i])) return 2;
  if (starts_at(s, len, at + n, ")") || starts_at(s, len, at + n, " -") ||
      starts_at(s, len, at + n, " \xe2\x80\x94") ||
      starts_at(s, len, at + n, "\xe2\x80\x99") ||
      starts_at(s, len, at + n, "'s"))
    return 2;
  for (size_t i = 0; i < sizeof credit_before / sizeof *credit_before; i++)
    if (ends_with_at(s, at, credit_before[i])) return 2;
  /* A short line naming the wire is a credit line ("Reuters, with ..."),
  ** unless it is a photo credit that lost its caption markup. */
  if (len < 80 && px_str_ifind(px_str_make(s, len), "photo") < 0 &&
      (at + n == len || at == 0 || (at < 4)))
    return 2;
  return 1;
}

/* Finds "<CAPS> News" outlet credits in a credit context ("told CBS News"). */
typedef struct credit_list {
  char **v;
  size_t n, cap;
} credit_list;

static px_rc credit_add(credit_list *l, const char *name, size_t len) {
  for (size_t i = 0; i < l->n; i++)
    if (strlen(l->v[i]) == len && memcmp(l->v[i], name, len) == 0) return PX_OK;
  if (l->n == l->cap) {
    size_t nc = l->cap ? l->cap * 2 : 4;
    char **nv = realloc(l->v, nc * sizeof *nv);
    if (!nv) return PX_ENOMEM;
    l->v = nv;
    l->cap = nc;
  }
  char *c = malloc(len + 1);
  if (!c) return PX_ENOMEM;
  memcpy(c, name, len);
  c[len] = 0;
  l->v[l->n++] = c;
  return PX_OK;
}

static px_rc outlet_credits(const px_block *b, credit_list *l) {
  const char *s = b->text;
  size_t len = b->len;
  for (size_t at = 0; at + 7 < len; at++) {
    if (!px_isupper((unsigned char)s[at]) || (at && !word_edge(s, len, at - 1)))
      continue;
    size_t e = at;
    while (e < len && px_isupper((unsigned char)s[e])) e++;
    if (e - at < 2 || e - at > 5 || !starts_at(s, len, e, " News")) continue;
    if (!word_edge(s, len, e + 5)) continue;
    bool ctx = false;
    for (size_t i = 0; i < sizeof credit_before / sizeof *credit_before; i++)
      if (ends_with_at(s, at, credit_before[i])) ctx = true;
    for (size_t i = 0; i < sizeof credit_after / sizeof *credit_after; i++)
      if (starts_at(s, len, e + 5, credit_after[i])) ctx = true;
    if (ctx) {
      px_rc rc = credit_add(l, s + at, e + 5 - at);
      if (rc != PX_OK) return rc;
    }
    at = e;
  }
  return PX_OK;
}

/* Strength of each wire in doc, indexed like wires[] (canonical names
** share the maximum). */
static void wire_strengths(const px_doc *doc, int *str) {
  for (size_t w = 0; w < NWIRES; w++) str[w] = 0;
  for (size_t i = 0; i < doc->nblocks; i++) {
    const px_block *b = &doc->blocks[i];
    for (size_t w = 0; w < NWIRES; w++) {
      const char *al = wires[w].alias;
      size_t n = strlen(al);
      if (n > b->len) continue;
      for (size_t at = 0; at + n <= b->len; at++) {
        if (b->text[at] != al[0] || memcmp(b->text + at, al, n) != 0) continue;
        bool edge = (al[0] == '(' || at == 0 || word_edge(b->text, b->len, at - 1)) &&
                    (al[n - 1] == ')' || word_edge(b->text, b->len, at + n));
        if (!edge) continue;
        int s = al[0] == '(' ? 2 : credit_strength(b, at, n);
        if (s > str[w]) str[w] = s;
      }
    }
  }
  if (doc->wire) {
    for (size_t w = 0; w < NWIRES; w++)
      if (px_str_ieq_cstr(px_str_from_cstr(doc->wire), wires[w].name) ||
          px_str_ieq_cstr(px_str_from_cstr(doc->wire), wires[w].alias))
        str[w] = 2;
  }
  /* Fold aliases onto their canonical name's first entry. */
  for (size_t w = 0; w < NWIRES; w++)
    for (size_t v = 0; v < w; v++)
      if (strcmp(wires[v].name, wires[w].name) == 0) {
        if (str[w] > str[v]) str[v] = str[w];
        str[w] = 0;
        break;
      }
}

px_rc px_copy_credits(const px_doc *doc, bool weak, char ***names, size_t *n) {
  int str[NWIRES];
  credit_list l = {*names, *n, *n};
  px_rc rc = PX_OK;
  wire_strengths(doc, str);
  for (size_t w = 0; w < NWIRES && rc == PX_OK; w++)
    if (str[w] == 2 || (weak && str[w] == 1))
      rc = credit_add(&l, wires[w].name, strlen(wires[w].name));
  if (doc->wire && rc == PX_OK) rc = credit_add(&l, doc->wire, strlen(doc->wire));
  for (size_t i = 0; i < doc->nblocks && rc == PX_OK; i++)
    if (doc->blocks[i].kind != PX_BLOCK_CAPTION)
      rc = outlet_credits(&doc->blocks[i], &l);
  *names = l.v;
  *n = l.n;
  return rc;
}

/* ------------------------------------------------------ aggregators ---- */

static const char *const agg_marks[] = {
  "read original article", "read the original article", "automatic aggregator",
  "denial of responsibility", "originally published", "originally appeared",
  "first appeared on", "this article was republished", "source link",
  "republished with permission", "republished from",
};

bool px_copy_is_republished(const px_doc *doc, const char **note,
                            size_t *note_len) {
  if (note) *note = NULL;
  if (note_len) *note_len = 0;
  bool found = doc->is_republished;
  if (found && doc->origin_note && note) {
    *note = doc->origin_note;
    if (note_len) *note_len = strlen(doc->origin_note);
  }
  /* Footers sit at the end: look at the last blocks only, so a story
  ** quoting "originally published" in its body is not flagged. */
  size_t from = doc->nblocks > 8 ? doc->nblocks - 8 : 0;
  for (size_t i = from; i < doc->nblocks; i++) {
    const px_block *b = &doc->blocks[i];
    for (size_t m = 0; m < sizeof agg_marks / sizeof *agg_marks; m++) {
      if (px_str_ifind(px_str_make(b->text, b->len), agg_marks[m]) < 0) continue;
      if (note && !*note) {
        *note = b->text;
        if (note_len) *note_len = b->len;
      }
      return true;
    }
  }
  return found;
}

/* ---------------------------------------------------------- analysis ---- */

void px_copy_report_free(px_copy_report *r) {
  if (!r) return;
  for (size_t i = 0; i < r->narticles; i++) {
    px_copy_article *a = &r->articles[i];
    free(a->label);
    free(a->republish_note);
    for (size_t j = 0; j < a->ncredits; j++) free(a->credits[j]);
    free(a->credits);
  }
  for (size_t i = 0; i < r->nrels; i++) {
    px_passage_set_free(r->rels[i].passages);
    free(r->rels[i].wire);
  }
  free(r->articles);
  free(r->rels);
  free(r);
}

static char *dupn(const char *s, size_t n) {
  char *c = malloc(n + 1);
  if (c) {
    memcpy(c, s, n);
    c[n] = 0;
  }
  return c;
}

typedef struct prep {
  px_shingles set;
  uint64_t content;
  int wstr[NWIRES];
  size_t order;     /* position by publish time */
} prep;

/* Chooses the wire for shared copy between two articles. */
static const char *pick_wire(const int *x, const int *y) {
  int best = 0;
  const char *name = NULL;
  for (size_t w = 0; w < NWIRES; w++) {
    int score = 0;
    if (x[w] && y[w] && (x[w] == 2 || y[w] == 2)) score = 3;
    else if (x[w] == 2 || y[w] == 2) score = 2;
    if (score > best) {
      best = score;
      name = wires[w].name;
    }
  }
  return name;
}

static size_t common(const px_shingles *a, const px_shingles *b) {
  size_t i = 0, j = 0, c = 0;
  while (i < a->n && j < b->n) {
    if (a->h[i] == b->h[j]) {
      c++;
      i++;
      j++;
    } else if (a->h[i] < b->h[j]) {
      i++;
    } else {
      j++;
    }
  }
  return c;
}

px_rc px_copies_analyze(const px_copy_input *in, size_t n,
                        px_copy_report **out, px_err *err) {
  return px_copies_analyze_ix(in, n, NULL, out, err);
}

px_rc px_copies_analyze_ix(const px_copy_input *in, size_t n,
                           const px_dedup_index *ix, px_copy_report **out,
                           px_err *err) {
  px_copy_report *r = calloc(1, sizeof *r);
  prep *pp = calloc(n ? n : 1, sizeof *pp);
  px_rc rc = PX_ENOMEM;
  size_t caprel = 0;
  if (!r || !pp) goto fail;
  r->articles = calloc(n ? n : 1, sizeof *r->articles);
  if (!r->articles) goto fail;
  r->narticles = n;
  for (size_t i = 0; i < n; i++) {
    px_copy_article *a = &r->articles[i];
    const px_doc *d = in[i].doc;
    a->id = in[i].id;
    a->shares_none = true;
    if (in[i].label && !(a->label = dupn(in[i].label, strlen(in[i].label))))
      goto fail;
    const char *note;
    size_t nl;
    a->republished = px_copy_is_republished(d, &note, &nl);
    if (note && !(a->republish_note = dupn(note, nl))) goto fail;
    if (px_copy_credits(d, false, &a->credits, &a->ncredits) != PX_OK) goto fail;
    px_shingles_init(&pp[i].set);
    rc = px_shingles_doc(d, 5, &pp[i].set, err);
    if (rc != PX_OK) goto done;
    rc = PX_ENOMEM;
    pp[i].content = pp[i].set.content;
    px_shingles_to_set(&pp[i].set);
    wire_strengths(d, pp[i].wstr);
  }
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++) {
      if (pp[i].set.n == 0 || pp[j].set.n == 0) continue;
      if (common(&pp[i].set, &pp[j].set) < 2) continue;
      /* Earlier first; input order breaks ties and unknown times. */
      size_t x = i, y = j;
      if (in[i].published && in[j].published && in[j].published < in[i].published) {
        x = j;
        y = i;
      }
      px_passage_set *ps = NULL;
      rc = px_passages_align_ix(in[x].doc, in[y].doc, ix, &ps, err);
      if (rc != PX_OK) goto done;
      rc = PX_ENOMEM;
      bool exact = pp[x].content == pp[y].content;
      if (ps->n == 0 && !exact) {
        px_passage_set_free(ps);
        continue;
      }
      if (r->nrels == caprel) {
        size_t nc = caprel ? caprel * 2 : 8;
        px_copy_rel *nv = realloc(r->rels, nc * sizeof *nv);
        if (!nv) {
          px_passage_set_free(ps);
          goto fail;
        }
        r->rels = nv;
        caprel = nc;
      }
      px_copy_rel *rel = &r->rels[r->nrels++];
      memset(rel, 0, sizeof *rel);
      rel->kind = exact ? PX_COPY_EXACT : PX_COPY_SHARED;
      rel->a = in[x].id;
      rel->b = in[y].id;
      rel->passages = ps;
      rel->origin = -1;
      const char *w = pick_wire(pp[x].wstr, pp[y].wstr);
      if (w && !(rel->wire = dupn(w, strlen(w)))) goto fail;
      if (!w) {
        /* An aggregator's copy is never the origin; otherwise the earlier
        ** publisher is, when both times are known. */
        if (r->articles[y].republished && !r->articles[x].republished)
          rel->origin = in[x].id;
        else if (r->articles[x].republished && !r->articles[y].republished)
          rel->origin = in[y].id;
        else if (in[x].published && in[y].published &&
                 in[x].published < in[y].published)
          rel->origin = in[x].id;
      }
      r->articles[x].shares_none = false;
      r->articles[y].shares_none = false;
      if (ps->a_share > r->articles[x].copied_share)
        r->articles[x].copied_share = ps->a_share;
      if (ps->b_share > r->articles[y].copied_share)
        r->articles[y].copied_share = ps->b_share;
    }
  rc = PX_OK;
  goto done;
fail:
  rc = PX_ENOMEM;
  px_err_set(err, rc, "copies: out of memory");
done:
  if (pp)
    for (size_t i = 0; i < n; i++) px_shingles_reset(&pp[i].set);
  free(pp);
  if (rc != PX_OK) {
    px_copy_report_free(r);
    return rc;
  }
  *out = r;
  return PX_OK;
}

/* -------------------------------------------------------- rendering ---- */

static const px_copy_article *find_article(const px_copy_report *r, int64_t id) {
  for (size_t i = 0; i < r->narticles; i++)
    if (r->articles[i].id == id) return &r->articles[i];
  return NULL;
}

static json_t *passage_json(const px_passage *p) {
  return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "a_first",
                   (json_int_t)p->a_first, "a_last", (json_int_t)p->a_last,
                   "b_first", (json_int_t)p->b_first, "b_last",
                   (json_int_t)p->b_last, "a_blocks", (json_int_t)p->a_blocks,
                   "b_blocks", (json_int_t)p->b_blocks, "a_chars",
                   (json_int_t)p->a_chars, "b_chars", (json_int_t)p->b_chars);
}

json_t *px_copy_report_json(const px_copy_report *r, const int64_t *focus) {
  json_t *root = json_object(), *arts = json_array(), *rels = json_array();
  if (!root || !arts || !rels) goto fail;
  json_object_set_new(root, "articles", arts);
  json_object_set_new(root, "relations", rels);
  for (size_t i = 0; i < r->narticles; i++) {
    const px_copy_article *a = &r->articles[i];
    if (focus && a->id != *focus) continue;
    json_t *cr = json_array();
    for (size_t j = 0; cr && j < a->ncredits; j++)
      json_array_append_new(cr, json_string(a->credits[j]));
    json_t *o = json_pack("{s:I,s:b,s:b,s:f,s:o}", "id", (json_int_t)a->id,
                          "republished", a->republished, "shares_no_passages",
                          a->shares_none, "copied_share", a->copied_share,
                          "credits", cr ? cr : json_array());
    if (!o) goto fail;
    if (a->label) json_object_set_new(o, "label", json_string(a->label));
    if (a->republish_note)
      json_object_set_new(o, "republish_note", json_string(a->republish_note));
    json_array_append_new(arts, o);
  }
  for (size_t i = 0; i < r->nrels; i++) {
    const px_copy_rel *rel = &r->rels[i];
    if (focus && rel->a != *focus && rel->b != *focus) continue;
    const px_passage_set *ps = rel->passages;
    json_t *pv = json_array();
    for (size_t j = 0; pv && j < ps->n; j++)
      json_array_append_new(pv, passage_json(&ps->v[j]));
    json_t *o = json_pack(
        "{s:s,s:I,s:I,s:I,s:I,s:f,s:f,s:o}", "kind",
        rel->kind == PX_COPY_EXACT ? "exact_duplicate" : "shared_passages", "a",
        (json_int_t)rel->a, "b", (json_int_t)rel->b, "a_blocks_shared",
        (json_int_t)ps->a_blocks_shared, "b_blocks_shared",
        (json_int_t)ps->b_blocks_shared, "a_share", ps->a_share, "b_share",
        ps->b_share, "passages", pv ? pv : json_array());
    if (!o) goto fail;
    json_object_set_new(o, "wire", rel->wire ? json_string(rel->wire) : json_null());
    json_object_set_new(o, "origin", rel->origin >= 0 ? json_integer(rel->origin)
                                                     : json_null());
    json_array_append_new(rels, o);
  }
  return root;
fail:
  json_decref(root);
  if (!root) {
    json_decref(arts);
    json_decref(rels);
  }
  return NULL;
}

static px_rc name(const px_copy_report *r, int64_t id, px_buf *out) {
  const px_copy_article *a = find_article(r, id);
  if (a && a->label) return px_buf_puts(out, a->label);
  return px_buf_printf(out, "%" PRId64, id);
}

px_rc px_copy_report_text(const px_copy_report *r, const int64_t *focus,
                          px_buf *out) {
  px_rc rc = PX_OK;
  for (size_t i = 0; i < r->nrels && rc == PX_OK; i++) {
    const px_copy_rel *rel = &r->rels[i];
    if (focus && rel->a != *focus && rel->b != *focus) continue;
    const px_passage_set *ps = rel->passages;
    rc = name(r, rel->a, out);
    if (rel->kind == PX_COPY_EXACT) {
      if (rc == PX_OK) rc = px_buf_puts(out, " and ");
      if (rc == PX_OK) rc = name(r, rel->b, out);
      if (rc == PX_OK) rc = px_buf_puts(out, " are the same text");
    } else {
      if (rc == PX_OK) rc = px_buf_puts(out, " and ");
      if (rc == PX_OK) rc = name(r, rel->b, out);
      if (rc == PX_OK)
        rc = px_buf_printf(out,
                           " share %zu passage%s: %zu paragraph%s of ",
                           ps->n, ps->n == 1 ? "" : "s", ps->a_blocks_shared,
                           ps->a_blocks_shared == 1 ? "" : "s");
      if (rc == PX_OK) rc = name(r, rel->a, out);
      if (rc == PX_OK)
        rc = px_buf_printf(out, " (%.0f%% of it), %zu of ", ps->a_share * 100,
                           ps->b_blocks_shared);
      if (rc == PX_OK) rc = name(r, rel->b, out);
      if (rc == PX_OK) rc = px_buf_printf(out, " (%.0f%%)", ps->b_share * 100);
    }
    if (rc == PX_OK && rel->wire)
      rc = px_buf_printf(out, "; the copy traces to %s", rel->wire);
    else if (rc == PX_OK && rel->origin >= 0) {
      rc = px_buf_puts(out, "; likely origin: ");
      if (rc == PX_OK) rc = name(r, rel->origin, out);
    }
    if (rc == PX_OK) rc = px_buf_puts(out, "\n");
  }
  for (size_t i = 0; i < r->narticles && rc == PX_OK; i++) {
    const px_copy_article *a = &r->articles[i];
    if (focus && a->id != *focus) continue;
    if (a->republished) {
      rc = name(r, a->id, out);
      if (rc == PX_OK) rc = px_buf_puts(out, " is an aggregator's republication");
      for (size_t j = 0; j < a->ncredits && rc == PX_OK; j++)
        rc = px_buf_printf(out, "%s%s", j ? ", " : "; its text credits ",
                           a->credits[j]);
      if (rc == PX_OK) rc = px_buf_puts(out, "\n");
    }
    if (a->shares_none && rc == PX_OK) {
      rc = name(r, a->id, out);
      if (rc == PX_OK) rc = px_buf_puts(out, " shares no passages with the others\n");
    }
  }
  return rc;
}
