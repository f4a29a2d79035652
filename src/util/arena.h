/*
** arena.h: a per-document bump allocator.
**
** Everything parsed out of one document (tokens, text slices, metadata)
** is allocated here and released at once by px_arena_free. An arena has a
** byte cap so hostile input cannot exhaust memory: allocation past the cap
** fails (returns NULL) and px_arena_over_cap() then reports it. Arenas are
** objects passed explicitly; there is no global arena.
*/
#ifndef PX_UTIL_ARENA_H
#define PX_UTIL_ARENA_H

#include <stddef.h>

typedef struct px_arena px_arena;

/* cap = 0 means no cap. Returns NULL when out of memory.
** Caller frees with px_arena_free. */
px_arena *px_arena_new(size_t cap);
void px_arena_free(px_arena *a);
/* 16-byte aligned, uninitialised; NULL when out of memory or over cap. */
void *px_arena_alloc(px_arena *a, size_t n);
void *px_arena_calloc(px_arena *a, size_t count, size_t size);
/* Copies len bytes and adds a NUL. Borrowed; valid until px_arena_free. */
char *px_arena_strndup(px_arena *a, const char *s, size_t len);
char *px_arena_strdup(px_arena *a, const char *s);
/* Grows the most recent block in place when possible, else copies. */
void *px_arena_realloc(px_arena *a, void *p, size_t old, size_t n);
size_t px_arena_used(const px_arena *a);
int px_arena_over_cap(const px_arena *a);

#endif
