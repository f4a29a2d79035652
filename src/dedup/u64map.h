/*
** u64map.h: an open-addressing hash map from 64-bit keys to 32-bit values,
** for the dedup and cluster indexes (content hashes, LSH band keys,
** passage fingerprints, term ids). Keys are hashes already, so they index
** the table directly after a cheap mix. Key 0 is reserved as "empty" and
** is remapped internally, so any key may be used.
** Memory: the map owns its two arrays; release with px_u64map_reset.
*/
#ifndef PX_DEDUP_U64MAP_H
#define PX_DEDUP_U64MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "parallax.h"

typedef struct px_u64map {
  uint64_t *keys;
  uint32_t *vals;
  size_t n, cap;   /* cap is a power of two, or 0 */
} px_u64map;

void px_u64map_init(px_u64map *m);
void px_u64map_reset(px_u64map *m);
/* Empties the map but keeps its memory. */
void px_u64map_clear(px_u64map *m);
/* Pointer to the value of key, or NULL. Valid until the next insert. */
uint32_t *px_u64map_get(const px_u64map *m, uint64_t key);
/* Pointer to the value of key, inserting it with value init when absent
** (*added says which). NULL when out of memory. */
uint32_t *px_u64map_put(px_u64map *m, uint64_t key, uint32_t init,
                        bool *added);
/* Bytes held by the map. */
size_t px_u64map_bytes(const px_u64map *m);

/* Writes the table as it is (util/snap.h), and reads one back into an
** empty map; a table that is not one this code could have built fails
** the snapshot. vmax: values must be below it (UINT32_MAX: any). */
struct px_snap;
void px_u64map_save(const px_u64map *m, struct px_snap *s);
void px_u64map_load(px_u64map *m, struct px_snap *s, uint32_t vmax);

#endif
