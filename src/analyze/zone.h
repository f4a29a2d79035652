/*
** zone.h: a time zone for a publish time that states none, inferred from
** where the report was filed (its dateline, or the dateline of its lead
** photo's caption). "10:48 AM" on a page is local time somewhere; the
** reporter's city is the best general clue to where. The result is a
** guess and is always shown as one ("zone inferred from BEIJING").
*/
#ifndef PX_ANALYZE_ZONE_H
#define PX_ANALYZE_ZONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "extract/doc.h"

/* UTC offset (minutes east) of the city named at the start of place
** ("BEIJING", "WASHINGTON, DC", "Beijing") at the wall-clock time
** local_epoch (daylight saving applied by the city's rule). False when
** the city is not known. */
bool an_zone_offset(const char *place, size_t len, int64_t local_epoch,
                    int *offset_min);

/* The place to read a zoneless time in: doc->dateline, else a dateline
** opening a caption ("WASHINGTON, DC - JUNE 16: ..."). *len receives its
** length; NULL when none. Borrowed from doc. */
const char *an_zone_place(const px_doc *doc, size_t *len);

#endif
