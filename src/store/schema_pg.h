/*
** schema_pg.h: the PostgreSQL schema (store_pg.c), as the same ordered
** list of migrations as schema.h with the same version numbers: entry i
** upgrades a database from schema_version i to i+1, in one transaction
** with the bump. Each entry does in PostgreSQL what schema.h's entry of
** that number does in SQLite; the data upgrades SQLite's entries make for
** stores older than them (URL normal forms, takedown keys) have nothing
** to do here, as no PostgreSQL store predates them. Triggers are PL/pgSQL
** functions; px_rank is an SQL function. Never edit a released entry.
*/
#ifndef PX_STORE_SCHEMA_PG_H
#define PX_STORE_SCHEMA_PG_H

#include "store/schema.h"

/* Now as SQLite's strftime('%Y-%m-%dT%H:%M:%SZ','now') writes it. */
#define PX_PG_NOW "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* The generation token (schema 4): 64 random bits. */
#define PX_PG_RANDOM                                                           \
  "('x' || substr(md5(random()::text || clock_timestamp()::text), 1, 16))"     \
  "::bit(64)::bigint"

/* The body of px_story_figures(sid) for schema 5 and 9: the figures as
** PX_STORY_FIGURES / PX_STORY_FIGURES_9 compute them. */
#define PX_PG_MEMBERS                                                          \
  " FROM story_articles m JOIN articles a ON a.id = m.article_id"              \
  " WHERE m.story_id = sid"
#define PX_PG_CREATED_UTC                                                      \
  "extract(epoch FROM created_at::timestamptz)::bigint"

