/*
** dump.h: writing a px_doc out for people and for golden tests: JSON with
** a fixed key order (so diffs are stable) and a plain-text view.
*/
#ifndef PX_EXTRACT_DUMP_H
#define PX_EXTRACT_DUMP_H

#include "extract/doc.h"
#include "util/buf.h"

/* Appends d as one JSON object to out. Keys, always all present (null when
** unknown), in this order: title, subtitle, site, authors, wire, dateline,
** published, updated, lang, url, canonical_url, image, section,
** is_republished, blocks [{kind, text}]. pretty: 2-space indentation and a
** final newline; else one line. PX_ENOMEM / PX_ETOOBIG from out. */
px_rc px_doc_to_json(const px_doc *d, px_buf *out, int pretty);
/* Appends a human-readable view: "Title: ..." style metadata lines, a blank
** line, body blocks (headings as "## text", list items as "- text",
** quotes as "> text") separated by blank lines, then "Captions:" and one
** caption per line. */
px_rc px_doc_to_text(const px_doc *d, px_buf *out);

#endif
