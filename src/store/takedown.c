/*
** takedown.c: the takedowns table, the audit log of removals, and
** takedown_keys, the list of URLs, hosts and outlet names refused on
** ingest (schema 7). Names and URLs are compared by key, never as typed,
** since a takedown that a changed spelling gets around is no takedown.
** Memory: rows passed to callbacks are borrowed for the call only.
*/
#include "store/takedown.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "extract/outlets.h"
#include "ingest/url.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/str.h"

/* The tables are schema 7's (store/schema.h); this stays for callers
** that asked for them before they were part of the schema. */
px_rc px_takedown_init(px_store *st, px_err *err) {
  if (st && !px_store_sqlite(st)) return px_store_unsupported(st, "takedown", err);
  if (!st || !px_store_sqlite(st)) return px_err_set(err, PX_EINVAL, "takedown: no store");
  return PX_OK;
}

/* ---- keys ---------------------------------------------------------------- */

px_rc px_takedown_url_key(const char *url, size_t len, px_buf *out) {
  return px_url_normalize(url, len, PX_URL_KEY, out);
}

px_rc px_takedown_url_hash(const char *url, size_t len, char out[33]) {
  px_buf k;
  px_buf_init(&k, 0);
  px_rc rc = px_takedown_url_key(url, len, &k);
  if (!rc) px_hash128_hex(k.data ? k.data : "", k.len, out);
  px_buf_reset(&k);
  return rc;
}

/* Latin letters that Cyrillic and Greek ones are drawn like, in either
** case (mapped before case folding, as Greek N and v differ only by case:
** capital Nu looks like N, small nu like v). NFKC already took care of
** full-width, mathematical and ligature forms; this is the part of
** Unicode's confusables list that NFKC leaves alone and that outlet names
** are spelt with. */
static uint32_t latin_lookalike(uint32_t cp) {
  static const uint32_t map[][2] = {
      /* Cyrillic capitals */
      {0x0405, 'S'}, {0x0406, 'I'}, {0x0408, 'J'}, {0x0410, 'A'}, {0x0412, 'B'},
      {0x0415, 'E'}, {0x041A, 'K'}, {0x041C, 'M'}, {0x041D, 'H'}, {0x041E, 'O'},
      {0x0420, 'P'}, {0x0421, 'C'}, {0x0422, 'T'}, {0x0423, 'Y'}, {0x0425, 'X'},
      {0x04AE, 'Y'}, {0x04BA, 'H'}, {0x04C0, 'I'}, {0x0500, 'D'}, {0x051A, 'Q'},
      {0x051C, 'W'},
      /* Cyrillic small letters */
      {0x0430, 'a'}, {0x0435, 'e'}, {0x043A, 'k'}, {0x043E, 'o'}, {0x0440, 'p'},
      {0x0441, 'c'}, {0x0443, 'y'}, {0x0445, 'x'}, {0x0455, 's'}, {0x0456, 'i'},
      {0x0458, 'j'}, {0x04AF, 'y'}, {0x04BB, 'h'}, {0x04CF, 'l'}, {0x0501, 'd'},
      {0x051B, 'q'}, {0x051D, 'w'}, {0x0401, 0x00CB}, {0x0451, 0x00EB},
      /* Greek capitals */
      {0x0391, 'A'}, {0x0392, 'B'}, {0x0395, 'E'}, {0x0396, 'Z'}, {0x0397, 'H'},
      {0x0399, 'I'}, {0x039A, 'K'}, {0x039C, 'M'}, {0x039D, 'N'}, {0x039F, 'O'},
      {0x03A1, 'P'}, {0x03A4, 'T'}, {0x03A5, 'Y'}, {0x03A7, 'X'},
      /* Greek small letters */
      {0x03B1, 'a'}, {0x03B3, 'y'}, {0x03B9, 'i'}, {0x03BA, 'k'}, {0x03BD, 'v'},
      {0x03BF, 'o'}, {0x03C1, 'p'}, {0x03C5, 'u'}, {0x03C7, 'x'},
      /* Latin dotless i */
      {0x0131, 'i'},
  };
  for (size_t i = 0; i < sizeof map / sizeof *map; i++)
    if (map[i][0] == cp) return map[i][1];
  return cp;
}

