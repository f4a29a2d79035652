/*
** search_schema.h: the SQL of the search index (table and triggers) from
** schema 11 on, shared by that migration (schema.h) and search/search.c,
** which makes the index with it when a store has none.
*/
#ifndef PX_STORE_SEARCH_SCHEMA_H
#define PX_STORE_SEARCH_SCHEMA_H

/* The tokenizer "px" (store/fts_px.h) stems each
** article in its language, which the first column carries in band, folds
** accents and transliterations and cuts Chinese and Japanese into
** bigrams. Triggers keep it in step with the articles table whoever
** writes it; a change of language re-indexes the row. */
#define PX_SEARCH_FTS_VALUES(a)                                                \
  a ".id, char(1) || COALESCE(" a ".lang,''), COALESCE(" a ".title,''),"       \
  " COALESCE(" a ".subtitle,''), " a ".body,"                                  \
  " COALESCE((SELECT name FROM sources WHERE id = " a ".source_id),'')"
#define PX_SEARCH_FTS_INSERT(a)                                                \
  "INSERT INTO search_fts(rowid, lang, title, subtitle, body, source)"         \
  " SELECT " PX_SEARCH_FTS_VALUES(a)
#define PX_SEARCH_SCHEMA_11                                                    \
  "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("                  \
  "lang, title, subtitle, body, source, tokenize='px');"                       \
  "CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON articles BEGIN " \
  PX_SEARCH_FTS_INSERT("new") "; END;"                                         \
  "CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON articles BEGIN"  \
  " DELETE FROM search_fts WHERE rowid = old.id; END;"                         \
  "CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE OF title,"          \
  " subtitle, body, source_id, lang ON articles BEGIN"                         \
  " DELETE FROM search_fts WHERE rowid = old.id; "                             \
  PX_SEARCH_FTS_INSERT("new") "; END;"

#endif
