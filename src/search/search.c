/*
** search.c: the FTS5 index (search_fts) and queries over it.
**
** Indexing copies title, subtitle, clean body and outlet name out of the
** articles table into search_fts (rowid = article id). Queries translate
** the user's syntax into quoted FTS5 terms (see search.h), run one SQL
** statement that joins filters from the store's tables and asks FTS5 for
** BM25 scores and snippets, then group the hits by story in C.
**
** Memory: hits and groups are malloc'd and owned by the px_search_result;
** the translation works in a caller's px_buf. Nothing here is global.
*/
#include "search/search.h"
#include "search/search_int.h"

/* Weak, as store.c's px_store_pg_open: only programs that link the
** PostgreSQL backend link search_pg.c, and only they reach these (a store
** on another backend has no px_store_pg). */
#pragma weak px_search_pg_init
#pragma weak px_search_pg_reindex
#pragma weak px_search_pg_index_article
#pragma weak px_search_pg_remove
#pragma weak px_search_pg_run

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "extract/outlets.h"
#include "store/fts_px.h"
#include "store/search_schema.h"
#include "text/langid.h"
#include "util/err.h"
#include "util/str.h"

/* ---- schema -------------------------------------------------------------- */

/* The index and its triggers (store/search_schema.h): the triggers keep
** it in step with the articles table whoever writes it (the pipeline, a
** takedown, a source delete's cascade), so no caller has to remember to
** index. Schema 11 makes it in every store; this is for a store whose
** index was dropped. */
static const char create_sql[] = PX_SEARCH_SCHEMA_11;

static px_rc db_fail(sqlite3 *db, px_err *err, const char *what) {
  return px_err_set(err, PX_EDB, "search: %s: %s", what,
                    db ? sqlite3_errmsg(db) : "no database");
}

static int table_exists(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  int found = 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT 1 FROM sqlite_master WHERE name = "
                         "'search_fts_ad'",
                         -1, &st, NULL) == SQLITE_OK)
    found = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

