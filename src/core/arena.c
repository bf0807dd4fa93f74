/* arena.c — bump allocator; see arena.h. */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_MIN 16384u
#define ARENA_ALIGN 16u

struct arena_block {
	arena_block *next;
	size_t size, used;
	max_align_t data[];
};

void arena_init(arena *a) { a->head = NULL; }

void *arena_alloc(arena *a, size_t size)
{
	size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need < size)
		return NULL; /* overflow */
	arena_block *b = a->head;
	if (b == NULL || b->size - b->used < need) {
		size_t bsize = need > ARENA_BLOCK_MIN ? need : ARENA_BLOCK_MIN;
		if (bsize > SIZE_MAX - sizeof(arena_block))
			return NULL;
		arena_block *nb = malloc(sizeof(arena_block) + bsize);
		if (nb == NULL)
			return NULL;
		nb->size = bsize;
		nb->used = 0;
		/* A big one-off block goes behind the head so the head keeps its free space. */
		if (b != NULL && need > ARENA_BLOCK_MIN) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
	}
	void *p = (char *)b->data + b->used;
	b->used += need;
	memset(p, 0, size);
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	if (s == NULL)
		return NULL;
	char *d = arena_alloc(a, n + 1);
	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *arena_strdup(arena *a, const char *s)
{
	return s == NULL ? NULL : arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
	char small[512];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	if ((size_t)n < sizeof small)
		return arena_strndup(a, small, (size_t)n);
	char *d = arena_alloc(a, (size_t)n + 1);
	if (d != NULL)
		vsnprintf(d, (size_t)n + 1, fmt, ap);
	return d;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *d = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return d;
}

void *arena_grow(arena *a, void *old, size_t old_count, size_t new_count, size_t elem_size)
{
	if (elem_size != 0 && new_count > SIZE_MAX / elem_size)
		return NULL;
	void *p = arena_alloc(a, new_count * elem_size);
	if (p != NULL && old != NULL && old_count > 0)
		memcpy(p, old, old_count * elem_size);
	return p;
}

void *arena_room(arena *a, void *items, size_t len, size_t *cap, size_t elem_size, size_t first)
{
	if (len < *cap)
		return items;
	size_t ncap = *cap ? *cap * 2 : first;
	void *p = arena_grow(a, items, len, ncap, elem_size);
	if (p != NULL)
		*cap = ncap;
	return p;
}

void arena_free(arena *a)
{
	arena_block *b = a->head;
	while (b != NULL) {
		arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

void arena_reset(arena *a)
{
	arena_block *keep = NULL, *b = a->head;
	while (b != NULL) {
		arena_block *next = b->next;
		if (keep == NULL && b->size == ARENA_BLOCK_MIN)
			keep = b;
		else
			free(b);
		b = next;
	}
	if (keep != NULL) {
		keep->used = 0;
		keep->next = NULL;
	}
	a->head = keep;
}
