/*
** u64map.c: linear-probing hash map (see u64map.h). Grows at 70% load by
** doubling and reinserting. Memory: keys/vals arrays owned by the map.
*/
#include "dedup/u64map.h"
#include "util/snap.h"

#include <stdlib.h>
#include <string.h>

static inline uint64_t fix(uint64_t k) { return k ? k : UINT64_C(0x9E3779B97F4A7C15); }

static inline size_t slot(uint64_t k, size_t cap) {
  k ^= k >> 33;
  k *= UINT64_C(0xff51afd7ed558ccd);
  k ^= k >> 33;
  return (size_t)k & (cap - 1);
}

void px_u64map_init(px_u64map *m) { memset(m, 0, sizeof *m); }

void px_u64map_reset(px_u64map *m) {
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}

void px_u64map_clear(px_u64map *m) {
  if (m->cap) memset(m->keys, 0, m->cap * sizeof m->keys[0]);
  m->n = 0;
}

uint32_t *px_u64map_get(const px_u64map *m, uint64_t key) {
  if (!m->cap) return NULL;
  key = fix(key);
  for (size_t i = slot(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
    if (m->keys[i] == key) return &m->vals[i];
    if (m->keys[i] == 0) return NULL;
  }
}

static bool grow(px_u64map *m) {
  size_t nc = m->cap ? m->cap * 2 : 64;
  uint64_t *nk = calloc(nc, sizeof *nk);
  /* Zeroed too: empty slots' values are written out by px_u64map_save. */
  uint32_t *nv = calloc(nc, sizeof *nv);
  if (!nk || !nv) {
    free(nk);
    free(nv);
    return false;
  }
  for (size_t i = 0; i < m->cap; i++) {
    uint64_t k = m->keys[i];
    if (!k) continue;
    size_t j = slot(k, nc);
    while (nk[j]) j = (j + 1) & (nc - 1);
    nk[j] = k;
    nv[j] = m->vals[i];
  }
  free(m->keys);
  free(m->vals);
  m->keys = nk;
  m->vals = nv;
  m->cap = nc;
  return true;
}

uint32_t *px_u64map_put(px_u64map *m, uint64_t key, uint32_t init,
                        bool *added) {
  if ((m->n + 1) * 10 > m->cap * 7 && !grow(m)) return NULL;
  key = fix(key);
  size_t i = slot(key, m->cap);
  for (;; i = (i + 1) & (m->cap - 1)) {
    if (m->keys[i] == key) {
      if (added) *added = false;
      return &m->vals[i];
    }
    if (m->keys[i] == 0) break;
  }
  m->keys[i] = key;
  m->vals[i] = init;
  m->n++;
  if (added) *added = true;
  return &m->vals[i];
}

size_t px_u64map_bytes(const px_u64map *m) {
  return m->cap * (sizeof m->keys[0] + sizeof m->vals[0]);
}

void px_u64map_save(const px_u64map *m, px_snap *s) {
  px_snap_put_u64(s, m->cap);
  px_snap_put_u64(s, m->n);
  px_snap_put(s, m->keys, m->cap * sizeof m->keys[0]);
  px_snap_put(s, m->vals, m->cap * sizeof m->vals[0]);
}

void px_u64map_load(px_u64map *m, px_snap *s, uint32_t vmax) {
  uint64_t cap = px_snap_get_u64(s), n = px_snap_get_u64(s);
  if ((cap & (cap - 1)) != 0 || n > cap - cap / 4 || (cap == 0 && n != 0)) {
    px_snap_fail(s, "bad hash table size");
    return;
  }
  if (cap == 0) return;
  m->keys = px_snap_get_array(s, cap, sizeof m->keys[0]);
  m->vals = px_snap_get_array(s, cap, sizeof m->vals[0]);
  m->cap = cap;
  m->n = n;
  if (!m->keys || !m->vals) {
    px_u64map_reset(m);
    return;
  }
  size_t used = 0;
  for (size_t i = 0; i < cap; i++)
    if (m->keys[i]) {
      used++;
      if (vmax != UINT32_MAX && m->vals[i] >= vmax) break;
    }
  if (used != n) {
    px_snap_fail(s, "bad hash table");
    px_u64map_reset(m);
  }
}
