/*
** search_pg.c: full-text search on the PostgreSQL backend: a tsvector
** per article in search_tsv with a GIN index, kept by a trigger on
** articles as search.c's FTS5 triggers keep search_fts, and queries in
** search.h's syntax turned into a tsquery.
**
** Text is parsed with the 'simple' configuration (lower case, no
** stemming, as FTS5's unicode61 tokenizer; diacritics are kept). Title,
** subtitle, source and body carry weights A, B, C, D, and ts_rank's
** default weights (1, 0.4, 0.2, 0.1) are FTS5's bm25 column weights here
** (10, 4, 2, 1); a hit's score is minus its rank, so lower is better as
** with BM25. The query's structure (AND, OR, NOT, phrases, prefixes) is
** SQL written here around $n placeholders; the user's words reach the
** server only as parameter values.
** Memory: results as search.c's; the SQL text and parameters live in
** this file's px_bufs and arrays until the call returns.
*/
#include "search/search_int.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/outlets.h"
#include "util/err.h"

#define PG_STR_(x) #x
#define PG_STR(x) PG_STR_(x)

/* ---- the index ----------------------------------------------------------- */

static const char create_sql[] =
    "CREATE TABLE IF NOT EXISTS search_tsv("
    " article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
    " tsv tsvector NOT NULL);"
    "CREATE INDEX IF NOT EXISTS search_tsv_gin ON search_tsv USING gin(tsv);"
    "CREATE OR REPLACE FUNCTION px_search_tsv(aid bigint) RETURNS bigint"
    " LANGUAGE sql AS $$"
    " INSERT INTO search_tsv(article_id, tsv) SELECT a.id,"
    "  setweight(to_tsvector('simple', coalesce(a.title, '')), 'A') ||"
    "  setweight(to_tsvector('simple', coalesce(a.subtitle, '')), 'B') ||"
    "  setweight(to_tsvector('simple', coalesce(s.name, '')), 'C') ||"
    "  setweight(to_tsvector('simple', a.body), 'D')"
    "  FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = aid"
    " ON CONFLICT(article_id) DO UPDATE SET tsv = excluded.tsv"
    " RETURNING article_id $$;"
    "CREATE OR REPLACE FUNCTION px_search_tsv_trg() RETURNS trigger"
    " LANGUAGE plpgsql AS $$ BEGIN PERFORM px_search_tsv(NEW.id); RETURN NULL; END $$;"
    "CREATE OR REPLACE TRIGGER search_tsv_article AFTER INSERT OR UPDATE OF title,"
    " subtitle, body, source_id ON articles FOR EACH ROW EXECUTE FUNCTION px_search_tsv_trg();";

static px_rc fail_res(px_err *err, const char *what, PGconn *c, PGresult *r) {
  const char *m = r ? PQresultErrorMessage(r) : PQerrorMessage(c);
  size_t n = strlen(m);
  while (n && (m[n - 1] == '\n' || m[n - 1] == ' ')) n--;
  return px_err_set(err, PX_EDB, "search: %s: %.*s", what, (int)n, m);
}

/* Runs sql with text parameters; *out (when given) keeps the result. */
static px_rc run(PGconn *c, const char *sql, int n, const char *const *v, PGresult **out,
                 const char *what, px_err *err) {
  PGresult *r = PQexecParams(c, sql, n, NULL, v, NULL, NULL, 0);
  ExecStatusType st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    px_rc rc = fail_res(err, what, c, r);
    PQclear(r);
    return rc;
  }
  if (out) *out = r;
  else PQclear(r);
  return PX_OK;
}

px_rc px_search_pg_init(px_store *st, px_err *err) {
  PGconn *c = px_store_pg(st);
  PGresult *r;
  px_rc rc = run(c, "SELECT to_regclass('search_tsv') IS NOT NULL", 0, NULL, &r,
                 "looking for the index", err);
  if (rc) return rc;
  int exists = PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "t");
  PQclear(r);
  if (exists) return PX_OK;
  return px_search_pg_reindex(st, NULL, err);
}

px_rc px_search_pg_reindex(px_store *st, size_t *count, px_err *err) {
  PGconn *c = px_store_pg(st);
  px_rc rc = px_store_begin(st, err);
  if (rc) return rc;
  /* The lock keeps two first searches from building the index at once. */
  PGresult *r = NULL;
  if ((rc = run(c, "SELECT pg_advisory_xact_lock(7460332)", 0, NULL, NULL, "locking",
                err)))
    goto fail;
  r = PQexec(c, create_sql);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    rc = fail_res(err, "creating the index", c, r);
    goto fail;
  }
  PQclear(r);
  r = NULL;
  if ((rc = run(c, "DELETE FROM search_tsv", 0, NULL, NULL, "clearing the index", err)) ||
      (rc = run(c, "SELECT count(px_search_tsv(id)) FROM articles", 0, NULL, &r,
                "rebuilding the index", err)))
    goto fail;
  if (count) *count = (size_t)strtoull(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  return px_store_commit(st, err);
fail:
  PQclear(r);
  px_store_rollback(st);
  return rc;
}

