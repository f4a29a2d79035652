/*
** analyze_int.h: the internal model shared by the analyze modules
** (people, quotes, claims, compare, summary, topic, analysis); not a
** public header: only the analyze .c files include it.
**
** Memory: one px_arena per analysis (a->arena) owns every string and array
** below; px_analysis_free drops it at once. Arrays grow with an_grow(),
** which reallocates inside the arena. Nothing points into the px_docs the
** analysis was built from (texts are copied), so docs may be freed early.
** Outlet sets are uint64_t bit masks: hence PX_ANALYSIS_MAX_DOCS = 64.
*/
#ifndef PX_ANALYZE_INT_H
#define PX_ANALYZE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libstemmer.h>
#include "analyze/analysis.h"
#include "util/arena.h"
#include "util/date.h"

#define AN_NODAY INT64_MIN

/* Token flags. */
enum {
  TK_CAP = 1,      /* starts with an upper-case letter (or is all caps) */
  TK_NUM = 2,      /* starts with a digit */
  TK_STOP = 4,     /* function word */
  TK_SENTSTART = 8 /* first word of the sentence */
};

typedef struct an_tok {
  uint32_t s, e;   /* byte span in the sentence text */
  uint64_t h;      /* hash of the lower-cased, possessive-stripped form */
  uint64_t stem;   /* hash of its Snowball stem */
  uint16_t flags;
} an_tok;

typedef struct an_doc {
  int64_t id;
  const char *outlet;     /* doc->site or "article N" */
  const char *published;  /* as given, or NULL */
  const char *title;
  const char *dateline;
  bool has_time;          /* published parsed */
  bool has_tz;
  int64_t t;              /* epoch seconds of published (UTC when zoned) */
  const char *tz_place;   /* zone inferred from this place, or NULL */
  int tz_offset;          /* that zone's offset, minutes east of UTC */
  int64_t pub_day;        /* days since epoch, or AN_NODAY */
  int pub_year;           /* 0 when unknown */
  size_t first_sent, nsent;
  int order;              /* position in the timeline */
} an_doc;

typedef struct an_sent {
  int doc;
  int block;              /* index into the doc's blocks */
  int para;               /* paragraph ordinal among body blocks */
  int idx;                /* sentence ordinal in the doc */
  size_t off, len;        /* byte span in the block text */
  size_t body_off;        /* byte offset in px_doc_body() */
  const char *text;       /* copy, NUL-terminated */
  an_tok *toks;
  size_t ntok;
  size_t first_mention, nmention;
  /* similarity vector: sorted unique stems with tf-idf weights */
  uint64_t *terms;
  float *w;
  size_t nterms;
  uint64_t sig;           /* one bit per term hash: quick rejection */
  double norm;            /* Euclidean norm of w */
  bool heading;           /* from a heading block */
  bool decimal_comma;     /* the article's language writes 3,5 for 3.5 */
  bool mostly_quote;      /* more than half of its bytes are quoted */
  /* the article language's speech verbs and "according to" words
  ** (data/lang.tsv), or NULL: English and unknown languages use the
  ** English lists in people.c and quotes.c only */
  const char *const *lang_speech;
  const char *const *lang_according;
  const char *const *lang_stop;
} an_sent;

enum { MK_NAME = 0, MK_SURNAME, MK_TITLE, MK_PRONOUN };

typedef struct an_mention {
  int sent;
  uint32_t s, e;          /* span in the sentence text */
  uint32_t ts, te;        /* token span */
  int person;             /* registry index, or -1 */
  int kind;               /* MK_* */
  int ante;               /* pronouns: the mention they resolve to, or -1 */
} an_mention;

typedef struct an_person {
  const char *name;       /* canonical (longest) full name */
  const char *role;       /* a title seen before the name, or NULL */
  uint64_t first_h, last_h; /* hashes of first and last name tokens */
  int ntoks;
  int nmentions;
  uint64_t outlets;
  int evidence;           /* how many times there was person evidence */
  int gender;             /* AN_MALE, AN_FEMALE or 0: from honorifics,
                             gendered roles and unambiguous pronouns */
} an_person;

enum { AN_MALE = 1, AN_FEMALE = 2 };

