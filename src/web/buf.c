/* buf.c — see buf.h. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for n more bytes and the NUL; false (and oom set) when it cannot grow. */
static bool reserve(buf *b, size_t n)
{
	if (b->oom)
		return false;
	size_t need = b->len + n + 1, cap = b->cap ? b->cap : 4096;
	while (cap < need)
		cap *= 2;
	if (cap != b->cap) {
		char *d = realloc(b->data, cap);
		b->oom = d == NULL;
		if (b->oom)
			return false;
		b->data = d;
		b->cap = cap;
	}
	return true;
}

void buf_rawn(buf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_raw(buf *b, const char *s) { buf_rawn(b, s, strlen(s)); }

/* Formats straight into the free space of the buffer; only a piece longer than that
 * space is formatted a second time, once the buffer has grown to hold it. */
void buf_fmt(buf *b, const char *fmt, ...)
{
	if (!reserve(b, 64))
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		if (!reserve(b, (size_t)n)) {
			b->data[b->len] = '\0';
			return;
		}
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

bool buf_file(buf *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return false;
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_rawn(b, chunk, got);
	fclose(f);
	return true;
}

void buf_free(buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}
