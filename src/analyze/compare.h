/*
** compare.h: aligning claims across outlets and classifying each pair
** (part of the analyze stage; model in analyze_int.h).
**
** Two claims from different outlets are about the same thing when they
** are of one kind and share what they measure and who is involved (or,
** without people, enough context words); dates, when both are known, must
** match. Pairs are classified agree (also across wording: "since 2018" vs
** "in five years" in 2023), compatible, contradict, different, or update
** (a later report settles what an earlier one called pending). Conflicts
** on durations look for a sum in one outlet that explains the other
** figure (5.5 h talks + 2 h dinner = 7.5 h). An outlet that stands alone
** against the others in conflicts is the story's outlier. The timeline
** orders reports by publish time.
*/
#ifndef PX_ANALYZE_COMPARE_H
#define PX_ANALYZE_COMPARE_H

#include "analyze/analyze_int.h"

px_rc an_compare(px_analysis *a);
const char *an_class_name(int cls);

#endif
