/*
** fts_px.c: the FTS5 tokenizer "px" (see fts_px.h): px_searchtok behind
** the fts5_tokenizer interface, plus the in-band language of a row or a
** query. The tokens themselves are searchtok.c's business.
**
** Memory: a tokenizer object (px_searchtok and the row's language) per
** FTS5 table handle, made by xCreate and freed by xDelete.
*/
#include "store/fts_px.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "text/searchtok.h"
#include "util/err.h"

/* Longest language list kept from a row's lang column (a tag is "de" or
** "pt-BR"; anything longer is cut, which only loses stems). */
#define LANG_MAX 31

typedef struct fts_tok {
  px_searchtok *t;
  char lang[LANG_MAX + 1];   /* the current row's language ("": detect) */
} fts_tok;

typedef struct emit_ctx {
  void *ctx;
  int (*x_token)(void *, int, const char *, int, int, int);
  size_t off;                /* bytes of marker before the text */
} emit_ctx;

static int tok_create(void *ctx, const char **az, int n, Fts5Tokenizer **out) {
  (void)ctx;
  (void)az;
  (void)n;
  fts_tok *f = calloc(1, sizeof *f);
  if (!f) return SQLITE_NOMEM;
  f->t = px_searchtok_new();
  if (!f->t) {
    free(f);
    return SQLITE_NOMEM;
  }
  *out = (Fts5Tokenizer *)f;
  return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p) {
  fts_tok *f = (fts_tok *)p;
  if (!f) return;
  px_searchtok_free(f->t);
  free(f);
}

static int emit_cb(void *ctx, int colocated, const char *tok, size_t len,
                   size_t start, size_t end) {
  emit_ctx *e = ctx;
  if (len > INT_MAX || e->off + end > INT_MAX) return SQLITE_TOOBIG;
  return e->x_token(e->ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, tok,
                    (int)len, (int)(e->off + start), (int)(e->off + end));
}

static void copy_lang(char *dst, const char *s, size_t len) {
  if (len > LANG_MAX) len = LANG_MAX;
  memcpy(dst, s, len);
  dst[len] = '\0';
}

static int tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags,
                        const char *text, int ntext,
                        int (*x_token)(void *, int, const char *, int, int,
                                       int)) {
  fts_tok *f = (fts_tok *)p;
  size_t len = ntext > 0 ? (size_t)ntext : 0;
  emit_ctx e = {ctx, x_token, 0};
  char qlang[LANG_MAX + 1] = "";
  const char *langs = f->lang;
  if (len && text[0] == PX_FTS_MARK[0]) {
    const char *m = memchr(text + 1, PX_FTS_MARK[0], len - 1);
    if (!m) {
      /* The lang column: the row's language, no tokens. */
      if (flags & FTS5_TOKENIZE_DOCUMENT) copy_lang(f->lang, text + 1, len - 1);
      return SQLITE_OK;
    }
    copy_lang(qlang, text + 1, (size_t)(m - text - 1));
    langs = qlang;
    e.off = (size_t)(m - text) + 1;
  }
  int what = PX_STOK_DOC;
  if (flags & FTS5_TOKENIZE_QUERY) {
    what = PX_STOK_QUERY;
    if (flags & FTS5_TOKENIZE_PREFIX) what |= PX_STOK_PREFIX;
    if (!e.off) langs = NULL;
  } else if (flags & FTS5_TOKENIZE_AUX) {
    what = PX_STOK_AUX;
  }
  int rc = px_searchtok_run(f->t, text + e.off, len - e.off, langs, what,
                            emit_cb, &e);
  return rc == -1 ? SQLITE_NOMEM : rc;
}

px_rc px_store_fts_register(sqlite3 *db, px_err *err) {
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "search tokenizer: no FTS5: %s",
                      sqlite3_errmsg(db));
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  sqlite3_finalize(st);
  if (!api || api->iVersion < 2)
    return px_err_set(err, PX_EDB, "search tokenizer: no FTS5 API");
  fts5_tokenizer tk = {tok_create, tok_delete, tok_tokenize};
  if (api->xCreateTokenizer(api, "px", NULL, &tk, NULL) != SQLITE_OK)
    return px_err_set(err, PX_EDB, "search tokenizer: %s", sqlite3_errmsg(db));
  return PX_OK;
}