px_rc px_search_pg_index_article(px_store *st, int64_t article_id, px_err *err) {
  px_rc rc = px_search_pg_init(st, err);
  if (rc) return rc;
  char id[24];
  snprintf(id, sizeof id, "%lld", (long long)article_id);
  const char *p[] = {id};
  PGresult *r;
  if ((rc = run(px_store_pg(st), "SELECT px_search_tsv($1)", 1, p, &r,
                "indexing an article", err)))
    return rc;
  if (PQgetisnull(r, 0, 0))
    rc = px_err_set(err, PX_ENOTFOUND, "search: no article %lld", (long long)article_id);
  PQclear(r);
  return rc;
}

px_rc px_search_pg_remove(px_store *st, int64_t article_id, px_err *err) {
  px_rc rc = px_search_pg_init(st, err);
  if (rc) return rc;
  char id[24];
  snprintf(id, sizeof id, "%lld", (long long)article_id);
  const char *p[] = {id};
  return run(px_store_pg(st), "DELETE FROM search_tsv WHERE article_id=$1", 1, p, NULL,
             "removing an article", err);
}

/* ---- the query ----------------------------------------------------------- */

/* Parameters of one statement: owned copies, NULL for SQL NULL. */
typedef struct params {
  char *v[PX_SEARCH_MAX_TERMS * 2 + 8];
  int n;
} params;

static int param_add(params *ps, const char *p, size_t len) {
  char *c = NULL;
  if (p && !(c = malloc(len + 1))) return -1;
  for (size_t i = 0; p && i < len; i++) {
    unsigned char ch = (unsigned char)p[i];
    c[i] = ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;  /* as search.c's put_quoted */
  }
  if (c) c[len] = '\0';
  ps->v[ps->n++] = c;
  return ps->n;
}

static void params_reset(params *ps) {
  for (int i = 0; i < ps->n; i++) free(ps->v[i]);
  ps->n = 0;
}