/* One folding pass: NFKC without default ignorables and controls, then
** look-alikes made Latin, then case folded; words (split at any white
** space) appended with none between them, a first word "the" dropped
** when more follow. */
static px_rc fold_name(const char *name, size_t len, px_buf *out) {
  px_buf valid, mapped;
  px_buf_init(&valid, 0);
  px_buf_init(&mapped, 0);
  utf8proc_uint8_t *nfkc = NULL, *folded = NULL;
  px_rc rc = PX_OK;
  /* utf8proc refuses invalid UTF-8: replace bad bytes first. */
  for (size_t i = 0; i < len && !rc;) {
    uint32_t cp;
    size_t n = px_utf8_decode(name + i, len - i, &cp);
    char e[4];
    rc = px_buf_append(&valid, e, px_utf8_encode(cp, e));
    i += n ? n : 1;
  }
  if (!rc && utf8proc_map((const utf8proc_uint8_t *)(valid.data ? valid.data : ""),
                          (utf8proc_ssize_t)valid.len, &nfkc,
                          UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                              UTF8PROC_IGNORE | UTF8PROC_STRIPCC) < 0)
    rc = PX_ENOMEM;
  for (const char *p = (const char *)nfkc; !rc && p && *p;) {
    uint32_t cp;
    size_t n = px_utf8_decode(p, strlen(p), &cp);
    char e[4];
    rc = px_buf_append(&mapped, e, px_utf8_encode(latin_lookalike(cp), e));
    p += n ? n : 1;
  }
  if (!rc && utf8proc_map((const utf8proc_uint8_t *)(mapped.data ? mapped.data : ""),
                          (utf8proc_ssize_t)mapped.len, &folded,
                          UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                              UTF8PROC_CASEFOLD | UTF8PROC_IGNORE) < 0)
    rc = PX_ENOMEM;
  const char *f = (const char *)(folded ? folded : (utf8proc_uint8_t *)"");
  size_t flen = strlen(f), words = 0;
  for (size_t i = 0; !rc && i < flen;) {
    uint32_t cp;
    size_t n = px_utf8_decode(f + i, flen - i, &cp);
    if (px_unicode_isspace(cp)) {
      i += n;
      continue;
    }
    size_t w = i;
    while (i < flen) {
      n = px_utf8_decode(f + i, flen - i, &cp);
      if (px_unicode_isspace(cp)) break;
      i += n;
    }
    bool the = i - w == 3 && !memcmp(f + w, "the", 3);
    bool more = false;
    for (size_t k = i; k < flen && !more; k += n) {
      n = px_utf8_decode(f + k, flen - k, &cp);
      more = !px_unicode_isspace(cp);
    }
    if (!(words == 0 && the && more)) rc = px_buf_append(out, f + w, i - w);
    words++;
  }
  free(nfkc);
  free(folded);
  px_buf_reset(&valid);
  px_buf_reset(&mapped);
  return rc;
}

const px_outlet *px_takedown_outlet(const char *name, size_t len) {
  const px_outlet *o = px_outlet_by_name(px_str_trim(px_str_make(name ? name : "", name ? len : 0)));
  if (o || !name) return o;
  /* The directory compares ASCII names: ask again with the folded one. */
  px_buf f;
  px_buf_init(&f, 0);
  if (fold_name(name, len, &f) == PX_OK && f.len) o = px_outlet_by_name(px_str_make(f.data, f.len));
  px_buf_reset(&f);
  return o;
}

px_rc px_takedown_name_key(const char *name, size_t len, px_buf *out) {
  /* The directory's name when it knows the outlet, so "OAN" and "OANN"
  ** and "One America News" have one key. */
  const px_outlet *o = px_takedown_outlet(name, len);
  if (o) return fold_name(o->name, strlen(o->name), out);
  return fold_name(name ? name : "", name ? len : 0, out);
}

