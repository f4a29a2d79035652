/*
** arena.c: bump allocation in chunks that double up to 1 MiB; large
** requests get a chunk of their own. Freed only all at once.
*/
#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct chunk {
  struct chunk *next;
  size_t size, used;
  _Alignas(16) unsigned char data[];
};

struct px_arena {
  struct chunk *head;
  size_t cap, total;  /* total = bytes handed out, checked against cap */
  size_t next_size;
  void *last;         /* most recent allocation, for in-place realloc */
  size_t last_size;
  int over_cap;
};

px_arena *px_arena_new(size_t cap) {
  px_arena *a = calloc(1, sizeof *a);
  if (!a) return NULL;
  a->cap = cap;
  a->next_size = 4096;
  return a;
}

void px_arena_free(px_arena *a) {
  if (!a) return;
  struct chunk *c = a->head;
  while (c) {
    struct chunk *n = c->next;
    free(c);
    c = n;
  }
  free(a);
}

static size_t align16(size_t n) { return (n + 15) & ~(size_t)15; }

void *px_arena_alloc(px_arena *a, size_t n) {
  if (!a) return NULL;
  if (n == 0) n = 1;
  if (n > SIZE_MAX / 2) return NULL;
  size_t need = align16(n);
  if (a->cap && (a->total + need > a->cap || a->total + need < a->total)) {
    a->over_cap = 1;
    return NULL;
  }
  struct chunk *c = a->head;
  if (!c || c->size - c->used < need) {
    size_t sz = a->next_size;
    if (need > sz / 4) sz = need;  /* big request: own chunk, keep head */
    struct chunk *nc = malloc(sizeof *nc + sz);
    if (!nc) return NULL;
    nc->size = sz;
    nc->used = 0;
    if (sz == need && c && c->size - c->used >= 256) {
      /* keep the partly used head for small requests */
      nc->next = c->next;
      c->next = nc;
    } else {
      nc->next = c;
      a->head = nc;
      if (a->next_size < (1u << 20)) a->next_size *= 2;
    }
    c = nc;
  }
  void *p = c->data + c->used;
  c->used += need;
  a->total += need;
  a->last = p;
  a->last_size = need;
  return p;
}

void *px_arena_calloc(px_arena *a, size_t count, size_t size) {
  size_t n;
  if (__builtin_mul_overflow(count, size, &n)) return NULL;
  void *p = px_arena_alloc(a, n);
  if (p) memset(p, 0, n);
  return p;
}

char *px_arena_strndup(px_arena *a, const char *s, size_t len) {
  if (len == SIZE_MAX) return NULL;
  char *p = px_arena_alloc(a, len + 1);
  if (!p) return NULL;
  if (len) memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *px_arena_strdup(px_arena *a, const char *s) {
  return s ? px_arena_strndup(a, s, strlen(s)) : NULL;
}

void *px_arena_realloc(px_arena *a, void *p, size_t old, size_t n) {
  if (!p) return px_arena_alloc(a, n);
  if (n <= old) return p;
  struct chunk *c = a->head;
  if (p == a->last && c && (unsigned char *)p >= c->data &&
      (unsigned char *)p < c->data + c->size) {
    size_t extra = align16(n) - a->last_size;
    if (c->size - c->used >= extra &&
        (!a->cap || a->total + extra <= a->cap)) {
      c->used += extra;
      a->total += extra;
      a->last_size += extra;
      return p;
    }
  }
  void *q = px_arena_alloc(a, n);
  if (q) memcpy(q, p, old);
  return q;
}

size_t px_arena_used(const px_arena *a) { return a ? a->total : 0; }
int px_arena_over_cap(const px_arena *a) { return a ? a->over_cap : 0; }
