/*
** schema.h: the SQLite schema as an ordered list of migrations. Entry i
** upgrades a database from user_version i to i+1; each runs in its own
** transaction with the version bump, so an interrupted upgrade leaves the
** previous version intact. Never edit a released entry: append a new one.
*/
#ifndef PX_STORE_SCHEMA_H
#define PX_STORE_SCHEMA_H

#include "store/search_schema.h"

/* UPDATE stories SET <its figures> for story `who` (an SQL expression),
** WHERE clause left to the caller: schema 5's triggers and backfill. */
#define PX_STORY_FIGURES(who)                                                  \
  "UPDATE stories SET"                                                         \
  " n_articles = (SELECT count(*) FROM story_articles WHERE story_id = " who "),"   \
  " n_outlets = (SELECT count(DISTINCT coalesce(a.source_id, -a.id))"          \
  "  FROM story_articles m JOIN articles a ON a.id = m.article_id"             \
  "  WHERE m.story_id = " who "),"                                             \
  " first_published = (SELECT min(nullif(a.published, ''))"                    \
  "  FROM story_articles m JOIN articles a ON a.id = m.article_id"             \
  "  WHERE m.story_id = " who "),"                                             \
  " last_published = (SELECT max(nullif(a.published, ''))"                     \
  "  FROM story_articles m JOIN articles a ON a.id = m.article_id"             \
  "  WHERE m.story_id = " who "),"                                             \
  " last_utc = coalesce((SELECT nullif(max(a.published_utc), 0)"              \
  "  FROM story_articles m JOIN articles a ON a.id = m.article_id"             \
  "  WHERE m.story_id = " who "), CAST(strftime('%s', created_at) AS INTEGER))"

/* The same for schema 9 on: first and last report chosen by instant
** (published_utc), not by the text of `published`, which compares wall
** clocks of different zones ("16:01+08:00" sorts after "10:48+02:00"
** although it is six hours earlier). The text shown is the chosen
** article's own; first_utc/last_utc are the instants. A story none of
** whose reports has an instant keeps the text order as a last resort. */
#define PX_STORY_MEMBERS(who)                                                   \
  " FROM story_articles m JOIN articles a ON a.id = m.article_id"              \
  " WHERE m.story_id = " who
#define PX_STORY_FIGURES_9(who)                                                \
  "UPDATE stories SET"                                                         \
  " n_articles = (SELECT count(*) FROM story_articles WHERE story_id = " who "),"   \
  " n_outlets = (SELECT count(DISTINCT coalesce(a.source_id, -a.id))"          \
  PX_STORY_MEMBERS(who) "),"                                                   \
  " first_published = coalesce((SELECT nullif(a.published, '')"               \
  PX_STORY_MEMBERS(who) " AND a.published_utc != 0"                           \
  "  ORDER BY a.published_utc, a.id LIMIT 1),"                                 \
  "  (SELECT min(nullif(a.published, ''))" PX_STORY_MEMBERS(who) ")),"        \
  " last_published = coalesce((SELECT nullif(a.published, '')"                \
  PX_STORY_MEMBERS(who) " AND a.published_utc != 0"                           \
  "  ORDER BY a.published_utc DESC, a.id DESC LIMIT 1),"                      \
  "  (SELECT max(nullif(a.published, ''))" PX_STORY_MEMBERS(who) ")),"        \
  " first_utc = coalesce((SELECT min(nullif(a.published_utc, 0))"             \
  PX_STORY_MEMBERS(who) "), 0),"                                               \
  " last_utc = coalesce((SELECT nullif(max(a.published_utc), 0)"              \
  PX_STORY_MEMBERS(who) "), CAST(strftime('%s', created_at) AS INTEGER))"

