/*
** doc.c: building a px_doc. Strings are trimmed and copied into the doc's
** arena; the block array grows in the arena too.
*/
#include "extract/doc.h"
#include "util/str.h"
#include "text/langid.h"

#include <stdlib.h>
#include <string.h>

px_doc *px_doc_new(size_t arena_cap) {
  px_doc *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->arena = px_arena_new(arena_cap);
  if (!d->arena) {
    free(d);
    return NULL;
  }
  return d;
}

void px_doc_free(px_doc *d) {
  if (!d) return;
  px_arena_free(d->arena);
  free(d);
}

px_rc px_doc_add_block(px_doc *d, px_block_kind kind, const char *text,
                       size_t len) {
  px_str t = px_str_trim(px_str_make(text, len));
  if (t.len == 0) return PX_OK;
  if (d->nblocks == d->cap_blocks) {
    size_t nc = d->cap_blocks ? d->cap_blocks * 2 : 16;
    px_block *nb = px_arena_realloc(d->arena, d->blocks,
                                    d->cap_blocks * sizeof *nb, nc * sizeof *nb);
    if (!nb) return px_arena_over_cap(d->arena) ? PX_ETOOBIG : PX_ENOMEM;
    d->blocks = nb;
    d->cap_blocks = nc;
  }
  char *s = px_arena_strndup(d->arena, t.p, t.len);
  if (!s) return px_arena_over_cap(d->arena) ? PX_ETOOBIG : PX_ENOMEM;
  d->blocks[d->nblocks].kind = kind;
  d->blocks[d->nblocks].text = s;
  d->blocks[d->nblocks].len = t.len;
  d->nblocks++;
  return PX_OK;
}

px_rc px_doc_set(px_doc *d, const char **field, const char *text, size_t len) {
  if (!text) return PX_OK;
  px_str t = px_str_trim(px_str_make(text, len));
  if (t.len == 0) return PX_OK;
  char *s = px_arena_strndup(d->arena, t.p, t.len);
  if (!s) return px_arena_over_cap(d->arena) ? PX_ETOOBIG : PX_ENOMEM;
  *field = s;
  return PX_OK;
}

px_rc px_doc_add_author(px_doc *d, const char *name, size_t len) {
  px_str t = px_str_trim(px_str_make(name, len));
  if (t.len == 0) return PX_OK;
  for (size_t i = 0; i < d->nauthors; i++)
    if (px_str_eq_cstr(t, d->authors[i])) return PX_OK;
  const char **na = px_arena_realloc(d->arena, (void *)d->authors,
                                     d->nauthors * sizeof *na,
                                     (d->nauthors + 1) * sizeof *na);
  if (!na) return PX_ENOMEM;
  d->authors = na;
  const char *s = px_arena_strndup(d->arena, t.p, t.len);
  if (!s) return PX_ENOMEM;
  d->authors[d->nauthors++] = s;
  return PX_OK;
}

size_t px_doc_body_blocks(const px_doc *d) {
  size_t n = 0;
  for (size_t i = 0; i < d->nblocks; i++)
    if (d->blocks[i].kind != PX_BLOCK_CAPTION) n++;
  return n;
}

const char *px_doc_body(px_doc *d, size_t *len) {
  size_t total = 1;
  for (size_t i = 0; i < d->nblocks; i++)
    if (d->blocks[i].kind != PX_BLOCK_CAPTION) total += d->blocks[i].len + 2;
  char *s = px_arena_alloc(d->arena, total), *o = s;
  if (!s) return NULL;
  for (size_t i = 0; i < d->nblocks; i++) {
    if (d->blocks[i].kind == PX_BLOCK_CAPTION) continue;
    if (o != s) { *o++ = '\n'; *o++ = '\n'; }
    memcpy(o, d->blocks[i].text, d->blocks[i].len);
    o += d->blocks[i].len;
  }
  *o = '\0';
  if (len) *len = (size_t)(o - s);
  return s;
}

const char *px_block_kind_name(px_block_kind k) {
  static const char *const names[PX_BLOCK_KIND_COUNT] = {
    "paragraph", "heading", "quote", "list_item", "caption"};
  return (unsigned)k < PX_BLOCK_KIND_COUNT ? names[k] : "paragraph";
}

px_rc px_doc_guess_lang(px_doc *d) {
  if (d->lang) return PX_OK;
  /* The first 8 KB of body text is plenty; captions and credits are
  ** often in another language (an agency's English) so are left out. */
  char buf[PX_LANGID_SCAN];
  size_t n = 0;
  for (size_t i = 0; i <= d->nblocks && n < sizeof buf; i++) {
    const char *t = i == 0 ? d->title : d->blocks[i - 1].text;
    size_t len = i == 0 ? (t ? strlen(t) : 0) : d->blocks[i - 1].len;
    if (!t || (i > 0 && d->blocks[i - 1].kind == PX_BLOCK_CAPTION)) continue;
    if (len > sizeof buf - n - 1) len = sizeof buf - n - 1;
    memcpy(buf + n, t, len);
    n += len;
    buf[n++] = '\n';
  }
  const char *tag = px_langid_detect(buf, n);
  return tag ? px_doc_set(d, &d->lang, tag, strlen(tag)) : PX_OK;
}