/* ---- the refusal list ---------------------------------------------------- */

/* The key of host for "host" rows: lower case, no trailing dot, no www. */
static px_rc host_key(const char *url, size_t len, px_buf *out) {
  px_buf k;
  px_buf_init(&k, 0);
  px_rc rc = px_url_normalize(url, len, PX_URL_KEY, &k);
  if (!rc) rc = px_url_host(k.data ? k.data : "", k.len, out);
  px_buf_reset(&k);
  return rc;
}

int px_takedown_is_blocked(px_store *st, const char *url, const char *source) {
  if (!st) return 0;
  int blocked = 0;
  char hash[33];
  px_buf name, host;
  px_buf_init(&name, 0);
  px_buf_init(&host, 0);
  /* Cannot check: refuse rather than re-ingest. */
  if (url && px_takedown_url_hash(url, strlen(url), hash)) blocked = 1;
  if (source && *source && px_takedown_name_key(source, strlen(source), &name))
    blocked = 1;
  if (url) host_key(url, strlen(url), &host);
  /* A failed look-up (no table: a store older than schema 7 opened
  ** read-only) means nothing was ever taken down through it. */
  if (!blocked &&
      px_store_takedown_match(st, url ? hash : NULL, name.len ? px_buf_cstr(&name) : NULL,
                              host.len ? px_buf_cstr(&host) : NULL, &blocked, NULL))
    blocked = 0;
  px_buf_reset(&name);
  px_buf_reset(&host);
  return blocked;
}

px_rc px_takedown_block(px_store *st, int64_t id, const char *kind,
                        const char *value, px_err *err) {
  if (st && !px_store_sqlite(st)) return px_store_unsupported(st, "takedown", err);
  sqlite3 *db = st ? px_store_sqlite(st) : NULL;
  if (!db || !value || !*value || !kind)
    return px_err_set(err, PX_EINVAL, "takedown: nothing to block");
  char hash[33];
  px_buf k;
  px_buf_init(&k, 0);
  px_rc rc;
  if (!strcmp(kind, "url")) {
    rc = px_takedown_url_hash(value, strlen(value), hash);
    if (!rc) rc = px_buf_puts(&k, hash);
  } else {
    /* A bare domain is made a URL to take its key. */
    px_buf u;
    px_buf_init(&u, 0);
    rc = px_buf_puts(&u, strstr(value, "://") ? "" : "https://");
    if (!rc) rc = px_buf_puts(&u, value);
    if (!rc) rc = host_key(u.data, u.len, &k);
    px_buf_reset(&u);
    if (rc == PX_EINVAL) {  /* not a host: nothing to refuse by */
      px_buf_reset(&k);
      return PX_OK;
    }
  }
  if (rc) {
    px_buf_reset(&k);
    return px_err_set(err, rc, "takedown: out of memory");
  }
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(db,
                         "INSERT OR IGNORE INTO takedown_keys(takedown_id, kind, key) "
                         "VALUES(?1,?2,?3)", -1, &s, NULL) != SQLITE_OK) {
    px_buf_reset(&k);
    return px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  }
  sqlite3_bind_int64(s, 1, id);
  sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 3, k.data, (int)k.len, SQLITE_STATIC);
  if (sqlite3_step(s) != SQLITE_DONE)
    rc = px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  sqlite3_finalize(s);
  px_buf_reset(&k);
  return rc;
}

