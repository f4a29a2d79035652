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

/* Features of a pair of figure claims (durations, counts, money,
** percentages, times of events) for the learned same-fact decision: what
** each report measures, whose figure it is, how alike the two clauses and
** sentences read, how far apart the values are. bench/analyze/
** pair_features.c exports them; bench/analyze/train_samefact.py learns
** the weights of samefact_model.h from them. f holds AN_SF_NFEAT values. */
enum {
  AN_SF_KIND_DURATION, AN_SF_KIND_COUNT, AN_SF_KIND_MONEY, AN_SF_KIND_PERCENT,
  AN_SF_KIND_WHEN, AN_SF_MEASURE, AN_SF_UNIT, AN_SF_MAIN_SAME, AN_SF_MAIN_DIFF,
  AN_SF_SUBJ_SHARED, AN_SF_SUBJ_APART, AN_SF_SUBJ_ONE, AN_SF_CTX_LOG,
  AN_SF_CTX_SHARE, AN_SF_COSINE, AN_SF_LOGRATIO, AN_SF_OVERLAP, AN_SF_HEDGED,
  AN_SF_SAME_TEXT, AN_SF_PEOPLE_SHARED, AN_SF_PEOPLE_APART, AN_SF_POS_DIFF,
  AN_SF_BOTH_LEAD, AN_SF_PARTS, AN_SF_NFEAT
};
void an_samefact_features(const px_analysis *a, const an_claim *x, const an_claim *y,
                          float *f);

/* Calls fn for every pair of figure claims of one kind from two reports
** that an_compare looks at (neither one of several values a sentence
** gives for one measure), with its features and the class the hand rules
** give it (-1: the rules do not compare them). For the bench exporter. */
typedef void (*an_pair_visit)(void *ud, int x, int y, const float *f, int hand_cls);
px_rc an_compare_candidates(px_analysis *a, an_pair_visit fn, void *ud);

#endif
