/* buf.h — a growing byte buffer for building responses (HTML, SVG, CSV). Every
 * piece of text that comes from data goes in through one of the escaping
 * appenders of html.h; buf_raw() is for the markup digiden writes itself. */
#ifndef DIGIDEN_BUF_H
#define DIGIDEN_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct buf {
	char *data; /* malloc'd, NUL-terminated; the owner frees (or hands it to the response) */
	size_t len, cap;
	bool oom;
} buf;

void buf_raw(buf *b, const char *s);
void buf_rawn(buf *b, const char *s, size_t n);
/* printf for digiden's own markup: numbers and literals only, never data strings. */
void buf_fmt(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends the whole file at path (an export written to a temporary file); false
 * when it cannot be opened. */
bool buf_file(buf *b, const char *path);
void buf_free(buf *b);

#endif
