/*
** cluster.h: online story clustering. Each new article joins the most
** similar recent story, or starts a new one; when an article is close to
** two stories they merge.
**
** Whether an article joins a story is a same-event decision (model.h, a
** logistic model trained on labelled pairs; see "features" in cluster.c)
** over the similarity below and what tells twin events apart: the years
** the text gives, figures, names, the title's words.
**
** Similarity is the cosine of TF-IDF vectors (tfidf.h: stemmed words and
** capitalised names, title weighted by title_boost) between the article
** and a story's centroid (the sum of its members' length-normalised
** vectors), with idf from the running counts at the time of the
** comparison, scaled by (1 - name_weight) + name_weight * c, where c is the
** idf-weighted share of the article's names the story carries (0.5 when it
** names no one): two events of one kind share words but not names. Stories
** are found through an inverted index from an article's most telling terms
** to the stories holding them (newest first), so adding costs about the same
** with a thousand stories as with a million. A time window keeps a story
** from last year from swallowing today's article: a story whose newest
** article is more than window_secs away from the new article's time is
** joined only on clearly stronger evidence (continued coverage after a gap,
** 1.6 times the threshold), and not at all past four windows (unknown
** times, 0, are never excluded).
** Deterministic: the same articles in the same order give the same
** stories and ids. Not thread-safe.
** Memory: the clusterer owns everything it holds; it keeps no pointer to
** a document.
*/
#ifndef PX_CLUSTER_CLUSTER_H
#define PX_CLUSTER_CLUSTER_H

#include <stddef.h>
#include <stdint.h>
#include "extract/doc.h"
#include "parallax.h"
#include "util/str.h"

/* Called when story `from` is merged into story `into` (from ceases to
** exist; its articles now belong to into). */
typedef void (*px_cluster_merge_fn)(int64_t from, int64_t into, void *ud);
/* Called for each candidate story an article is scored against, before
** the decision, with the model's features (model.h), for training the
** model offline (bench/stories/train.py). */
typedef void (*px_cluster_feature_fn)(int64_t article_id, int64_t story,
                                      const double *f, size_t nf, void *ud);

typedef struct px_cluster_opts {
  double threshold;        /* strictness of the same-event decision: the
                              model's odds are moved as if this were the
                              old cut on the similarity (0.125: as
                              trained; higher gives tighter stories) */
  double merge_threshold;  /* also merge a second story at >= this (0.5) */
  int64_t window_secs;     /* time window (7 days) */
  float title_boost;       /* weight of title words (1) */
  float entity_boost;      /* weight of names (1) */
  double name_weight;      /* share of the similarity that depends on the
                              story holding the article's names (0.7) */
  double name_support;     /* share of a story's articles that must name
                              someone for the name to count fully (0.5) */
  unsigned query_terms;    /* article terms used to find stories (24) */
  unsigned max_candidates; /* stories scored fully per article (48) */
  unsigned max_story_terms;/* centroid terms kept per story (3000) */
  const char *lang;        /* stemmer language (NULL: English) */
  const double *model;     /* same-event weights, PX_CLUSTER_NFEAT + 1
                              (NULL: the built-in model.h; others are for
                              cross-validation in bench/stories) */
  px_cluster_merge_fn on_merge;
  void *ud;
  px_cluster_feature_fn on_features;  /* NULL: none */
  void *feat_ud;
} px_cluster_opts;

void px_cluster_opts_default(px_cluster_opts *o);

typedef struct px_clusterer px_clusterer;

/* o NULL means defaults. NULL when out of memory or no stemmer for lang.
** Caller frees with px_clusterer_free. */
px_clusterer *px_clusterer_new(const px_cluster_opts *o);
void px_clusterer_free(px_clusterer *c);

/* Adds an article (title and non-caption blocks are read) published at
** published_epoch (0 unknown); *story_id receives its story. */
px_rc px_clusterer_add(px_clusterer *c, int64_t article_id, const px_doc *doc,
                       int64_t published_epoch, int64_t *story_id, px_err *err);
/* The same from a title and a body text. */
px_rc px_clusterer_add_text(px_clusterer *c, int64_t article_id, px_str title,
                            px_str body, int64_t published_epoch,
                            int64_t *story_id, px_err *err);

/* The live story an article belongs to now (after merges), or -1. */
int64_t px_clusterer_story_of(const px_clusterer *c, int64_t article_id);
/* The live id a (possibly merged) story id resolves to. */
int64_t px_clusterer_resolve(const px_clusterer *c, int64_t story_id);
/* Other live stories whose coverage reads like story_id's, whatever
** their time: the same subject before or after the window split it (a
** trial, then its verdict months later). Cosine of the stories' tf-idf
** centroids, at least min_sim; up to max ids and scores into out/sims,
** most similar first. Returns how many. */
typedef struct px_related { int64_t story; double sim; } px_related;
size_t px_clusterer_related(px_clusterer *c, int64_t story_id, double min_sim,
                            px_related *out, size_t max);
/* Stories alive, articles added, and bytes held. */
size_t px_clusterer_story_count(const px_clusterer *c);
size_t px_clusterer_article_count(const px_clusterer *c);
size_t px_clusterer_bytes(const px_clusterer *c);

/* Snapshot (util/snap.h) of everything the clusterer knows, so a later
** run continues exactly where this one stopped without re-reading every
** article. Load fills a clusterer fresh from px_clusterer_new and fails
** the snapshot when it was made with other options (a changed setting) or
** does not hold a valid state; the caller then rebuilds. */
struct px_snap;
void px_clusterer_save(const px_clusterer *c, struct px_snap *s);
void px_clusterer_load(px_clusterer *c, struct px_snap *s);

#endif