static bool is_word_break(char c) {
  unsigned char u = (unsigned char)c;
  return u < 0x80 && !((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') ||
                       (u >= 'A' && u <= 'Z'));
}

/* One term as a tsquery expression: a phrase (one word or more), its last
** word a prefix when marked. */
static px_rc put_term(px_buf *sql, params *ps, const px_search_term *t) {
  if (!t->prefix) {
    int k = param_add(ps, t->p, t->len);
    return k < 0 ? PX_ENOMEM : px_buf_printf(sql, "phraseto_tsquery('simple', $%d)", k);
  }
  size_t start = t->len;
  while (start > 0 && !is_word_break(t->p[start - 1])) start--;
  size_t head = start;
  while (head > 0 && is_word_break(t->p[head - 1])) head--;
  int kl = param_add(ps, t->p + start, t->len - start);
  if (kl < 0) return PX_ENOMEM;
  if (head == 0)
    return px_buf_printf(sql, "to_tsquery('simple', quote_literal($%d) || ':*')", kl);
  int kh = param_add(ps, t->p, head);
  if (kh < 0) return PX_ENOMEM;
  return px_buf_printf(sql, "tsquery_phrase(phraseto_tsquery('simple', $%d), "
                            "to_tsquery('simple', quote_literal($%d) || ':*'))", kh, kl);
}

/* The whole query as one tsquery expression, as px_search_translate
** builds FTS5's: OR-runs grouped, groups ANDed, exclusions NOT-ed. */
static px_rc put_query(px_buf *sql, params *ps, const px_search_term *terms, size_t n) {
  px_rc rc = px_buf_putc(sql, '(');
  bool first = true, in_group = false;
  for (size_t k = 0; !rc && k < n; k++) {
    if (terms[k].neg) continue;
    size_t nx = k + 1;
    while (nx < n && terms[nx].neg) nx++;
    bool or_after = nx < n && terms[nx].or_before;
    if (terms[k].or_before) {
      rc = px_buf_puts(sql, " || ");
    } else {
      if (!first) rc = px_buf_puts(sql, " && ");
      if (!rc && or_after) {
        rc = px_buf_putc(sql, '(');
        in_group = true;
      }
    }
    if (!rc) rc = put_term(sql, ps, &terms[k]);
    if (!rc && in_group && !or_after) {
      rc = px_buf_putc(sql, ')');
      in_group = false;
    }
    first = false;
  }
  if (!rc) rc = px_buf_putc(sql, ')');
  bool any_neg = false;
  for (size_t k = 0; !rc && k < n; k++) {
    if (!terms[k].neg) continue;
    rc = px_buf_puts(sql, any_neg ? " || " : " && !!(");
    if (!rc) rc = put_term(sql, ps, &terms[k]);
    any_neg = true;
  }
  if (!rc && any_neg) rc = px_buf_putc(sql, ')');
  return rc;
}

/* Ranks every match (filters: $1 source, $2 from, $3 to, $4 lang, $5
** story), best first, at most PX_SEARCH_MAX_HITS. */
static const char rank_head[] = "SELECT a.id, -ts_rank(x.tsv, qq.q), COALESCE(sa.story_id, 0)"
                                " FROM (SELECT ";
static const char rank_tail[] =
    " AS q) qq JOIN search_tsv x ON x.tsv @@ qq.q"
    " JOIN articles a ON a.id = x.article_id"
    " LEFT JOIN sources s ON s.id = a.source_id"
    " LEFT JOIN story_articles sa ON sa.article_id = a.id"
    " WHERE ($1::text IS NULL OR lower(s.name) = lower($1::text))"
    " AND ($2::bigint = 0 OR a.published_utc >= $2::bigint)"
    " AND ($3::bigint = 0 OR (a.published_utc <> 0 AND a.published_utc <= $3::bigint))"
    " AND ($4::text IS NULL OR lower(a.lang) = lower($4::text)"
    "      OR lower(a.lang) LIKE lower($4::text) || '-%')"
    " AND ($5::bigint = 0 OR sa.story_id = $5::bigint)"
    " ORDER BY 2, a.id LIMIT " PG_STR(PX_SEARCH_MAX_HITS);

/* Text and a snippet for the page's hits ($1: their ids as an array). */
static const char detail_head[] =
    "SELECT a.id, ts_headline('simple', a.body, qq.q, 'StartSel=\x02, StopSel=\x03,"
    " MaxWords=24, MinWords=8, MaxFragments=1'),"
    " a.title, COALESCE(s.name, ''), a.url, a.published, a.lang, st.title FROM (SELECT ";
static const char detail_tail[] =
    " AS q) qq, articles a LEFT JOIN sources s ON s.id = a.source_id"
    " LEFT JOIN story_articles sa ON sa.article_id = a.id"
    " LEFT JOIN stories st ON st.id = sa.story_id"
    " WHERE a.id = ANY($1::bigint[])";

static char *dup_or_null(const PGresult *r, int row, int c) {
  return PQgetisnull(r, row, c) ? NULL : strdup(PQgetvalue(r, row, c));
}

typedef struct ranked {
  int64_t id, story;
  double score;
  size_t group;
} ranked;

static int cmp_ranked(const void *a, const void *b) {
  const ranked *x = a, *y = b;
  if (x->group != y->group) return x->group < y->group ? -1 : 1;
  if (x->score != y->score) return x->score < y->score ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

px_rc px_search_pg_run(px_store *st, const px_search_query *q, px_search_result **out,
                       px_err *err) {
  PGconn *c = px_store_pg(st);
  if (!q) return px_err_set(err, PX_EINVAL, "search: bad arguments");
  px_search_term terms[PX_SEARCH_MAX_TERMS];
  size_t nterms = 0;
  px_rc rc = px_search_terms(q->q, q->qlen, terms, &nterms, err);
  if (rc) return rc;
  if ((rc = px_search_pg_init(st, err))) return rc;
  params ps = {.n = 0};
  px_buf expr, sql, ids;
  px_buf_init(&expr, 0);
  px_buf_init(&sql, 0);
  px_buf_init(&ids, 0);
  PGresult *r = NULL;
  ranked *hits = NULL;
  int64_t *gstory = NULL;
  size_t nhits = 0, ngroups = 0;
  px_search_result *res = NULL;
  char from[24], to[24], story[24];
  snprintf(from, sizeof from, "%lld", (long long)q->from_utc);
  snprintf(to, sizeof to, "%lld", (long long)q->to_utc);
  snprintf(story, sizeof story, "%lld", (long long)q->story_id);
  const char *src = q->source && *q->source ? px_outlet_canonical(q->source) : NULL;
  const char *lang = q->lang && *q->lang ? q->lang : NULL;
  if (param_add(&ps, src, src ? strlen(src) : 0) < 0 || param_add(&ps, from, strlen(from)) < 0 ||
      param_add(&ps, to, strlen(to)) < 0 || param_add(&ps, lang, lang ? strlen(lang) : 0) < 0 ||
      param_add(&ps, story, strlen(story)) < 0 || put_query(&expr, &ps, terms, nterms) ||
      px_buf_puts(&sql, rank_head) || px_buf_append(&sql, expr.data, expr.len) ||
      px_buf_puts(&sql, rank_tail))
    goto nomem;
  if ((rc = run(c, px_buf_cstr(&sql), ps.n, (const char *const *)ps.v, &r, "query", err)))
    goto out;
  nhits = (size_t)PQntuples(r);
  hits = calloc(nhits + 1, sizeof *hits);
  gstory = calloc(nhits + 1, sizeof *gstory);
  if (!hits || !gstory) goto nomem;
  for (size_t i = 0; i < nhits; i++) {
    ranked *h = &hits[i];
    h->id = strtoll(PQgetvalue(r, (int)i, 0), NULL, 10);
    h->score = strtod(PQgetvalue(r, (int)i, 1), NULL);
    h->story = strtoll(PQgetvalue(r, (int)i, 2), NULL, 10);
    /* Groups are numbered in order of their best (first) hit. */
    size_t g = ngroups;
    for (size_t k = 0; h->story && k < ngroups; k++)
      if (gstory[k] == h->story) {
        g = k;
        break;
      }
    if (g == ngroups) gstory[ngroups++] = h->story;
    h->group = g;
  }
  PQclear(r);
  r = NULL;
  if (nhits) qsort(hits, nhits, sizeof *hits, cmp_ranked);
  if (!(res = calloc(1, sizeof *res))) goto nomem;
  res->total_hits = nhits;
  res->total_groups = ngroups;
  size_t limit = q->limit ? q->limit : 20;
  if (limit > 100) limit = 100;
  size_t g0 = q->offset < ngroups ? q->offset : ngroups;
  size_t g1 = ngroups - g0 > limit ? g0 + limit : ngroups;
  res->groups = calloc(g1 - g0 + 1, sizeof *res->groups);
  res->hits = calloc(nhits + 1, sizeof *res->hits);
  res->fts = strdup(px_buf_cstr(&expr));
  if (!res->groups || !res->hits || !res->fts) goto nomem;
  for (size_t k = 0; k < nhits; k++) {
    if (hits[k].group < g0 || hits[k].group >= g1) continue;
    px_search_group *gr = &res->groups[hits[k].group - g0];
    if (gr->count == 0) {
      gr->story_id = hits[k].story;
      gr->first = res->nhits;
    }
    gr->count++;
    px_search_hit *h = &res->hits[res->nhits++];
    h->article_id = hits[k].id;
    h->story_id = hits[k].story;
    h->score = hits[k].score;
  }
  res->ngroups = g1 - g0;
  if (res->nhits) {
    /* The page's ids replace the filters: $1 is the array, terms follow. */
    if (px_buf_putc(&ids, '{')) goto nomem;
    for (size_t k = 0; k < res->nhits; k++)
      if (px_buf_printf(&ids, k ? ",%lld" : "%lld", (long long)res->hits[k].article_id))
        goto nomem;
    if (px_buf_putc(&ids, '}')) goto nomem;
    params dp = {.n = 0};
    px_buf_reset(&expr);
    px_buf_reset(&sql);
    px_buf_init(&expr, 0);
    px_buf_init(&sql, 0);
    if (param_add(&dp, ids.data, ids.len) < 0 || put_query(&expr, &dp, terms, nterms) ||
        px_buf_puts(&sql, detail_head) || px_buf_append(&sql, expr.data, expr.len) ||
        px_buf_puts(&sql, detail_tail)) {
      params_reset(&dp);
      goto nomem;
    }
    rc = run(c, px_buf_cstr(&sql), dp.n, (const char *const *)dp.v, &r, "query", err);
    params_reset(&dp);
    if (rc) goto out;
    for (int i = 0; i < PQntuples(r); i++) {
      int64_t id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
      for (size_t k = 0; k < res->nhits; k++) {
        px_search_hit *h = &res->hits[k];
        if (h->article_id != id || h->snippet) continue;
        h->snippet = dup_or_null(r, i, 1);
        h->title = dup_or_null(r, i, 2);
        h->source = dup_or_null(r, i, 3);
        h->url = dup_or_null(r, i, 4);
        h->published = dup_or_null(r, i, 5);
        h->lang = dup_or_null(r, i, 6);
        for (size_t g = 0; g < res->ngroups; g++)
          if (res->groups[g].first == k && res->groups[g].story_id &&
              !res->groups[g].story_title)
            res->groups[g].story_title = dup_or_null(r, i, 7);
      }
    }
  }
  goto out;
nomem:
  rc = px_err_set(err, PX_ENOMEM, "search: out of memory");
out:
  PQclear(r);
  params_reset(&ps);
  px_buf_reset(&expr);
  px_buf_reset(&sql);
  px_buf_reset(&ids);
  free(hits);
  free(gstory);
  if (rc) {
    px_search_result_free(res);
    return rc;
  }
  *out = res;
  return PX_OK;
}