static const char *const px_migrations[] = {
  /* 1: the skeleton's tables */
  "CREATE TABLE sources("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
  "CREATE TABLE articles("
  "  id INTEGER PRIMARY KEY,"
  "  source_id INTEGER REFERENCES sources(id) ON DELETE CASCADE,"
  "  url TEXT,"
  "  canonical_url TEXT,"
  "  title TEXT, subtitle TEXT,"
  "  authors TEXT NOT NULL DEFAULT '[]',"    /* JSON array */
  "  wire TEXT, dateline TEXT,"
  "  published TEXT, published_utc INTEGER NOT NULL DEFAULT 0,"
  "  updated TEXT, lang TEXT, image TEXT, section TEXT,"
  "  is_republished INTEGER NOT NULL DEFAULT 0,"
  "  body TEXT NOT NULL,"
  "  blocks TEXT NOT NULL,"                  /* JSON [{kind,text}] */
  "  content_hash TEXT NOT NULL,"            /* of the normalised body */
  "  raw BLOB NOT NULL,"                     /* input exactly as read */
  "  raw_type TEXT,"
  "  raw_hash TEXT NOT NULL UNIQUE,"
  "  added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
  "CREATE INDEX articles_source ON articles(source_id);"
  "CREATE INDEX articles_url ON articles(url);"
  "CREATE INDEX articles_hash ON articles(content_hash);"
  "CREATE INDEX articles_published ON articles(published_utc);"
  /* Every URL an article's text was seen under (exact duplicates collapse
  ** onto one article and keep their URLs here). */
  "CREATE TABLE article_urls("
  "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
  "  url TEXT NOT NULL,"
  "  source TEXT,"
  "  seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
  "  PRIMARY KEY(article_id, url));"
  "CREATE TABLE stories("
  "  id INTEGER PRIMARY KEY,"
  "  title TEXT, topic TEXT,"
  "  analysis TEXT,"                         /* JSON; NULL when stale */
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
  "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
  "CREATE TABLE story_articles("
  "  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
  "  story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,"
  "  score REAL NOT NULL DEFAULT 0);"
  "CREATE INDEX story_articles_story ON story_articles(story_id);"
  /* Copy relations and shared passages found by dedup, per article. */
  "CREATE TABLE copies("
  "  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
  "  json TEXT NOT NULL);"
  /* Room for per-story analysis rows (filled from the analysis step). */
  "CREATE TABLE quotes("
  "  id INTEGER PRIMARY KEY,"
  "  story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,"
  "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
  "  speaker TEXT, text TEXT NOT NULL, sentence TEXT);"
  "CREATE TABLE claims("
  "  id INTEGER PRIMARY KEY,"
  "  story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,"
  "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
  "  kind TEXT, value TEXT, sentence TEXT);",

  /* 2: large values in tables of their own, so listing articles and
  ** stories never reads raw input or analysis JSON it does not show. A
  ** story without a story_analysis row is stale. */
  "CREATE TABLE article_raw("
  "  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
  "  raw BLOB NOT NULL);"
  "INSERT INTO article_raw(article_id, raw) SELECT id, raw FROM articles;"
  "ALTER TABLE articles DROP COLUMN raw;"
  "CREATE TABLE story_analysis("
  "  story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,"
  "  json TEXT NOT NULL);"
  "INSERT INTO story_analysis(story_id, json) SELECT id, analysis FROM stories "
  "  WHERE analysis IS NOT NULL;"
  "ALTER TABLE stories DROP COLUMN analysis;",

  /* 3: stable story addresses, and the store's own settings. When stories
  ** merge (or a re-cluster empties one), story_moves says where its
  ** articles went, so links to it (feed entries, alerts, bookmarks)
  ** redirect instead of failing; a story id is never handed out twice
  ** (counters keeps the high-water mark), so an old link can never show
  ** another story. settings holds what `parallax config` changed
  ** (store/settings.h); a missing row means the default. */
  "CREATE TABLE story_moves("
  "  from_id INTEGER PRIMARY KEY,"
  "  to_id INTEGER NOT NULL,"
  "  moved_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
  "CREATE TABLE counters("
  "  name TEXT PRIMARY KEY,"
  "  value INTEGER NOT NULL);"
  "INSERT INTO counters(name, value) SELECT 'story', coalesce(max(id), 0) FROM stories;"
  "CREATE TABLE IF NOT EXISTS settings("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL,"
  "  set_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));",

  /* 4: the store's generation, a token that every change to what the
  ** clusterer and copy index are built from (articles, story membership,
  ** settings) replaces, whoever makes it: triggers, so other programs and
  ** older binaries replace it too. A saved pipeline state
  ** (store/pipeline.c) is used only when its generation is the store's.
  ** Random rather than counted, so a store made anew, or restored from a
  ** backup and changed since, never meets an old state with a matching
  ** number. Analysis and title updates are not such changes. */
  "INSERT INTO counters(name, value) VALUES('generation', random());"
  "CREATE TRIGGER gen_articles_insert AFTER INSERT ON articles BEGIN"
  "  UPDATE counters SET value = random() WHERE name = 'generation'; END;"
  "CREATE TRIGGER gen_articles_delete AFTER DELETE ON articles BEGIN"
  "  UPDATE counters SET value = random() WHERE name = 'generation'; END;"
  "CREATE TRIGGER gen_articles_update AFTER UPDATE ON articles BEGIN"
  "  UPDATE counters SET value = random() WHERE name = 'generation'; END;"
  "CREATE TRIGGER gen_story_articles_insert AFTER INSERT ON story_articles BEGIN"
  "  UPDATE counters SET value = random() WHERE name = 'generation'; END;"
  "CREATE TRIGGER gen_story_articles_delete AFTER DELETE ON story_articles BEGIN"
  "  UPDATE counters SET value = random() WHERE name = 'generation'; END;"
  "CREATE TRIGGER gen_story_articles_update AFTER UPDATE ON story_articles BEGIN"
  "  UPDATE counters SET value = random() WHERE name = 'generation'; END;"
  "CREATE TRIGGER gen_stories_insert AFTER INSERT ON stories BEGIN"
  "  UPDATE counters SET value = random() WHERE name = 'generation'; END;"
  "CREATE TRIGGER gen_stories_delete AFTER DELETE ON stories BEGIN"
  "  UPDATE counters SET value = random() WHERE name = 'generation'; END;"
  "CREATE TRIGGER gen_settings_insert AFTER INSERT ON settings BEGIN"
  "  UPDATE counters SET value = random() WHERE name = 'generation'; END;"
  "CREATE TRIGGER gen_settings_delete AFTER DELETE ON settings BEGIN"
  "  UPDATE counters SET value = random() WHERE name = 'generation'; END;"
  "CREATE TRIGGER gen_settings_update AFTER UPDATE ON settings BEGIN"
  "  UPDATE counters SET value = random() WHERE name = 'generation'; END;",

  /* 5: a story's coverage figures kept on its row (articles, outlets,
  ** first and last publish time), so the front page ranks stories without
  ** joining every article of every story. Triggers keep them: membership
  ** changes (adds, moves, merges, deletions, cascades) and changes to an
  ** article's outlet or dates (which touch its membership row, so the move
  ** trigger recounts). last_utc is the newest publish time, or when the
  ** story was made if none of its articles is dated. */
  "ALTER TABLE stories ADD COLUMN n_articles INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE stories ADD COLUMN n_outlets INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE stories ADD COLUMN first_published TEXT;"
  "ALTER TABLE stories ADD COLUMN last_published TEXT;"
  "ALTER TABLE stories ADD COLUMN last_utc INTEGER NOT NULL DEFAULT 0;"
  "CREATE TRIGGER story_figures_insert AFTER INSERT ON story_articles BEGIN "
  PX_STORY_FIGURES("NEW.story_id") " WHERE id = NEW.story_id; END;"
  "CREATE TRIGGER story_figures_delete AFTER DELETE ON story_articles BEGIN "
  PX_STORY_FIGURES("OLD.story_id") " WHERE id = OLD.story_id; END;"
  "CREATE TRIGGER story_figures_move AFTER UPDATE ON story_articles BEGIN "
  PX_STORY_FIGURES("OLD.story_id") " WHERE id = OLD.story_id; "
  PX_STORY_FIGURES("NEW.story_id") " WHERE id = NEW.story_id; END;"
  "CREATE TRIGGER story_figures_article AFTER UPDATE OF source_id, published, published_utc"
  "  ON articles BEGIN"
  "  UPDATE story_articles SET story_id = story_id WHERE article_id = NEW.id; END;"
  PX_STORY_FIGURES("stories.id") ";"
  "CREATE INDEX stories_last ON stories(last_utc);",

  /* 6: related stories (cluster.h px_clusterer_related): pairs whose
  ** coverage reads alike whatever their time, written when either story
  ** is analysed, so an older story also lists the newer one. */
  "CREATE TABLE story_related("
  "  story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,"
  "  related_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,"
  "  score REAL NOT NULL,"
  "  PRIMARY KEY(story_id, related_id)) WITHOUT ROWID;"
  "CREATE INDEX story_related_back ON story_related(related_id);",

  /* 7: takedowns that a changed spelling cannot get around, and article
  ** ids that are never handed out twice (issue 15).
  ** takedowns (until now made on first use, so IF NOT EXISTS) is the audit
  ** log; takedown_keys the refusal list, by key rather than as typed: an
  ** outlet's name key (store/takedown.h), a URL's key hash (its
  ** px_url_normalize key, hashed so the log keeps no link to removed
  ** text), or a host whose URLs are all refused. The px_* functions are
  ** the store's own (store_sqlite.c registers them on every connection).
  ** Article URLs are rewritten in the one normal form the store now
  ** keeps (ingest/url.h); duplicate-URL rows that become one are merged.
  ** The 'article' counter is the high-water mark of article ids, as
  ** 'story' is of story ids: SQLite alone gives a deleted newest
  ** article's id to the next one, and a takedown record, the search
  ** index's rowid and old links would then name another article. */
  "CREATE TABLE IF NOT EXISTS takedowns("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK(kind IN ('source','url')),"
  "  value TEXT NOT NULL,"        /* outlet name or URL */
  "  reason TEXT NOT NULL DEFAULT '',"
  "  narticles INTEGER NOT NULL DEFAULT 0,"
  "  article_ids TEXT NOT NULL DEFAULT '[]',"
  "  removed_at TEXT NOT NULL"
  "    DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
  "CREATE INDEX IF NOT EXISTS takedowns_value ON takedowns(value COLLATE NOCASE);"
  "CREATE TABLE takedown_keys("
  "  takedown_id INTEGER NOT NULL REFERENCES takedowns(id),"
  "  kind TEXT NOT NULL CHECK(kind IN ('name','url','host')),"
  "  key TEXT NOT NULL,"
  "  PRIMARY KEY(kind, key, takedown_id)) WITHOUT ROWID;"
  "INSERT OR IGNORE INTO takedown_keys(takedown_id, kind, key)"
  "  SELECT id, 'name', px_name_key(value) FROM takedowns WHERE kind='source';"
  "INSERT OR IGNORE INTO takedown_keys(takedown_id, kind, key)"
  "  SELECT id, 'url', px_url_hash(value) FROM takedowns WHERE kind='url';"
  "INSERT INTO counters(name, value) SELECT 'article', coalesce(max(id), 0) FROM articles;"
  "UPDATE articles SET url = px_url_norm(url) WHERE url IS NOT px_url_norm(url);"
  "UPDATE articles SET canonical_url = px_url_norm(canonical_url)"
  "  WHERE canonical_url IS NOT px_url_norm(canonical_url);"
  "UPDATE OR IGNORE article_urls SET url = px_url_norm(url) WHERE url IS NOT px_url_norm(url);"
  "DELETE FROM article_urls WHERE url IS NOT px_url_norm(url);",
  /* 8: what a feed said about an entry beyond its article (guid,
  ** enclosures, categories: ingest/feed.h px_feed_entry_meta_json), kept
  ** with the article it brought; NULL for articles not from a feed. */
  "ALTER TABLE articles ADD COLUMN feed_meta TEXT;",

  /* 9: a story's span by instant (issue 15, 14): PX_STORY_FIGURES_9
  ** replaces schema 5's figures in the same triggers, and every story is
  ** recounted. first_utc is the earliest report's instant (0: none). */
  "ALTER TABLE stories ADD COLUMN first_utc INTEGER NOT NULL DEFAULT 0;"
  "DROP TRIGGER IF EXISTS story_figures_insert;"
  "DROP TRIGGER IF EXISTS story_figures_delete;"
  "DROP TRIGGER IF EXISTS story_figures_move;"
  "CREATE TRIGGER story_figures_insert AFTER INSERT ON story_articles BEGIN "
  PX_STORY_FIGURES_9("NEW.story_id") " WHERE id = NEW.story_id; END;"
  "CREATE TRIGGER story_figures_delete AFTER DELETE ON story_articles BEGIN "
  PX_STORY_FIGURES_9("OLD.story_id") " WHERE id = OLD.story_id; END;"
  "CREATE TRIGGER story_figures_move AFTER UPDATE ON story_articles BEGIN "
  PX_STORY_FIGURES_9("OLD.story_id") " WHERE id = OLD.story_id; "
  PX_STORY_FIGURES_9("NEW.story_id") " WHERE id = NEW.story_id; END;"
  PX_STORY_FIGURES_9("stories.id") ";",

  /* 10: the front page ranks only recent stories (serve/lists.c): the
  ** largest story bounds the rank of every older one, and the figures
  ** px_rank reads are on an index by age, so ranking never reads rows. */
  "CREATE INDEX IF NOT EXISTS stories_articles ON stories(n_articles);"
  "CREATE INDEX IF NOT EXISTS stories_rank"
  "  ON stories(last_utc, n_articles, n_outlets);",

  /* 11: search by stem, folded form and CJK bigram (issue 17): the index
  ** made anew with the tokenizer "px" (PX_SEARCH_SCHEMA_11) and filled
  ** from the articles, whether or not the store had one before. */
  "DROP TRIGGER IF EXISTS search_fts_ai;"
  "DROP TRIGGER IF EXISTS search_fts_ad;"
  "DROP TRIGGER IF EXISTS search_fts_au;"
  "DROP TABLE IF EXISTS search_fts;"
  PX_SEARCH_SCHEMA_11
  PX_SEARCH_FTS_INSERT("a") " FROM articles a;",
};

#define PX_SCHEMA_VERSION ((int)(sizeof px_migrations / sizeof px_migrations[0]))

#endif