typedef struct an_quote {
  int doc, sent, block;
  size_t boff, blen;      /* this segment's span in the block text */
  const char *text;       /* the quoted words of this segment */
  int quotation;          /* id shared by segments of one quotation */
  int speaker;            /* person index or -1 */
  const char *speaker_other; /* organisation or unnamed source, or NULL */
  const char *how;        /* attribution rule that fired */
  bool indirect;          /* reported speech ("X said that ..."), no quote marks */
  int group;
  uint64_t *th;           /* normalised token hashes, in order */
  size_t nth;
  uint64_t sig;           /* 64-bit token signature for quick rejection */
} an_quote;

typedef struct an_qgroup {
  int speaker;
  const char *speaker_other;
  int *members;
  size_t n;
  uint64_t outlets;
  int nvariants;          /* distinct wordings across outlets */
} an_qgroup;

enum { CL_DURATION = 0, CL_COUNT, CL_MONEY, CL_PERCENT, CL_SINCE, CL_PLACE,
       CL_EVENT, CL_WHEN, CL_KIND_COUNT };
enum { ST_NONE = 0, ST_HAPPENED, ST_PENDING, ST_FUTURE };

typedef struct an_claim {
  int kind, doc, sent;
  int parts[6];
  int nparts;             /* persons involved (meeting participants) */
  uint64_t measure;       /* stem hash of what is measured ("meeting",
                             "dinner", "request") */
  const char *measure_word;
  double lo, hi, val;     /* numeric range, minutes for durations */
  const char *unit;
  const char *surface;    /* the words as written: "almost six hours" */
  const char *place;      /* city / country for CL_PLACE */
  const char *venue;      /* "Diaoyutai State Guesthouse", or NULL */
  int status;             /* ST_* for CL_EVENT */
  int64_t day;            /* resolved date of what it is about, or AN_NODAY */
  int year;               /* CL_SINCE: the year, 0 when an event */
  const char *since_event;/* CL_SINCE without a year */
  int wday;               /* CL_WHEN: 0 = Sunday .. 6, or -1 */
  int mday;               /* CL_WHEN: month * 100 + day ("Dec. 6"), or -1 */
  int clock;              /* CL_WHEN: minutes after midnight, or -1 */
  int clock_tol;          /* CL_WHEN: minutes either side the clock allows */
  uint64_t subj[4];       /* names written before a figure, speakers
                             aside: whose figure it is ("Hansbrough had
                             nine", "in Gaza City, at least 12") */
  int nsubj;
  uint64_t subj_main;     /* last word of the name the figure belongs
                             to: the clause's acting name or a possessor
                             ("Echenique had 11", "Buford's record of
                             2,116"); 0 when none stands out */
  uint64_t *ctx;          /* content stems of the clause, for matching */
  size_t nctx;
  bool weak;              /* inferred (dateline, inherited) */
  bool scoped;            /* a figure for a stretch of the event ("during
                             a 15-2 run", "in the fourth quarter") */
  bool sole;              /* the only value its article gives for its
                             measure (set by an_compare) */
  int group;
} an_claim;

enum { CP_AGREE = 0, CP_COMPATIBLE, CP_CONTRADICT, CP_DIFFERENT, CP_UPDATE,
       CP_COUNT };

typedef struct an_pair {
  int a, b;               /* claim indices, a from the earlier doc */
  int group;              /* claim group of both (after an_compare) */
  int cls;
  const char *note;
} an_pair;

typedef struct an_cgroup {
  int kind;
  int *members;
  size_t n;
  uint64_t outlets;
  int verdict;
  const char *label;
  const char *note;       /* evidence for a conflict */
  uint64_t minority;      /* outlets alone against the others */
  double weight;          /* how much the minority counts toward outlier */
  size_t first_pair, npairs; /* its pairs: a->pairs[first_pair ...] */
} an_cgroup;

typedef struct an_stmt {  /* a statement several outlets carry */
  int *sents;
  size_t n;
  uint64_t outlets;
  bool polarity_conflict;
} an_stmt;

typedef struct an_only {  /* something one outlet alone reports */
  int doc, sent;
  double score;
  const char *terms;      /* the exclusive terms, comma separated */
} an_only;

