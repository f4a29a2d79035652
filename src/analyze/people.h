/*
** people.h: person mentions and their coreference across the outlets of
** one story (part of the analyze stage; see analyze_int.h for the model).
**
** A person registry is built per story from name candidates (runs of
** capitalised words) that show person evidence: a title or role before the
** name ("Foreign Minister Qin Gang", "spokesperson Liu Pengyu", "Mr.
** Biden"), a speech verb next to it ("said Wu Xinbo"), or an appositive
** (", a professor"). Mentions are then resolved: full names, a surname or
** given name alone ("Blinken", "Xi"), a title ("the Secretary") and
** singular pronouns (the last person named). Vocabulary (roles, places,
** organisation words) is general English, never story-specific.
*/
#ifndef PX_ANALYZE_PEOPLE_H
#define PX_ANALYZE_PEOPLE_H

#include "analyze/analyze_int.h"

/* Fills a->people and a->ments from a->sents (tokens must be set). */
px_rc an_people_find(px_analysis *a);

#endif
