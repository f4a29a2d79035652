/*
** dump.c: px_doc as JSON (jansson, keys in a fixed order: jansson keeps
** insertion order when dumping with JSON_PRESERVE_ORDER) and as text.
** Memory: the jansson tree is built and freed here; output goes into the
** caller's px_buf.
*/
#include "extract/dump.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int put_str(json_t *o, const char *key, const char *v) {
  json_t *j = v ? json_string(v) : json_null();
  if (!j) j = json_string("\xEF\xBF\xBD");  /* invalid UTF-8: never here */
  return json_object_set_new(o, key, j);
}

static json_t *doc_json(const px_doc *d) {
  json_t *o = json_object();
  if (!o) return NULL;
  int bad = 0;
  bad |= put_str(o, "title", d->title);
  bad |= put_str(o, "subtitle", d->subtitle);
  bad |= put_str(o, "site", d->site);
  json_t *au = json_array();
  for (size_t i = 0; au && i < d->nauthors; i++)
    bad |= json_array_append_new(au, json_string(d->authors[i]));
  bad |= au ? json_object_set_new(o, "authors", au) : -1;
  bad |= put_str(o, "wire", d->wire);
  bad |= put_str(o, "dateline", d->dateline);
  bad |= put_str(o, "published", d->published);
  bad |= put_str(o, "updated", d->updated);
  bad |= put_str(o, "lang", d->lang);
  bad |= put_str(o, "url", d->url);
  bad |= put_str(o, "canonical_url", d->canonical_url);
  bad |= put_str(o, "image", d->image);
  bad |= put_str(o, "section", d->section);
  bad |= json_object_set_new(o, "is_republished",
                             json_boolean(d->is_republished));
  json_t *bl = json_array();
  for (size_t i = 0; bl && i < d->nblocks; i++) {
    json_t *b = json_object();
    if (!b) { bad = 1; break; }
    bad |= json_object_set_new(b, "kind",
                               json_string(px_block_kind_name(d->blocks[i].kind)));
    bad |= json_object_set_new(
        b, "text", json_stringn(d->blocks[i].text, d->blocks[i].len));
    bad |= json_array_append_new(bl, b);
  }
  bad |= bl ? json_object_set_new(o, "blocks", bl) : -1;
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}

px_rc px_doc_to_json(const px_doc *d, px_buf *out, int pretty) {
  if (!d || !out) return PX_EINVAL;
  json_t *o = doc_json(d);
  if (!o) return PX_ENOMEM;
  size_t flags = JSON_PRESERVE_ORDER;
  flags |= pretty ? JSON_INDENT(2) : JSON_COMPACT;
  char *s = json_dumps(o, flags);
  json_decref(o);
  if (!s) return PX_ENOMEM;
  px_rc rc = px_buf_puts(out, s);
  if (rc == PX_OK && pretty) rc = px_buf_putc(out, '\n');
  free(s);
  return rc;
}

static px_rc meta(px_buf *out, const char *label, const char *v) {
  if (!v) return PX_OK;
  return px_buf_printf(out, "%s: %s\n", label, v);
}

px_rc px_doc_to_text(const px_doc *d, px_buf *out) {
  if (!d || !out) return PX_EINVAL;
  px_rc rc = PX_OK;
  rc = rc ? rc : meta(out, "Title", d->title);
  rc = rc ? rc : meta(out, "Subtitle", d->subtitle);
  rc = rc ? rc : meta(out, "Site", d->site);
  for (size_t i = 0; rc == PX_OK && i < d->nauthors; i++)
    rc = meta(out, "Author", d->authors[i]);
  rc = rc ? rc : meta(out, "Wire", d->wire);
  rc = rc ? rc : meta(out, "Dateline", d->dateline);
  rc = rc ? rc : meta(out, "Published", d->published);
  rc = rc ? rc : meta(out, "Updated", d->updated);
  rc = rc ? rc : meta(out, "Language", d->lang);
  rc = rc ? rc : meta(out, "URL", d->url);
  rc = rc ? rc : meta(out, "Canonical URL", d->canonical_url);
  rc = rc ? rc : meta(out, "Image", d->image);
  rc = rc ? rc : meta(out, "Section", d->section);
  if (rc == PX_OK && d->is_republished)
    rc = px_buf_puts(out, "Republished: yes\n");
  for (size_t i = 0; rc == PX_OK && i < d->nblocks; i++) {
    const px_block *b = &d->blocks[i];
    if (b->kind == PX_BLOCK_CAPTION) continue;
    const char *mark = b->kind == PX_BLOCK_HEADING     ? "## "
                       : b->kind == PX_BLOCK_LIST_ITEM ? "- "
                       : b->kind == PX_BLOCK_QUOTE     ? "> "
                                                       : "";
    rc = px_buf_printf(out, "\n%s%s\n", mark, b->text);
  }
  bool head = false;
  for (size_t i = 0; rc == PX_OK && i < d->nblocks; i++) {
    if (d->blocks[i].kind != PX_BLOCK_CAPTION) continue;
    if (!head) rc = px_buf_puts(out, "\nCaptions:\n");
    head = true;
    if (rc == PX_OK) rc = px_buf_printf(out, "- %s\n", d->blocks[i].text);
  }
  return rc;
}
