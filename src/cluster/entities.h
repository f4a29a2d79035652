/*
** entities.h: "entities-lite": names of people, places and organisations
** guessed from capitalisation, with no name lists.
**
** A name is a run of capitalised words (Wasilla Bible Church, Janet
** Yellen), allowing lower-case "of"/"de"/"al" inside (Bank of England),
** and all-caps acronyms (NATO, U.S.). A single capitalised word that opens
** a sentence is skipped (it is usually just the first word), as are
** stop words ("The", "But"), unless the same word also appears capitalised
** elsewhere in the sentence. Cheap and noisy by design; the clusterer uses
** names as extra, weighted features beside the words.
** Memory: none; names are reported as byte spans through a callback.
*/
#ifndef PX_CLUSTER_ENTITIES_H
#define PX_CLUSTER_ENTITIES_H

#include <stddef.h>

/* Called once per name with its span [start, end) in s and its number of
** words. Return nonzero to stop. */
typedef int (*px_entity_fn)(const char *s, size_t start, size_t end,
                            unsigned nwords, void *ud);

/* Reports the names in s, in order. */
void px_entities_scan(const char *s, size_t len, px_entity_fn fn, void *ud);

#endif
