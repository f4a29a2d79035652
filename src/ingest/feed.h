/*
** feed.h: parsing news feeds (RSS 0.90-2.0, RSS 1.0/RDF, Atom 0.3/1.0,
** JSON Feed 1.0/1.1) into one px_feed.
**
** The parser tolerates what real feeds do: wrong or missing encoding
** declarations (valid UTF-8 beats a wrong prolog), HTML entities in XML,
** unescaped ampersands, control characters, undeclared namespace prefixes,
** relative links, missing dates and duplicate GUIDs. Whatever it had to
** repair sets `bozo` (the feed was not well formed), as feedparser does.
** It never loads external entities or DTDs and never touches the network.
**
** Memory: every string of a px_feed lives in the feed's own arena and is
** NUL-terminated, valid UTF-8 without control characters; NULL means "not
** present". Caller frees the feed with px_feed_free.
*/
#ifndef PX_INGEST_FEED_H
#define PX_INGEST_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "parallax.h"
#include "util/arena.h"
#include "util/date.h"

/* How a text field is to be read. Summaries and content are HTML unless
** the feed said plain text; titles are always given as plain text. */
typedef enum {
  PX_FEED_TEXT = 0,  /* plain text: escape before showing as HTML */
  PX_FEED_HTML,      /* HTML markup (from type="html", RSS description...) */
  PX_FEED_XHTML      /* inline XHTML, serialised as markup */
} px_feed_text_type;

typedef struct px_feed_person {
  const char *name, *email, *uri;
} px_feed_person;

typedef struct px_feed_link {
  const char *href;   /* absolute when the base allowed it */
  const char *rel;    /* "alternate" when the feed gave none */
  const char *type, *title;
  const char *hreflang;
  int64_t length;     /* bytes, 0 when unknown */
} px_feed_link;

typedef struct px_feed_category {
  const char *term, *scheme, *label;
} px_feed_category;

/* An enclosure or a media:content / media:thumbnail item. */
typedef struct px_feed_media {
  const char *url, *type, *medium;
  int64_t length;
} px_feed_media;

typedef struct px_feed_date {
  const char *raw;    /* as written in the feed */
  const char *iso;    /* ISO 8601 when it parsed, else NULL */
  px_time t;          /* valid when iso != NULL */
} px_feed_date;

typedef struct px_feed_entry {
  const char *id;          /* guid / atom:id / rdf:about / JSON id */
  bool guid_is_link;       /* RSS guid with isPermaLink not "false" */
  bool id_shared;          /* another entry of this feed has the same id */
  const char *link;        /* the article's web page */
  const char *title;       /* plain text */
  const char *title_raw;   /* as given (HTML when title_type says so) */
  px_feed_text_type title_type;
  const char *summary;     /* description / atom:summary / JSON summary */
  px_feed_text_type summary_type;
  const char *summary_lang, *summary_base;
  const char *content;     /* content:encoded / atom:content / content_html */
  px_feed_text_type content_type;
  const char *content_lang, *content_base;
  const char *title_lang, *title_base;
  const char *lang;        /* xml:lang in scope, or the JSON item language */
  const char *rights;
  px_feed_text_type rights_type;
  const char *comments;    /* RSS comments URL */
  const char *image;       /* media thumbnail, image enclosure, JSON image */
  px_feed_date published, updated;
  px_feed_person *authors;
  size_t nauthors;
  px_feed_link *links;
  size_t nlinks;
  px_feed_category *categories;
  size_t ncategories;
  px_feed_media *enclosures;  /* RSS enclosure, atom rel=enclosure, JSON
                                 attachments */
  size_t nenclosures;
  px_feed_media *media;       /* media:content and media:thumbnail */
  size_t nmedia;
} px_feed_entry;

typedef enum {
  PX_FEED_UNKNOWN = 0,
  PX_FEED_RSS,
  PX_FEED_RDF,
  PX_FEED_ATOM,
  PX_FEED_JSON
} px_feed_format;

typedef struct px_feed {
  px_arena *arena;         /* owns everything below */
  px_feed_format format;
  const char *version;     /* feedparser's names: "rss20", "atom10",
                              "rss10", "rss091u", "json11", ... */
  const char *encoding;    /* the character encoding actually used */
  bool bozo;               /* input was not well formed and was repaired */
  const char *bozo_reason;
  const char *title;       /* plain text */
  const char *title_raw;
  px_feed_text_type title_type;
  const char *title_lang, *title_base;
  const char *link;        /* the site's home page */
  const char *id;
  const char *description; /* subtitle / tagline / description */
  px_feed_text_type description_type;
  const char *description_lang, *description_base;
  const char *rights;
  px_feed_text_type rights_type;
  const char *rights_lang, *rights_base;
  const char *language;
  const char *generator;
  const char *image;       /* logo / icon / image url */
  const char *feed_url;    /* the feed's self link when it gave one */
  px_feed_date updated;
  px_feed_person *authors;
  size_t nauthors;
  px_feed_link *links;
  size_t nlinks;
  px_feed_category *categories;
  size_t ncategories;
  px_feed_entry *entries;
  size_t nentries;
  size_t nduplicates;      /* entries dropped for repeating an earlier id */
  size_t nskipped;         /* entries past max_entries, not kept */
  const char *warning;     /* what was kept back, for the log and the user
                              ("kept the first 20000 of 25000 entries");
                              NULL when nothing was */
} px_feed;

typedef struct px_feed_opts {
  const char *url;           /* where the feed came from: base for links */
  const char *content_type;  /* HTTP Content-Type (charset is used) */
  const char *content_location;  /* HTTP Content-Location: the base for
                                    relative links when given */
  const char *content_language;  /* HTTP Content-Language: the language
                                    where xml:lang says none */
  size_t max_bytes;          /* input cap; 0: PX_FEED_MAX_BYTES */
  size_t max_entries;        /* 0: PX_FEED_MAX_ENTRIES; later ones are
                                counted in nskipped and named in warning */
} px_feed_opts;

#define PX_FEED_MAX_BYTES ((size_t)32 << 20)
#define PX_FEED_MAX_ENTRIES 20000

/* Parses data (len bytes, any encoding) as a feed. opts may be NULL.
** PX_EPARSE when it holds no feed; PX_ETOOBIG over the cap.
** On success caller frees *out with px_feed_free. */
px_rc px_feed_parse(const char *data, size_t len, const px_feed_opts *opts,
                    px_feed **out, px_err *err);
void px_feed_free(px_feed *f);

/* A stable key for "have we seen this entry": a hash of its id, else its
** link, else its title and summary. out receives 32 hex digits. */
void px_feed_entry_key(const px_feed_entry *e, char out[33]);

/* What the feed says about an entry beyond the article itself, as one
** JSON object for the store to keep beside it: {"guid", "guid_is_link",
** "categories": [{"term", "scheme", "label"}], "enclosures": [{"url",
** "type", "length"}]}, each left out when absent. Appends to out (NUL
** kept); PX_ENOMEM when it cannot. */
struct px_buf;
px_rc px_feed_entry_meta_json(const px_feed_entry *e, struct px_buf *out);

/* Cheap check on the first bytes: could this be a feed (XML or JSON Feed)
** rather than an HTML page? Used to decide between parsing and
** autodiscovery. */
bool px_feed_sniff(const char *data, size_t len);

#endif