typedef struct an_sum {
  int sent;
  uint64_t cites;         /* outlets carrying it or an equivalent */
  int *support;           /* one supporting sentence per cited outlet */
  size_t nsupport;
} an_sum;

struct px_analysis {
  px_arena *arena;
  struct sb_stemmer *stemmer;
  an_doc *docs;        size_t ndocs;
  an_sent *sents;      size_t nsents, cap_sents;
  an_mention *ments;   size_t nments, cap_ments;
  an_person *people;   size_t npeople, cap_people;
  an_quote *quotes;    size_t nquotes, cap_quotes;
  an_qgroup *qgroups;  size_t nqgroups;
  an_claim *claims;    size_t nclaims, cap_claims;
  an_pair *pairs;      size_t npairs, cap_pairs;
  an_cgroup *cgroups;  size_t ncgroups;
  an_stmt *stmts;      size_t nstmts, cap_stmts;
  an_only *onlys;      size_t nonlys, cap_onlys;
  an_sum *summary;     size_t nsummary;
  int outlier;         /* doc index or -1 */
  double outlier_score;
  const char *topic;
  const char *headline; /* the title that best stands for the story */
  const char *topic_tags; /* most named places, comma separated */
  double topic_scores[16];
  int *timeline;       /* doc indices by publish time */
  bool timeline_zoneless; /* some times lacked a zone: order is uncertain */
  float *sent_best;    /* [sentence * ndocs + doc]: best cosine to that doc */
  /* idf by stem hash, open addressing */
  uint64_t *idf_keys;
  float *idf_vals;
  uint64_t *idf_outlets;   /* outlets whose text has the stem */
  size_t idf_cap;
};

/* ---- lex.c: tokens, words, vocabulary ---- */
/* Grows *arr (elements of size sz) to hold at least need; NULL on OOM. */
void *an_grow(px_analysis *a, void *arr, size_t *cap, size_t need, size_t sz);
/* Tokenises text into arena tokens. */
px_rc an_tokenize(px_analysis *a, const char *text, size_t len, an_tok **out,
                  size_t *n);
uint64_t an_hash_word(const char *w, size_t n);   /* lower-cased hash */
uint64_t an_hash_cstr(const char *w);
bool an_is_stop(uint64_t h);
/* Is token i of sentence s the lower-case word w? */
bool an_tok_is(const an_sent *s, size_t i, const char *w);
bool an_tok_in(const an_sent *s, size_t i, const char *const *list);
/* Length of the text gap between tokens i and i+1 holds only spaces? */
bool an_tok_adjacent(const an_sent *s, size_t i);
/* Punctuation char found between tokens i and i+1, or 0. */
int an_tok_gap_punct(const an_sent *s, size_t i);
float an_idf(const px_analysis *a, uint64_t stem);
uint64_t an_stem_outlets(const px_analysis *a, uint64_t stem);
bool an_word_in(const char *w, size_t n, const char *const *list);
char *an_strndup(px_analysis *a, const char *s, size_t n);
double an_cosine(const an_sent *x, const an_sent *y);

/* ---- people.c ---- */
px_rc an_people_find(px_analysis *a);
/* Person index named by token i of sentence si (as a mention), or -1. */
int an_mention_at(const px_analysis *a, size_t si, size_t tok);
bool an_is_place_word(const char *w, size_t n);
bool an_is_role_word(const char *w, size_t n);
bool an_is_speech_verb(const an_sent *s, size_t i);
/* The person whose role (before the name or in an appositive) has the
** word of token i ("the prosecutor"), most mentioned first; -1 if none. */
int an_person_by_role(const px_analysis *a, const an_sent *s, size_t i);

/* ---- quotes.c ---- */
px_rc an_quotes_find(px_analysis *a, const px_doc *const *docs);

/* ---- claims.c ---- */
px_rc an_claims_find(px_analysis *a);
const char *an_place_at(const an_sent *s, size_t i, size_t *ntoks);

/* ---- compare.c ---- */
px_rc an_compare(px_analysis *a);

/* ---- summary.c ---- */
px_rc an_statements(px_analysis *a);
px_rc an_summarize(px_analysis *a);

/* ---- topic.c ---- */
px_rc an_topic(px_analysis *a);

#endif