px_rc px_takedown_record(px_store *st, px_takedown_kind kind,
                         const char *value, const char *reason,
                         int64_t narticles, const char *ids_json, int64_t *id,
                         px_err *err) {
  if (st && !px_store_sqlite(st)) return px_store_unsupported(st, "takedown", err);
  sqlite3 *db = st ? px_store_sqlite(st) : NULL;
  if (!db || !value || !*value)
    return px_err_set(err, PX_EINVAL, "takedown: nothing to record");
  px_rc rc = px_takedown_init(st, err);
  if (rc) return rc;
  /* The record shows the URL as stored (normalised) or the outlet's name;
  ** the refusal list gets the keys. */
  px_buf shown, key;
  px_buf_init(&shown, 0);
  px_buf_init(&key, 0);
  char hash[33];
  if (kind == PX_TAKEDOWN_URL) {
    rc = px_url_normalize(value, strlen(value), 0, &shown);
    if (!rc) rc = px_takedown_url_hash(value, strlen(value), hash);
    if (!rc) rc = px_buf_puts(&key, hash);
  } else {
    const px_outlet *o = px_takedown_outlet(value, strlen(value));
    rc = px_buf_puts(&shown, o ? o->name : value);
    if (!rc) rc = px_takedown_name_key(value, strlen(value), &key);
  }
  sqlite3_stmt *s = NULL;
  int64_t rid = 0;
  if (rc) {
    rc = px_err_set(err, rc, "takedown: out of memory");
    goto out;
  }
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO takedowns(kind, value, reason, "
                         "narticles, article_ids) VALUES(?1,?2,?3,?4,?5)",
                         -1, &s, NULL) != SQLITE_OK) {
    rc = px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
    goto out;
  }
  sqlite3_bind_text(s, 1, kind == PX_TAKEDOWN_URL ? "url" : "source", -1,
                    SQLITE_STATIC);
  sqlite3_bind_text(s, 2, px_buf_cstr(&shown), (int)shown.len, SQLITE_STATIC);
  sqlite3_bind_text(s, 3, reason ? reason : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 4, narticles);
  sqlite3_bind_text(s, 5, ids_json ? ids_json : "[]", -1, SQLITE_STATIC);
  if (sqlite3_step(s) != SQLITE_DONE) {
    rc = px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
    goto out;
  }
  rid = sqlite3_last_insert_rowid(db);
  sqlite3_finalize(s);
  s = NULL;
  if (key.len) {
    if (sqlite3_prepare_v2(db,
                           "INSERT OR IGNORE INTO takedown_keys(takedown_id, kind, "
                           "key) VALUES(?1,?2,?3)", -1, &s, NULL) != SQLITE_OK) {
      rc = px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
      goto out;
    }
    sqlite3_bind_int64(s, 1, rid);
    sqlite3_bind_text(s, 2, kind == PX_TAKEDOWN_URL ? "url" : "name", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, key.data, (int)key.len, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE) {
      rc = px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
      goto out;
    }
  }
  if (id) *id = rid;
out:
  sqlite3_finalize(s);
  px_buf_reset(&shown);
  px_buf_reset(&key);
  return rc;
}

static const char *col(sqlite3_stmt *s, int i) {
  const unsigned char *t = sqlite3_column_text(s, i);
  return t ? (const char *)t : "";
}

px_rc px_takedown_each(px_store *st, px_takedown_fn fn, void *ud,
                       px_err *err) {
  if (st && !px_store_sqlite(st)) return px_store_unsupported(st, "takedown", err);
  sqlite3 *db = st ? px_store_sqlite(st) : NULL;
  px_rc rc = px_takedown_init(st, err);
  if (rc) return rc;
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT id, kind, value, reason, narticles, "
                         "article_ids, removed_at FROM takedowns "
                         "ORDER BY id DESC",
                         -1, &s, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  int r;
  while ((r = sqlite3_step(s)) == SQLITE_ROW) {
    px_takedown_row row;
    row.id = sqlite3_column_int64(s, 0);
    row.kind = col(s, 1);
    row.value = col(s, 2);
    row.reason = col(s, 3);
    row.narticles = sqlite3_column_int64(s, 4);
    row.ids_json = col(s, 5);
    row.removed_at = col(s, 6);
    if (fn(&row, ud)) break;
  }
  if (r != SQLITE_ROW && r != SQLITE_DONE)
    rc = px_err_set(err, PX_EDB, "takedown: %s", sqlite3_errmsg(db));
  sqlite3_finalize(s);
  return rc;
}
