/*
** topic.h: a topic label for a story from a small fixed taxonomy (part of
** the analyze stage).
**
** A keyword-weighted model over general English news vocabulary (the
** table in topic.c); each word's Snowball stem votes for its topics, and
** the label is the best-scoring topic. It reads the story's text only,
** never an outlet's section name. Tags add the places named most often.
*/
#ifndef PX_ANALYZE_TOPIC_H
#define PX_ANALYZE_TOPIC_H

#include "analyze/analyze_int.h"

#define AN_NTOPICS 11
extern const char *const an_topic_names[AN_NTOPICS];

px_rc an_topic(px_analysis *a);

#endif