px_rc px_search_init(px_store *st, px_err *err) {
  if (st && px_store_pg(st)) return px_search_pg_init(st, err);
  sqlite3 *db = st ? px_store_sqlite(st) : NULL;
  if (!db) return px_err_set(err, PX_EINVAL, "search: no SQLite store");
  if (table_exists(db)) return PX_OK;
  if (sqlite3_exec(db, create_sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_fail(db, err, "creating the index");
  /* A store filled before the index existed: index what is there. */
  return px_search_reindex(st, NULL, err);
}

/* ---- indexing ------------------------------------------------------------ */

px_rc px_search_remove(px_store *st, int64_t article_id, px_err *err) {
  if (st && px_store_pg(st)) return px_search_pg_remove(st, article_id, err);
  sqlite3 *db = px_store_sqlite(st);
  sqlite3_stmt *stmt = NULL;
  px_rc rc = px_search_init(st, err);
  if (rc) return rc;
  if (sqlite3_prepare_v2(db, "DELETE FROM search_fts WHERE rowid = ?1", -1,
                         &stmt, NULL) != SQLITE_OK)
    return db_fail(db, err, "removing an article");
  sqlite3_bind_int64(stmt, 1, article_id);
  if (sqlite3_step(stmt) != SQLITE_DONE) rc = db_fail(db, err, "removing");
  sqlite3_finalize(stmt);
  return rc;
}

/* Copies the article's searchable columns into the index in one
** statement (no strings pass through C). */
static const char index_sql[] =
    PX_SEARCH_FTS_INSERT("a") " FROM articles a WHERE a.id = ?1";

px_rc px_search_index_article(px_store *st, int64_t article_id, px_err *err) {
  if (st && px_store_pg(st)) return px_search_pg_index_article(st, article_id, err);
  sqlite3 *db = st ? px_store_sqlite(st) : NULL;
  sqlite3_stmt *stmt = NULL;
  px_rc rc = px_search_remove(st, article_id, err);
  if (rc) return rc;
  if (sqlite3_prepare_v2(db, index_sql, -1, &stmt, NULL) != SQLITE_OK)
    return db_fail(db, err, "indexing an article");
  sqlite3_bind_int64(stmt, 1, article_id);
  if (sqlite3_step(stmt) != SQLITE_DONE)
    rc = db_fail(db, err, "indexing an article");
  else if (sqlite3_changes(db) == 0)
    rc = px_err_set(err, PX_ENOTFOUND, "search: no article %lld",
                    (long long)article_id);
  sqlite3_finalize(stmt);
  return rc;
}

px_rc px_search_reindex(px_store *st, size_t *count, px_err *err) {
  if (st && px_store_pg(st)) return px_search_pg_reindex(st, count, err);
  sqlite3 *db = st ? px_store_sqlite(st) : NULL;
  px_rc rc = PX_OK;
  if (!db) return px_err_set(err, PX_EINVAL, "search: no SQLite store");
  if (sqlite3_exec(db, create_sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_fail(db, err, "creating the index");
  if (sqlite3_exec(db, "DELETE FROM search_fts", NULL, NULL, NULL) !=
      SQLITE_OK)
    return db_fail(db, err, "clearing the index");
  sqlite3_stmt *stmt = NULL;
  const char *sql = PX_SEARCH_FTS_INSERT("a") " FROM articles a";
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return db_fail(db, err, "rebuilding the index");
  if (sqlite3_step(stmt) != SQLITE_DONE)
    rc = db_fail(db, err, "rebuilding the index");
  else if (count)
    *count = (size_t)sqlite3_changes(db);
  sqlite3_finalize(stmt);
  return rc;
}

/* ---- query translation --------------------------------------------------- */

/* Does the code point at s start a word for unicode61? ASCII letters and
** digits, and non-ASCII outside the common punctuation blocks; a term
** without any such character would only ever match nothing. */
static bool has_word_char(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if (px_isalnum(c)) return true;
      i++;
      continue;
    }
    uint32_t cp;
    i += px_utf8_decode(s + i, len - i, &cp);
    if (cp >= 0xA0 && cp <= 0xBF) continue;        /* Latin-1 punctuation */
    if (cp >= 0x2000 && cp <= 0x206F) continue;    /* general punctuation */
    if (cp >= 0x3000 && cp <= 0x303F) continue;    /* CJK punctuation */
    if (cp == 0xFFFD || cp == 0xD7 || cp == 0xF7) continue;
    return true;
  }
  return false;
}

/* Punctuation that unicode61 treats as a word break (ASCII only). */
static bool is_sep_char(char c) {
  unsigned char u = (unsigned char)c;
  return u < 0x80 && !px_isalnum(u);
}

/* A prefix term makes FTS5 merge the lists of every indexed word that
** starts with it: "a*" is a fair part of the whole vocabulary, and eight
** requests of "a* OR b* ... OR z*" on 520 articles took 2.6 s each. So a
** prefix needs a few letters and a query may hold only a few of them;
** past either the query is refused with a reason (400), not run. */
#define MIN_PREFIX_CHARS 3
#define MAX_PREFIX_TERMS 4

/* Characters (code points) in the last word of a term: the part a
** trailing '*' applies to, in a phrase too. */
static size_t last_word_chars(const char *p, size_t len) {
  size_t start = len;
  while (start > 0 && p[start - 1] != ' ' && !is_sep_char(p[start - 1]))
    start--;
  size_t n = 0;
  for (size_t i = start; i < len; i++)
    if (((unsigned char)p[i] & 0xC0) != 0x80) n++;
  return n;
}

/* A term as one FTS5 string, led by the query's languages for the
** tokenizer (store/fts_px.h) when there are any. */
static px_rc put_quoted(px_buf *out, const px_search_term *t, const char *langs) {
  px_rc rc = px_buf_putc(out, '"');
  if (!rc && langs && *langs) {
    rc = px_buf_puts(out, PX_FTS_MARK);
    if (!rc) rc = px_buf_puts(out, langs);
    if (!rc) rc = px_buf_puts(out, PX_FTS_MARK);
  }
  for (size_t i = 0; !rc && i < t->len; i++) {
    unsigned char c = (unsigned char)t->p[i];
    if (c == '"') rc = px_buf_putc(out, '"');
    /* A control character inside a phrase is a word break. */
    if (!rc) rc = px_buf_putc(out, c < 0x20 || c == 0x7f ? ' ' : (char)c);
  }
  if (!rc) rc = px_buf_putc(out, '"');
  if (!rc && t->prefix) rc = px_buf_putc(out, '*');
  return rc;
}

/* Control characters (NUL included: FTS5 would end the string there)
** separate words like spaces do. */
static bool is_sep(char c) {
  return (unsigned char)c < 0x20 || c == 0x7f || c == ' ' || c == '(' ||
         c == ')';
}

px_rc px_search_terms(const char *q, size_t len, px_search_term *terms, size_t *nterms,
                      px_err *err) {
  if (!q && len) return px_err_set(err, PX_EINVAL, "search: no query");
  if (len > PX_SEARCH_MAX_QUERY)
    return px_err_set(err, PX_ETOOBIG,
                      "search: the query is too long (over %d bytes)",
                      PX_SEARCH_MAX_QUERY);
  if (!px_utf8_valid(q, len))
    return px_err_set(err, PX_EUTF8, "search: the query is not valid UTF-8");

  size_t n = 0, npos = 0, nprefix = 0;
  bool neg_next = false, or_next = false;
  size_t i = 0;
  while (i < len) {
    if (is_sep(q[i])) {
      i++;
      continue;
    }
    px_search_term t = {0};
    t.neg = neg_next;
    if (q[i] == '-' && i + 1 < len && !is_sep(q[i + 1])) {
      t.neg = true;
      i++;
    }
    if (q[i] == '"') {
      size_t j = i + 1;
      while (j < len && q[j] != '"') j++;
      t.p = q + i + 1;
      t.len = j - i - 1;
      i = j < len ? j + 1 : j;
      if (i < len && q[i] == '*') {
        t.prefix = true;
        i++;
      }
    } else {
      size_t j = i;
      while (j < len && !is_sep(q[j]) && q[j] != '"') j++;
      t.p = q + i;
      t.len = j - i;
      i = j;
      if (!t.neg) {
        if (t.len == 2 && memcmp(t.p, "OR", 2) == 0) {
          or_next = true;
          continue;
        }
        if (t.len == 3 && memcmp(t.p, "AND", 3) == 0) continue;
        if (t.len == 3 && memcmp(t.p, "NOT", 3) == 0) {
          neg_next = true;
          continue;
        }
      }
      while (t.len && t.p[t.len - 1] == '*') {
        t.prefix = true;
        t.len--;
      }
    }
    neg_next = false;
    if (!has_word_char(t.p, t.len)) continue;
    if (n == PX_SEARCH_MAX_TERMS)
      return px_err_set(err, PX_EINVAL,
                        "search: too many words (at most %d)", PX_SEARCH_MAX_TERMS);
    if (t.prefix && last_word_chars(t.p, t.len) < MIN_PREFIX_CHARS)
      return px_err_set(err, PX_EINVAL,
                        "search: a prefix search needs at least %d letters "
                        "before the * ('%.*s*' is too short)",
                        MIN_PREFIX_CHARS, (int)(t.len > 40 ? 40 : t.len), t.p);
    if (t.prefix && ++nprefix > MAX_PREFIX_TERMS)
      return px_err_set(err, PX_EINVAL,
                        "search: at most %d prefix words (with *) in one query",
                        MAX_PREFIX_TERMS);
    t.or_before = or_next && !t.neg && npos > 0;
    or_next = false;
    if (!t.neg) npos++;
    terms[n++] = t;
  }
  if (npos == 0)
    return px_err_set(err, PX_EEMPTY,
                      n ? "search: a query needs a word to look for, not only "
                          "words to exclude"
                        : "search: the query has no words to look for");
  *nterms = n;
  return PX_OK;
}

px_rc px_search_translate(const char *q, size_t len, px_buf *out,
                          px_err *err) {
  return px_search_translate_lang(q, len, NULL, out, err);
}

px_rc px_search_translate_lang(const char *q, size_t len, const char *langs,
                               px_buf *out, px_err *err) {
  if (langs)
    for (const char *p = langs; *p; p++)
      if (!(px_isalpha((unsigned char)*p) || *p == ',' || *p == '-'))
        return px_err_set(err, PX_EINVAL, "search: bad language list");
  px_search_term terms[PX_SEARCH_MAX_TERMS];
  size_t n = 0;
  px_rc rc = px_search_terms(q, len, terms, &n, err);
  if (rc) return rc;
  /* Positive terms: OR-runs become groups, groups are ANDed. */
  rc = px_buf_putc(out, '(');
  bool first = true, in_group = false;
  for (size_t k = 0; !rc && k < n; k++) {
    if (terms[k].neg) continue;
    /* Is the next positive term OR-ed to this one? */
    size_t nx = k + 1;
    while (nx < n && terms[nx].neg) nx++;
    bool or_after = nx < n && terms[nx].or_before;
    if (terms[k].or_before) {
      rc = px_buf_puts(out, " OR ");
    } else {
      if (!first) rc = px_buf_puts(out, " AND ");
      if (!rc && or_after) {
        rc = px_buf_putc(out, '(');
        in_group = true;
      }
    }
    if (!rc) rc = put_quoted(out, &terms[k], langs);
    if (!rc && in_group && !or_after) {
      rc = px_buf_putc(out, ')');
      in_group = false;
    }
    first = false;
  }
  if (!rc) rc = px_buf_putc(out, ')');
  bool any_neg = false;
  for (size_t k = 0; !rc && k < n; k++) {
    if (!terms[k].neg) continue;
    rc = px_buf_puts(out, any_neg ? " OR " : " NOT (");
    if (!rc) rc = put_quoted(out, &terms[k], langs);
    any_neg = true;
  }
  if (!rc && any_neg) rc = px_buf_putc(out, ')');
  if (rc) return px_err_set(err, rc, "search: out of memory");
  return PX_OK;
}

/* ---- running a query ----------------------------------------------------- */

/* Two steps: rank every match cheaply (ids, BM25, story), then fetch
** text and a snippet only for the hits on the requested page. */
static const char query_sql[] =
    "SELECT f.rowid, bm25(search_fts, 0.0, 10.0, 4.0, 1.0, 2.0) AS score,"
    " COALESCE(sa.story_id, 0)"
    " FROM search_fts f JOIN articles a ON a.id = f.rowid"
    " LEFT JOIN sources s ON s.id = a.source_id"
    " LEFT JOIN story_articles sa ON sa.article_id = a.id"
    " WHERE search_fts MATCH ?1"
    " AND (?2 IS NULL OR s.name = ?2 COLLATE NOCASE)"
    " AND (?3 = 0 OR a.published_utc >= ?3)"
    " AND (?4 = 0 OR (a.published_utc <> 0 AND a.published_utc <= ?4))"
    " AND (?5 IS NULL OR a.lang = ?5 COLLATE NOCASE"
    "      OR a.lang LIKE ?5 || '-%')"
    " AND (?6 = 0 OR sa.story_id = ?6)"
    " ORDER BY score, a.id LIMIT ?7";

/* The same ranking when no filter is set: FTS5 scores the matches and
** keeps the best ?7 on its own, and only those are joined to their
** stories. A common word matches most of the store, and joining every
** match (articles, sources, stories) before the sort cost more than the
** scoring. Ties break on the id as above, so the hits are the same. */
static const char query_top_sql[] =
    "SELECT f.id, f.score, COALESCE(sa.story_id, 0) FROM"
    " (SELECT rowid AS id, bm25(search_fts, 0.0, 10.0, 4.0, 1.0, 2.0) AS score"
    "  FROM search_fts WHERE search_fts MATCH ?1"
    "  ORDER BY score, rowid LIMIT ?7) f"
    " JOIN articles a ON a.id = f.id"
    " LEFT JOIN story_articles sa ON sa.article_id = f.id"
    " ORDER BY f.score, f.id";

/* Followed by "IN (?2, ?3, ...)": one placeholder per hit on the page,
** so the full-text query runs once for the page. The "+ 0" keeps the id
** list a filter on the one MATCH scan: on the bare rowid FTS5 runs the
** MATCH once per id, re-merging every term list of a prefix each time
** (48 s instead of 0.3 s for 200 ids of a common prefix). */
static const char detail_sql[] =
    "SELECT f.rowid,"
    " snippet(search_fts, -1, char(2), char(3), '\xe2\x80\xa6', 24),"
    " a.title, COALESCE(s.name,''), a.url, a.published, a.lang, st.title"
    " FROM search_fts f JOIN articles a ON a.id = f.rowid"
    " LEFT JOIN sources s ON s.id = a.source_id"
    " LEFT JOIN story_articles sa ON sa.article_id = a.id"
    " LEFT JOIN stories st ON st.id = sa.story_id"
    " WHERE search_fts MATCH ?1 AND f.rowid + 0 IN (";

/* The languages a query's words are stemmed in: the language filter's,
** else the one its text reads as, else NULL (the tokenizer's default
** list, PX_SEARCHTOK_QUERY_LANGS). tag has room for 4 bytes. */
static const char *query_langs(const px_search_query *q, char *tag) {
  const char *l = q->lang && *q->lang ? q->lang : NULL;
  size_t n = 0;
  if (l) {
    while (n < 3 && px_isalpha((unsigned char)l[n])) {
      tag[n] = (char)px_tolower((unsigned char)l[n]);
      n++;
    }
    if (n < 2 || (l[n] && l[n] != '-' && l[n] != '_')) return NULL;
    tag[n] = '\0';
    return tag;
  }
  return px_langid_detect(q->q, q->qlen);
}

static char *dup_col(sqlite3_stmt *s, int col) {
  const unsigned char *t = sqlite3_column_text(s, col);
  if (!t) return NULL;
  return strdup((const char *)t);
}

static void hit_reset(px_search_hit *h) {
  free(h->title);
  free(h->source);
  free(h->url);
  free(h->published);
  free(h->lang);
  free(h->snippet);
}

void px_search_result_free(px_search_result *r) {
  if (!r) return;
  for (size_t i = 0; i < r->nhits; i++) hit_reset(&r->hits[i]);
  for (size_t i = 0; i < r->ngroups; i++) free(r->groups[i].story_title);
  free(r->hits);
  free(r->groups);
  free(r->fts);
  free(r);
}

/* A raw hit while grouping: its group's index in order of best hit. */
typedef struct raw_hit {
  px_search_hit h;
  char *story_title;
  size_t group;
} raw_hit;

static int cmp_group(const void *a, const void *b) {
  const raw_hit *x = a, *y = b;
  if (x->group != y->group) return x->group < y->group ? -1 : 1;
  return x->h.score < y->h.score ? -1 : x->h.score > y->h.score ? 1 : 0;
}

px_rc px_search_run(px_store *st, const px_search_query *q,
                    px_search_result **out, px_err *err) {
  if (st && px_store_pg(st)) return px_search_pg_run(st, q, out, err);
  sqlite3 *db = st ? px_store_sqlite(st) : NULL;
  if (!db || !q) return px_err_set(err, PX_EINVAL, "search: bad arguments");
  px_buf fts;
  px_buf_init(&fts, 0);
  sqlite3_stmt *stmt = NULL;
  raw_hit *raw = NULL;
  size_t nraw = 0, capraw = 0;
  px_search_result *r = NULL;
  int64_t *gstory = NULL;   /* story id of each group (0: lone article) */
  size_t ngroups = 0;
  char tag[4];
  px_rc rc = px_search_translate_lang(q->q, q->qlen, query_langs(q, tag), &fts,
                                      err);
  if (rc) goto out;
  bool filtered = (q->source && *q->source) || q->from_utc || q->to_utc ||
                  (q->lang && *q->lang) || q->story_id;
  const char *qsql = filtered ? query_sql : query_top_sql;
  if (sqlite3_prepare_v2(db, qsql, -1, &stmt, NULL) != SQLITE_OK) {
    /* Most likely the index was never created: an empty result. */
    if (strstr(sqlite3_errmsg(db), "no such table")) {
      rc = px_search_init(st, err);
      if (!rc && sqlite3_prepare_v2(db, qsql, -1, &stmt, NULL) !=
                     SQLITE_OK)
        rc = db_fail(db, err, "query");
    } else {
      rc = db_fail(db, err, "query");
    }
    if (rc) goto out;
  }
  sqlite3_bind_text(stmt, 1, fts.data, (int)fts.len, SQLITE_STATIC);
  /* Outlets are stored under the directory's name, so any spelling it
  ** knows ("OAN") finds them, as `articles --source` does (issue 15, 15). */
  if (q->source && *q->source)
    sqlite3_bind_text(stmt, 2, px_outlet_canonical(q->source), -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(stmt, 2);
  sqlite3_bind_int64(stmt, 3, q->from_utc);
  sqlite3_bind_int64(stmt, 4, q->to_utc);
  if (q->lang && *q->lang)
    sqlite3_bind_text(stmt, 5, q->lang, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(stmt, 5);
  sqlite3_bind_int64(stmt, 6, q->story_id);
  sqlite3_bind_int(stmt, 7, PX_SEARCH_MAX_HITS);

  int step;
  while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (nraw == capraw) {
      size_t nc = capraw ? capraw * 2 : 32;
      raw_hit *p = realloc(raw, nc * sizeof *p);
      if (!p) goto nomem;
      raw = p;
      capraw = nc;
    }
    raw_hit *h = &raw[nraw];
    memset(h, 0, sizeof *h);
    nraw++;
    h->h.article_id = sqlite3_column_int64(stmt, 0);
    h->h.score = sqlite3_column_double(stmt, 1);
    h->h.story_id = sqlite3_column_int64(stmt, 2);
    /* Groups are numbered in order of their best (first) hit. */
    size_t g = ngroups;
    if (h->h.story_id)
      for (size_t k = 0; k < ngroups; k++)
        if (gstory[k] == h->h.story_id) {
          g = k;
          break;
        }
    if (g == ngroups) {
      int64_t *p = realloc(gstory, (ngroups + 1) * sizeof *p);
      if (!p) goto nomem;
      gstory = p;
      gstory[ngroups++] = h->h.story_id;
    }
    h->group = g;
  }
  if (step != SQLITE_DONE) {
    const char *m = sqlite3_errmsg(db);
    rc = px_err_set(err, strstr(m, "fts5") ? PX_EINVAL : PX_EDB,
                    "search: %s", m);
    goto out;
  }
  if (nraw) qsort(raw, nraw, sizeof *raw, cmp_group);

  r = calloc(1, sizeof *r);
  if (!r) goto nomem;
  r->total_hits = nraw;
  r->total_groups = ngroups;
  size_t limit = q->limit ? q->limit : 20;
  if (limit > 100) limit = 100;
  size_t g0 = q->offset < ngroups ? q->offset : ngroups;
  size_t g1 = ngroups - g0 > limit ? g0 + limit : ngroups;
  r->groups = calloc(g1 - g0 + 1, sizeof *r->groups);
  r->hits = calloc(nraw + 1, sizeof *r->hits);
  r->fts = px_buf_detach(&fts);
  if (!r->groups || !r->hits || !r->fts) goto nomem;
  for (size_t k = 0; k < nraw; k++) {
    raw_hit *h = &raw[k];
    if (h->group < g0 || h->group >= g1) continue;
    px_search_group *gr = &r->groups[h->group - g0];
    if (gr->count == 0) {
      gr->story_id = h->h.story_id;
      gr->story_title = h->story_title;
      h->story_title = NULL;
      gr->first = r->nhits;
    }
    gr->count++;
    r->hits[r->nhits++] = h->h;
    memset(&h->h, 0, sizeof h->h);
  }
  r->ngroups = g1 - g0;
  sqlite3_finalize(stmt);
  stmt = NULL;
  if (r->nhits) {
    px_buf sql;
    px_buf_init(&sql, 0);
    px_buf_puts(&sql, detail_sql);
    for (size_t k = 0; k < r->nhits; k++)
      px_buf_printf(&sql, k ? ",?%zu" : "?%zu", k + 2);
    px_rc brc = px_buf_puts(&sql, ")");
    int prc = brc ? SQLITE_NOMEM
                  : sqlite3_prepare_v2(db, sql.data, (int)sql.len, &stmt, NULL);
    px_buf_reset(&sql);
    if (prc != SQLITE_OK) {
      rc = db_fail(db, err, "query");
      goto out;
    }
    sqlite3_bind_text(stmt, 1, r->fts, -1, SQLITE_STATIC);
    for (size_t k = 0; k < r->nhits; k++)
      sqlite3_bind_int64(stmt, (int)k + 2, r->hits[k].article_id);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      int64_t id = sqlite3_column_int64(stmt, 0);
      for (size_t k = 0; k < r->nhits; k++) {
        px_search_hit *h = &r->hits[k];
        if (h->article_id != id || h->snippet) continue;
        h->snippet = dup_col(stmt, 1);
        h->title = dup_col(stmt, 2);
        h->source = dup_col(stmt, 3);
        h->url = dup_col(stmt, 4);
        h->published = dup_col(stmt, 5);
        h->lang = dup_col(stmt, 6);
        for (size_t g = 0; g < r->ngroups; g++)
          if (r->groups[g].first == k && r->groups[g].story_id &&
              !r->groups[g].story_title)
            r->groups[g].story_title = dup_col(stmt, 7);
      }
    }
  }
  goto out;

nomem:
  rc = px_err_set(err, PX_ENOMEM, "search: out of memory");
out:
  if (stmt) sqlite3_finalize(stmt);
  for (size_t k = 0; k < nraw; k++) {
    hit_reset(&raw[k].h);
    free(raw[k].story_title);
  }
  free(raw);
  free(gstory);
  px_buf_reset(&fts);
  if (rc) {
    px_search_result_free(r);
    return rc;
  }
  *out = r;
  return PX_OK;
}
