/*
** claims.h: rule-based claims from each sentence (part of the analyze
** stage; model in analyze_int.h).
**
** Per clause: numbers with units and what they measure (durations such as
** "almost six hours", "7-1/2 hours", "five and a half hours", "a 35 minute
** meeting"; counts "more than a dozen requests"; money; percentages) as
** value ranges that honour hedges (about, nearly, more than); dates and
** relative dates ("Monday", "a day earlier", "last year", "in five
** years") resolved against the publish time; meeting places ("in
** Anchorage, Alaska", "at the X Guesthouse in Beijing"); meetings between
** named people with their status (happened, pending: "expected", "not yet
** confirmed", or a far-future plan); and "first ... since 2018" claims.
** A clause that measures "the meeting" without naming people inherits the
** participants of the last meeting the article named.
*/
#ifndef PX_ANALYZE_CLAIMS_H
#define PX_ANALYZE_CLAIMS_H

#include "analyze/analyze_int.h"

px_rc an_claims_find(px_analysis *a);

/* Parses a number at token i of s ("35", "7-1/2", "five and a half", "a
** dozen", "two-hour"). Returns the tokens used (0: none); *unit_in_tok is
** set when the unit is glued on ("two-hour": points after the hyphen). */
/* True when the language tag (BCP 47; NULL: unknown) names a language
** that writes decimal commas and thousands dots ("47,97", "1.234.567"). */
bool an_decimal_comma(const char *lang);
size_t an_parse_number(const an_sent *s, size_t i, double *val,
                       const char **unit_in_tok, size_t *unit_len);

/* Civil date from days since the epoch. */
void an_civil(int64_t days, int *y, int *m, int *d);

#endif
