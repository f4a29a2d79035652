/*
** summary.h: statements several outlets carry, things only one outlet
** reports, and the cited extractive summary (part of the analyze stage).
**
** Sentences are compared as tf-idf vectors over Snowball stems. A
** statement is a set of sentences from different outlets similar enough
** to say the same thing; a negation on one side only is flagged. An
** outlet's exclusive items are its sentences that no other outlet comes
** close to, ranked by the weight of words only it uses. The summary picks
** sentences by how many outlets support them (MMR: each new pick must add
** something new), and cites every outlet with an equivalent sentence.
** The summary never writes text of its own: every line is a source
** sentence, verbatim. It states no figure the outlets dispute: a line
** whose number, ordinal, clock time or weekday another outlet gives
** otherwise for the same fact is left out, even when most outlets agree
** with it (summary.c, "figures a summary line may state"); page stamps
** ("Updated: May 24, 2005, 3: 23 PM ET") are no summary lines.
*/
#ifndef PX_ANALYZE_SUMMARY_H
#define PX_ANALYZE_SUMMARY_H

#include "analyze/analyze_int.h"

#define AN_SIM_SAME 0.42   /* cosine above which two sentences agree */
#define AN_SIM_NEAR 0.3   /* below this against every other outlet: exclusive */
#define AN_MAX_POSTING 2000 /* terms in more sentences are not compared */

px_rc an_statements(px_analysis *a);
px_rc an_summarize(px_analysis *a);

#endif