static const char *const px_pg_migrations[] = {
  /* 1 */
  "CREATE TABLE sources("
  "  id bigint PRIMARY KEY,"
  "  name text NOT NULL,"
  "  created_at text NOT NULL DEFAULT " PX_PG_NOW ");"
  /* SQLite's COLLATE NOCASE */
  "CREATE UNIQUE INDEX sources_name ON sources(lower(name));"
  "CREATE TABLE articles("
  "  id bigint PRIMARY KEY,"
  "  source_id bigint REFERENCES sources(id) ON DELETE CASCADE,"
  "  url text, canonical_url text,"
  "  title text, subtitle text,"
  "  authors text NOT NULL DEFAULT '[]',"
  "  wire text, dateline text,"
  "  published text, published_utc bigint NOT NULL DEFAULT 0,"
  "  updated text, lang text, image text, section text,"
  "  is_republished integer NOT NULL DEFAULT 0,"
  "  body text NOT NULL,"
  "  blocks text NOT NULL,"
  "  content_hash text NOT NULL,"
  "  raw bytea NOT NULL,"
  "  raw_type text,"
  "  raw_hash text NOT NULL UNIQUE,"
  "  added_at text NOT NULL DEFAULT " PX_PG_NOW ");"
  "CREATE INDEX articles_source ON articles(source_id);"
  "CREATE INDEX articles_url ON articles(url);"
  "CREATE INDEX articles_hash ON articles(content_hash);"
  "CREATE INDEX articles_published ON articles(published_utc);"
  /* seq stands in for SQLite's rowid: the order URLs were seen in. */
  "CREATE TABLE article_urls("
  "  article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
  "  url text NOT NULL,"
  "  source text,"
  "  seen_at text NOT NULL DEFAULT " PX_PG_NOW ","
  "  seq bigserial,"
  "  PRIMARY KEY(article_id, url));"
  "CREATE TABLE stories("
  "  id bigint PRIMARY KEY,"
  "  title text, topic text,"
  "  analysis text,"
  "  created_at text NOT NULL DEFAULT " PX_PG_NOW ","
  "  updated_at text NOT NULL DEFAULT " PX_PG_NOW ");"
  "CREATE TABLE story_articles("
  "  article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
  "  story_id bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,"
  "  score double precision NOT NULL DEFAULT 0);"
  "CREATE INDEX story_articles_story ON story_articles(story_id);"
  "CREATE TABLE copies("
  "  article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
  "  json text NOT NULL);"
  "CREATE TABLE quotes("
  "  id bigserial PRIMARY KEY,"
  "  story_id bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,"
  "  article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
  "  speaker text, text text NOT NULL, sentence text);"
  "CREATE TABLE claims("
  "  id bigserial PRIMARY KEY,"
  "  story_id bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,"
  "  article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
  "  kind text, value text, sentence text);",

  /* 2 */
  "CREATE TABLE article_raw("
  "  article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
  "  raw bytea NOT NULL);"
  "INSERT INTO article_raw(article_id, raw) SELECT id, raw FROM articles;"
  "ALTER TABLE articles DROP COLUMN raw;"
  "CREATE TABLE story_analysis("
  "  story_id bigint PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,"
  "  json text NOT NULL);"
  "INSERT INTO story_analysis(story_id, json) SELECT id, analysis FROM stories"
  "  WHERE analysis IS NOT NULL;"
  "ALTER TABLE stories DROP COLUMN analysis;",

  /* 3 */
  "CREATE TABLE story_moves("
  "  from_id bigint PRIMARY KEY,"
  "  to_id bigint NOT NULL,"
  "  moved_at text NOT NULL DEFAULT " PX_PG_NOW ");"
  "CREATE TABLE counters("
  "  name text PRIMARY KEY,"
  "  value bigint NOT NULL);"
  "INSERT INTO counters(name, value) SELECT 'story', coalesce(max(id), 0) FROM stories;"
  "CREATE TABLE IF NOT EXISTS settings("
  "  key text PRIMARY KEY,"
  "  value text NOT NULL,"
  "  set_at text NOT NULL DEFAULT " PX_PG_NOW ");",

  /* 4: one statement-level trigger function for every table */
  "INSERT INTO counters(name, value) VALUES('generation', " PX_PG_RANDOM ");"
  "CREATE FUNCTION px_gen_bump() RETURNS trigger LANGUAGE plpgsql AS $$"
  " BEGIN UPDATE counters SET value = " PX_PG_RANDOM " WHERE name = 'generation';"
  " RETURN NULL; END $$;"
  "CREATE TRIGGER gen_articles AFTER INSERT OR DELETE OR UPDATE ON articles"
  "  FOR EACH STATEMENT EXECUTE FUNCTION px_gen_bump();"
  "CREATE TRIGGER gen_story_articles AFTER INSERT OR DELETE OR UPDATE ON story_articles"
  "  FOR EACH STATEMENT EXECUTE FUNCTION px_gen_bump();"
  "CREATE TRIGGER gen_stories AFTER INSERT OR DELETE ON stories"
  "  FOR EACH STATEMENT EXECUTE FUNCTION px_gen_bump();"
  "CREATE TRIGGER gen_settings AFTER INSERT OR DELETE OR UPDATE ON settings"
  "  FOR EACH STATEMENT EXECUTE FUNCTION px_gen_bump();",

  /* 5: figures on the story row, kept by triggers; px_rank (store.h
  ** PX_STORY_ORDER_SQL) as store_sqlite.c's rank_fn computes it. */
  "ALTER TABLE stories ADD COLUMN n_articles bigint NOT NULL DEFAULT 0;"
  "ALTER TABLE stories ADD COLUMN n_outlets bigint NOT NULL DEFAULT 0;"
  "ALTER TABLE stories ADD COLUMN first_published text;"
  "ALTER TABLE stories ADD COLUMN last_published text;"
  "ALTER TABLE stories ADD COLUMN last_utc bigint NOT NULL DEFAULT 0;"
  "CREATE FUNCTION px_rank(outlets bigint, articles bigint, last bigint, now bigint)"
  "  RETURNS double precision LANGUAGE sql IMMUTABLE AS $$"
  "  SELECT (outlets + 0.25 * greatest(articles - outlets, 0))::float8"
  "    * power(2.0::float8, -(CASE WHEN now > last THEN (now - last)::float8 / 3600.0"
  "      ELSE 0 END) / 24.0) $$;"
  "CREATE FUNCTION px_story_figures(sid bigint) RETURNS void LANGUAGE sql AS $$"
  " UPDATE stories SET"
  " n_articles = (SELECT count(*) FROM story_articles WHERE story_id = sid),"
  " n_outlets = (SELECT count(DISTINCT coalesce(a.source_id, -a.id))" PX_PG_MEMBERS "),"
  " first_published = (SELECT min(nullif(a.published, '') COLLATE \"C\")" PX_PG_MEMBERS "),"
  " last_published = (SELECT max(nullif(a.published, '') COLLATE \"C\")" PX_PG_MEMBERS "),"
  " last_utc = coalesce((SELECT nullif(max(a.published_utc), 0)" PX_PG_MEMBERS "),"
  "  " PX_PG_CREATED_UTC ")"
  " WHERE id = sid $$;"
  "CREATE FUNCTION px_story_figures_trg() RETURNS trigger LANGUAGE plpgsql AS $$"
  " BEGIN"
  "  IF TG_OP IN ('DELETE', 'UPDATE') THEN PERFORM px_story_figures(OLD.story_id); END IF;"
  "  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM px_story_figures(NEW.story_id); END IF;"
  "  RETURN NULL; END $$;"
  "CREATE TRIGGER story_figures AFTER INSERT OR DELETE OR UPDATE ON story_articles"
  "  FOR EACH ROW EXECUTE FUNCTION px_story_figures_trg();"
  "CREATE FUNCTION px_story_figures_article() RETURNS trigger LANGUAGE plpgsql AS $$"
  " BEGIN UPDATE story_articles SET story_id = story_id WHERE article_id = NEW.id;"
  " RETURN NULL; END $$;"
  "CREATE TRIGGER story_figures_article AFTER UPDATE OF source_id, published, published_utc"
  "  ON articles FOR EACH ROW EXECUTE FUNCTION px_story_figures_article();"
  "SELECT px_story_figures(id) FROM stories;"
  "CREATE INDEX stories_last ON stories(last_utc);",

  /* 6 */
  "CREATE TABLE story_related("
  "  story_id bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,"
  "  related_id bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,"
  "  score double precision NOT NULL,"
  "  PRIMARY KEY(story_id, related_id));"
  "CREATE INDEX story_related_back ON story_related(related_id);",

  /* 7 */
  "CREATE TABLE IF NOT EXISTS takedowns("
  "  id bigserial PRIMARY KEY,"
  "  kind text NOT NULL CHECK(kind IN ('source','url')),"
  "  value text NOT NULL,"
  "  reason text NOT NULL DEFAULT '',"
  "  narticles bigint NOT NULL DEFAULT 0,"
  "  article_ids text NOT NULL DEFAULT '[]',"
  "  removed_at text NOT NULL DEFAULT " PX_PG_NOW ");"
  "CREATE INDEX IF NOT EXISTS takedowns_value ON takedowns(lower(value));"
  "CREATE TABLE takedown_keys("
  "  takedown_id bigint NOT NULL REFERENCES takedowns(id),"
  "  kind text NOT NULL CHECK(kind IN ('name','url','host')),"
  "  key text NOT NULL,"
  "  PRIMARY KEY(kind, key, takedown_id));"
  "INSERT INTO counters(name, value) SELECT 'article', coalesce(max(id), 0) FROM articles;",

  /* 8 */
  "ALTER TABLE articles ADD COLUMN feed_meta text;",

  /* 9: first and last report by instant (PX_STORY_FIGURES_9) */
  "ALTER TABLE stories ADD COLUMN first_utc bigint NOT NULL DEFAULT 0;"
  "CREATE OR REPLACE FUNCTION px_story_figures(sid bigint) RETURNS void LANGUAGE sql AS $$"
  " UPDATE stories SET"
  " n_articles = (SELECT count(*) FROM story_articles WHERE story_id = sid),"
  " n_outlets = (SELECT count(DISTINCT coalesce(a.source_id, -a.id))" PX_PG_MEMBERS "),"
  " first_published = coalesce((SELECT nullif(a.published, '')" PX_PG_MEMBERS
  "  AND a.published_utc <> 0 ORDER BY a.published_utc, a.id LIMIT 1),"
  "  (SELECT min(nullif(a.published, '') COLLATE \"C\")" PX_PG_MEMBERS ")),"
  " last_published = coalesce((SELECT nullif(a.published, '')" PX_PG_MEMBERS
  "  AND a.published_utc <> 0 ORDER BY a.published_utc DESC, a.id DESC LIMIT 1),"
  "  (SELECT max(nullif(a.published, '') COLLATE \"C\")" PX_PG_MEMBERS ")),"
  " first_utc = coalesce((SELECT min(nullif(a.published_utc, 0))" PX_PG_MEMBERS "), 0),"
  " last_utc = coalesce((SELECT nullif(max(a.published_utc), 0)" PX_PG_MEMBERS "),"
  "  " PX_PG_CREATED_UTC ")"
  " WHERE id = sid $$;"
  "SELECT px_story_figures(id) FROM stories;",

  /* 10 */
  "CREATE INDEX IF NOT EXISTS stories_articles ON stories(n_articles);"
  "CREATE INDEX IF NOT EXISTS stories_rank ON stories(last_utc, n_articles, n_outlets);",

  /* 11: SQLite rebuilds its FTS5 index with the stemming, folding "px"
  ** tokenizer. Search here is search_pg.c's tsvector index, which that
  ** tokenizer does not reach (it stems with PostgreSQL's own
  ** configurations), so the version is kept in step with nothing to do. */
  "SELECT 1;",
};

_Static_assert(sizeof px_pg_migrations / sizeof px_pg_migrations[0] == PX_SCHEMA_VERSION,
               "schema_pg.h has one entry per SQLite schema version");

#endif
