/* arena.h — bump allocator for per-application and per-request memory.
 *
 * Everything decoded from one input (strings, arrays, diagnostics) lives in one
 * arena and is released with one arena_free(); no object allocated here is ever
 * freed on its own. */
#ifndef DIGIDEN_ARENA_H
#define DIGIDEN_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena_block arena_block;

typedef struct arena {
	arena_block *head;
} arena;

void arena_init(arena *a);
/* Zeroed memory aligned for any type; NULL only when the system is out of memory.
 * Lives until arena_free(a). */
void *arena_alloc(arena *a, size_t size);
/* Copies of strings, owned by the arena. NULL-safe: arena_strdup(a, NULL) is NULL. */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);
/* Grows an array held in the arena: returns a new block of new_count elements with
 * the first old_count copied from old (which stays allocated until arena_free). */
void *arena_grow(arena *a, void *old, size_t old_count, size_t new_count, size_t elem_size);
/* Room for one more element after items[0..len) of an array with room for *cap:
 * items itself while len < *cap, else a copy with twice the room (first when it had
 * none) and *cap raised. NULL when memory runs out (*cap unchanged). The caller
 * stores the result back: p = arena_room(a, xs, n, &cap, sizeof *xs, 16); … xs = p;
 * xs[n++] = v; */
void *arena_room(arena *a, void *items, size_t len, size_t *cap, size_t elem_size, size_t first);
void arena_free(arena *a);
/* Releases everything allocated so far but keeps one standard block for reuse, so a
 * loop over many inputs does not go back to malloc for each one. */
void arena_reset(arena *a);

#endif
